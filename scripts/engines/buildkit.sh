#!/usr/bin/env bash
# Runs standalone BuildKit v0.26.3 for the builders beyond the docker driver,
# from the binaries in ../shared/engines/ (buildkitd and buildctl built from
# the public tag; the archive's sha256 is checked against that folder's
# README):
#   image   buildlens/buildkit:v0.26.3 on the default engine, for the
#           docker-container driver: the local Debian fixture image, Debian's
#           runc and both binaries (buildx falls back to it when a pull fails)
#   unix    a host buildkitd for the remote driver on a unix socket
#   tls     a host buildkitd for the remote driver on TCP 127.0.0.1 with TLS
#           client certificates (a CA, server and client made here by openssl
#           into the data dir at first start; never part of the repository)
#   amd64, i386  two host buildkitds, one owning linux/amd64 and one
#           linux/386, for a multi-node builder. Where this kernel cannot
#           run i386 binaries itself (some VMs cannot, whatever their
#           config), start registers Debian's qemu-i386-static (unpacked
#           here) with binfmt_misc under the name buildlens-i386 for i386
#           ELF files only, and stop removes it again. BuildKit takes amd64
#           hosts to run 386 natively and never asks for an emulator itself.
#
# Each buildkitd has its own config, root, socket, pidfile and log, runs in
# its own mount namespace (its mounts go when it stops) and in the host's
# network namespace with host networking for RUN steps (no bridge or
# iptables rule is made), so it reaches the local registry of
# scripts/engines/registry.sh, which every config marks http and uses as
# docker.io's mirror: FROM buildlens-fixture/busybox:1 resolves there.
#
# Usage: buildkit.sh [start|stop|status]
#   start   idempotent; prints the addresses, TLS files and image as
#           KEY=VALUE lines when ready
#   stop    stops the four daemons (roots, certificates and image are kept)
# Env: BUILDLENS_SHARED_DIR     where engines/ is (default: ../shared beside the checkout)
#      BUILDLENS_BUILDKIT_PORT  TLS port on 127.0.0.1 (default 18734)
set -euo pipefail

LOG_NAME=buildkit
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/lib.sh"

VERSION=v0.26.3
SHARED_DIR="${BUILDLENS_SHARED_DIR:-$HERE/../../../shared}"
ARCHIVE="$SHARED_DIR/engines/buildkit-$VERSION-linux-amd64.tar.xz"
BIN_DIR="/var/cache/buildlens/buildkit-$VERSION"
RUN_DIR=/run/buildlens-buildkit
DATA_DIR=/var/lib/buildlens-buildkit
CERT_DIR="$DATA_DIR/certs"
PORT="${BUILDLENS_BUILDKIT_PORT:-18734}"
IMAGE="buildlens/buildkit:$VERSION"
FIXTURE=buildlens-fixture/debian:bookworm
DAEMONS=(unix tls amd64 i386)

address_of() {
  case "$1" in
    tls) printf 'tcp://127.0.0.1:%s\n' "$PORT" ;;
    *) printf 'unix://%s/%s.sock\n' "$RUN_DIR" "$1" ;;
  esac
}
platforms_of() {
  case "$1" in
    amd64) printf '"linux/amd64"' ;;
    i386) printf '"linux/386"' ;;
    *) printf '' ;;
  esac
}

# Unpacks the archive once, after checking it against the README's sha256.
unpack() {
  local want
  [ -x "$BIN_DIR/buildkitd" ] && [ -x "$BIN_DIR/buildctl" ] && return 0
  [ -f "$ARCHIVE" ] || die "$ARCHIVE is missing (set BUILDLENS_SHARED_DIR to the folder holding engines/)"
  want=$(grep -A2 -i 'sha256 of the archive' "$SHARED_DIR/engines/README.md" | grep -oE '[0-9a-f]{64}' | head -n 1)
  [ -n "$want" ] || die "$SHARED_DIR/engines/README.md names no sha256 for the archive"
  sha256_is "$ARCHIVE" "$want" || die "$ARCHIVE does not match the sha256 in its README ($want)"
  log "unpacking $(basename "$ARCHIVE") into $BIN_DIR"
  rm -rf "$BIN_DIR.part" && mkdir -p "$BIN_DIR.part"
  tar -xJf "$ARCHIVE" -C "$BIN_DIR.part" buildkitd buildctl
  rm -rf "$BIN_DIR" && mv "$BIN_DIR.part" "$BIN_DIR"
}

BINFMT=/proc/sys/fs/binfmt_misc
BINFMT_NAME=buildlens-i386
# The ELF header of an i386 executable, and which of its bits matter (as
# binfmt_misc reads them: the kernel decodes the \x escapes).
I386_MAGIC='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
I386_MASK='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'

