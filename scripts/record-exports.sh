#!/usr/bin/env bash
# Records real `.dockerbuild` files (`docker buildx history export`) from the
# default engine, for the unit tests of src/record-file/: a few tiny builds,
# each exported, plus what `buildlens report REF --json` said about the same
# build while the builder still had it and its `buildlens history --json` row
# (the expected results of reading the file). Output: test/fixtures/dockerbuild/.
#
# The engine's own buildx (0.13) has no `history export`; scripts/export-buildx.sh
# provides Debian sid's (0.29.1), unpacked into a private plugin dir and never
# installed: it runs only as the CLI plugin of a private DOCKER_CONFIG, for the
# export commands. The builds themselves run with the engine's buildx, as a
# user's would.
#
# Usage: record-exports.sh [--reports-only]
#   --reports-only  re-writes only each build's *.report.json, from the builder's
#                   live history (it must still hold the refs in refs.json): what
#                   a report gains when it gains a field, with the exports kept
# Env:   as scripts/export-buildx.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/test/fixtures/dockerbuild"
BASE=buildlens-fixture/busybox:1

log() { printf 'record-exports: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

WORK=$(mktemp -d /var/tmp/buildlens-record-exports.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The new buildx, as the only CLI plugin of a private config dir.
bx() { DOCKER_CONFIG="$WORK/docker-config" docker buildx "$@"; }

# Writes the files of a fixture project: a fresh nonce in what each stage copies makes every recording build from scratch.
make_project() {
  local dir=$1 nonce=$2
  mkdir -p "$dir/src"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM $BASE AS deps
WORKDIR /app
COPY package.json ./
RUN echo installing > deps.txt

FROM $BASE
WORKDIR /app
COPY --from=deps /app/deps.txt ./
COPY src ./src
ARG GREETING=hi
RUN echo "\$GREETING" > /greet && cat src/*.js > bundle.js
DOCKERFILE
  printf '{"name":"fixture","nonce":"%s"}\n' "$nonce" >"$dir/package.json"
  printf 'export const a = "%s";\n' "$nonce" >"$dir/src/a.js"
  printf 'export const b = 1;\n' >"$dir/src/b.js"
}

make_failing() {
  local dir=$1 nonce=$2
  mkdir -p "$dir"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM $BASE
RUN echo preparing $nonce
RUN echo "about to fail $nonce" && \\
    exit 7
DOCKERFILE
}

# Builds DIR with the engine's buildx and prints the history ref. A failed
# build writes no metadata file: its ref is the failed record created since
# the build began whose error message contains EXPECT_FAIL (a nonce).
build_ref() {
  local dir=$1 since=$2 expect_fail=${3:-} ref
  if docker buildx build --metadata-file "$dir/meta.json" "${@:4}" "$dir" >"$dir/build.log" 2>&1; then
    [ -z "$expect_fail" ] || die "$dir: the build meant to fail succeeded"
    node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))["buildx.build.ref"].split("/").pop())' "$dir/meta.json"
    return 0
  fi
  [ -n "$expect_fail" ] || { tail -n 20 "$dir/build.log" >&2; die "$dir: build failed"; }
  for ref in $(bx history ls --no-trunc --format json | node -e '
    const since = Date.parse(process.argv[1]);
    const rows = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    for (const r of rows) if (r.status === "Error" && Date.parse(r.created_at) >= since) console.log(r.ref.split("/").pop());' "$since"); do
    if bx history inspect "$ref" --format json | grep -q "$expect_fail"; then printf '%s' "$ref"; return 0; fi
  done
  die "$dir: no failed record mentioning $expect_fail"
}

# What buildlens reports about REF from the live history: the expected result of reading its export.
expect_report() {
  BUILDLENS_STATE_DIR="$WORK/state" BUILDLENS_CACHE_DIR="$WORK/cache" node "$ROOT/dist/cli.js" report "$1" --json >"$OUT/$2.report.json"
}

export_refs() {
  local name=$1 finalize=$2
  shift 2
  # shellcheck disable=SC2046
  bx history export $([ "$finalize" = yes ] && echo --finalize) "$@" -o "$OUT/$name.dockerbuild"
}

main() {
  docker info >/dev/null 2>&1 || die "no Docker engine answers; run: bash scripts/engine.sh"
  bash "$ROOT/scripts/fixture-images.sh" --only busybox
  local plugin
  plugin=$(bash "$ROOT/scripts/export-buildx.sh")
  mkdir -p "$WORK/docker-config/cli-plugins"
  ln -s "$plugin" "$WORK/docker-config/cli-plugins/docker-buildx"
  log "exporting with $(bx version)"
  (cd "$ROOT" && npm run build --silent >/dev/null)
  rm -rf "$OUT" && mkdir -p "$OUT"
  local nonce since ok failed before after
  nonce="$(date +%s%N)"

  # A success with a build arg (its value is in the record's attributes, as any export's would be).
  make_project "$WORK/success" "$nonce-success"
  since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  ok=$(build_ref "$WORK/success" "$since" "" --build-arg GREETING=fixture-greeting)
  expect_report "$ok" success
  # Exported before finalizing: the layout a record has before its trace is written.
  export_refs success no "$ok"

  make_failing "$WORK/failed" "$nonce"
  since=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
  failed=$(build_ref "$WORK/failed" "$since" "$nonce")
  expect_report "$failed" failed-run
  export_refs failed-run yes "$failed"

  # Two builds of one project with one source file edited between them.
  make_project "$WORK/edit" "$nonce-edit"
  before=$(build_ref "$WORK/edit" "")
  printf 'export const b = 2;\n' >"$WORK/edit/src/b.js"
  after=$(build_ref "$WORK/edit" "")
  expect_report "$before" edit-before
  expect_report "$after" edit-after
  export_refs edit-before yes "$before"
  export_refs edit-after yes "$after"
  # Several records in one file, as `--all` writes them.
  export_refs edit-both yes "$before" "$after"

  node -e '
    const [out, ...pairs] = process.argv.slice(1);
    const refs = Object.fromEntries(pairs.map((p) => p.split("=")));
    require("fs").writeFileSync(`${out}/refs.json`, JSON.stringify(refs, null, 2) + "\n");' \
    "$OUT" "success=$ok" "failed-run=$failed" "edit-before=$before" "edit-after=$after"
  # The builder's own listing of the same builds: what reading a record back must reproduce.
  BUILDLENS_STATE_DIR="$WORK/state" node "$ROOT/dist/cli.js" history --json --limit 1000 | node -e '
    const refs = new Set(process.argv.slice(1));
    const rows = JSON.parse(require("fs").readFileSync(0, "utf8")).filter((r) => refs.has(r.ref));
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");' "$ok" "$failed" "$before" "$after" >"$OUT/history.json"
  log "recorded into $OUT:"
  (cd "$OUT" && ls -l --time-style=+ . | tail -n +2 | awk '{print "  " $5 "\t" $6}' >&2)
}

# The exports stay; what buildlens says live about the same builds is asked again.
reports_only() {
  docker info >/dev/null 2>&1 || die "no Docker engine answers; run: bash scripts/engine.sh"
  (cd "$ROOT" && npm run build --silent >/dev/null)
  local scenario ref
  for scenario in success failed-run edit-before edit-after; do
    ref=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]] ?? "")' "$OUT/refs.json" "$scenario")
    [ -n "$ref" ] || die "refs.json has no $scenario"
    BUILDLENS_STATE_DIR="$WORK/state" BUILDLENS_CACHE_DIR="$WORK/cache" node "$ROOT/dist/cli.js" report "$ref" --json >"$WORK/$scenario.report.json" ||
      die "$scenario: the builder no longer holds $ref; run without --reports-only"
    mv "$WORK/$scenario.report.json" "$OUT/$scenario.report.json"
  done
  log "re-wrote the reports in $OUT"
}

if [ "${1:-}" = --reports-only ]; then reports_only; else main "$@"; fi
