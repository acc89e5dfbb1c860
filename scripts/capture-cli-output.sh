#!/usr/bin/env bash
# Captures what the docker CLI and buildx print on this machine, for the unit
# tests that replay them through a fake `docker` (test/support/captured-cli.ts):
# `docker buildx inspect` for the default builder, a docker-container builder,
# a remote builder and the ways resolving one fails; `docker context inspect`
# for the default context, DOCKER_HOST and a TLS context; `docker buildx ls`;
# and the config files `buildx use`, `buildx use --default` and
# `docker context use` write.
#
# Everything is made in a private DOCKER_CONFIG under a work dir and removed
# afterwards: the builders (`buildlens-capture-*`), their container, the
# contexts and a throwaway self-signed TLS key pair (never stored). Paths under
# the work dir are written as @CAPTURE_ROOT@.
#
# Usage: capture-cli-output.sh
# Env:   BUILDLENS_CAPTURE_BUILDKIT_IMAGE  a local BuildKit image to boot the
#        docker-container builder with (default buildlens/buildkit:v0.26.3;
#        when absent locally the builder is captured inactive)
# Output: test/fixtures/cli/NAME.cmd (the command with the variables that
#         select its answer, then "exit N"), NAME.stdout, NAME.stderr (when
#         not empty), and test/fixtures/cli/config/ (config files).
set -euo pipefail

OUT="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/cli"
IMAGE="${BUILDLENS_CAPTURE_BUILDKIT_IMAGE:-buildlens/buildkit:v0.26.3}"
CONTAINER=buildlens-capture-container
REMOTE=buildlens-capture-remote
CTX=buildlens-capture-ctx
TLS_CTX=buildlens-capture-tls

log() { printf 'capture: %s\n' "$*" >&2; }

# Only variables this script sets may select what docker answers.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS DOCKER_TLS_VERIFY DOCKER_CERT_PATH BUILDX_BUILDER BUILDX_CONFIG
# Outside os.tmpdir(), where e2e tests look for leaked temp files.
work="$(mktemp -d /var/tmp/buildlens-capture.XXXXXX)"
export DOCKER_CONFIG="$work/docker"
mkdir -p "$DOCKER_CONFIG"

