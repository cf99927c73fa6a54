#!/usr/bin/env bash
# Usage: bash bench/cold_start.sh BINARY SITE_DIR PORT  (prints one line; run it several times)
# CPU time (utime+stime, ms) of `guardpress serve` from exec to its first 200 of /, and its RSS then.
bin=$1 site=$2 port=$3
GP_SITE__BASE_URL="http://127.0.0.1:$port" GP_SERVER__ACCESS_LOG=false "$bin" serve --data-dir "$site" --listen 127.0.0.1:$port >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100000); do
  if { exec 3<>/dev/tcp/127.0.0.1/$port; } 2>/dev/null; then
    printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3; read -r _ s _ <&3; exec 3<&- 3>&-
    [[ "$s" == 200 ]] && break
  fi
done
tck=$(getconf CLK_TCK)
read -r -a st < /proc/$pid/stat
echo "cpu_ms=$(( (st[13] + st[14]) * 1000 / tck )) rss_kb=$(awk '/VmRSS/{print $2}' /proc/$pid/status) anon_kb=$(awk '/RssAnon/{print $2}' /proc/$pid/status) file_kb=$(awk '/RssFile/{print $2}' /proc/$pid/status)"
kill $pid; wait $pid 2>/dev/null