# Makes sure i386 binaries run here: natively, or through qemu-i386-static
# registered with binfmt_misc (F: the kernel opens it now, so it also works
# inside containers and other mount namespaces).
ensure_i386() {
  local probe qemu
  probe="$(unpacked_deb "$(. /etc/os-release && printf '%s' "$VERSION_CODENAME")" busybox-static "" i386)/bin/busybox"
  if "$probe" true 2>/dev/null; then return 0; fi
  if [ ! -e "$BINFMT/register" ]; then
    mount -t binfmt_misc buildlens-binfmt "$BINFMT" || die "i386 binaries do not run here and binfmt_misc cannot be mounted"
    touch "$RUN_DIR/binfmt-mounted"
  fi
  if [ ! -e "$BINFMT/$BINFMT_NAME" ]; then
    qemu=$(unpacked_apt_deb qemu-user-static)
    [ -x "$qemu/usr/bin/qemu-i386-static" ] || die "qemu-user-static has no qemu-i386-static"
    mkdir -p "$BIN_DIR/emulators"
    # A path without the ':' of a Debian epoch: ':' separates the fields.
    ln -sfn "$qemu/usr/bin/qemu-i386-static" "$BIN_DIR/emulators/qemu-i386"
    log "i386 binaries do not run natively here; registering qemu-i386-static with binfmt_misc as $BINFMT_NAME"
    printf ':%s:M::%s:%s:%s:F\n' "$BINFMT_NAME" "$I386_MAGIC" "$I386_MASK" "$BIN_DIR/emulators/qemu-i386" >"$BINFMT/register" \
      || die "binfmt_misc refused the i386 handler"
  fi
  "$probe" true 2>/dev/null || die "i386 binaries still do not run with $BINFMT_NAME registered"
}

# Removes what ensure_i386 added (nothing when i386 ran natively).
remove_i386() {
  if [ -e "$BINFMT/$BINFMT_NAME" ]; then
    log "removing the $BINFMT_NAME binfmt_misc handler"
    printf -- '-1\n' >"$BINFMT/$BINFMT_NAME" || log "could not remove $BINFMT/$BINFMT_NAME"
  fi
  if [ -e "$RUN_DIR/binfmt-mounted" ]; then
    umount "$BINFMT" 2>/dev/null || true
    rm -f "$RUN_DIR/binfmt-mounted"
  fi
}

# The registry settings every buildkitd here shares.
registry_config() {
  cat <<TOML
[registry."$REGISTRY_ADDR"]
  http = true

[registry."docker.io"]
  mirrors = ["$REGISTRY_ADDR"]
TOML
}

