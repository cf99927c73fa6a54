#!/usr/bin/env bash
# What the page cache does not hide, on the generated site, without nginx: cold start, first
# renders of article pages, and a section page under load right after a restart
# (docs/benchmarks.md, "Rendering"). For measuring one change at a time; bench/run.sh is the
# full comparison with nginx.
#
#   bash bench/render.sh [BUILD_DIR] [SITE_DIR]
#
# SITE_DIR holds the generated site and is kept (created when missing, reused otherwise); without
# it a temp dir is used and removed. With PERF=1 `perf record -g` follows the server during the
# first renders and the report's top lines are printed. Every process it starts is stopped by
# PID. Needs wrk, curl, taskset (scripts/install-deps.sh --with-bench).
#
# Besides wrk's figures it prints the server's CPU time per first render (utime + stime from
# /proc over the requests served), which holds on a machine shared with other jobs where req/s
# does not.
#
# Knobs (environment): ARTICLES=10000 DURATION=5 CONNECTIONS=64 THREADS=1 STARTS=5 ROUNDS=3
# SERVER_CPU=0 WRK_CPU=1 GP_IO_THREADS=1 ENCODING=gzip PERF=0 SECTION=/news/
set -euo pipefail

build=$(realpath "${1:-build}")
binary="$build/guardpress"
make_site="$build/gp_make_site"
here=$(dirname "$(realpath "$0")")
ARTICLES=${ARTICLES:-10000}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
STARTS=${STARTS:-5}
ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
GP_IO_THREADS=${GP_IO_THREADS:-1}
ENCODING=${ENCODING:-gzip}
PERF=${PERF:-0}
SECTION=${SECTION:-/news/}
GP_PORT=${GP_PORT:-18491}

for tool in wrk curl taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool: bash scripts/install-deps.sh --with-bench" >&2; exit 2; }
done
[[ -x "$binary" && -x "$make_site" ]] || { echo "build first: $binary, $make_site" >&2; exit 2; }

work=$(mktemp -d /tmp/gp-render.XXXXXX)
site=${2:-$work/site}
gp_pid=""
perf_pid=""
stop_gp() {
    if [[ -n "$gp_pid" ]]; then kill "$gp_pid" 2>/dev/null || true; wait "$gp_pid" 2>/dev/null || true; fi
    gp_pid=""
}
cleanup() {
    if [[ -n "$perf_pid" ]]; then kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" 2>/dev/null || true; fi
    stop_gp
    rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -f "$site/guardpress.sqlite3" ]]; then
    "$binary" init --data-dir "$site" >/dev/null
    "$make_site" "$ARTICLES" >"$work/site.json"
    "$binary" import --data-dir "$site" "$work/site.json" >/dev/null
    rm -f "$work/site.json"
fi
# Related lists kept for every article, as the server's background pass leaves a site in use
# (a site made before the lists existed gets them here once).
if [[ $(sqlite3 "$site/guardpress.sqlite3" "SELECT count(*) FROM related_computed" 2>/dev/null || echo 0) == 0 ]]; then
    "$binary" reindex --data-dir "$site" >/dev/null
fi

# Starts the server; cold_ms is the time from exec to the first 200 of "/", polled with bash
# builtins only (/dev/tcp, $EPOCHREALTIME) so the polling costs less than the start.
cold_ms=0
start_gp() {
    local start status
    start=${EPOCHREALTIME/./}
    GP_SITE__BASE_URL="http://127.0.0.1:$GP_PORT" GP_SERVER__ACCESS_LOG=false \
        GP_SERVER__IO_THREADS="$GP_IO_THREADS" \
        taskset -c "$SERVER_CPU" "$binary" serve --data-dir "$site" \
        --listen "127.0.0.1:$GP_PORT" >"$work/gp.log" 2>&1 &
    gp_pid=$!
    for _ in $(seq 200000); do
        status=""
        if { exec 3<>"/dev/tcp/127.0.0.1/$GP_PORT"; } 2>/dev/null; then
            printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
            read -r _ status _ <&3 || true
            exec 3<&- 3>&-
        fi
        if [[ "$status" == 200 ]]; then
            cold_ms=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
            return
        fi
        kill -0 "$gp_pid" 2>/dev/null || break
    done
    echo "guardpress did not answer; log:" >&2
    cat "$work/gp.log" >&2
    exit 1
}

# wrk once; prints "req/s p50_ms p99_ms max_ms".
run_wrk() {
    local url=$1
    shift
    taskset -c "$WRK_CPU" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
        -H "Accept-Encoding: $ENCODING" "$@" "$url" >"$work/wrk.out" 2>&1
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000;
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0;
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000;
            return v + 0;
        }
        /Requests\/sec/ { rps = $2 }
        $1 == "Latency" && max == "" { max = ms($4) }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        END { printf "%.0f %.2f %.2f %.2f\n", rps, p50, p99, max }' "$work/wrk.out"
}

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs; load: $(uptime | sed 's/.*load average: //')"
echo "== $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'); site $site"

starts=()
for _ in $(seq "$STARTS"); do
    start_gp
    starts+=("$cold_ms")
    stop_gp
done
echo "cold start to the first 200 of / (ms, $STARTS starts): ${starts[*]}; median $(printf '%s\n' "${starts[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"

start_gp
curl -s "http://127.0.0.1:$GP_PORT/sitemap.txt" | sed -n "s|^http://127.0.0.1:$GP_PORT||p" |
    grep '\.html$' >"$work/paths"
stop_gp

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$gp_pid/stat"; }

echo "| round | first renders req/s | p50 ms | p99 ms | max ms | CPU µs per render | $SECTION after restart req/s | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
    start_gp
    if [[ "$PERF" == 1 && "$round" == 1 ]]; then
        perf record -g -o "$work/perf.data" -p "$gp_pid" 2>"$work/perf.log" &
        perf_pid=$!
    fi
    ticks=$(cpu_ticks)
    walk=$(GP_BENCH_PATHS="$work/paths" run_wrk "http://127.0.0.1:$GP_PORT/" -s "$here/walk.lua")
    served=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.out")
    per_render=$(awk -v t0="$ticks" -v t1="$(cpu_ticks)" -v n="$served" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.0f", (n > 0 ? (t1 - t0) * 1000000 / hz / n : 0) }')
    if [[ -n "$perf_pid" ]]; then
        kill -INT "$perf_pid"
        wait "$perf_pid" || true
        perf_pid=""
        perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
            grep -v '^#' | grep '%' >"$work/perf.top" || true
        perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null |
            grep -v '^#' | grep '%' >"$work/perf.dso" || true
    fi
    stop_gp
    start_gp
    section=$(run_wrk "http://127.0.0.1:$GP_PORT$SECTION")
    stop_gp
    read -r a b c d <<<"$walk"
    read -r e f g h <<<"$section"
    echo "| $round | $a | $b | $c | $d | $per_render | $e | $f | $g | $h |"
done
if [[ "$PERF" == 1 ]]; then
    echo
    echo "perf, first renders, by library:"
    head -12 "$work/perf.dso"
    echo
    echo "perf, first renders, top symbols:"
    head -40 "$work/perf.top"
fi
