#!/usr/bin/env bash
# CTest bench_smoke: runs bench/run.sh for one second per server against the items sample (no
# build, no FastAPI, no generator timings) and checks that it exits 0 and measured both servers
# on both items shapes. docs/benchmarks.md is left alone: the report goes to OUT_DIR.
#
#   bench/smoke_test.sh BUILD_DIR OUT_DIR
set -euo pipefail

build_dir=${1:?usage: smoke_test.sh BUILD_DIR OUT_DIR}
out=${2:?usage: smoke_test.sh BUILD_DIR OUT_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"

status=0
bash "$here/run.sh" --quick --only items --no-fastapi --no-generator --no-build \
  --build-dir "$build_dir" --report "$out/report.md" --tsv "$out/medians.tsv" \
  > "$out/output.txt" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  cat "$out/output.txt"
  [ "$status" -eq 77 ] && exit 77  # no wrk: skipped
  echo "bench_smoke: bench/run.sh exited with $status"
  exit 1
fi

# Every (shape, server) pair must have a positive request rate and latency figures.
missing=0
for shape in items_200 items_404; do
  for server in fastcpp hand; do
    if ! awk -F'\t' -v s="$shape" -v l="$server" \
         '$1 == s && $2 == l && $3 > 0 && $4 > 0 && $5 > 0 { found = 1 } END { exit !found }' \
         "$out/medians.tsv"; then
      echo "bench_smoke: no figures for $server on $shape"
      missing=1
    fi
  done
done
grep -q '^| items_200 ' "$out/report.md" || { echo "bench_smoke: no items_200 row"; missing=1; }
if [ "$missing" -ne 0 ]; then
  cat "$out/output.txt"
  exit 1
fi
cat "$out/medians.tsv"
