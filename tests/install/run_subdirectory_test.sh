#!/usr/bin/env bash
# Run by the install.add_subdirectory test (see CMakeLists.txt beside this file): configures and
# builds subdirectory_consumer/ with fastcpp as its subdirectory, then runs the service on a free
# port, checks two answers over a socket and that SIGTERM stops it cleanly.
#
#   run_subdirectory_test.sh FASTCPP_SOURCE_DIR WORK_DIR CMAKE_GENERATOR [CMAKE_ARGS...]
set -euo pipefail
source_dir=$1 work=$2 generator=$3
shift 3
consumer=$(cd "$(dirname "$0")" && pwd)/subdirectory_consumer

fail() {
  echo "install.add_subdirectory: $*" >&2
  exit 1
}
run() {  # run LOG COMMAND...: the command's output goes to LOG, shown when it fails
  local log=$1
  shift
  "$@" > "$log" 2>&1 || { cat "$log" >&2; fail "failed: $*"; }
}

rm -rf "$work"
mkdir -p "$work"
run "$work/configure.log" cmake -S "$consumer" -B "$work/build" -G "$generator" \
  -DFASTCPP_SOURCE_DIR="$source_dir" "$@"
run "$work/build.log" cmake --build "$work/build"

# The log exists before the service starts: the background job opens it in its own time.
: > "$work/service.log"
"$work/build/hello" --port 0 --no-access-log 2> "$work/service.log" &
pid=$!
trap 'kill "$pid" 2> /dev/null || true' EXIT
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*Serving on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$work/service.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2> /dev/null || { cat "$work/service.log" >&2; fail "the service exited"; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/service.log" >&2; fail "the service did not say its port"; }

get() {  # get PATH: the whole answer to GET PATH, on a connection of its own
  local answer
  exec 3<> "/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' "$1" >&3
  answer=$(cat <&3)
  exec 3<&-
  printf '%s' "$answer" | tr -d '\r'
}
expect() {  # expect PATH STATUS BODY
  local answer
  answer=$(get "$1")
  [[ $answer == "HTTP/1.1 $2 "* ]] || fail "GET $1: not a $2:"$'\n'"$answer"
  [[ $answer == *$'\n\n'"$3" ]] || fail "GET $1: not the body $3:"$'\n'"$answer"
}
expect /hello/world 200 '{"hello":"world"}'
expect /hello/nobody 404 '{"detail":"Nobody to greet"}'

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT
[ "$status" -eq 0 ] || { cat "$work/service.log" >&2; fail "the service exited $status on SIGTERM"; }
echo "install.add_subdirectory: built, answered and stopped"
