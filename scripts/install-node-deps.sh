#!/usr/bin/env bash
# Installs the npm packages the browser tests use, pinned by tests/browser/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
if [[ ! -d node_modules/playwright-core ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
