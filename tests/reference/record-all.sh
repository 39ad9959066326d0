#!/usr/bin/env bash
# Re-records tests/conformance/<sample>.json and tests/reference/openapi/<sample>.json (the bytes
# of FastAPI's /openapi.json) from the real FastAPI: for each sample, serves
# tests/reference/<sample>.py with ../shared/tools/fastapi-reference (relative to the repository
# root; FASTAPI_REFERENCE overrides it) on a free port, runs record.py against it, fetches the
# document, stops it. Then records FastAPI's docs pages into tests/reference/docs/pages.json.
#   tests/reference/record-all.sh [SAMPLE...]      (default: every sample)
# The forms and security samples need python-multipart in the chroot: record.py says how.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=${FASTAPI_REFERENCE:-$root/../shared/tools/fastapi-reference}
[ -x "$tool" ] || { echo "record-all.sh: $tool not found (set FASTAPI_REFERENCE)" >&2; exit 2; }
samples=("$@")
[ ${#samples[@]} -gt 0 ] ||
  samples=(items unicorns override_handlers reuse_handlers body_validation kitchen_sink websockets
           constraints cors types datetimes decimals response_model fastapi_extras dependencies
           security_utilities app_dependencies param_options forms security)

logdir=$(mktemp -d)
server=""
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
trap 'stop_server; rm -rf "$logdir"' EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

wait_for_port() {  # PORT: up to 30 s; fails early if the server died
  for _ in $(seq 300); do
    if python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null; then
      return 0
    fi
    kill -0 "$server" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

for sample in "${samples[@]}"; do
  app="$here/$sample.py"
  [ -f "$app" ] || { echo "record-all.sh: no $app" >&2; exit 2; }
  port=$(free_port)
  log="$logdir/$sample.log"
  "$tool" run "$app" "$port" >"$log" 2>&1 &
  server=$!
  if ! wait_for_port "$port"; then
    echo "record-all.sh: $sample did not start on port $port:" >&2
    cat "$log" >&2
    exit 1
  fi
  if ! python3 "$here/record.py" --sample "$sample" --port "$port"; then
    echo "record-all.sh: recording $sample failed; server log:" >&2
    cat "$log" >&2
    exit 1
  fi
  openapi_url=/openapi.json
  [ "$sample" != fastapi_extras ] || openapi_url=/api/openapi.json  # its app's openapi_url=
  python3 -c 'import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
    "http://127.0.0.1:$port$openapi_url" > "$here/openapi/$sample.json"
  stop_server
done
# The apps that only an OpenAPI document is recorded from (tests/golden/openapi's snippets).
for app in "$here"/openapi/*.py; do
  port=$(free_port)
  "$tool" run "$app" "$port" >"$logdir/openapi.log" 2>&1 &
  server=$!
  wait_for_port "$port" || { cat "$logdir/openapi.log" >&2; exit 1; }
  python3 -c 'import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
    "http://127.0.0.1:$port/openapi.json" > "${app%.py}.json"
  stop_server
done
"$tool" python -c "$(cat "$here/record_docs.py")" > "$here/docs/pages.json"
# The middleware's answers under every option, over ASGI (tests/unit/middleware_test.cpp).
"$tool" python -c "$(cat "$here/record_middleware.py")" > "$root/tests/conformance/middleware.json"
