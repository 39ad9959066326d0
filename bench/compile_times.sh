#!/usr/bin/env bash
# Compile times as a user meets them, against an installed fastcpp (issue 20):
#
#   bench/compile_times.sh [--build-dir DIR] [--jobs N] [--no-pch] [--no-peers | --peers LIST]
#                          [--label TEXT]
#
# Installs the build in DIR (default build/) into DIR/compile-times/prefix, then for synthetic
# services of bench/make_synthetic.sh (1 handler in 1 file, 30 in 3, 300 in 10): a full Release
# build with -jN (default 2) from an empty build directory, the rebuild after touching
# handlers_1.cpp, and the compile of handlers_1.cpp's object in that rebuild (read from
# .ninja_log: the generated file that includes it). Also the -O2 compile of the one-handler file
# on its own, as a user's file that includes only <fastcpp/fastcpp.hpp>, next to a file using only
# nlohmann/json and cpp-httplib's hello world (bench/compile_peers/). --no-pch configures
# the services with -DFASTCPP_PRECOMPILE_HEADERS=OFF. Then the same three services written for
# cpp-httplib, Pistache and RESTinio (bench/compile_peers/make_peer.py; Debian's libpistache-dev
# and librestinio-dev, installed when missing and run as root), built and touched the same way,
# the 300-handler one only in the peer that built the 30-handler one fastest: the figures to
# hold fastcpp's against (--no-peers leaves them out; --peers "pistache" runs only those, each
# on all three). Prints one `label<TAB>figure<TAB>seconds`
# line per figure (wall-clock seconds, then `cpu` and the user+system seconds of every process
# the step ran: on a shared machine the wall clock mostly measures the other load), and the load
# average before and after.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$root/build
jobs=2
label=fastcpp
cmake_args=()
peers=(httplib pistache restinio)
all_shapes=0
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --no-pch) cmake_args+=(-DFASTCPP_PRECOMPILE_HEADERS=OFF); shift ;;
    --no-peers) peers=(); shift ;;
    --peers) read -r -a peers <<< "$2"; all_shapes=1; shift 2 ;;
    --label) label=$2; shift 2 ;;
    *) sed -n '4,5p' "$0" | sed 's/^#  *//' >&2; exit 2 ;;
  esac
done

work=$build_dir/compile-times
prefix=$work/prefix
mkdir -p "$work"
cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log"

seconds() {  # runs "$@", prints its wall-clock and CPU seconds
  /usr/bin/time -o "$work/time.txt" -f '%e %U %S' "$@" > "$work/last.log" 2>&1 ||
    { cat "$work/last.log" >&2; return 1; }
  awk '{ printf "%.2f\tcpu %.2f", $1, $2 + $3 }' "$work/time.txt"
}

# The last ninja run's step that compiled handlers_1.cpp (through whichever generated file).
object_seconds() {
  awk -F'\t' '$4 ~ /handlers_1_cpp\.gen\.cpp\.o$|[^_]\.gen\.cpp\.o$/ { s = ($2 - $1) / 1000 }
              END { printf "%.2f", s }' "$1/.ninja_log"
}

figure() { printf '%s\t%s\t%s\n' "$label" "$1" "$2"; }

figure "load average before" "$(cut -d' ' -f1-3 /proc/loadavg)"
for shape in "synth1 1 1" "synth30 3 30" "synth300 10 300"; do
  read -r name files handlers <<< "$shape"
  src=$work/$name
  bin=$work/$name-build
  rm -rf "$bin"
  bash "$root/bench/make_synthetic.sh" "$src" "$name" "$files" "$handlers"
  cmake -S "$src" -B "$bin" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
    "${cmake_args[@]}" > "$work/$name.configure.log"
  figure "$name full build -j$jobs" "$(seconds cmake --build "$bin" -j "$jobs")"
  touch "$src/handlers_1.cpp"
  figure "$name touch one file" "$(seconds cmake --build "$bin" -j "$jobs")"
  figure "$name   its object" "$(object_seconds "$bin")"
  figure "$name no-op rebuild" "$(seconds cmake --build "$bin" -j "$jobs")"
done
figure "one handler file, c++ -O2 -c" \
  "$(seconds c++ -std=c++17 -O2 -I"$prefix/include" -c "$work/synth1/handlers_1.cpp" \
       -o "$work/handlers_1.o")"
# What the same compile costs elsewhere, in the same run: a file that only builds one
# nlohmann::json (the floor for a handler that returns JSON) and cpp-httplib's hello world.
figure "nlohmann/json alone, c++ -O2 -c" \
  "$(seconds c++ -std=c++17 -O2 -c "$root/bench/compile_peers/json_only.cpp" -o "$work/json.o")"
httplib_dir=$(sed -n 's/^FASTCPP_HTTPLIB_INCLUDE_DIR:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
figure "cpp-httplib hello world, c++ -O2 -c" \
  "$(seconds c++ -std=c++17 -O2 -I"$httplib_dir" -c "$root/bench/compile_peers/httplib_hello.cpp" \
       -o "$work/httplib.o")"
# The peers: the same services in other libraries, built the same way.
if [ ${#peers[@]} -gt 0 ] &&
   { [ ! -e /usr/include/pistache/router.h ] || [ ! -e /usr/include/restinio/all.hpp ]; }; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpistache-dev librestinio-dev libasio-dev > "$work/peers-install.log" 2>&1
  else
    echo "compile_times.sh: the peers need libpistache-dev and librestinio-dev" >&2
    peers=()
  fi
fi
peer_shape() {  # PEER FILES HANDLERS: its full build and touch figures; prints the full build's
  local peer=$1 files=$2 handlers=$3 full
  local src=$work/$peer-$handlers bin=$work/$peer-$handlers-build
  rm -rf "$bin"
  python3 "$root/bench/compile_peers/make_peer.py" "$src" "$peer" "$files" "$handlers"
  cmake -S "$src" -B "$bin" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DHTTPLIB_INCLUDE_DIR="$httplib_dir" > "$work/$peer-$handlers.configure.log"
  full=$(seconds cmake --build "$bin" -j "$jobs")
  figure "$peer ($files, $handlers) full build -j$jobs" "$full" >&2
  touch "$src/handlers_1.cpp"
  figure "$peer ($files, $handlers) touch one file" "$(seconds cmake --build "$bin" -j "$jobs")" >&2
  echo "$full"
}
# Every peer on the small services; the one whose 30-handler service built in the least CPU
# time (the best peer) on the 300-handler one too: the others take several times longer.
best="" best_cpu=""
for peer in "${peers[@]}"; do
  peer_shape "$peer" 1 1 > /dev/null
  cpu=$(peer_shape "$peer" 3 30 | awk '{ print $3 }')
  if [ "$all_shapes" = 1 ]; then
    peer_shape "$peer" 10 300 > /dev/null
  elif [ -z "$best" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
    best=$peer best_cpu=$cpu
  fi
done
if [ -n "$best" ]; then peer_shape "$best" 10 300 > /dev/null; fi
figure "load average after" "$(cut -d' ' -f1-3 /proc/loadavg)"
