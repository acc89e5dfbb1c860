#!/usr/bin/env bash
# Runs a current Docker engine beside the default one: Debian sid's docker.io
# 28.5.2 (dockerd with the BuildKit of that release), containerd 2.1.9 and
# docker-buildx 0.29.1, downloaded and unpacked with dpkg-deb -x (never
# installed: sid would move libc), with the containerd image store on.
#
# Like scripts/old-engine.sh, the daemon runs in its own network namespace
# (bridges and routes it makes stay there; in the host's it deletes the
# default engine's docker0) and its own mount namespace (a system
# containerd's socket dir is hidden, its mounts go when it stops). It has its
# own socket, data root, exec root, pidfile, containerd namespaces and
# cgroup parent. Its buildx lives in its own DOCKER_CONFIG/cli-plugins.
#
# 127.0.0.1 inside that namespace is not the host's, so a second process of
# Debian's docker-registry serves the local registry's storage
# (scripts/engines/registry.sh) on 127.0.0.1:5000 there: --push works too.
# The fixture base images are loaded from the default engine.
#
# Usage: current-docker.sh [start|stop|status]
#   start   idempotent; prints DOCKER_HOST=... and DOCKER_CONFIG=... when ready
#   stop    stops the daemon and its registry (the data root is kept)
set -euo pipefail

LOG_NAME=current-docker
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOCKER_VERSION=28.5.2
CONTAINERD_VERSION=2.1.9
RUN_DIR=/run/buildlens-docker28
DATA_DIR=/var/lib/buildlens-docker28
SOCK="$RUN_DIR/docker.sock"
PIDFILE="$RUN_DIR/docker.pid"
REGISTRY_PIDFILE="$RUN_DIR/registry.pid"
CONFIG_DIR="$DATA_DIR/docker-config"
LOG=/var/log/buildlens-docker28.log
HOST="unix://$SOCK"
FIXTURES=(buildlens-fixture/busybox:1 buildlens-fixture/debian:bookworm)

engine() { DOCKER_HOST="$HOST" DOCKER_CONFIG="$CONFIG_DIR" docker "$@"; }
answers() { [ -S "$SOCK" ] && engine version --format '{{.Server.Version}}' 2>/dev/null | grep -q "^$DOCKER_VERSION"; }
in_netns() { nsenter --net="/proc/$(pid_alive "$PIDFILE" dockerd)/ns/net" -- "$@"; }
registry_answers() { in_netns curl -fsS -o /dev/null "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }

start_daemon() {
  local docker_dir containerd_dir pid
  docker_dir=$(unpacked_deb sid docker.io "$DOCKER_VERSION")
  containerd_dir=$(unpacked_deb sid containerd "$CONTAINERD_VERSION")
  command -v runc >/dev/null 2>&1 || die "runc is missing (Debian package runc)"
  mkdir -p "$RUN_DIR/exec" "$DATA_DIR/root" /var/log
  printf '{"features":{"containerd-snapshotter":true}}\n' >"$DATA_DIR/daemon.json"
  rm -f "$SOCK" "$PIDFILE"
  log "starting dockerd $DOCKER_VERSION on $HOST"
  # setsid: its own session, so the caller's Ctrl-C does not reach it. sh
  # execs dockerd; its own --pidfile names it. PATH puts sid's containerd
  # (which dockerd starts for itself) before any other.
  PATH="$containerd_dir/usr/bin:$docker_dir/usr/sbin:$PATH" setsid unshare --net --mount --propagation private -- sh -c '
    ip link set lo up
    if [ -d /run/containerd ]; then mount -t tmpfs -o size=64k buildlens-docker28 /run/containerd; fi
    exec "$@"' sh "$docker_dir/usr/sbin/dockerd" \
    -H "$HOST" \
    --config-file "$DATA_DIR/daemon.json" \
    --data-root "$DATA_DIR/root" \
    --exec-root "$RUN_DIR/exec" \
    --pidfile "$PIDFILE" \
    --cgroup-parent buildlens-docker28 \
    --containerd-namespace buildlens-docker28 \
    --containerd-plugins-namespace buildlens-docker28-plugins \
    --iptables=false --ip6tables=false \
    </dev/null >>"$LOG" 2>&1 &
  pid=$!
  if ! wait_until "$pid" answers; then
    log "dockerd did not answer; its log ends:"
    tail -n 20 "$LOG" >&2 || true
    stop_all
    die "dockerd $DOCKER_VERSION would not start; see $LOG"
  fi
  log "dockerd answers (pid $pid)"
}

start_registry() {
  local binary pid
  if [ -n "$(pid_alive "$REGISTRY_PIDFILE" docker-registry || true)" ] && registry_answers; then return 0; fi
  stop_pidfile "$REGISTRY_PIDFILE" docker-registry "the engine's registry"
  binary=$(registry_binary)
  write_registry_config "$DATA_DIR/registry.yml" "$REGISTRY_ADDR"
  nsenter --net="/proc/$(pid_alive "$PIDFILE" dockerd)/ns/net" -- \
    setsid "$binary" serve "$DATA_DIR/registry.yml" </dev/null >>/var/log/buildlens-docker28-registry.log 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$REGISTRY_PIDFILE"
  wait_until "$pid" registry_answers || die "the registry in the engine's network namespace did not answer; see /var/log/buildlens-docker28-registry.log"
  log "registry answers on $REGISTRY_ADDR in the engine's network namespace (pid $pid)"
}

load_fixtures() {
  local missing=() image
  for image in "${FIXTURES[@]}"; do
    engine image inspect "$image" >/dev/null 2>&1 || missing+=("$image")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  for image in "${missing[@]}"; do
    docker image inspect "$image" >/dev/null 2>&1 || die "$image is missing on the default engine; run: bash scripts/fixture-images.sh"
  done
  log "loading ${missing[*]} from the default engine"
  docker save "${missing[@]}" | engine load >/dev/null
}

stop_all() {
  stop_pidfile "$REGISTRY_PIDFILE" docker-registry "the engine's registry" 5
  stop_pidfile "$PIDFILE" dockerd "dockerd $DOCKER_VERSION" 30
  unmount_under "$DATA_DIR" "$RUN_DIR"
  rm -f "$SOCK"
}

cmd_start() {
  local started pid
  started=$(now_ms)
  need_root "it starts a second dockerd"
  command -v docker >/dev/null 2>&1 || die "the docker CLI is missing; run: bash scripts/engine.sh"
  if answers; then
    log "already running on $HOST"
  else
    if pid=$(pid_alive "$PIDFILE" dockerd); then
      log "dockerd (pid $pid) runs but does not answer; restarting it"
      stop_all
    fi
    start_daemon
  fi
  docker_config_with_buildx "$CONFIG_DIR" "$(sid_buildx)"
  start_registry
  load_fixtures
  log "ready in $(since "$started"): dockerd $(engine version --format '{{.Server.Version}}'), buildx $(engine buildx version | awk '{print $2}')"
  printf 'DOCKER_HOST=%s\nDOCKER_CONFIG=%s\n' "$HOST" "$CONFIG_DIR"
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) stop_all ;;
  status) if answers; then log "running on $HOST"; printf 'DOCKER_HOST=%s\nDOCKER_CONFIG=%s\n' "$HOST" "$CONFIG_DIR"; else log "not running"; exit 1; fi ;;
  -h | --help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start|stop|status)" ;;
esac
