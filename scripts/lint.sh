#!/usr/bin/env bash
# Holds the sources to the project's style (a step of scripts/test.sh); any finding fails it:
#
#   format  clang-format-16 --dry-run -Werror (.clang-format) over the C++ of runtime/,
#           generator/, tests/, fuzz/, bench/ and samples/; not tests/golden/, which is the
#           generator's output as it is, compared byte for byte
#   tidy    clang-tidy-16 (.clang-tidy, every check's finding an error) over runtime/src/ and
#           generator/, with the compile_commands.json of the build (the generator's files only
#           when that build has the generator)
#   shell   shellcheck over every *.sh
#
#   scripts/lint.sh            # all three
#   scripts/lint.sh --fix      # formats the files in place first (the findings of clang-tidy
#                              # and shellcheck are left to you)
#   scripts/lint.sh format     # some parts only
#
#   FASTCPP_BUILD_DIR   the configured build clang-tidy reads (default: build)
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

# One file through clang-tidy; its findings printed together, whatever runs beside it.
tidy_one() {
  local out
  if ! out=$(clang-tidy-16 -p "$build" --quiet --warnings-as-errors='*' "$1" 2>&1); then
    printf '%s\n' "$out"
    return 1
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
  export build
  export -f tidy_one
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
