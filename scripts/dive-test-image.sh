#!/usr/bin/env bash
# Rebuilds dive's test image from its recipe (the Dockerfile dive's own
# analysis tests were recorded from: an ADDed file copied, chmodded, moved,
# copied again, a directory removed, a directory of scripts added) and saves
# it as a docker-archive.
#
# dive's recorded tar cannot be remade byte for byte: its base layer is the
# busybox:latest of December 2018 from Docker Hub (no registry is reachable,
# and no package builds that binary), and the ADDed file and scripts are
# files of dive's repository at the time. dive's numbers depend only on the
# sizes of the files, layer by layer, so the image is rebuilt with the same
# sizes: a one-layer base whose files hold the 1 154 361 bytes of dive's
# base layer (and, like busybox's, ends its history with CMD), the ADDed
# file and scripts generated with the same sizes (6405, 917 and 1270 bytes).
# The base has no shell: each RUN runs busybox mounted from the busybox
# fixture, so no layer holds a byte the recipe does not write. dive's
# published numbers (efficiency 0.9844212134184309, 1 220 598 bytes, 32 025
# wasted) then follow exactly.
#
# Usage: dive-test-image.sh OUT.tar   (also loads buildlens-fixture/dive-recipe:1)
# Env:   BUILDLENS_FIXTURE_REPO  base image prefix (default buildlens-fixture)
set -euo pipefail

out=${1:?usage: dive-test-image.sh OUT.tar}
repo="${BUILDLENS_FIXTURE_REPO:-buildlens-fixture}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$here/fixture-images.sh" --only busybox

work=$(mktemp -d /var/tmp/buildlens-dive-recipe.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Deterministic text of an exact size.
text_of_size() { head -c "$1" < <(yes "$2"); }
mkdir -p "$work/base/files/tmp" "$work/recipe/scripts"
text_of_size 1154361 'the bytes of the base layer' >"$work/base/files/base.bin"
cat >"$work/base/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY files/ /
CMD ["sh"]
DOCKERFILE
docker buildx build --builder default --progress quiet --load -t "$repo/dive-base:1" "$work/base" >/dev/null

text_of_size 6405 'a line of the added file' >"$work/recipe/somefile.txt"
text_of_size 917 'echo tag' >"$work/recipe/scripts/tag.sh"
text_of_size 1270 'echo test' >"$work/recipe/scripts/test.sh"
chmod 755 "$work/recipe/scripts/tag.sh" "$work/recipe/scripts/test.sh"
bb="--mount=from=$repo/busybox:1,target=/.busybox"
run() { printf 'RUN %s ["/.busybox/bin/busybox"' "$bb"; printf ', "%s"' "$@"; printf ']\n'; }
{
  echo "FROM $repo/dive-base:1"
  echo "ADD somefile.txt /somefile.txt"
  run mkdir -p /root/example/really/nested
  run cp /somefile.txt /root/example/somefile1.txt
  run chmod 444 /root/example/somefile1.txt
  run cp /somefile.txt /root/example/somefile2.txt
  run cp /somefile.txt /root/example/somefile3.txt
  run mv /root/example/somefile3.txt /root/saved.txt
  run cp /root/saved.txt /root/.saved.txt
  run rm -rf /root/example/
  echo "ADD scripts/ /root/.data/"
  run cp /root/saved.txt /tmp/saved.again1.txt
  run cp /root/saved.txt /root/.data/saved.again2.txt
  run chmod +x /root/saved.txt
} >"$work/recipe/Dockerfile"
cp "$work/recipe/Dockerfile" "${out%.tar}.Dockerfile"

docker buildx build --builder default --progress quiet --output "type=docker,dest=$out,name=$repo/dive-recipe:1" "$work/recipe" >/dev/null
docker image load -q -i "$out" >/dev/null
