#!/usr/bin/env bash
# One and two `guardpress serve` nodes on PostgreSQL + Redis beside one node on SQLite
# (docs/benchmarks.md, the Scale issue).
#
#   bash bench/nodes.sh [BUILD_DIR]
#
# Creates the demo site on SQLite, starts a throwaway PostgreSQL (initdb into a temp dir, run
# as `nobody` when this runs as root) and Redis on 127.0.0.1, moves the site into PostgreSQL
# with `guardpress migrate-store`, then drives each setup with wrk: SQLite, one PostgreSQL
# node, two PostgreSQL nodes (one wrk per node at the same time, their req/s added). Every
# node has one I/O thread and two workers and counts views and rate limits in Redis when on
# PostgreSQL. Every process it starts is stopped by PID at the end. Needs wrk, curl,
# PostgreSQL and redis-server (scripts/install-deps.sh --with-bench).
#
# Knobs (environment): DURATION=5 CONNECTIONS=64 ROUNDS=3
set -euo pipefail

build=$(realpath "${1:-build}")
binary="$build/guardpress"
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
for tool in wrk curl redis-server "$pg_bin/initdb"; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

work=$(mktemp -d /tmp/gp-nodes.XXXXXX)
chmod 755 "$work"
pids=()
as_db=()
[[ $(id -u) -eq 0 ]] && as_db=(runuser -u nobody --)
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

wait_for() {  # URL: polls until it answers 200, at most 20 s
    for _ in $(seq 400); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "$1") == 200 ]] && return
        sleep 0.05
    done
    echo "no answer from $1" >&2
    exit 1
}

pg_port=18491
redis_port=18492
mkdir -p "$work/pg" && chown nobody "$work/pg" 2>/dev/null || true
"${as_db[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust >/dev/null
"${as_db[@]}" "$pg_bin/postgres" -D "$work/pg" -p "$pg_port" -k "$work/pg" -c listen_addresses=127.0.0.1 \
    -c max_connections=100 >"$work/pg.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.05; done
"$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE guardpress" >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
    >"$work/redis.log" 2>&1 &
pids+=($!)

sqlite_site="$work/sqlite"
"$binary" init --data-dir "$sqlite_site" --demo >/dev/null
pg_url="postgresql://postgres@127.0.0.1:$pg_port/guardpress"
echo "== moving the demo site: $( { /usr/bin/time -f '%e s' "$binary" migrate-store \
    --from "sqlite:$sqlite_site" --to "postgres:$pg_url" >/dev/null; } 2>&1 )"
pg_site="$work/pg-site"
mkdir -p "$pg_site"
cp "$sqlite_site/guardpress.key" "$pg_site/"
cat "$sqlite_site/guardpress.toml" >"$pg_site/guardpress.toml"
printf '\n[store]\nbackend = "postgres"\nurl = "%s"\npool_size = 8\n' "$pg_url" >>"$pg_site/guardpress.toml"

start_node() {  # SITE PORT [cache backend]
    local site=$1 port=$2 cache=${3:-memory}
    GP_SITE__BASE_URL="http://127.0.0.1:$port" GP_SERVER__ACCESS_LOG=false GP_CACHE__BACKEND="$cache" \
        GP_CACHE__REDIS_URL="redis://127.0.0.1:$redis_port/0" \
        "$binary" serve --data-dir "$site" --listen "127.0.0.1:$port" >"$work/node-$port.log" 2>&1 &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/healthz"
}

run_wrk() {  # URL CONNECTIONS: prints req/s
    wrk -t1 -c"$2" -d"${DURATION}s" -H 'Accept-Encoding: gzip' "$1" |
        awk '/Requests\/sec/ { print $2 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

start_node "$sqlite_site" 18493
start_node "$pg_site" 18494 redis
start_node "$pg_site" 18495 redis
article=$(curl -s "http://127.0.0.1:18493/sitemap.txt" | grep -m1 '\.html$' | sed 's|^https\?://[^/]*||')
[[ -n "$article" ]] || { echo "no article in the sitemap" >&2; exit 1; }

echo "== wrk -t1 -d${DURATION}s -H 'Accept-Encoding: gzip', $ROUNDS rounds, medians; $(nproc) CPUs"
printf '| case | SQLite, 1 node | PostgreSQL, 1 node | PostgreSQL, 2 nodes |\n|---|---|---|---|\n'
for case in "article $article" "section /news/" "home /" "search /search?q=%E7%AD%89%E4%BF%9D%E6%B5%8B%E8%AF%84"; do
    name=${case%% *}
    path=${case#* }
    one_sqlite=() one_pg=() two_pg=()
    for _ in $(seq "$ROUNDS"); do
        one_sqlite+=("$(run_wrk "http://127.0.0.1:18493$path" "$CONNECTIONS")")
        one_pg+=("$(run_wrk "http://127.0.0.1:18494$path" "$CONNECTIONS")")
        half=$((CONNECTIONS / 2))
        run_wrk "http://127.0.0.1:18494$path" "$half" >"$work/a" &
        wa=$!
        run_wrk "http://127.0.0.1:18495$path" "$half" >"$work/b" &
        wb=$!
        wait "$wa" "$wb"
        two_pg+=("$(awk '{ s += $1 } END { printf "%.0f", s }' "$work/a" "$work/b")")
    done
    printf '| %s | %s | %s | %s |\n' "$name" \
        "$(printf '%s\n' "${one_sqlite[@]}" | median)" "$(printf '%s\n' "${one_pg[@]}" | median)" \
        "$(printf '%s\n' "${two_pg[@]}" | median)"
done
