#!/usr/bin/env bash
# Seconds from `make demo` on a fresh clone to the demo's first 200 of /, with ccache off so
# every file is compiled (docs/benchmarks.md "make demo to the first page").
#
#   bash bench/demo_first_page.sh [REV] [PORT]     (REV: a commit of this repository, default HEAD)
#
# Clones REV into a temp dir, runs `make demo` there with JOBS=2, polls / once a second, prints
# the seconds and stops the make it started (by PID, with its children). Needs the packages
# scripts/install-deps.sh installs; run it on an otherwise idle machine.
set -euo pipefail
rev=${1:-HEAD}
port=${2:-18491}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d /tmp/gp-demo-first-page.XXXXXX)
make_pid=""
cleanup() {
    if [[ -n $make_pid ]]; then
        kill -- -"$make_pid" 2>/dev/null || kill "$make_pid" 2>/dev/null || true
        wait "$make_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/src"
git -C "$work/src" checkout -q "$rev"
started=$(date +%s)
# Its own process group, so the server make starts is stopped with it.
setsid env CCACHE_DISABLE=1 make -C "$work/src" demo JOBS=2 DEMO_DIR="$work/data" \
    DEMO_LISTEN="127.0.0.1:$port" >"$work/make.log" 2>&1 &
make_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
    if ! kill -0 "$make_pid" 2>/dev/null; then
        echo "make demo ended before the site answered:" >&2
        tail -20 "$work/make.log" >&2
        exit 1
    fi
    sleep 1
done
echo "make demo at $(git -C "$work/src" rev-parse --short HEAD): first 200 of / after $(( $(date +%s) - started )) s"
