#!/usr/bin/env bash
# Creates the buildx builders the e2e suite runs against, on the engines the
# scripts beside this one start, and lists every builder with what a test
# needs to use it:
#   default               docker driver, the default engine (scripts/engine.sh)
#   current-docker        docker driver, dockerd 28.5 (current-docker.sh)
#   buildlens-container   docker-container driver, image of buildkit.sh
#   buildlens-remote      remote driver, buildkitd on a unix socket
#   buildlens-remote-tls  remote driver, buildkitd on TCP with TLS client certs
#   buildlens-multi       remote driver, two nodes: linux/amd64 and linux/386
# The buildlens-* builders live in their own DOCKER_CONFIG, whose buildx is
# sid's 0.29.1; the default config and its builders are left alone.
#
# Usage: builders.sh up|down|list
#   up     creates (or re-creates, when one no longer answers) the builders
#          whose engines are up; says why for the others; exits 1 if any
#   down   removes the buildlens-* builders (the engines keep running)
#   list   one line per builder, tab-separated:
#            NAME  DRIVER  ready    KEY=VALUE ...  (DOCKER_HOST, DOCKER_CONFIG,
#                                                   BUILDER, PLATFORMS, REGISTRY)
#            NAME  DRIVER  missing  why
set -euo pipefail

LOG_NAME=builders
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/lib.sh"

CONFIG_DIR=/var/lib/buildlens-builders/docker-config
NAMED=(buildlens-container buildlens-remote buildlens-remote-tls buildlens-multi)

cfg() { DOCKER_CONFIG="$CONFIG_DIR" docker "$@"; }

# KEY=VALUE lines of a script's status, or nothing when it is not up.
status_of() { bash "$HERE/$1" status 2>/dev/null || true; }
value() { printf '%s\n' "$1" | sed -n "s/^$2=//p" | head -n 1; }

driver_of() {
  case "$1" in
    buildlens-container) printf 'docker-container' ;;
    *) printf 'remote' ;;
  esac
}

# Why the named builders' engines are not up (empty when they are), given
# the status of buildkit.sh and registry.sh.
engine_missing() {
  local buildkit=$1 registry=$2
  [ -x "$(sid_buildx_path)" ] || { printf "sid's buildx is not unpacked (run: bash scripts/engines/builders.sh up)"; return; }
  [ -n "$buildkit" ] || { printf 'the BuildKit daemons are not up (run: bash scripts/engines/buildkit.sh start; it needs ../shared/engines)'; return; }
  [ -n "$registry" ] || printf 'the local registry is not up (run: bash scripts/engines/registry.sh start)'
}

# sid's buildx path without downloading it.
sid_buildx_path() { ls -d "$DEB_CACHE"/sid/docker-buildx-"$SID_BUILDX_VERSION"*-amd64/usr/libexec/docker/cli-plugins/docker-buildx 2>/dev/null | head -n 1; }

builder_answers() { timeout 60 env DOCKER_CONFIG="$CONFIG_DIR" docker buildx inspect --bootstrap "$1" >/dev/null 2>&1; }

create() {
  local name=$1 buildkit=$2
  case "$name" in
    buildlens-container)
      cfg buildx create --name "$name" --driver docker-container \
        --driver-opt "image=$(value "$buildkit" BUILDKIT_IMAGE)" --driver-opt network=host \
        --buildkitd-config "$(value "$buildkit" BUILDKIT_CONFIG)" ;;
    buildlens-remote)
      cfg buildx create --name "$name" --driver remote "$(value "$buildkit" BUILDKIT_UNIX)" ;;
    buildlens-remote-tls)
      cfg buildx create --name "$name" --driver remote \
        --driver-opt "cacert=$(value "$buildkit" BUILDKIT_TLS_CACERT),cert=$(value "$buildkit" BUILDKIT_TLS_CERT),key=$(value "$buildkit" BUILDKIT_TLS_KEY)" \
        "$(value "$buildkit" BUILDKIT_TLS)" ;;
    buildlens-multi)
      cfg buildx create --name "$name" --driver remote --node "${name}-amd64" --platform linux/amd64 "$(value "$buildkit" BUILDKIT_NODE_AMD64)"
      cfg buildx create --name "$name" --append --node "${name}-386" --platform linux/386 "$(value "$buildkit" BUILDKIT_NODE_386)" ;;
  esac >/dev/null
}

