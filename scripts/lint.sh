#!/usr/bin/env bash
# Holds the sources to the project's style (a step of scripts/test.sh); any finding fails it:
#
#   format  clang-format-16 --dry-run -Werror (.clang-format) over the C++ of runtime/,
#           generator/, tests/, fuzz/, bench/ and samples/; not tests/golden/, which is the
#           generator's output as it is, compared byte for byte
#   tidy    clang-tidy-16 (.clang-tidy, every check's finding an error) over runtime/src/ and
#           generator/, with the compile_commands.json of the build (the generator's files only
#           when that build has the generator), the files in parallel; a file that passed is not
#           run again until it, a header it includes, its flags or .clang-tidy change (the
#           build's dependency log says what it includes; see tidy_key)
#   shell   shellcheck over every *.sh
#
#   scripts/lint.sh            # all three
#   scripts/lint.sh --fix      # formats the files in place first (the findings of clang-tidy
#                              # and shellcheck are left to you)
#   scripts/lint.sh format     # some parts only
#
#   FASTCPP_BUILD_DIR   the configured build clang-tidy reads (default: build)
#   FASTCPP_TIDY_CACHE  0: run clang-tidy on every file, whatever passed before (default 1)
#
# The linters come with scripts/setup.sh's packages.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FASTCPP_BUILD_DIR:-$root/build}
cd "$root"

fix=0
parts=()
for arg in "$@"; do
  case $arg in
    --fix) fix=1 ;;
    format | tidy | shell) parts+=("$arg") ;;
    *) echo "usage: scripts/lint.sh [--fix] [format] [tidy] [shell]" >&2; exit 2 ;;
  esac
done
[ ${#parts[@]} -gt 0 ] || parts=(format tidy shell)

"$root/scripts/setup.sh" > /dev/null

log() { echo "lint: $*" >&2; }

cpp_sources() {
  find runtime generator tests fuzz samples bench -path tests/golden -prune -o -type f \
    \( -name '*.cpp' -o -name '*.hpp' \) -print | sort
}

lint_format() {
  local files
  mapfile -t files < <(cpp_sources)
  if [ "$fix" = 1 ]; then
    clang-format-16 -i "${files[@]}"
  fi
  if ! clang-format-16 --dry-run -Werror "${files[@]}"; then
    log "format: run scripts/lint.sh --fix (or clang-format-16 -i FILE...) and review the diff"
    return 1
  fi
}

# The key under which a file's clean clang-tidy run is remembered: a hash of clang-tidy's version,
# .clang-tidy, the file's compile command and every file the compiler read for it (ninja's
# dependency log), so an edit to any header it includes runs it again. Nothing (run it) when the
# build has no up-to-date object for the file: its dependency list may then be out of date.
tidy_key() {
  local command object deps dep
  command=$(grep -B1 -F "\"file\": \"$root/$1\"" "$build/compile_commands.json" | head -n1)
  object=$(sed -n 's/.* -o \([^ ]*\) .*/\1/p' <<< "$command")
  [ -n "$object" ] && [ -f "$build/$object" ] || return 0
  deps=$(ninja -C "$build" -t deps "$object" 2> /dev/null) || return 0
  [[ $(head -n1 <<< "$deps") == *"(VALID)" ]] || return 0
  # The log's paths are absolute, or relative to the build directory.
  mapfile -t deps < <(tail -n +2 <<< "$deps" | sed "s/^ *//; /^\$/d; s|^[^/]|$build/&|")
  for dep in "${deps[@]}"; do
    [ "$build/$object" -nt "$dep" ] || return 0
  done
  {
    clang-tidy-16 --version
    cat "$root/.clang-tidy" "$root/generator/.clang-tidy"
    printf '%s\n' "$command"
    cat "${deps[@]}"
  } | sha256sum | cut -d' ' -f1
}

# One file through clang-tidy; its findings printed together, whatever runs beside it. A file
# whose key passed before is not run again (FASTCPP_TIDY_CACHE=0: every file runs).
tidy_one() {
  local out key='' passed=$build/tidy-passed
  if [ "${FASTCPP_TIDY_CACHE:-1}" != 0 ]; then
    key=$(tidy_key "$1")
    if [ -n "$key" ] && [ -f "$passed/$key" ]; then
      return 0
    fi
  fi
  if ! out=$(clang-tidy-16 -p "$build" --quiet --warnings-as-errors='*' "$1" 2>&1); then
    printf '%s\n' "$out"
    return 1
  fi
  if [ -n "$key" ]; then
    mkdir -p "$passed"
    echo "$1" > "$passed/$key"
  fi
}

lint_tidy() {
  local db=$build/compile_commands.json files=() skipped=0
  if [ ! -f "$db" ]; then
    log "tidy: no $db; configure first (scripts/build.sh)"
    return 1
  fi
  local file
  while IFS= read -r file; do
    if grep -qF "\"file\": \"$root/$file\"" "$db"; then
      files+=("$file")
    else
      skipped=$((skipped + 1))
    fi
  done < <(find runtime/src generator -name '*.cpp' | sort)
  [ "$skipped" -eq 0 ] || log "tidy: $skipped files not in $db (a build without the generator?)"
  export root build
  export -f tidy_key tidy_one
  # shellcheck disable=SC2016  # $1 is the file, for the child shell to expand
  printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} bash -c 'tidy_one "$1"' _ {}
}

lint_shell() {
  local files
  mapfile -t files < <(find scripts bench tests -name '*.sh' | sort)
  shellcheck "${files[@]}"
}

failed=()
for part in "${parts[@]}"; do
  started=$SECONDS
  if "lint_$part"; then
    log "$part passed in $((SECONDS - started)) s"
  else
    log "$part FAILED after $((SECONDS - started)) s"
    failed+=("$part")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
