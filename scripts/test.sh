#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: the unit, generator, golden,
# end-to-end, conformance and install tests of the normal build, the linters (scripts/lint.sh:
# clang-format, clang-tidy and shellcheck), then the same runtime, tests and samples under ASan +
# UBSan (scripts/sanitize.sh), then the fuzzers for a minute (scripts/fuzz.sh).
# Every step runs even when an earlier one failed; exits non-zero when any failed. .ci/run runs
# this.
#
#   FASTCPP_BUILD_DIR      the normal build (default: build); its fastcpp-gen also generates the
#                          sanitizer and fuzz builds' code, so clang's libraries are compiled once
#   FASTCPP_QUICK_TESTS=1  the normal build's tests and the linters only: no
#                          sanitizer build, no fuzzing (for a developer's edit-test loop; CI runs
#                          everything)
#   FASTCPP_FUZZ_SECONDS   the fuzzers' time in all (default 60)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export FASTCPP_BUILD_DIR=${FASTCPP_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"

failed=()
step() {  # step NAME COMMAND...: runs it, times it, and notes a failure
  local name=$1 started=$SECONDS
  shift
  echo "test: $name" >&2
  if "$@"; then
    echo "test: $name passed in $((SECONDS - started)) s" >&2
  else
    echo "test: $name FAILED after $((SECONDS - started)) s" >&2
    failed+=("$name")
  fi
}

step tests ctest --test-dir "$FASTCPP_BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 300
step lint "$root/scripts/lint.sh"
if [ "${FASTCPP_QUICK_TESTS:-0}" != 1 ]; then
  step sanitize "$root/scripts/sanitize.sh"
  step fuzz "$root/scripts/fuzz.sh" "${FASTCPP_FUZZ_SECONDS:-60}"
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "test: FAILED: ${failed[*]}" >&2
  exit 1
fi