cmd_up() {
  local started buildkit name why failed=0
  started=$(now_ms)
  docker_config_with_buildx "$CONFIG_DIR" "$(sid_buildx)"
  buildkit=$(status_of buildkit.sh)
  why=$(engine_missing "$buildkit" "$(status_of registry.sh)")
  for name in "${NAMED[@]}"; do
    if [ -n "$why" ]; then log "$name: not made: $why"; failed=1; continue; fi
    if builder_answers "$name"; then log "$name answers"; continue; fi
    cfg buildx rm --force "$name" >/dev/null 2>&1 || true
    log "creating $name"
    create "$name" "$buildkit"
    if builder_answers "$name"; then log "$name answers"; else log "$name was made but does not answer: $(cfg buildx inspect --bootstrap "$name" 2>&1 | tail -n 1)"; failed=1; fi
  done
  log "done in $(since "$started")"
  return "$failed"
}

cmd_down() {
  local name
  for name in "${NAMED[@]}"; do
    if cfg buildx inspect "$name" >/dev/null 2>&1; then
      log "removing $name"
      cfg buildx rm --force "$name" >/dev/null 2>&1 || log "could not remove $name"
    fi
  done
}

line() { local IFS=$'\t'; printf '%s\n' "$*"; }

cmd_list() {
  local buildkit current registry name engines why info
  registry=$(value "$(status_of registry.sh)" REGISTRY)
  if docker buildx inspect default >/dev/null 2>&1; then
    line default docker ready "BUILDER=default${registry:+ REGISTRY=$registry}"
  else
    line default docker missing "the default engine does not answer (run: bash scripts/engine.sh)"
  fi
  current=$(status_of current-docker.sh)
  if [ -n "$current" ]; then
    # Its own registry process serves the same storage inside its namespace.
    line current-docker docker ready "DOCKER_HOST=$(value "$current" DOCKER_HOST) DOCKER_CONFIG=$(value "$current" DOCKER_CONFIG) BUILDER=default REGISTRY=$REGISTRY_ADDR"
  else
    line current-docker docker missing "dockerd 28.5 is not up (run: bash scripts/engines/current-docker.sh start)"
  fi
  buildkit=$(status_of buildkit.sh)
  engines=$(engine_missing "$buildkit" "$registry")
  for name in "${NAMED[@]}"; do
    why=$engines
    if [ -z "$why" ]; then
      # --bootstrap starts a docker-container builder whose container stopped
      # (the default engine restarted), as a build through buildx would.
      if ! info=$(timeout 60 env DOCKER_CONFIG="$CONFIG_DIR" docker buildx inspect --bootstrap "$name" 2>&1); then
        why="the builder is not made or does not start: $(printf '%s\n' "$info" | tail -n 1) (run: bash scripts/engines/builders.sh up)"
      elif printf '%s\n' "$info" | grep -E '^Status:' | grep -qv running; then
        why="the builder does not run: $(printf '%s\n' "$info" | grep -E '^(Status|Error):' | sort -u | tr '\n' ' ')"
      fi
    fi
    if [ -n "$why" ]; then
      line "$name" "$(driver_of "$name")" missing "$why"
    elif [ "$name" = buildlens-multi ]; then
      line "$name" remote ready "DOCKER_CONFIG=$CONFIG_DIR BUILDER=$name PLATFORMS=linux/amd64,linux/386 REGISTRY=$registry"
    else
      line "$name" "$(driver_of "$name")" ready "DOCKER_CONFIG=$CONFIG_DIR BUILDER=$name REGISTRY=$registry"
    fi
  done
}

case "${1:-list}" in
  up) need_root "it unpacks sid's buildx under /var/cache"; cmd_up ;;
  down) cmd_down ;;
  list) cmd_list ;;
  -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (up|down|list)" ;;
esac
