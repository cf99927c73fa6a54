#!/usr/bin/env bash
# GuardPress against nginx serving the very same bytes as static files (docs/benchmarks.md).
#
#   bash bench/run.sh [BUILD_DIR]            (or: make bench)
#
# Builds nothing: BUILD_DIR (default build) must hold guardpress and gp_make_site. Creates the
# demo site and a generated 10,000-article site in a temp dir, starts `guardpress serve` and
# nginx on 127.0.0.1 (both pinned to CPU $SERVER_CPU, wrk to CPU $WRK_CPU, one server process or
# I/O thread each, access logs off, keep-alive, gzip), copies every benchmarked page from
# GuardPress into nginx's root with its gzip and brotli bytes, and runs wrk on each case,
# alternating the two servers, $ROUNDS rounds. Prints one table of medians, cold start and RSS.
# Every process it starts is stopped by PID at the end. Needs nginx, wrk, curl
# (scripts/install-deps.sh --with-bench).
#
# Knobs (environment): ROUNDS=3 DURATION=5 CONNECTIONS=64 THREADS=1 ARTICLES=10000
# SERVER_CPU=0 WRK_CPU=1 GP_IO_THREADS=1 ENCODING=gzip
set -euo pipefail

build=$(realpath "${1:-build}")
binary="$build/guardpress"
make_site="$build/gp_make_site"
here=$(dirname "$(realpath "$0")")
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
ARTICLES=${ARTICLES:-10000}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
GP_IO_THREADS=${GP_IO_THREADS:-1}
ENCODING=${ENCODING:-gzip}
GP_PORT=${GP_PORT:-18481}
NGINX_PORT=${NGINX_PORT:-18482}

for tool in nginx wrk curl taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool: bash scripts/install-deps.sh --with-bench" >&2; exit 2; }
done
[[ -x "$binary" && -x "$make_site" ]] || { echo "build first: $binary, $make_site" >&2; exit 2; }

