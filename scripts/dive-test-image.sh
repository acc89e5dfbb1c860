#!/usr/bin/env bash
# Rebuilds dive's test image from its recipe (the Dockerfile dive's own
# analysis tests were recorded from: an ADDed file copied, chmodded, moved,
# copied again, a directory removed, a directory of scripts added), on the
# local busybox fixture base, and saves it as a docker-archive.
#
# dive's recorded tar cannot be remade byte for byte: its base layer is the
# busybox:latest of December 2018 from Docker Hub (no registry is reachable,
# and no package builds that binary), and the ADDed file and scripts are
# files of dive's repository at the time. Here the ADDed file and the
# scripts are generated with the same sizes (6405, 917 and 1270 bytes), so
# every layer above the base holds what dive's holds, path for path and byte
# for byte in size; only the base differs.
#
# Usage: dive-test-image.sh OUT.tar
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
text_of_size 6405 'a line of the added file' >"$work/somefile.txt"
mkdir -p "$work/scripts"
text_of_size 917 'echo tag' >"$work/scripts/tag.sh"
text_of_size 1270 'echo test' >"$work/scripts/test.sh"
chmod 755 "$work/scripts/tag.sh" "$work/scripts/test.sh"

cat >"$work/Dockerfile" <<DOCKERFILE
FROM $repo/busybox:1
ADD somefile.txt /somefile.txt
RUN mkdir -p /root/example/really/nested
RUN cp /somefile.txt /root/example/somefile1.txt
RUN chmod 444 /root/example/somefile1.txt
RUN cp /somefile.txt /root/example/somefile2.txt
RUN cp /somefile.txt /root/example/somefile3.txt
RUN mv /root/example/somefile3.txt /root/saved.txt
RUN cp /root/saved.txt /root/.saved.txt
RUN rm -rf /root/example/
ADD scripts/ /root/.data/
RUN cp /root/saved.txt /tmp/saved.again1.txt
RUN cp /root/saved.txt /root/.data/saved.again2.txt
RUN chmod +x /root/saved.txt
DOCKERFILE

docker buildx build --builder default --progress quiet --output "type=docker,dest=$out,name=buildlens-fixture/dive-recipe:1" "$work"
