#!/usr/bin/env bash
# Makes the local base images that fixtures and examples build FROM (builds
# here cannot pull from any registry):
#   buildlens-fixture/busybox:1        scratch + busybox-static: 3 MB with a shell
#   buildlens-fixture/debian:bookworm  debootstrap minbase: a real apt-based base
# Each image is made once and kept by name, so a second run takes a second.
#
# Usage: fixture-images.sh [--only busybox|debian]
# Env:   BUILDLENS_FIXTURE_REPO   name prefix (default buildlens-fixture)
#        BUILDLENS_DEBIAN_MIRROR  debootstrap mirror (default http://deb.debian.org/debian)
set -euo pipefail

REPO="${BUILDLENS_FIXTURE_REPO:-buildlens-fixture}"
MIRROR="${BUILDLENS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Work dirs live outside os.tmpdir() so e2e tests that look for leaked temp
# files there never see ours.
WORK_PARENT=/var/tmp

log() { printf 'fixtures: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
now_ms() { date +%s%3N; }
since() { local ms=$(($(now_ms) - $1)); printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)); }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only="${2:-}"; shift 2 || die "--only needs busybox or debian" ;;
    --only=*) only="${1#--only=}"; shift ;;
    -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: fixture-images.sh [--only busybox|debian])" ;;
  esac
done
case "$only" in "" | busybox | debian) ;; *) die "unknown image '$only' (busybox|debian)" ;; esac

docker info >/dev/null 2>&1 || die "no Docker engine answers; run: bash scripts/engine.sh"

work_dirs=()
cleanup() { [ ${#work_dirs[@]} -eq 0 ] || rm -rf "${work_dirs[@]}"; }
trap cleanup EXIT
# Sets WORK_DIR (not printed: a $(...) subshell would lose the cleanup list).
new_work_dir() {
  WORK_DIR=$(mktemp -d "$WORK_PARENT/buildlens-fixture-$1.XXXXXX")
  work_dirs+=("$WORK_DIR")
}

# Installs a Debian package when its command is missing. A machine whose
# engine was already there never ran engine.sh's installs, and may have no
# package lists yet, hence the update on a first failure.
ensure_command() {
  local cmd=$1 pkg=$2
  if [ -x "$cmd" ] || command -v "$cmd" >/dev/null 2>&1; then return 0; fi
  [ "$(id -u)" = 0 ] || die "$cmd is missing; install the Debian package $pkg"
  log "installing $pkg"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
  fi
}

# Two runs at once (two e2e suites, a developer and CI) must not both make the
# same image.
lock_fixtures() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$WORK_PARENT/buildlens-fixtures.lock"
  flock 9
}

make_busybox() {
  local name="$REPO/busybox:1" started dir
  started=$(now_ms)
  if have_image "$name"; then log "$name already there ($(since "$started"))"; return 0; fi
  ensure_command /bin/busybox busybox-static
  new_work_dir busybox
  dir=$WORK_DIR
  cp /bin/busybox "$dir/busybox"
  # /tmp, /etc/passwd and a nobody user make it usable for `USER nobody` and
  # for tools that expect a writable /tmp, as real small bases do.
  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /tmp /root /etc /home && chmod 1777 /tmp && \
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >/etc/passwd && \
    printf 'root:x:0:\nnogroup:x:65534:\n' >/etc/group
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
DOCKERFILE
  docker buildx build --builder default --load --quiet -t "$name" "$dir" >/dev/null
  log "$name made ($(since "$started"))"
}

make_debian() {
  local name="$REPO/debian:bookworm" started dir
  started=$(now_ms)
  if have_image "$name"; then log "$name already there ($(since "$started"))"; return 0; fi
  ensure_command debootstrap debootstrap
  new_work_dir debian
  dir=$WORK_DIR
  if ! debootstrap --variant=minbase bookworm "$dir/root" "$MIRROR" >"$dir/debootstrap.log" 2>&1; then
    tail -n 20 "$dir/debootstrap.log" >&2
    die "debootstrap from $MIRROR failed"
  fi
  # Plain http on purpose: build containers here cannot verify TLS
  # certificates, while http to the Debian mirror works (apt checks signatures).
  cat >"$dir/root/etc/apt/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
  # Ship no package lists or downloaded debs, like the official image does.
  rm -rf "$dir/root/var/cache/apt/archives/"*.deb "$dir/root/var/cache/apt/"*.bin \
    "$dir/root/var/lib/apt/lists/"* "$dir/root/var/log/"*.log
  : >"$dir/root/etc/hostname"
  tar --numeric-owner -C "$dir/root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase bookworm $MIRROR" \
    - "$name" >/dev/null
  log "$name made ($(since "$started"))"
}

lock_fixtures
case "$only" in
  busybox) make_busybox ;;
  debian) make_debian ;;
  "") make_busybox; make_debian ;;
esac
