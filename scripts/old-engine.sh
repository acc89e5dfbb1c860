#!/usr/bin/env bash
# Runs Debian bookworm's dockerd 20.10 (its BuildKit predates the build
# history API of BuildKit v0.11) as a second daemon beside the real engine,
# for e2e tests of a builder without that API. Nothing is installed over the
# real engine: the docker.io package is only downloaded and unpacked.
#
# The daemon runs in its own network namespace: bridges, routes and iptables
# rules it makes (or removes: dockerd deletes a docker0 it does not use) stay
# there. It runs in its own mount namespace too, where a system containerd's
# socket dir is hidden, so it starts its own containerd (under its own
# containerd namespaces besides) and its mounts go when it stops. It has its
# own socket, data root, exec root and pidfile; it shares only the
# containerd and runc binaries with the real engine.
#
# Usage: old-engine.sh [start|stop|status]
#   start   idempotent; prints DOCKER_HOST=unix://... on stdout when ready
#   stop    stops the daemon (the data root is kept for the next start)
# Env: BUILDLENS_OLD_ENGINE_DRIVER  storage driver (default: overlay2, else vfs)
set -euo pipefail

RUN_DIR=/run/buildlens-old
SOCK="$RUN_DIR/docker.sock"
PIDFILE="$RUN_DIR/docker.pid"
DATA_PARENT=/var/lib/buildlens-old
CACHE_DIR=/var/cache/buildlens/dockerd-20.10
LOG=/var/log/buildlens-old-dockerd.log
FIXTURE=buildlens-fixture/busybox:1
HOST="unix://$SOCK"

