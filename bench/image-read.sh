#!/usr/bin/env bash
# Times reading an image's layers (bench/image-read.mts, bundled with esbuild
# and run by node, so no TypeScript loader adds to time or memory) against
# `gzip -dc` / `zstd -dc` of the same layer blobs, RUNS times each, interleaved.
# The reference needs the blobs as files: an archive's are extracted to a
# temporary directory for it (never for buildlens).
#
# Usage: bench/image-read.sh SOURCE [read|analyze]   (SOURCE: oci-archive:X, docker-archive:X)
# Env:   RUNS (default 3)
set -euo pipefail

source=${1:?usage: image-read.sh SOURCE [read|analyze]}
mode=${2:-read}
runs=${RUNS:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /var/tmp/buildlens-image-read.XXXXXX)
trap 'rm -rf "$work"' EXIT

npx --prefix "$root" esbuild "$root/bench/image-read.mts" --bundle --platform=node --format=esm --log-level=warning \
  --banner:js="import {createRequire as __cr} from 'module';const require=__cr(import.meta.url);" --outfile="$work/image-read.mjs"

archive=${source#*:}
mkdir -p "$work/blobs"
tar -xf "$archive" -C "$work/blobs"
reference() {
  find "$work/blobs" -type f | while read -r blob; do
    case $(head -c4 "$blob" | od -An -tx1 | tr -d ' ') in
      1f8b*) gzip -dc "$blob" >/dev/null ;;
      28b52ffd) zstd -dc "$blob" >/dev/null ;;
    esac
  done
}
for _ in $(seq "$runs"); do
  /usr/bin/time -f "reference (gzip -dc / zstd -dc of the blobs): %e s, peak RSS %M KB" bash -c "$(declare -f reference); work=$work; reference"
  /usr/bin/time -f "buildlens process: %e s wall (node start-up included), peak RSS %M KB" node "$work/image-read.mjs" "$source" "$mode"
done
