#!/usr/bin/env bash
# Bundles the back end's article editor (editor/, TipTap pinned by its package-lock.json) into
# static/js/editor.js. Run by the build; without it the article form is a plain HTML textarea.
set -euo pipefail
cd "$(dirname "$0")/../editor"
if [[ ! -d node_modules/@tiptap/core ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build -- --log-level=warning
