#!/usr/bin/env bash
# Fetches the web app's third-party front-end code from npm (pinned by web/package-lock.json)
# and copies the files the pages use into the package's static/vendor folder. Nothing
# third-party is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f web/package.json ] || exit 0
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ -f web/build.mjs ]; then
  (cd web && node build.mjs)
fi
