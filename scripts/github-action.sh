#!/usr/bin/env bash
# The shell parts of the GitHub Action (action.yml at the repository root),
# one subcommand per step, so each can be run and tested off GitHub:
#
#   install           npm ci + build in the action's own checkout (dist/cli.js)
#   restore-baseline  the previous run's report directory, downloaded from the
#                     artifacts of this repository: the newest of this branch,
#                     else of the default branch; never this run's own
#   build             buildlens build with the user's arguments; its exit code
#                     becomes the step output `exit-code` (the action exits with
#                     it after uploading the report)
#
# Inputs arrive as INPUT_* environment variables (action.yml passes them):
#   INPUT_CONTEXT, INPUT_ARGS, INPUT_BUILDLENS_ARGS, INPUT_REPORT_DIR,
#   INPUT_REPORT_FORMATS, INPUT_ARTIFACT_NAME, INPUT_BASELINE,
#   INPUT_DEFAULT_BRANCH, and BASELINE (restore-baseline's output) for build.
# ARGS and BUILDLENS_ARGS are split into words as a shell would split them,
# quotes included, but nothing is expanded or run.
# GitHub's own variables used: GITHUB_REPOSITORY, GITHUB_RUN_ID,
# GITHUB_HEAD_REF / GITHUB_REF_NAME, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
# BUILDLENS_GH names the GitHub CLI (default: gh; it reads GH_TOKEN).
set -euo pipefail

ACTION_PATH=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GH="${BUILDLENS_GH:-gh}"

log() { printf 'buildlens-action: %s\n' "$*" >&2; }
# A warning annotation on the run; the step goes on.
warn() { printf '::warning title=buildlens::%s\n' "$*"; }
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# Words of a string as a shell splits them (quotes and backslashes honoured),
# NUL-separated; nothing is expanded.
split_words() {
  node -e '
    const text = require("fs").readFileSync(0, "utf8");
    const words = [];
    let word = null, quote = null;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote === "\x27") { if (c === quote) quote = null; else word += c; continue; }
      if (quote === "\"") {
        if (c === quote) quote = null;
        else if (c === "\\" && i + 1 < text.length && "\"\\$`".includes(text[i + 1])) word += text[++i];
        else word += c;
        continue;
      }
      if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; continue; }
      word ??= "";
      if (c === "\x27" || c === "\"") quote = c;
      else if (c === "\\" && i + 1 < text.length) word += text[++i];
      else word += c;
    }
    if (quote) { process.stderr.write(`unterminated ${quote} quote in: ${text.trim()}\n`); process.exit(2); }
    if (word !== null) words.push(word);
    process.stdout.write(words.map((w) => w + "\0").join(""));'
}

install() {
  cd "$ACTION_PATH"
  log "installing buildlens in $ACTION_PATH"
  npm ci --no-audit --no-fund --loglevel=error
  npm run build --silent >/dev/null
  node dist/cli.js --version >/dev/null
}

# From the artifact list on stdin: "ID RUN_ID BRANCH" of the newest unexpired
# artifact of another run, on BRANCH first, else on DEFAULT; nothing when none.
pick_artifact() {
  node -e '
    const [runId, branch, fallback] = process.argv.slice(1);
    const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const usable = (list.artifacts ?? [])
      .filter((a) => !a.expired && a.workflow_run && String(a.workflow_run.id) !== runId)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    for (const want of [branch, fallback]) {
      const hit = want ? usable.find((a) => a.workflow_run.head_branch === want) : undefined;
      if (hit) { console.log(`${hit.id} ${hit.workflow_run.id} ${want}`); break; }
    }' "$@"
}

# Sets FOUND to the baseline to use (empty: none); a problem is a warning, never a failure.
find_baseline() {
  local choice=${INPUT_BASELINE:-previous-run}
  FOUND=''
  if [ "$choice" = none ]; then
    log "no baseline asked for"
    return 0
  fi
  if [ "$choice" != previous-run ]; then
    FOUND=$choice
    log "baseline: $choice"
    return 0
  fi
  local name=${INPUT_ARTIFACT_NAME:-buildlens-report} branch=${GITHUB_HEAD_REF:-${GITHUB_REF_NAME:-}}
  local dest="${RUNNER_TEMP:-/tmp}/buildlens-baseline" list picked id run from
  if ! list=$("$GH" api -X GET "repos/$GITHUB_REPOSITORY/actions/artifacts" -f name="$name" -f per_page=100); then
    warn "could not list the artifacts named $name (does the job have permissions: actions: read?); building without a baseline"
    return 0
  fi
  if ! picked=$(printf '%s' "$list" | pick_artifact "${GITHUB_RUN_ID:-}" "$branch" "${INPUT_DEFAULT_BRANCH:-}"); then
    warn "the artifact list of $GITHUB_REPOSITORY could not be read; building without a baseline"
    return 0
  fi
  if [ -z "$picked" ]; then
    log "no earlier artifact $name on ${branch:-this branch} or ${INPUT_DEFAULT_BRANCH:-the default branch}: nothing to compare with yet"
    return 0
  fi
  read -r id run from <<<"$picked"
  rm -rf "$dest" && mkdir -p "$dest"
  if ! "$GH" api "repos/$GITHUB_REPOSITORY/actions/artifacts/$id/zip" >"$dest.zip" || ! unzip -q -o "$dest.zip" -d "$dest"; then
    warn "artifact $name of run $run could not be downloaded or unpacked; building without a baseline"
    rm -rf "$dest" "$dest.zip"
    return 0
  fi
  rm -f "$dest.zip"
  if [ ! -f "$dest/report.json" ]; then
    warn "artifact $name of run $run holds no report.json; building without a baseline"
    return 0
  fi
  FOUND=$dest
  log "baseline: the report of run $run on $from"
}

restore_baseline() {
  find_baseline
  output baseline "$FOUND"
}

run_build() {
  local dir=${INPUT_REPORT_DIR:-buildlens-report} formats=${INPUT_REPORT_FORMATS:-md} context=${INPUT_CONTEXT:-.}
  local -a own buildx argv
  local words="${RUNNER_TEMP:-/tmp}/buildlens-words.$$" code=0
  # A quote left open is the user's to fix: no build with half their arguments.
  if printf '%s' "${INPUT_BUILDLENS_ARGS:-}" | split_words >"$words.own" && printf '%s' "${INPUT_ARGS:-}" | split_words >"$words.buildx"; then
    mapfile -d '' -t own <"$words.own"
    mapfile -d '' -t buildx <"$words.buildx"
    argv=(build --report-dir "$dir" --report-format "$formats")
    [ -z "${BASELINE:-}" ] || argv+=(--baseline "$BASELINE")
    # buildlens's own options end at `--`; buildx's arguments follow untouched.
    argv+=("${own[@]}" -- "${buildx[@]}" "$context")
    node "$ACTION_PATH/dist/cli.js" "${argv[@]}" || code=$?
  else
    code=2
  fi
  rm -f "$words.own" "$words.buildx"
  output exit-code "$code"
  output report-dir "$dir"
  if [ ! -f "$dir/report.json" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '### buildlens\n\nNo report was made (exit code %s); the step log says why.\n' "$code" >>"$GITHUB_STEP_SUMMARY"
  fi
  return 0
}

case "${1:-}" in
  install) install ;;
  restore-baseline) restore_baseline ;;
  build) run_build ;;
  *)
    log "usage: github-action.sh install|restore-baseline|build"
    exit 2
    ;;
esac
