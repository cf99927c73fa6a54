#!/usr/bin/env bash
# Creates the demo site once (kept between runs) and serves it.
set -euo pipefail
binary=$1
data_dir=$2
listen=$3

if [[ ! -f "$data_dir/guardpress.sqlite3" ]]; then
    "$binary" init --data-dir "$data_dir" --demo
fi
echo "GuardPress demo: http://$listen/  (Ctrl-C stops it; delete $data_dir to start afresh)"
# Canonical links, sitemaps and feeds name the address the demo is served on.
GP_SITE__BASE_URL="http://$listen" exec "$binary" serve --data-dir "$data_dir" --listen "$listen"
