#!/usr/bin/env bash
# Fails when a C++ file differs from what clang-format (Debian's 14, .clang-format) would write.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'fuzz/*.cpp')
clang-format --dry-run -Werror "${files[@]}"
echo "format-check: ${#files[@]} files formatted"
