# Shared by the scripts beside it (sourced, not run): logging, pidfile
# handling, waiting, and unpacked Debian packages.
#
# Debian packages are never installed by these scripts' engines: they are
# downloaded, checked and unpacked with dpkg-deb -x under
# /var/cache/buildlens/debs/, so nothing moves on the machine. A sid package
# (the default engine is trixie's, the machine is bookworm) is found in the
# suite's Packages.xz, whose checksum comes from the signed InRelease.

# A failure inside $(...) stops the script too.
shopt -s inherit_errexit

DEB_MIRROR="${BUILDLENS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEB_CACHE=/var/cache/buildlens/debs
DEB_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log() { printf '%s: %s\n' "$LOG_NAME" "$*" >&2; }
die() { log "$*"; exit 1; }
now_ms() { date +%s%3N; }
since() { local ms=$(($(now_ms) - $1)); printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)); }

need_root() { [ "$(id -u)" = 0 ] || die "needs root ($1)"; }

# Prints the pid in a pidfile when that process is alive and runs the named
# program (a recycled pid of another program does not count).
pid_alive() {
  local pidfile=$1 program=$2 pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && grep -qa -- "$program" "/proc/$pid/cmdline" && printf '%s\n' "$pid"
}

# Stops the process of a pidfile (SIGTERM, then SIGKILL after the grace
# seconds) and removes the pidfile.
stop_pidfile() {
  local pidfile=$1 program=$2 what=$3 grace=${4:-20} pid i
  if pid=$(pid_alive "$pidfile" "$program"); then
    log "stopping $what (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 $((grace * 5))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$what ignored SIGTERM for ${grace} s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

# Runs a check until it passes, while the process lives; 60 s at most.
wait_until() {
  local pid=$1 i
  shift
  for i in $(seq 1 300); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# Unmounts whatever a stopped daemon left mounted under the given dirs.
unmount_under() {
  local target pattern
  pattern=$(printf '%s|' "$@")
  pattern=${pattern%|}
  for target in $(awk '{print $5}' /proc/self/mountinfo | grep -E "^($pattern)(/|$)" | sort -r); do
    umount -l "$target" 2>/dev/null || true
  done
}

# Downloads a URL to a file (atomically: a half-written file never counts).
fetch_to() {
  local url=$1 out=$2
  curl -fsSL --retry 3 -o "$out.part" "$url" || { rm -f "$out.part"; die "download failed: $url"; }
  mv "$out.part" "$out"
}

sha256_is() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# Prints the path of a suite's Packages file for an architecture (default
# amd64), fetched at most once a day, its Packages.xz checked against the
# InRelease that gpgv verified.
suite_packages() {
  local suite=$1 arch=${2:-amd64} dir sum
  dir="$DEB_CACHE/lists/$suite-$arch"
  mkdir -p "$dir"
  if [ -s "$dir/Packages" ] && [ -z "$(find "$dir/Packages" -mmin +1440)" ]; then
    printf '%s\n' "$dir/Packages"
    return 0
  fi
  log "fetching the $suite $arch package list"
  fetch_to "$DEB_MIRROR/dists/$suite/InRelease" "$dir/InRelease"
  gpgv --keyring "$DEB_KEYRING" "$dir/InRelease" >/dev/null 2>&1 || die "$suite InRelease: bad signature (keyring $DEB_KEYRING)"
  sum=$(awk -v want="main/binary-$arch/Packages.xz" '/^SHA256:/ {on = 1; next} /^[^ ]/ {on = 0} on && $3 == want {print $1}' "$dir/InRelease")
  [ -n "$sum" ] || die "$suite InRelease names no main/binary-$arch/Packages.xz"
  fetch_to "$DEB_MIRROR/dists/$suite/main/binary-$arch/Packages.xz" "$dir/Packages.xz"
  sha256_is "$dir/Packages.xz" "$sum" || die "$suite Packages.xz ($arch) does not match its InRelease checksum"
  xz -dc "$dir/Packages.xz" >"$dir/Packages.part" && mv "$dir/Packages.part" "$dir/Packages"
  rm -f "$dir/Packages.xz"
  printf '%s\n' "$dir/Packages"
}

# Prints "Version Filename SHA256" of a package in a Packages file.
package_stanza() {
  awk -v want="$2" 'BEGIN {RS = ""; FS = "\n"}
    { p = v = f = s = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^Package: /) p = substr($i, 10)
        else if ($i ~ /^Version: /) v = substr($i, 10)
        else if ($i ~ /^Filename: /) f = substr($i, 11)
        else if ($i ~ /^SHA256: /) s = substr($i, 9)
      }
      if (p == want) { print v, f, s; exit }
    }' "$1"
}

