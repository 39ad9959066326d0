#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang++-16, ASan and UBSan, and runs each one for a
# bounded time from its seed corpus (fuzz/corpus/<target>/). Exits non-zero when a target
# crashes, leaks, hits undefined behaviour, times out on one input or runs out of memory; the
# input that did it is left in <build>/artifacts/<target>/ (replay: <build>/fuzz/<target> FILE).
#
#   scripts/fuzz.sh [SECONDS]     total time, shared evenly by the targets (default 60)
#
#   FASTCPP_FUZZ_BUILD_DIR        build directory (default: build-fuzz)
#   FASTCPP_FUZZ_TARGETS          targets to run (default: all, fuzz_<name> for each
#                                 fuzz/<name>_fuzzer.cpp)
#   FASTCPP_GENERATOR_EXECUTABLE  the fastcpp-gen that generates fuzz_kitchen_sink's service
#                                 (default: the one in FASTCPP_BUILD_DIR, default build/, brought
#                                 up to date there)
#
# Corpora grow in <build>/corpus/<target>/, never in the repository. A longer run, say an hour
# per target: scripts/fuzz.sh 14400; or run a target by hand with libFuzzer's own options.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
total=${1:-60}
build=${FASTCPP_FUZZ_BUILD_DIR:-$root/build-fuzz}

httplib_dir=$("$root/scripts/setup.sh" | tail -n1)
generator=$("$root/scripts/generator.sh")

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
flags+=" -fno-sanitize-recover=undefined"
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DFASTCPP_HTTPLIB_INCLUDE_DIR="$httplib_dir" \
  -DFASTCPP_BUILD_FUZZERS=ON -DFASTCPP_BUILD_GENERATOR=OFF \
  -DFASTCPP_GENERATOR_EXECUTABLE="$generator" \
  -DFASTCPP_BUILD_SAMPLES=OFF -DFASTCPP_BUILD_TESTS=OFF -DFASTCPP_BUILD_BENCH=OFF \
  > "$build/configure.log" 2>&1 || { cat "$build/configure.log"; exit 1; }

all=()
for source in "$root"/fuzz/*_fuzzer.cpp; do all+=("fuzz_$(basename "$source" _fuzzer.cpp)"); done
read -r -a targets <<< "${FASTCPP_FUZZ_TARGETS:-${all[*]}}"
cmake --build "$build" --target "${targets[@]}"

per_target=$(( total / ${#targets[@]} ))
(( per_target > 0 )) || per_target=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz: $target for ${per_target}s" >&2
  # -timeout: one input may take 10 s at most; -rss_limit_mb: a leak or a blow-up is a finding.
  if ! "$build/fuzz/$target" -max_total_time="$per_target" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts" \
      "$corpus" "$root/fuzz/corpus/$name" > "$build/$target.log" 2>&1; then
    failed+=("$target")
    tail -n 40 "$build/$target.log" >&2
  fi
  grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$build/$target.log" \
    | sed "s/^/fuzz: $target: /" >&2 || true
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${per_target}s each, no finding" >&2
