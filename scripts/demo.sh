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
exec "$binary" serve --data-dir "$data_dir" --listen "$listen"