work=$(mktemp -d /tmp/gp-bench.XXXXXX)
gp_pid=""
nginx_pid=""
stop_gp() {
    if [[ -n "$gp_pid" ]]; then kill "$gp_pid" 2>/dev/null || true; wait "$gp_pid" 2>/dev/null || true; fi
    gp_pid=""
}
stop_nginx() {
    if [[ -n "$nginx_pid" ]]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    nginx_pid=""
}
cleanup() { stop_gp; stop_nginx; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts guardpress on a site; sets cold_ms to the milliseconds from exec to the first 200 of
# "/". Polled with bash builtins only (/dev/tcp, $EPOCHREALTIME): spawning curl in a loop would
# cost more than the start itself.
cold_ms=0
start_gp() {
    local site=$1 start status
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

start_nginx() {
    local root=$1
    mkdir -p "$work/nginx/tmp"
    sed -e "s|@WORK@|$work/nginx|g" -e "s|@ROOT@|$root|g" -e "s|@PORT@|$NGINX_PORT|g" \
        "$here/nginx.conf.in" >"$work/nginx/nginx.conf"
    taskset -c "$SERVER_CPU" nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
    nginx_pid=$!
    for _ in $(seq 200); do
        curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && return
        sleep 0.05
    done
    echo "nginx did not start:" >&2
    cat "$work/nginx/nginx-error.log" >&2
    exit 1
}

# The file nginx serves for a request path ("/news/" → news/index.html, "/a.css?v=1" → a.css).
file_for() {
    local path=${1%%\?*}
    [[ "$path" == */ ]] && path="${path}index.html"
    [[ "$path" == /search ]] && path=/search.html
    echo "$path"
}

# Copies GuardPress's answer for a path into nginx's root: identity, gzip and brotli bytes.
export_page() {
    local root=$1 path=$2 file
    file="$root$(file_for "$path")"
    mkdir -p "$(dirname "$file")"
    local url="http://127.0.0.1:$GP_PORT$path"
    curl -s -o "$file" "$url"
    curl -s -H 'Accept-Encoding: gzip' -o "$file.gz" -D "$work/h" "$url"
    grep -qi '^content-encoding: gzip' "$work/h" || rm -f "$file.gz"
    curl -s -H 'Accept-Encoding: br' -o "$file.br" -D "$work/h" "$url"
    grep -qi '^content-encoding: br' "$work/h" || rm -f "$file.br"
}

# wrk once; prints "req/s p50_ms p99_ms".
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
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx/ { non2xx = $NF }
        END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' "$work/wrk.out"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A results
# Runs one case both ways for one round; stores the figures under "site|case|server|round".
measure() {
    local site=$1 name=$2 gp_url=$3 nginx_url=$4 round=$5
    shift 5
    results["$site|$name|gp|$round"]=$(run_wrk "$gp_url" "$@")
    results["$site|$name|nginx|$round"]=$(run_wrk "$nginx_url" "$@")
}

report_case() {
    local site=$1 name=$2 field gp ng
    local -a row=()
    for server in gp nginx; do
        for field in 1 2 3; do
            row+=("$(for r in $(seq "$ROUNDS"); do
                echo "${results["$site|$name|$server|$r"]}" | cut -d' ' -f"$field"
            done | median)")
        done
    done
    gp=${row[0]}
    ng=${row[3]}
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.2f× |\n' "$site" "$name" \
        "${row[0]}" "${row[1]}" "${row[2]}" "${row[3]}" "${row[4]}" "${row[5]}" \
        "$(awk -v a="$gp" -v b="$ng" 'BEGIN { print (b > 0 ? a / b : 0) }')"
}

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs, $(uname -r)"
echo "== wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, Accept-Encoding: $ENCODING, rounds $ROUNDS;" \
     "servers on CPU $SERVER_CPU, wrk on CPU $WRK_CPU, guardpress io_threads=$GP_IO_THREADS"

# The two sites.
"$binary" init --data-dir "$work/demo" --demo >/dev/null
"$binary" init --data-dir "$work/big" >/dev/null
"$make_site" "$ARTICLES" >"$work/big.json"
"$binary" import --data-dir "$work/big" "$work/big.json" >/dev/null
rm -f "$work/big.json"
# A site in use has every article's related list kept (the server's background pass works them
# out after an import); `reindex` does it at once, so first renders are measured as they are
# in steady use and not while that pass runs.
"$binary" reindex --data-dir "$work/demo" >/dev/null
"$binary" reindex --data-dir "$work/big" >/dev/null

declare -a case_names=()
declare -A case_paths=()
add_case() { case_names+=("$1"); case_paths["$1"]=$2; }

bench_site() {
    local site=$1 dir=$2 walk=$3
    local root="$work/root-$site"
    mkdir -p "$root"
    start_gp "$dir"
    echo "== $site: cold start to the first 200 of /: $cold_ms ms; RSS after start $(ps -o rss= -p "$gp_pid") KiB"
    local gp="http://127.0.0.1:$GP_PORT" ng="http://127.0.0.1:$NGINX_PORT"
    case_names=()
    case_paths=()
    local article css
    article=$(curl -s "$gp/news/" | grep -o '/news/[a-z/-]*[0-9]*\.html' | head -1)
    css=$(curl -s "$gp/" | grep -o '/static/css/site\.css?v=[0-9a-f]*' | head -1)
    add_case "article (cached)" "$article"
    add_case "section /news/" "/news/"
    add_case "home /" "/"
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$gp/search?q=%E7%AD%89%E4%BF%9D") == 200 ]]; then
        add_case "search" "/search?q=%E7%AD%89%E4%BF%9D"
    else
        echo "== $site: skipped: no search route"
    fi
    add_case "404" "/no-such-page/"
    add_case "static css" "$css"
    for name in "${case_names[@]}"; do
        [[ "$name" == 404 ]] && continue
        export_page "$root" "${case_paths[$name]}"
    done
    curl -s -o "$root/404.html" "$gp/no-such-page/"
    # First renders: every article of the site once, in sitemap order; nginx gets the same
    # files for its first 1,000 (for a static server every file costs the same).
    curl -s "$gp/sitemap.txt" | sed -n "s|^http://127.0.0.1:$GP_PORT||p" | grep '\.html$' \
        >"$work/paths-$site"
    head -1000 "$work/paths-$site" >"$work/paths-$site-nginx"
    # One curl for all of them (identity and gzip; article pages have no brotli variant).
    while read -r path; do
        mkdir -p "$root$(dirname "$path")"
        printf 'next\nurl = "%s"\noutput = "%s"\nnext\nurl = "%s"\nheader = "Accept-Encoding: gzip"\noutput = "%s.gz"\n' \
            "$gp$path" "$root$path" "$gp$path" "$root$path"
    done <"$work/paths-$site-nginx" | tail -n +2 >"$work/curl-$site.conf"
    curl -s -K "$work/curl-$site.conf"
    start_nginx "$root"
    for round in $(seq "$ROUNDS"); do
        for name in "${case_names[@]}"; do
            measure "$site" "$name" "$gp${case_paths[$name]}" "$ng${case_paths[$name]}" "$round"
        done
        [[ "$walk" == yes ]] || continue
        # A fresh server, so that no page of the walk has been rendered yet.
        stop_gp
        start_gp "$dir"
        results["$site|article (first render)|gp|$round"]=$(GP_BENCH_PATHS="$work/paths-$site" \
            run_wrk "$gp/" -s "$here/walk.lua")
        echo "== $site round $round: first renders: $(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.out") requests over $(wc -l <"$work/paths-$site") articles"
        results["$site|article (first render)|nginx|$round"]=$(GP_BENCH_PATHS="$work/paths-$site-nginx" \
            run_wrk "$ng/" -s "$here/walk.lua")
    done
    echo "== $site: RSS after the runs: guardpress $(ps -o rss= -p "$gp_pid") KiB"
    echo
    echo "| site | case | GuardPress req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | ratio |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for name in "${case_names[@]}"; do report_case "$site" "$name"; done
    [[ "$walk" == yes ]] && report_case "$site" "article (first render)"
    echo
    stop_gp
    stop_nginx
}

bench_site demo "$work/demo" no
bench_site "${ARTICLES}-articles" "$work/big" yes
