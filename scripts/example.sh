#!/usr/bin/env bash
# The README's first command: build examples/node-app through buildlens on
# this machine, setting up the engine and the fixture base image if missing,
# and write the report files to ./buildlens-report.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/engine.sh
bash scripts/fixture-images.sh --only debian
[ -f dist/cli.js ] || npm run build --silent
exec node dist/cli.js build --load -t buildlens-example/node-app:latest \
  --report-dir buildlens-report --report-format json,md,sarif,html \
  examples/node-app "$@"
