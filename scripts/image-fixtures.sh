#!/usr/bin/env bash
# Makes the images the image-reading tests read, from the local engine, into
# test-artifacts/image-fixtures/ (git-ignored), once: a stamp holding this
# script's hash skips the work until the script changes.
#
#   layers image (busybox fixture base + files, a hard link, a symlink, a
#   long name, a file whiteout, a directory whiteout, an opaque directory):
#     docker-save.tar          docker save (containerd store: blobs/ + manifest.json)
#     buildx-docker.tar        buildx --output type=docker
#     oci-{gzip,zstd,estargz,uncompressed}.tar   buildx --output type=oci,compression=...
#     oci-dir/                 buildx --output type=oci,tar=false
#     kaniko.tar               the gzip layers in kaniko's tarball layout
#                              (manifest.json, config as sha256:HEX, HEX.tar.gz)
#   multi-platform.tar         FROM scratch + COPY for linux/amd64 and linux/arm64 (OCI)
#   dive-recipe.tar            scripts/dive-test-image.sh (and its Dockerfile)
#   and, in the engine, the layers image as buildlens-fixture/image-layers:1
#   and dive's recipe as buildlens-fixture/dive-recipe:1
#
# Usage: image-fixtures.sh [OUT_DIR]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-"$here/../test-artifacts/image-fixtures"}
repo="${BUILDLENS_FIXTURE_REPO:-buildlens-fixture}"
tag="$repo/image-layers:1"
log() { printf 'image-fixtures: %s\n' "$*" >&2; }

mkdir -p "$out"
out=$(cd "$out" && pwd) # the kaniko step writes from another directory
exec 8>"$out/.lock"
flock 8
bash "$here/fixture-images.sh" --only busybox
# Stale when a script changed, the base image was remade, or an image the
# tests read by name has gone from the engine or was remade since (by another
# checkout's run of this script: the stamp names the images by ID).
base_id=$(docker image inspect --format '{{.Id}}' "$repo/busybox:1")
stamp=$(cat "$0" "$here/dive-test-image.sh" <(echo "$base_id") | sha256sum | cut -c1-16)
engine_ids() { docker image inspect --format '{{.Id}}' "$tag" "$repo/dive-recipe:1" 2>/dev/null | tr '\n' ' '; }
if [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp $(engine_ids)" ]; then exit 0; fi
rm -rf "${out:?}"/*.tar "$out"/*.Dockerfile "$out/oci-dir" "$out/.stamp"

work=$(mktemp -d /var/tmp/buildlens-image-fixtures.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/layers/app" "$work/multi"
head -c 300000 /dev/urandom >"$work/layers/app/random.bin"
printf 'hello\n' >"$work/layers/app/hello.txt"
printf 'same on every platform\n' >"$work/multi/file.txt"
long="dir-with-a-long-name-$(printf 'x%.0s' $(seq 1 90))/and-a-file-whose-path-passes-one-hundred-bytes.txt"
cat >"$work/layers/Dockerfile" <<DOCKERFILE
FROM $repo/busybox:1
COPY app/ /app/
RUN mkdir -p /data/keep /data/gone /opaque && head -c 20000 /app/random.bin > /data/gone/big.bin && \
    echo old > /opaque/old.txt && echo kept > /data/keep/kept.txt && \
    ln /app/hello.txt /app/hello-hard.txt && ln -s /app/hello.txt /app/hello-soft.txt && \
    mkdir -p "/long/$(dirname "$long")" && echo long > "/long/$long"
RUN rm /app/random.bin && rm -rf /data/gone && rm -rf /opaque && mkdir /opaque && echo new > /opaque/new.txt
DOCKERFILE
printf 'FROM scratch\nCOPY file.txt /file.txt\n' >"$work/multi/Dockerfile"

build() { docker buildx build --builder default --progress quiet "$@" >/dev/null; }
log "building $tag"
build --load -t "$tag" "$work/layers"
docker image save "$tag" -o "$out/docker-save.tar"
build --output "type=docker,dest=$out/buildx-docker.tar,name=$tag" "$work/layers"
for compression in gzip zstd estargz uncompressed; do
  build --output "type=oci,dest=$out/oci-$compression.tar,compression=$compression,force-compression=true" "$work/layers"
done
build --output "type=oci,dest=$out/oci-dir,tar=false" "$work/layers"
build --platform linux/amd64,linux/arm64 --output "type=oci,dest=$out/multi-platform.tar" "$work/multi"

# kaniko's tarball: config and layers at the top, named by digest.
mkdir -p "$work/oci" "$work/kaniko"
tar -xf "$out/oci-gzip.tar" -C "$work/oci"
manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$work/oci/index.json")
python3 - "$work/oci" "$work/kaniko" "$manifest" "$tag" <<'PY'
import json, os, shutil, sys
oci, kaniko, manifest, tag = sys.argv[1:]
m = json.load(open(os.path.join(oci, "blobs/sha256", manifest)))
config = m["config"]["digest"]
shutil.copy(os.path.join(oci, "blobs/sha256", config.split(":")[1]), os.path.join(kaniko, config))
layers = []
for layer in m["layers"]:
    name = layer["digest"].split(":")[1] + ".tar.gz"
    shutil.copy(os.path.join(oci, "blobs/sha256", layer["digest"].split(":")[1]), os.path.join(kaniko, name))
    layers.append(name)
json.dump([{"Config": config, "RepoTags": [tag], "Layers": layers}], open(os.path.join(kaniko, "manifest.json"), "w"))
PY
(cd "$work/kaniko" && tar --owner=0 --group=0 --numeric-owner -cf "$out/kaniko.tar" -- *)

bash "$here/dive-test-image.sh" "$out/dive-recipe.tar"
printf '%s\n' "$stamp $(engine_ids)" >"$out/.stamp"
log "made $(ls "$out" | wc -l) fixtures in $out"
