#!/usr/bin/env bash
# Runs clang-tidy 14 (.clang-tidy) over the C++ sources of src/, JOBS at a time, and fails on
# any finding. Usage: lint.sh BUILD_DIR [JOBS] [FILE...]; without files, every src/ .cpp except
# the folders in LINT_SKIP (docs/adr/0025-layer-arrows-checked.md says why those are left out).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$1
jobs=${2:-2}
shift $(($# < 2 ? $# : 2))

tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [[ -z $tidy ]]; then
    echo "lint: clang-tidy not found (scripts/install-deps.sh installs Debian's clang-tidy)" >&2
    exit 1
fi
if [[ ! -f $build_dir/compile_commands.json ]]; then
    echo "lint: no $build_dir/compile_commands.json; configure with cmake first" >&2
    exit 1
fi

if (($#)); then
    files=("$@")
else
    skip=${LINT_SKIP-src/admin src/app src/http src/notify src/site src/demo}
    pattern='^$'
    for dir in $skip; do pattern+="|^${dir%/}/"; done
    mapfile -t files < <(git ls-files 'src/*.cpp' | grep -Ev "$pattern")
fi

# One clang-tidy per file so the failures name their file; xargs exits non-zero if any failed.
printf '%s\n' "${files[@]}" |
    xargs -P "$jobs" -I{} "$tidy" -p "$build_dir" --quiet {} 2>/dev/null
echo "lint: ${#files[@]} files, no findings"
