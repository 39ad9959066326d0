#!/usr/bin/env bash
# Prints the path of a fastcpp-gen for builds that do not build their own (scripts/sanitize.sh,
# scripts/fuzz.sh): FASTCPP_GENERATOR_EXECUTABLE when set, else the normal build's, built or
# brought up to date first (only fastcpp-gen, so the clang-dependent code is compiled once).
#
#   FASTCPP_GENERATOR_EXECUTABLE  an existing fastcpp-gen, used as it is
#   FASTCPP_BUILD_DIR             the normal build (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
main_build=${FASTCPP_BUILD_DIR:-$root/build}

if [ -n "${FASTCPP_GENERATOR_EXECUTABLE:-}" ]; then
  [ -x "$FASTCPP_GENERATOR_EXECUTABLE" ] ||
    { echo "generator: $FASTCPP_GENERATOR_EXECUTABLE is not executable" >&2; exit 1; }
  echo "$FASTCPP_GENERATOR_EXECUTABLE"
  exit 0
fi
if [ -f "$main_build/build.ninja" ]; then
  cmake --build "$main_build" --target fastcpp-gen >&2
else
  FASTCPP_BUILD_DIR="$main_build" "$root/scripts/build.sh" fastcpp-gen >&2
fi
echo "$main_build/generator/fastcpp-gen"
