#!/usr/bin/env bash
# Installs what fastcpp needs to build on Debian bookworm, and nothing twice.
#
#   scripts/setup.sh            # Debian packages (the linters of scripts/lint.sh included)
#                               # + cpp-httplib >= 0.33 + the npm packages of scripts/npm/
#
# npm: scripts/npm/package.json (exact versions) is installed into $cache_dir/npm (`npm install`,
# again only when package.json changed): swagger-ui-dist and redoc, which libfastcpp embeds
# for /docs and /redoc, and the tests' @redocly/cli (OpenAPI lint) and playwright-core (which
# drives Debian's chromium in the browser test).
#
# cpp-httplib: bookworm ships 0.11, which has no WebSocket server. Unless an installed
# httplib.h is new enough, this takes Debian's own source package of cpp-httplib from sid
# with a private sources list (the system's apt configuration is left untouched), checks
# CPPHTTPLIB_VERSION, and keeps the header in the cache directory below. It prints the
# directory that holds httplib.h on its last line.
set -euo pipefail

packages=(cmake ninja-build g++ clang-16 libclang-16-dev llvm-16-dev libclang-rt-16-dev
          libfmt-dev nlohmann-json3-dev libre2-dev zlib1g-dev libgtest-dev wrk curl
          clang-format-16 clang-tidy-16 shellcheck python3 nginx-light openssl chromium xz-utils)
cache_dir=${FASTCPP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fastcpp}
min_httplib=0.33.0

log() { echo "setup: $*" >&2; }

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

httplib_version() {  # prints the CPPHTTPLIB_VERSION of the httplib.h given, or nothing
  sed -n 's/^#define CPPHTTPLIB_VERSION "\([0-9.]*\)".*/\1/p' "$1" 2>/dev/null | head -n1
}

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}; run this script as root, or install them"
    exit 1
  fi
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

fetch_httplib() {  # Debian's source package, unpacked into $cache_dir/cpp-httplib
  local work="$cache_dir/apt" dest="$cache_dir/cpp-httplib"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
  echo "deb-src http://deb.debian.org/debian sid main" > "$work/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
                  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
                  -o "APT::Sandbox::User=root"
                  # A mirror frozen at a date (a snapshot) serves a sid Release past its
                  # Valid-Until; its signature is still checked.
                  -o "Acquire::Check-Valid-Until=false")
  log "fetching Debian's cpp-httplib source package (sid)"
  apt-get "${apt_opts[@]}" update -qq >&2
  (cd "$work/src" && rm -f cpp-httplib_* && apt-get "${apt_opts[@]}" source --download-only -qq cpp-httplib >&2)
  local origs=("$work/src"/cpp-httplib_*.orig.tar.*)
  local orig=${origs[0]}
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  tar -xf "$orig" -C "$dest.tmp" --strip-components=1 --wildcards '*/httplib.h' '*/LICENSE'
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
}

find_httplib() {  # prints a directory with a new enough httplib.h, if there is one
  for dir in /usr/include /usr/local/include "$cache_dir/cpp-httplib"; do
    local v
    v=$(httplib_version "$dir/httplib.h")
    if [ -n "$v" ] && version_ge "$v" "$min_httplib"; then echo "$dir"; return 0; fi
  done
  return 1
}

install_npm() {  # scripts/npm/package.json into $cache_dir/npm, unless it is there already
  local source dest="$cache_dir/npm"
  # The machine's Node.js and npm when it has them (a nodesource Node.js 20, with which Debian's
  # npm package would conflict); Debian's otherwise. Debian's Node.js 18 serves the docs pages'
  # assets; the tests' @redocly/cli and playwright-core ask for Node.js 20.
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
      log "npm not found: run this script as root, or install Node.js 20 with npm"
      exit 1
    fi
    log "installing Debian's nodejs and npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >&2
  fi
  source="$(cd "$(dirname "$0")" && pwd)/npm/package.json"
  if cmp -s "$source" "$dest/package.json" && [ -d "$dest/node_modules/swagger-ui-dist" ]; then
    return 0
  fi
  log "installing the npm packages of scripts/npm/package.json into $dest"
  mkdir -p "$dest"
  cp "$source" "$dest/package.json"
  (cd "$dest" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
}

install_packages
install_npm
if ! dir=$(find_httplib); then
  fetch_httplib
  dir=$(find_httplib) || { log "cpp-httplib >= $min_httplib not found after fetching"; exit 1; }
fi
log "cpp-httplib $(httplib_version "$dir/httplib.h") in $dir"
echo "$dir"
