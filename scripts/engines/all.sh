#!/usr/bin/env bash
# Brings up (or down) every engine the e2e suite runs against, in order: the
# local registry, dockerd 28.5, the BuildKit v0.26.3 daemons and image, then
# the buildx builders on them. One that fails does not stop the others: the
# e2e suite reports each builder it cannot use, with why (and fails under CI).
# Prints each step's time, then the builders (scripts/engines/builders.sh list).
#
# Usage: all.sh [start|stop|status]
#   start   idempotent; exits 1 when any step failed
#   stop    removes the builders and stops every engine of these scripts
set -euo pipefail

LOG_NAME=engines
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/lib.sh"

failed=()
step() {
  local started=$(now_ms) code=0
  bash "$HERE/$1" "$2" >/dev/null || code=$?
  if [ "$code" = 0 ]; then log "$1 $2: ok ($(since "$started"))"; else log "$1 $2: FAILED, exit $code ($(since "$started"))"; failed+=("$1"); fi
}

case "${1:-start}" in
  start)
    step registry.sh start
    step current-docker.sh start
    step buildkit.sh start
    step builders.sh up
    bash "$HERE/builders.sh" list
    [ ${#failed[@]} -eq 0 ] || { log "failed: ${failed[*]}"; exit 1; }
    ;;
  stop)
    step builders.sh down
    step buildkit.sh stop
    step current-docker.sh stop
    step registry.sh stop
    ;;
  status) bash "$HERE/builders.sh" list ;;
  -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start|stop|status)" ;;
esac
