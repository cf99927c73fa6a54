#!/usr/bin/env bash
# Builds every fuzz/*_fuzz.cpp with clang and libFuzzer and runs each for a short while.
set -euo pipefail
build_dir=${1:-build-fuzz}
seconds=${2:-20}
cd "$(dirname "$0")/.."
command -v clang++ >/dev/null || { echo "fuzz-smoke: clang++ is missing" >&2; exit 1; }
cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGP_FUZZ=ON >/dev/null
for src in fuzz/*_fuzz.cpp; do
    name=$(basename "$src" .cpp)
    cmake --build "$build_dir" -j2 --target "$name" >/dev/null
    seeds="fuzz/corpus/${name%_fuzz}"
    scratch=$(mktemp -d)
    echo "fuzz-smoke: $name for ${seconds}s"
    status=0
    "$build_dir/fuzz/$name" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$scratch/" "$scratch" "$seeds" \
        >"$scratch.log" 2>&1 || status=$?
    grep -E 'stat::number_of_executed_units' "$scratch.log" || true
    if [[ $status -ne 0 ]]; then
        tail -40 "$scratch.log" >&2
        ls "$scratch"/crash-* "$scratch"/timeout-* "$scratch"/oom-* 2>/dev/null >&2 || true
        echo "fuzz-smoke: $name failed (exit $status)" >&2
        exit 1
    fi
    rm -rf "$scratch" "$scratch.log"
done
