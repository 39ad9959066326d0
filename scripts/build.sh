#!/usr/bin/env bash
# Configures and builds fastcpp in build/ (after scripts/setup.sh). Extra arguments are targets.
#   FASTCPP_BUILD_DIR   build directory (default: build)
#   FASTCPP_CMAKE_ARGS  extra arguments for the configure step
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FASTCPP_BUILD_DIR:-$root/build}

httplib_dir=$("$root/scripts/setup.sh" | tail -n1)
mkdir -p "$build"
# shellcheck disable=SC2086
cmake -S "$root" -B "$build" -G Ninja -DFASTCPP_HTTPLIB_INCLUDE_DIR="$httplib_dir" \
  ${FASTCPP_CMAKE_ARGS:-} > "$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" ${1:+--target "$@"}