# A CA, a server certificate for 127.0.0.1 and a client certificate, made
# once (again when one expires within a day).
make_certs() {
  local f
  for f in ca.pem server.pem client.pem; do
    [ -s "$CERT_DIR/$f" ] && openssl x509 -checkend 86400 -noout -in "$CERT_DIR/$f" >/dev/null 2>&1 || { f=; break; }
  done
  [ -n "$f" ] && return 0
  log "making a CA, a server and a client certificate in $CERT_DIR"
  rm -rf "$CERT_DIR" && mkdir -p "$CERT_DIR" && chmod 700 "$CERT_DIR"
  (
    cd "$CERT_DIR"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
      -subj '/CN=buildlens test CA' -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=buildkitd' \
      -keyout server-key.pem -out server.csr 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -out server.pem \
      -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n') 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=buildlens client' \
      -keyout client-key.pem -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -out client.pem \
      -extfile <(printf 'extendedKeyUsage=clientAuth\n') 2>/dev/null
    rm -f ./*.csr ca.srl
  ) || die "openssl could not make the certificates"
}

write_config() {
  local name=$1 file="$DATA_DIR/$1/buildkitd.toml" platforms
  platforms=$(platforms_of "$name")
  mkdir -p "$DATA_DIR/$name/root"
  {
    printf 'root = "%s"\n\n' "$DATA_DIR/$name/root"
    printf '[worker.oci]\n  enabled = true\n  networkMode = "host"\n'
    [ -z "$platforms" ] || printf '  platforms = [%s]\n' "$platforms"
    printf '\n[worker.containerd]\n  enabled = false\n\n'
    registry_config
  } >"$file"
}

daemon_answers() {
  "$BIN_DIR/buildctl" --addr "$(address_of "$1")" "${@:2}" debug workers >/dev/null 2>&1
}
tls_flags() {
  printf -- '--tlscacert\n%s\n--tlscert\n%s\n--tlskey\n%s\n' "$CERT_DIR/ca.pem" "$CERT_DIR/client.pem" "$CERT_DIR/client-key.pem"
}
answers() {
  local name=$1 flags=()
  [ "$name" != tls ] || mapfile -t flags < <(tls_flags)
  daemon_answers "$name" "${flags[@]}"
}

start_daemon() {
  local name=$1 pidfile="$RUN_DIR/$1.pid" log="/var/log/buildlens-buildkit-$1.log" pid args=()
  if pid_alive "$pidfile" buildkitd >/dev/null && answers "$name"; then return 0; fi
  stop_daemon "$name"
  write_config "$name"
  args=(--config "$DATA_DIR/$name/buildkitd.toml" --addr "$(address_of "$name")")
  [ "$name" != tls ] || args+=(--tlscacert "$CERT_DIR/ca.pem" --tlscert "$CERT_DIR/server.pem" --tlskey "$CERT_DIR/server-key.pem")
  mkdir -p "$RUN_DIR" /var/log
  log "starting buildkitd $name on $(address_of "$name")"
  # setsid: the caller's Ctrl-C does not reach it; unshare execs it, so $! is its pid.
  PATH="$BIN_DIR:$PATH" setsid unshare --mount --propagation private -- "$BIN_DIR/buildkitd" "${args[@]}" </dev/null >>"$log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$pidfile"
  if ! wait_until "$pid" answers "$name"; then
    tail -n 15 "$log" >&2 || true
    stop_daemon "$name"
    die "buildkitd $name did not answer on $(address_of "$name"); see $log"
  fi
  log "buildkitd $name answers (pid $pid)"
}

stop_daemon() {
  stop_pidfile "$RUN_DIR/$1.pid" buildkitd "buildkitd $1" 20
  unmount_under "$DATA_DIR/$1"
  [ "$1" = tls ] || rm -f "$RUN_DIR/$1.sock"
}

# The image for the docker-container driver, made on the default engine and
# labelled with the digest of the binaries in it, so new binaries make a new
# image (and the unpacked binaries suffice when the archive has gone).
make_image() {
  local sum dir
  sum=$(cat "$BIN_DIR/buildkitd" "$BIN_DIR/buildctl" | sha256sum | cut -d' ' -f1)
  if [ "$(docker image inspect -f '{{index .Config.Labels "buildlens.buildkit.binaries"}}' "$IMAGE" 2>/dev/null || true)" = "$sum" ]; then return 0; fi
  docker image inspect "$FIXTURE" >/dev/null 2>&1 || die "$FIXTURE is missing on the default engine; run: bash scripts/fixture-images.sh"
  dir=$(mktemp -d /var/tmp/buildlens-buildkit-image.XXXXXX)
  cp "$BIN_DIR/buildkitd" "$BIN_DIR/buildctl" "$dir/"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM $FIXTURE
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends runc >/dev/null && rm -rf /var/lib/apt/lists/*
COPY buildkitd buildctl /usr/bin/
LABEL buildlens.buildkit.binaries=$sum
VOLUME /var/lib/buildkit
ENTRYPOINT ["buildkitd"]
DOCKERFILE
  log "building $IMAGE on the default engine"
  if ! docker buildx build --builder default --load --quiet -t "$IMAGE" "$dir" >/dev/null; then
    rm -rf "$dir"
    die "building $IMAGE failed"
  fi
  rm -rf "$dir"
}

print_values() {
  printf 'BUILDKIT_IMAGE=%s\n' "$IMAGE"
  printf 'BUILDKIT_CONFIG=%s\n' "$DATA_DIR/container/buildkitd.toml"
  printf 'BUILDKIT_UNIX=%s\n' "$(address_of unix)"
  printf 'BUILDKIT_TLS=%s\n' "$(address_of tls)"
  printf 'BUILDKIT_TLS_CACERT=%s\nBUILDKIT_TLS_CERT=%s\nBUILDKIT_TLS_KEY=%s\n' "$CERT_DIR/ca.pem" "$CERT_DIR/client.pem" "$CERT_DIR/client-key.pem"
  printf 'BUILDKIT_NODE_AMD64=%s\n' "$(address_of amd64)"
  printf 'BUILDKIT_NODE_386=%s\n' "$(address_of i386)"
}

cmd_start() {
  local started name
  started=$(now_ms)
  need_root "it runs buildkitd"
  command -v runc >/dev/null 2>&1 || die "runc is missing (Debian package runc)"
  unpack
  mkdir -p "$RUN_DIR"
  ensure_i386
  make_certs
  for name in "${DAEMONS[@]}"; do start_daemon "$name"; done
  # The docker-container builder's config: buildx copies it into the container.
  mkdir -p "$DATA_DIR/container"
  registry_config >"$DATA_DIR/container/buildkitd.toml"
  make_image
  log "ready in $(since "$started")"
  print_values
}

cmd_status() {
  local name down=0
  [ -x "$BIN_DIR/buildctl" ] || { log "not unpacked"; exit 1; }
  for name in "${DAEMONS[@]}"; do
    if answers "$name"; then log "$name answers on $(address_of "$name")"; else log "$name does not answer"; down=1; fi
  done
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then log "image $IMAGE is there"; else log "image $IMAGE is missing"; down=1; fi
  [ "$down" = 0 ] || exit 1
  print_values
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) for name in "${DAEMONS[@]}"; do stop_daemon "$name"; done; remove_i386 ;;
  status) cmd_status ;;
  -h | --help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start|stop|status)" ;;
esac