log() { printf 'old-engine: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
old() { DOCKER_HOST="$HOST" docker "$@"; }
answers() { [ -S "$SOCK" ] && old version --format '{{.Server.Version}}' >/dev/null 2>&1; }
running_pid() {
  local pid
  [ -s "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null && grep -qa dockerd "/proc/$pid/cmdline" && printf '%s\n' "$pid"
}

export DEBIAN_FRONTEND=noninteractive

apt_install() {
  log "installing $*"
  if ! apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

# The bookworm docker.io version (20.10.x) as apt knows it.
old_version() {
  apt-cache madison docker.io 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2)} $2 ~ /^20\.10\./ {print $2; exit}'
}

# Sets DOCKERD to the unpacked 20.10 dockerd, downloading it once.
unpack() {
  local version dir deb tmp
  version=$(old_version)
  if [ -z "$version" ]; then
    log "apt-get update (no docker.io 20.10 in the package lists)"
    apt-get update -qq >/dev/null
    version=$(old_version)
  fi
  [ -n "$version" ] || die "apt knows no docker.io 20.10.x (bookworm); is the bookworm suite in the apt sources?"
  dir="$CACHE_DIR/$version"
  if [ ! -f "$dir/.complete" ]; then
    tmp=$(mktemp -d /var/tmp/buildlens-old-engine.XXXXXX)
    log "downloading docker.io=$version"
    (cd "$tmp" && apt-get download -qq "docker.io=$version" >/dev/null 2>&1) || { rm -rf "$tmp"; die "apt-get download docker.io=$version failed"; }
    deb=$(ls "$tmp"/docker.io_*.deb)
    rm -rf "$dir" && mkdir -p "$dir"
    log "unpacking into $dir"
    dpkg -x "$deb" "$dir"
    rm -rf "$tmp"
    touch "$dir/.complete"
  fi
  DOCKERD="$dir/usr/sbin/dockerd"
  SBIN="$dir/usr/sbin"
  [ -x "$DOCKERD" ] || die "$DOCKERD is missing from the docker.io package"
}

ensure_runtime() {
  local want=()
  command -v containerd >/dev/null 2>&1 || want+=(containerd)
  command -v runc >/dev/null 2>&1 || want+=(runc)
  command -v unshare >/dev/null 2>&1 || want+=(util-linux)
  # dockerd 20.10 links these; docker.io from trixie usually brought them.
  if ldd "$DOCKERD" | grep -q 'libdevmapper.* not found'; then want+=(libdevmapper1.02.1); fi
  if ldd "$DOCKERD" | grep -q 'libsystemd.* not found'; then want+=(libsystemd0); fi
  [ ${#want[@]} -eq 0 ] || apt_install "${want[@]}"
  if ldd "$DOCKERD" | grep -q 'not found'; then die "dockerd 20.10 misses libraries: $(ldd "$DOCKERD" | grep 'not found' | tr -s ' \t\n' ' ')"; fi
}

wait_answers() {
  local pid=$1 i
  for i in $(seq 1 60); do
    answers && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# Starts dockerd with the given storage driver; returns non-zero if it does not answer.
start_with() {
  local driver=$1 pid
  mkdir -p "$RUN_DIR/exec" "$DATA_PARENT/$driver" /var/log
  rm -f "$SOCK" "$PIDFILE"
  log "starting dockerd $("$DOCKERD" --version | sed 's/^Docker version //') ($driver) on $HOST"
  # setsid: its own session, so the caller's Ctrl-C does not reach it. sh
  # execs dockerd, so $! is dockerd's pid.
  PATH="$SBIN:$PATH" setsid unshare --net --mount --propagation private -- sh -c '
    if [ -d /run/containerd ]; then mount -t tmpfs -o size=64k buildlens-old /run/containerd; fi
    exec "$@"' sh "$DOCKERD" \
    -H "$HOST" \
    --data-root "$DATA_PARENT/$driver" \
    --exec-root "$RUN_DIR/exec" \
    --pidfile "$PIDFILE" \
    --storage-driver "$driver" \
    --cgroup-parent buildlens-old \
    --containerd-namespace buildlens-old \
    --containerd-plugins-namespace buildlens-old-plugins \
    --iptables=false --ip6tables=false \
    </dev/null >>"$LOG" 2>&1 &
  pid=$!
  if wait_answers "$pid"; then
    log "dockerd answers (pid $pid)"
    return 0
  fi
  log "dockerd ($driver) did not answer; its log ends:"
  tail -n 15 "$LOG" >&2 || true
  stop_daemon
  return 1
}

# The fixture as the real engine has it now: it is made again when missing
# there, so a copy loaded earlier can differ. The layer diff IDs are the same
# in both stores (the image IDs are not: a manifest digest vs a config one).
load_fixture() {
  local want have
  want=$(docker image inspect --format '{{json .RootFS.Layers}}' "$FIXTURE" 2>/dev/null) \
    || die "$FIXTURE is missing on the real engine; run: bash scripts/fixture-images.sh --only busybox"
  have=$(old image inspect --format '{{json .RootFS.Layers}}' "$FIXTURE" 2>/dev/null || true)
  [ "$have" != "$want" ] || return 0
  log "loading $FIXTURE from the real engine${have:+ (the copy here has other layers)}"
  docker save "$FIXTURE" | old load >/dev/null
}

unmount_leftovers() {
  local target
  for target in $(awk '{print $5}' /proc/self/mountinfo | grep -E "^($DATA_PARENT|$RUN_DIR)(/|$)" | sort -r); do
    umount -l "$target" 2>/dev/null || true
  done
}

stop_daemon() {
  local pid children i
  if pid=$(running_pid); then
    children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr '\n' ' ')
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd ignored SIGTERM for 30 s; killing it and its containerd"
      # shellcheck disable=SC2086
      kill -KILL "$pid" $children 2>/dev/null || true
    fi
  else
    log "not running"
  fi
  unmount_leftovers
  rm -f "$SOCK" "$PIDFILE"
}

cmd_start() {
  [ "$(id -u)" = 0 ] || die "needs root (it starts a second dockerd)"
  [ -r /etc/debian_version ] || die "needs Debian (it takes dockerd 20.10 from the bookworm docker.io package)"
  command -v docker >/dev/null 2>&1 || die "the docker CLI is missing; run: bash scripts/engine.sh"
  if answers; then
    log "already running on $HOST"
  else
    if pid=$(running_pid); then
      log "dockerd (pid $pid) runs but does not answer; restarting it"
      stop_daemon
    fi
    unpack
    ensure_runtime
    if [ -n "${BUILDLENS_OLD_ENGINE_DRIVER:-}" ]; then
      start_with "$BUILDLENS_OLD_ENGINE_DRIVER" || die "dockerd 20.10 would not start with $BUILDLENS_OLD_ENGINE_DRIVER; see $LOG"
    else
      start_with overlay2 || start_with vfs || die "dockerd 20.10 would not start with overlay2 or vfs; see $LOG"
    fi
  fi
  load_fixture
  log "ready: dockerd $(old version --format '{{.Server.Version}}') on $HOST"
  printf 'DOCKER_HOST=%s\n' "$HOST"
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) stop_daemon ;;
  status) if answers; then log "running on $HOST"; else log "not running"; exit 1; fi ;;
  -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start|stop|status)" ;;
esac
