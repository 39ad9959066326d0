#!/usr/bin/env bash
# Installs what is missing, builds a sample service and serves it on 127.0.0.1.
#   scripts/serve.sh [SAMPLE] [--port PORT]     (default: items on port 8000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sample=items
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then sample=$1; shift; fi
"$root/scripts/build.sh" "$sample"
exec "${FASTCPP_BUILD_DIR:-$root/build}/samples/$sample" --host 127.0.0.1 "$@"
