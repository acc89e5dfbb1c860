#!/usr/bin/env bash
# Makes the local base images fixtures build FROM (there is no registry):
#   buildlens-fixture/busybox:1      scratch + busybox-static (3 MB, a shell)
#   buildlens-fixture/debian:bookworm debootstrap minbase (a real apt-based base)
# Each image is made once and kept by name, so a second run takes seconds.
# Usage: fixture-images.sh [--only busybox|debian]
set -euo pipefail

only="${2:-}"
[ "${1:-}" = "--only" ] || only=""
MIRROR="${BUILDLENS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

log() { printf 'fixtures: %s\n' "$*" >&2; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

make_busybox() {
  local name=buildlens-fixture/busybox:1
  if have_image "$name"; then log "$name already there"; return; fi
  local started=$SECONDS dir
  if [ ! -x /bin/busybox ]; then
    apt-get install -y -qq --no-install-recommends busybox-static >/dev/null
  fi
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  cp /bin/busybox "$dir/busybox"
  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "mkdir", "-p", "/tmp", "/root", "/etc"]
RUN echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd && echo 'root:x:0:' > /etc/group && echo 'nogroup:x:65534:' >> /etc/group
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
DOCKERFILE
  docker buildx build --builder default --load -q -t "$name" "$dir" >/dev/null
  log "$name made in $((SECONDS - started))s"
}

make_debian() {
  local name=buildlens-fixture/debian:bookworm
  if have_image "$name"; then log "$name already there"; return; fi
  local started=$SECONDS dir
  command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  debootstrap --variant=minbase bookworm "$dir/root" "$MIRROR" >"$dir/debootstrap.log" 2>&1 || {
    tail -n 20 "$dir/debootstrap.log" >&2
    exit 1
  }
  # Plain http: build containers cannot verify TLS certificates here.
  printf 'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian bookworm-updates main\n' >"$dir/root/etc/apt/sources.list"
  rm -rf "$dir/root/var/cache/apt/archives/"*.deb "$dir/root/var/lib/apt/lists/"*
  tar -C "$dir/root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$name" >/dev/null
  log "$name made in $((SECONDS - started))s"
}

case "$only" in
  busybox) make_busybox ;;
  debian) make_debian ;;
  "") make_busybox; make_debian ;;
  *) log "unknown image '$only' (busybox|debian)"; exit 2 ;;
esac
