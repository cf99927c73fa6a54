#!/usr/bin/env bash
# Installs what GuardPress needs to build, test and run the demo, from Debian's
# packages and the npm registry. Idempotent: quiet when everything is there.
set -euo pipefail

packages=(
    build-essential cmake pkg-config ccache
    libboost1.81-dev libsqlite3-dev libicu-dev libkainjow-mustache-dev libgumbo-dev
    libcmark-gfm-dev libcmark-gfm-extensions-dev libdtl-dev libsodium-dev liboath-dev libqrencode-dev libtomlplusplus-dev
    nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev zlib1g-dev libbrotli-dev libssl-dev
    libxml2-dev libpwquality-dev cracklib-runtime libgmime-3.0-dev libmagic-dev libvips-dev
    libpqxx-dev libhiredis-dev
    libgtest-dev libgmock-dev libbenchmark-dev sqlite3 curl python3
    # The store contract suite starts its own PostgreSQL and Redis servers on 127.0.0.1.
    postgresql redis-server
    clang clang-format clang-tidy libclang-rt-14-dev
)
for option in "$@"; do
    case "$option" in
        --with-browser) packages+=(chromium fonts-wqy-microhei) ;;
        # Only `make bench` needs these: nginx as the static-file yardstick, wrk to drive both.
        --with-bench) packages+=(nginx libnginx-mod-http-brotli-static wrk util-linux) ;;
        *) echo "usage: $0 [--with-browser] [--with-bench]" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node.js may come from Debian or from another package source; only ask apt when it is absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi
