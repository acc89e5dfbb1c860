#!/usr/bin/env bash
# Makes sure a Docker engine with BuildKit and buildx answers on this machine.
#
# On a machine that already has a working engine (a developer laptop, a CI
# runner with Docker) it changes nothing. On a bare Debian bookworm machine it
# installs dockerd, containerd and buildx from the trixie suite with a low pin
# (so nothing else moves to trixie), enables the containerd image store (needed
# for provenance/attestations) and starts dockerd in the background.
#
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail

log() { printf 'engine: %s\n' "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }
buildx_answers() { docker buildx version >/dev/null 2>&1; }

if engine_answers && buildx_answers; then
  log "engine and buildx already answer; nothing to do"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "no engine answers and installing one needs root; start Docker yourself (docker info must answer)"
  exit 1
fi
if [ ! -r /etc/debian_version ]; then
  log "no engine answers and this is not a Debian machine; install Docker with buildx yourself"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0)

add_trixie_source() {
  local src=/etc/apt/sources.list.d/buildlens-trixie.sources
  local pin=/etc/apt/preferences.d/buildlens-trixie
  [ -f "$src" ] && [ -f "$pin" ] && return 0
  log "adding the trixie suite with a low pin"
  cat >"$src" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  cat >"$pin" <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  rm -f /var/lib/buildlens-apt-updated
}

apt_update_once() {
  # The marker alone is not enough: images and cleanup jobs often empty the lists.
  if [ -f /var/lib/buildlens-apt-updated ] && compgen -G '/var/lib/apt/lists/*trixie*_InRelease' >/dev/null; then
    return 0
  fi
  log "apt-get update"
  apt-get update -qq
  touch /var/lib/buildlens-apt-updated
}

install_packages() {
  local want=()
  command -v dockerd >/dev/null 2>&1 || want+=(docker.io/trixie containerd/trixie)
  if ! docker buildx version >/dev/null 2>&1; then want+=(docker-buildx/trixie); fi
  command -v docker >/dev/null 2>&1 || want+=(docker-cli/trixie)
  # debootstrap and busybox-static are what the fixture base images are made from.
  command -v debootstrap >/dev/null 2>&1 || want+=(debootstrap)
  [ -x /bin/busybox ] || want+=(busybox-static)
  [ ${#want[@]} -eq 0 ] && return 0
  add_trixie_source
  apt_update_once
  log "installing ${want[*]}"
  apt-get install -y -qq --no-install-recommends "${APT_OPTS[@]}" "${want[@]}" >/dev/null
}

configure_daemon() {
  local cfg=/etc/docker/daemon.json
  mkdir -p /etc/docker
  if [ -f "$cfg" ] && grep -q containerd-snapshotter "$cfg"; then return 0; fi
  if [ -f "$cfg" ] && [ -s "$cfg" ]; then
    log "$cfg exists without the containerd image store; leaving it as it is"
    return 0
  fi
  log "enabling the containerd image store in $cfg"
  printf '{"features":{"containerd-snapshotter":true}}\n' >"$cfg"
}

start_daemon() {
  engine_answers && return 0
  # An engine configured elsewhere is not ours to start: a local dockerd would
  # not be the one the client talks to.
  if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != unix:///var/run/docker.sock ]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine (this script only starts a local one)"
    exit 1
  fi
  if [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    log "dockerd is running but does not answer yet; waiting for it"
    wait_for_engine
    return 0
  fi
  # A debian docker.io package may leave the CLI plugin dir elsewhere; buildx
  # from trixie lands in /usr/libexec/docker/cli-plugins, which the client finds.
  log "starting dockerd"
  mkdir -p /var/log
  # setsid: its own session, so a Ctrl-C or a CI step ending the caller's
  # process group does not take the engine down with it.
  setsid nohup dockerd </dev/null >/var/log/buildlens-dockerd.log 2>&1 &
  wait_for_engine
}

wait_for_engine() {
  local i
  for i in $(seq 1 120); do
    engine_answers && { log "dockerd answers after ${i}x0.5s"; return 0; }
    sleep 0.5
  done
  log "dockerd did not answer within 60 s; its log follows"
  tail -n 30 /var/log/buildlens-dockerd.log >&2 || true
  exit 1
}

install_packages
configure_daemon
start_daemon
if ! buildx_answers; then
  log "docker buildx does not answer even though the engine does"
  exit 1
fi
log "ready: $(docker version --format 'dockerd {{.Server.Version}}') / $(docker buildx version)"
