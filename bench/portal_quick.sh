#!/usr/bin/env bash
# Quick figures for the portal: demo init time, RSS of `serve` on the demo site, and wrk on an
# uncached article page, the section page and the home page. Run by hand, not by `make test`:
#   bash bench/portal_quick.sh [build/guardpress]
# Needs wrk (apt-get install wrk). Traffic goes to 127.0.0.1 only and stops after 5 s per case.
set -euo pipefail
binary=$(realpath "${1:-build/guardpress}")
work=$(mktemp -d)
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

start=$(date +%s%N)
"$binary" init --data-dir "$work/site" --demo >/dev/null
echo "demo init: $(( ($(date +%s%N) - start) / 1000000 )) ms"

"$binary" serve --data-dir "$work/site" --listen 127.0.0.1:0 >"$work/out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/out")
article=$(curl -s "$url/news/" | grep -o '/news/[a-z/]*[0-9]*\.html' | head -1)
echo "RSS after start: $(ps -o rss= -p "$server_pid") KiB"

for path in "$article" /news/ /; do
    echo "== wrk -t1 -c32 -d5s $path"
    wrk -t1 -c32 -d5s --latency "$url$path" | grep -E 'Requests/sec|50%|99%|Non-2xx'
done
echo "RSS after load: $(ps -o rss= -p "$server_pid") KiB"
