#!/usr/bin/env bash
# Prints the path of a buildx CLI plugin that has `docker buildx history
# export` (buildx >= 0.23), for the scripts and tests that write `.dockerbuild`
# files. The engine's own buildx (0.13) has no such command; Debian sid's
# docker-buildx does. Its .deb is downloaded once (checked against the sha256
# sid's package index gives) and unpacked into /var/cache/buildlens/buildx-VERSION,
# never installed: callers run it as the only CLI plugin of a private
# DOCKER_CONFIG, for the export commands only.
#
# Usage: export-buildx.sh          (prints the plugin's path on stdout)
# Env:   BUILDLENS_DEBIAN_MIRROR  (default http://deb.debian.org/debian)
#        BUILDLENS_EXPORT_BUILDX  buildx version wanted from sid (default 0.29.1)
set -euo pipefail

MIRROR="${BUILDLENS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
VERSION="${BUILDLENS_EXPORT_BUILDX:-0.29.1}"
CACHE_DIR="/var/cache/buildlens/buildx-$VERSION"
PLUGIN="$CACHE_DIR/usr/libexec/docker/cli-plugins/docker-buildx"

log() { printf 'export-buildx: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# The docker-buildx stanza of sid's package index as "version filename sha256".
sid_stanza() {
  local index=$1
  curl -fsS -o "$index" "$MIRROR/dists/sid/main/binary-amd64/Packages.xz" || return 1
  xz -dc "$index" | awk '
    /^Package: / { pkg = $2 }
    pkg == "docker-buildx" && /^Version: / { v = $2 }
    pkg == "docker-buildx" && /^Filename: / { f = $2 }
    pkg == "docker-buildx" && /^SHA256: / { s = $2 }
    /^$/ { if (pkg == "docker-buildx" && f != "" && !done) { print v, f, s; done = 1 } pkg = "" }'
}

# Unpacks sid's docker-buildx into CACHE_DIR once; later runs reuse it.
ensure_buildx() {
  [ -f "$CACHE_DIR/.complete" ] && return 0
  local tmp stanza version file sha
  tmp=$(mktemp -d /var/tmp/buildlens-buildx-deb.XXXXXX)
  trap 'rm -rf "$tmp"' RETURN
  stanza=$(sid_stanza "$tmp/Packages.xz") || die "cannot read sid's package index from $MIRROR"
  read -r version file sha <<<"$stanza"
  [ -n "${file:-}" ] || die "sid's package index at $MIRROR names no docker-buildx"
  case "$version" in "$VERSION"+* | "$VERSION"-*) ;; *) die "sid has docker-buildx $version, not $VERSION (set BUILDLENS_EXPORT_BUILDX)" ;; esac
  log "downloading docker-buildx $version from sid"
  curl -fsS -o "$tmp/buildx.deb" "$MIRROR/$file" || die "download of $MIRROR/$file failed"
  echo "$sha  $tmp/buildx.deb" | sha256sum -c --quiet - || die "$file does not match the sha256 in sid's package index"
  mkdir -p "$(dirname "$CACHE_DIR")"
  rm -rf "$CACHE_DIR.partial"
  dpkg-deb -x "$tmp/buildx.deb" "$CACHE_DIR.partial"
  rm -rf "$CACHE_DIR"
  mv "$CACHE_DIR.partial" "$CACHE_DIR"
  touch "$CACHE_DIR/.complete"
}

ensure_buildx
[ -x "$PLUGIN" ] || die "$PLUGIN is missing from the unpacked package"
printf '%s\n' "$PLUGIN"
