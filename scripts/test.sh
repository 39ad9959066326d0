#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test (unit, generator, golden,
# end to end, sanitizers where enabled). Exits non-zero when any test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FASTCPP_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300
