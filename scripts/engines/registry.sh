#!/usr/bin/env bash
# Runs a local image registry on 127.0.0.1:5000 and pushes the fixture base
# images (scripts/fixture-images.sh) to it: builders other than the docker
# driver cannot see the daemon's images and no other registry is reachable.
# buildlens-fixture/busybox:1 goes there for linux/amd64 and linux/386 (a
# multi-node builder has a 386 node): the same files as the local fixture,
# from Debian's busybox-static of each architecture, with no RUN step, so
# neither platform needs to execute anything to be made.
#
# The registry is Debian's docker-registry package (distribution 2.8),
# downloaded and unpacked with dpkg-deb -x: not installed, not a system
# service. Its config, storage and pidfile are its own. Builders reach it
# over plain http (their buildkitd.toml says so).
#
# Usage: registry.sh [start|stop|status]
#   start   idempotent; prints REGISTRY=127.0.0.1:5000 when ready
#   stop    stops the registry (the stored images are kept)
set -euo pipefail

LOG_NAME=registry
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_DIR=/run/buildlens-registry
DATA_DIR=/var/lib/buildlens-registry
PIDFILE="$RUN_DIR/registry.pid"
LOG=/var/log/buildlens-registry.log
BUSYBOX=buildlens-fixture/busybox:1
FIXTURES=(buildlens-fixture/debian:bookworm)

answers() { curl -fsS -o /dev/null "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }

start_registry() {
  local binary pid
  binary=$(registry_binary)
  mkdir -p "$RUN_DIR" /var/log
  write_registry_config "$DATA_DIR/config.yml" "$REGISTRY_ADDR"
  log "starting docker-registry on $REGISTRY_ADDR"
  setsid "$binary" serve "$DATA_DIR/config.yml" </dev/null >>"$LOG" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$PIDFILE"
  if ! wait_until "$pid" answers; then
    tail -n 10 "$LOG" >&2 || true
    stop_pidfile "$PIDFILE" docker-registry registry 5
    die "the registry did not answer on $REGISTRY_ADDR (is the port taken?); see $LOG"
  fi
  log "registry answers (pid $pid)"
}

# The manifest (or index) the registry holds for a tag, empty when it has none.
registry_manifest() {
  local repo=${1%:*} tag=${1##*:}
  curl -fsS \
    -H 'Accept: application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' \
    "http://$REGISTRY_ADDR/v2/$repo/manifests/$tag" 2>/dev/null || true
}

# Pushes a fixture image through the default engine when the registry lacks
# it. The tag it gets for that is removed again.
push_fixture() {
  local image=$1 target="$REGISTRY_ADDR/$1"
  if [ -n "$(registry_manifest "$image")" ]; then return 0; fi
  docker image inspect "$image" >/dev/null 2>&1 || die "$image is missing on the default engine; run: bash scripts/fixture-images.sh"
  log "pushing $image to $REGISTRY_ADDR"
  docker tag "$image" "$target"
  docker push -q "$target" >/dev/null || { docker image rm "$target" >/dev/null 2>&1 || true; die "docker push $target failed"; }
  docker image rm "$target" >/dev/null 2>&1 || true
}

# A root filesystem like the local busybox fixture's, for one architecture.
busybox_rootfs() {
  local binary=$1 root=$2 applet
  mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/home" "$root/tmp"
  chmod 1777 "$root/tmp"
  cp "$binary" "$root/bin/busybox"
  # The host's busybox names the applets (same Debian version on both).
  for applet in $(/bin/busybox --list-full); do
    [ "$applet" = bin/busybox ] && continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -sf /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

# The registry's busybox fixture, for linux/amd64 and linux/386.
push_busybox() {
  local target="$REGISTRY_ADDR/$BUSYBOX" dir i386 version
  if registry_manifest "$BUSYBOX" | grep -Eq '"architecture": *"386"'; then return 0; fi
  [ -x /bin/busybox ] || die "/bin/busybox is missing (Debian package busybox-static)"
  version=$(dpkg-query -W -f '${Version}' busybox-static 2>/dev/null || true)
  i386=$(unpacked_deb "$(. /etc/os-release && printf '%s' "$VERSION_CODENAME")" busybox-static "${version%%-*}" i386)
  dir=$(mktemp -d /var/tmp/buildlens-registry-busybox.XXXXXX)
  busybox_rootfs /bin/busybox "$dir/rootfs-amd64"
  busybox_rootfs "$i386/bin/busybox" "$dir/rootfs-386"
  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
ARG TARGETARCH
COPY rootfs-$TARGETARCH/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
DOCKERFILE
  log "pushing $BUSYBOX (linux/amd64, linux/386) to $REGISTRY_ADDR"
  if ! docker buildx build --builder default --platform linux/amd64,linux/386 --push --quiet -t "$target" "$dir" >/dev/null; then
    rm -rf "$dir"
    die "building and pushing $target failed"
  fi
  rm -rf "$dir"
}

cmd_start() {
  local started image pid
  started=$(now_ms)
  need_root "it unpacks a Debian package under /var/cache"
  if answers; then
    pid_alive "$PIDFILE" docker-registry >/dev/null || die "something else answers on $REGISTRY_ADDR; stop it or free the port"
    log "already running on $REGISTRY_ADDR"
  else
    stop_pidfile "$PIDFILE" docker-registry registry 5
    start_registry
  fi
  push_busybox
  for image in "${FIXTURES[@]}"; do push_fixture "$image"; done
  log "ready in $(since "$started")"
  printf 'REGISTRY=%s\n' "$REGISTRY_ADDR"
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) stop_pidfile "$PIDFILE" docker-registry registry 5 ;;
  status) if answers && pid_alive "$PIDFILE" docker-registry >/dev/null; then log "running on $REGISTRY_ADDR"; printf 'REGISTRY=%s\n' "$REGISTRY_ADDR"; else log "not running"; exit 1; fi ;;
  -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start|stop|status)" ;;
esac