# Unpacks a package of a suite (for an architecture, default amd64) into the
# cache and prints its directory. The version must start with the given
# upstream version: a suite that moved on fails here, saying so, instead of
# running something untested.
unpacked_deb() {
  local suite=$1 package=$2 upstream=$3 arch=${4:-amd64} packages version filename sum dir deb
  packages=$(suite_packages "$suite" "$arch")
  read -r version filename sum < <(package_stanza "$packages" "$package") || true
  [ -n "${version:-}" ] || die "$suite has no package $package"
  case "$version" in
    "$upstream"*) ;;
    *) die "$suite has $package $version, not $upstream (set the expected version in $0 after checking it)" ;;
  esac
  dir="$DEB_CACHE/$suite/$package-${version#*:}-$arch"
  if [ ! -f "$dir/.complete" ]; then
    deb="$DEB_CACHE/$suite/$(basename "$filename")"
    mkdir -p "$DEB_CACHE/$suite"
    log "downloading $package $version ($suite, $arch)"
    fetch_to "$DEB_MIRROR/$filename" "$deb"
    sha256_is "$deb" "$sum" || { rm -f "$deb"; die "$deb does not match the sha256 in the $suite package list"; }
    rm -rf "$dir" && mkdir -p "$dir"
    dpkg-deb -x "$deb" "$dir"
    rm -f "$deb"
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}

# Unpacks a package from the machine's own apt sources (its candidate
# version) and prints its directory.
unpacked_apt_deb() {
  local package=$1 version dir tmp
  version=$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    log "apt-get update (apt knows no $package)"
    apt-get update -qq >/dev/null
    version=$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2}')
  fi
  [ -n "$version" ] && [ "$version" != "(none)" ] || die "apt knows no package $package"
  dir="$DEB_CACHE/apt/$package-${version#*:}"
  if [ ! -f "$dir/.complete" ]; then
    tmp=$(mktemp -d /var/tmp/buildlens-deb.XXXXXX)
    log "downloading $package $version"
    (cd "$tmp" && apt-get download -qq "$package=$version" >/dev/null 2>&1) || { rm -rf "$tmp"; die "apt-get download $package=$version failed"; }
    rm -rf "$dir" && mkdir -p "$dir"
    dpkg-deb -x "$tmp"/*.deb "$dir"
    rm -rf "$tmp"
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}

# The sid buildx every non-default builder runs with (sid's docker-buildx).
SID_BUILDX_VERSION=0.29.1
sid_buildx() {
  local dir
  dir=$(unpacked_deb sid docker-buildx "$SID_BUILDX_VERSION")
  printf '%s\n' "$dir/usr/libexec/docker/cli-plugins/docker-buildx"
}

# Makes a DOCKER_CONFIG dir whose cli-plugins/docker-buildx is the given one.
docker_config_with_buildx() {
  local config=$1 buildx=$2
  mkdir -p "$config/cli-plugins"
  [ -f "$config/config.json" ] || printf '{}\n' >"$config/config.json"
  ln -sfn "$buildx" "$config/cli-plugins/docker-buildx"
}

# Debian's docker-registry (distribution 2.8) binary, unpacked from the
# machine's own suite.
registry_binary() {
  local dir
  dir=$(unpacked_apt_deb docker-registry)
  printf '%s\n' "$dir/usr/bin/docker-registry"
}

# The one storage dir every registry process of these scripts serves.
REGISTRY_STORAGE=/var/lib/buildlens-registry/storage
REGISTRY_ADDR=127.0.0.1:5000

# Writes a registry config: the given address, the shared storage, no
# in-memory descriptor cache (two processes may serve the same storage).
write_registry_config() {
  local file=$1 addr=$2
  mkdir -p "$(dirname "$file")" "$REGISTRY_STORAGE"
  cat >"$file" <<CONFIG
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REGISTRY_STORAGE
  delete:
    enabled: true
http:
  addr: $addr
CONFIG
}