cleanup() {
  docker buildx rm "$CONTAINER" >/dev/null 2>&1 || true
  docker buildx rm "$REMOTE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

normalize() { sed "s|$work|@CAPTURE_ROOT@|g"; }

# capture NAME [VAR=value ...] -- docker ARGS...
capture() {
  local name="$1"
  shift
  local vars=()
  while [ "$1" != "--" ]; do vars+=("$1"); shift; done
  shift
  local rc=0
  env "${vars[@]}" "$@" >"$work/stdout" 2>"$work/stderr" </dev/null || rc=$?
  record "$name" "$rc" "${vars[*]} $*"
}

# record NAME EXIT COMMAND: writes what the last command printed.
record() {
  printf '%s\nexit %s\n' "$(printf '%s' "$3" | sed 's/^ //' | normalize)" "$2" >"$OUT/$1.cmd"
  normalize <"$work/stdout" >"$OUT/$1.stdout"
  if [ -s "$work/stderr" ]; then normalize <"$work/stderr" >"$OUT/$1.stderr"; else rm -f "$OUT/$1.stderr"; fi
  log "$1 (exit $2)"
}

# Copies a config file the CLI wrote into config/NAME.
keep() { normalize <"$1" >"$OUT/config/$2"; }

rm -rf "$OUT"
mkdir -p "$OUT/config"

# A throwaway TLS key pair, so TLS contexts and remote builders have files to name.
mkdir -p "$work/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=buildkitd.test \
  -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" >/dev/null 2>&1
cp "$work/tls/cert.pem" "$work/tls/ca.pem"

# The default builder of a fresh config, and the `current` file buildx leaves.
capture buildx-inspect-default -- docker buildx inspect
keep "$DOCKER_CONFIG/buildx/current" buildx-current-fresh.json
capture buildx-inspect-unknown -- docker buildx inspect buildlens-capture-nosuch
capture buildx-inspect-unreachable DOCKER_HOST=unix:///nonexistent/docker.sock -- docker buildx inspect default
capture buildx-inspect-ssh DOCKER_HOST=ssh://buildlens@127.0.0.1:1 -- docker buildx inspect

# The docker CLI without the buildx plugin: its plugin dir hidden in a private mount namespace.
plugin="$(for d in /usr/local/lib/docker/cli-plugins /usr/local/libexec/docker/cli-plugins /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins; do [ -x "$d/docker-buildx" ] && echo "$d"; done | head -n 1)"
if [ -n "$plugin" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  rc=0
  unshare -m sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$plugin" docker buildx inspect default >"$work/stdout" 2>"$work/stderr" </dev/null || rc=$?
  record buildx-inspect-no-buildx "$rc" "docker buildx inspect default"
else
  log "skipped buildx-inspect-no-buildx (needs root, unshare and the buildx plugin in a system dir)"
fi

# Contexts: the default one, with DOCKER_HOST (and its TLS variables), a named one, a TLS one.
capture context-inspect-default -- docker context inspect default
capture context-inspect-docker-host DOCKER_HOST=tcp://127.0.0.1:2376 -- docker context inspect default
capture context-inspect-tls-env DOCKER_HOST=tcp://127.0.0.1:2376 DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$work/tls" -- docker context inspect default
capture context-inspect-unknown -- docker context inspect buildlens-capture-nosuch
docker context create "$CTX" --docker host=unix:///var/run/docker.sock >/dev/null
docker context create "$TLS_CTX" --docker "host=tcp://127.0.0.1:2376,ca=$work/tls/ca.pem,cert=$work/tls/cert.pem,key=$work/tls/key.pem" >/dev/null
capture context-inspect-tls -- docker context inspect "$TLS_CTX"
capture buildx-inspect-context "DOCKER_CONTEXT=$CTX" -- docker buildx inspect
capture context-inspect-context "DOCKER_CONTEXT=$CTX" -- docker context inspect "$CTX"
docker context use "$CTX" >/dev/null 2>&1
keep "$DOCKER_CONFIG/config.json" docker-config-context-use.json
docker context use default >/dev/null 2>&1

# A docker-container builder (booted when the image is here) and a remote one with TLS files.
docker buildx create --name "$CONTAINER" --driver docker-container --driver-opt "image=$IMAGE" >/dev/null
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  docker buildx inspect --bootstrap "$CONTAINER" >/dev/null 2>&1
else
  log "image $IMAGE is not here: $CONTAINER is captured inactive"
fi
docker buildx create --name "$REMOTE" --driver remote \
  --driver-opt "cacert=$work/tls/ca.pem,cert=$work/tls/cert.pem,key=$work/tls/key.pem,servername=buildkitd.test" tcp://127.0.0.1:1234 >/dev/null
# A second node, plain TCP: a builder with several nodes.
docker buildx create --name "$REMOTE" --append --node "${REMOTE}1" --driver remote tcp://127.0.0.1:1235 >/dev/null
keep "$DOCKER_CONFIG/buildx/instances/$CONTAINER" "buildx-instance-$CONTAINER.json"
keep "$DOCKER_CONFIG/buildx/instances/$REMOTE" "buildx-instance-$REMOTE.json"
capture buildx-inspect-container -- docker buildx inspect "$CONTAINER"
capture buildx-inspect-container-env "BUILDX_BUILDER=$CONTAINER" -- docker buildx inspect "$CONTAINER"
capture buildx-inspect-remote -- docker buildx inspect "$REMOTE"

# `buildx use`: the builder chosen for the default context.
docker buildx use "$CONTAINER"
keep "$DOCKER_CONFIG/buildx/current" buildx-current-use.json
capture buildx-inspect-use -- docker buildx inspect
capture buildx-ls -- docker buildx ls

# `buildx use --default`, then a `use` in another context: `current` names no
# builder, and buildx falls back to the default kept for this daemon.
docker buildx use --default "$CONTAINER"
DOCKER_CONTEXT="$CTX" docker buildx use "$CTX"
keep "$DOCKER_CONFIG/buildx/current" buildx-current-other-context.json
mkdir -p "$OUT/config/buildx-defaults"
for f in "$DOCKER_CONFIG"/buildx/defaults/*; do keep "$f" "buildx-defaults/$(basename "$f")"; done
capture buildx-inspect-use-default -- docker buildx inspect

log "written to $OUT"
