#!/usr/bin/env bash
# The benchmark: fastcpp's generated sample services against the same routes hand-written on
# cpp-httplib (bench/handwritten_server.cpp) and against the real FastAPI, side by side; then
# fastcpp-gen and rebuild times on synthetic services. Each measurement is appended to a results
# file (JSON lines, described in bench/report.py); bench/report.py then computes the figures and
# writes the Markdown report, which this script prints and writes to docs/benchmarks.md.
#
#   bench/run.sh [--duration S] [--rounds N] [--quick] [--no-fastapi] [--only SHAPE[,SHAPE...]]
#                [--no-generator] [--no-build] [--build-dir DIR] [--report FILE] [--tsv FILE]
#                [--results FILE] [--nice N]
#
#   --duration S     seconds per wrk measurement (default 5)
#   --rounds N       rounds per sample (default 5); medians are reported
#   --quick          --duration 1 --rounds 1, fewer generator repetitions
#   --no-fastapi     skip FastAPI (skipped anyway when ../shared/tools/fastapi-reference is
#                    not set up)
#   --only LIST      request shapes to measure, or sample names (e.g. items): see shape_table
#   --no-generator   skip the fastcpp-gen and rebuild timings
#   --no-build       use the binaries already built (the CTest smoke test runs after the build)
#   --build-dir DIR  build directory (default: $FASTCPP_BUILD_DIR, else build/)
#   --report FILE    where the Markdown report goes (default docs/benchmarks.md; - : stdout only)
#   --tsv FILE       also write the medians as tab-separated values
#   --results FILE   keep the results file there (default: a scratch file, removed on exit);
#                    `bench/report.py FILE` writes the report from it again
#   --nice N         run servers, wrk and the timed builds at this niceness (e.g. -10, as root)
#                    so that other jobs on a shared machine disturb the figures less
#
# Load: wrk on loopback, 2 threads, 16 keep-alive connections; servers and wrk share the
# machine. Each server is started once per sample; its answers are checked byte for byte first,
# then the sample's shapes are measured on every server in rounds, in an order that reads the
# same backwards and is reversed every other round (see bench_sample). Exit status:
# 0 when the benchmark ran (missed targets are reported, not failed), 1 on error, 77 without wrk.
# The targets each figure is held to are in bench/report.py.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly THREADS=2 CONNECTIONS=16 WARMUP=1
readonly FASTAPI_TOOL=$ROOT/../shared/tools/fastapi-reference
readonly FASTAPI_ROOT=${FASTAPI_REFERENCE_ROOT:-/var/cache/fastapi-reference}
# The one shape bench/ceiling_server answers.
readonly CEILING_SHAPE=items_200

# The request shapes. baseline: for an error shape, the success shape of the same server it is
# compared with. script: the wrk Lua script of a POST (its wrk.body is also what curl sends).
# body: the expected answer, byte for byte (status as given, content-type application/json).
shape_table() {
  cat <<'EOF'
# name        sample          method path           script           status baseline     body
items_200     items           GET    /items/foo     -                200    -            {"item":"The Foo Wrestlers"}
items_404     items           GET    /items/bar     -                404    items_200    {"detail":"Item not found"}
unicorns_200  unicorns        GET    /unicorns/foo  -                200    -            {"unicorn_name":"foo"}
unicorns_418  unicorns        GET    /unicorns/yolo -                418    unicorns_200 {"message":"Oops! yolo did something. There goes a rainbow..."}
path_int_200  kitchen_sink    GET    /path/int/5    -                200    -            {"value":5}
path_int_422  kitchen_sink    GET    /path/int/abc  -                422    path_int_200 {"detail":[{"type":"int_parsing","loc":["path","value"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]}
body_200      body_validation POST   /items/        post_valid.lua   200    -            {"title":"towel","size":5}
body_422      body_validation POST   /items/        post_invalid.lua 422    body_200     {"detail":[{"type":"int_parsing","loc":["body","size"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"XL"}],"body":{"title":"towel","size":"XL"}}
EOF
}

# --- options and state --------------------------------------------------------------------------

duration=5
rounds=5
quick=0
with_fastapi=1
only=""
with_generator=1
do_build=1
build_dir=${FASTCPP_BUILD_DIR:-$ROOT/build}
report=$ROOT/docs/benchmarks.md
tsv=""
results=""          # the results file (--results, else in $work)
niceness=0
nice_prefix=()      # prepended to the commands --nice applies to; nice execs, the PID stays
command_line="bench/run.sh${*:+ $*}"

work=""             # scratch directory, removed on exit
started_pids=()     # processes this script started and has not stopped yet
fastapi_note=""     # why FastAPI was not measured, if it was not
clk_tck=$(getconf CLK_TCK)
declare -A shape_sample shape_method shape_path shape_script shape_status shape_baseline
declare -A shape_body
shape_names=()      # the selected shapes, in table order
samples=()          # their samples, in order

log() { echo "bench: $*" >&2; }

die() { log "error: $*"; exit 1; }

usage() {  # the synopsis and options above
  sed -n '/^#   bench\/run\.sh \[/,/^# Load:/p' "$0" | head -n -2 | sed 's/^# \{0,1\}//'
}

parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) duration=${2:?--duration needs a value}; shift ;;
      --rounds) rounds=${2:?--rounds needs a value}; shift ;;
      --quick) quick=1 ;;
      --no-fastapi) with_fastapi=0; fastapi_note="skipped: --no-fastapi" ;;
      --only) only=${2:?--only needs a value}; shift ;;
      --no-generator) with_generator=0 ;;
      --no-build) do_build=0 ;;
      --build-dir) build_dir=${2:?--build-dir needs a value}; shift ;;
      --report) report=${2:?--report needs a value}; shift ;;
      --tsv) tsv=${2:?--tsv needs a value}; shift ;;
      --results) results=${2:?--results needs a value}; shift ;;
      --nice) niceness=${2:?--nice needs a value}; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; exit 2 ;;
    esac
    shift
  done
  if [ "$quick" = 1 ]; then duration=1; rounds=1; fi
  [[ $duration =~ ^[1-9][0-9]*$ ]] || die "--duration takes whole seconds (wrk's unit)"
  [[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds takes a positive integer"
  [[ $niceness =~ ^-?[0-9]+$ ]] || die "--nice takes an integer"
  [ "$niceness" = 0 ] || nice_prefix=(nice -n "$niceness")
  build_dir=$(mkdir -p "$build_dir" && cd "$build_dir" && pwd)
}

load_shapes() {
  local name sample method path script status baseline body known=" " word
  while read -r name sample method path script status baseline body; do
    [[ -z $name || $name == \#* ]] && continue
    known+="$name $sample "
    if [ -n "$only" ] && [[ ",$only," != *",$name,"* && ",$only," != *",$sample,"* ]]; then
      continue
    fi
    shape_names+=("$name")
    shape_sample[$name]=$sample shape_method[$name]=$method shape_path[$name]=$path
    shape_script[$name]=$script shape_status[$name]=$status shape_baseline[$name]=$baseline
    shape_body[$name]=$body
    [[ " ${samples[*]:-} " == *" $sample "* ]] || samples+=("$sample")
  done < <(shape_table)
  for word in ${only//,/ }; do
    [[ $known == *" $word "* ]] || die "--only: unknown shape or sample '$word'"
  done
  [ ${#shape_names[@]} -gt 0 ] || die "no request shape selected"
}

check_fastapi() {
  [ "$with_fastapi" = 1 ] || return 0
  local why=""
  if [ ! -x "$FASTAPI_TOOL" ]; then
    why="../shared/tools/fastapi-reference not found"
  elif [ ! -x "$FASTAPI_ROOT/usr/bin/python3" ]; then
    why="fastapi-reference is not set up ($FASTAPI_ROOT/usr/bin/python3 is missing;"
    why+=" run '../shared/tools/fastapi-reference setup')"
  elif [ "$(id -u)" -ne 0 ]; then
    why="fastapi-reference needs root (it runs a chroot)"
  fi
  if [ -n "$why" ]; then
    log "FastAPI skipped: $why"
    with_fastapi=0 fastapi_note="skipped: $why"
  fi
}

# --- processes ----------------------------------------------------------------------------------

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do stop_pid "$pid"; done
  [ -n "$work" ] && rm -rf "$work"
}

# Stops a process this script started: TERM, then KILL if it is still there after 5 s. It is
# forgotten at once, so that cleanup never signals a recycled PID.
stop_pid() {
  local pid=$1 p i rest=()
  for p in "${started_pids[@]}"; do [ "$p" = "$pid" ] || rest+=("$p"); done
  started_pids=("${rest[@]}")
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A loopback port nobody listens on. Another process may take it before the server binds:
# start_server then retries with another port.
free_port() {
  local i port
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + RANDOM % 30000))
    # A closed loopback port refuses the connection at once.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# Waits until something answers HTTP on the port, for as long as the process lives.
wait_ready() {
  local pid=$1 port=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && return 0
    sleep 0.1
  done
  return 1
}

# The command line of one server; PORT is the port to listen on.
server_command() {
  local label=$1 sample=$2 port=$3
  case "$label" in
    fastcpp) server_cmd=("$build_dir/samples/$sample") ;;
    hand) server_cmd=("$build_dir/bench/handwritten_server") ;;
    ceiling)
      server_cmd=("$build_dir/bench/ceiling_server" --host 127.0.0.1 --port "$port")
      return ;;
    fastapi)
      # The reference app under uvicorn in fastapi-reference's chroot, one process, uvloop and
      # httptools. Not `fastapi-reference run`: it keeps uvicorn's access log on (the C++
      # servers run with theirs off) and serves a single fixed file name.
      server_cmd=("$FASTAPI_TOOL" python -c "$(cat "$ROOT/tests/reference/$sample.py")
import uvicorn
uvicorn.run(app, host='127.0.0.1', port=$port, access_log=False, log_level='warning')")
      return ;;
  esac
  server_cmd+=(--host 127.0.0.1 --port "$port" --no-access-log)
}

# start_server LABEL SAMPLE: starts one server (LABEL: fastcpp, hand or fastapi) of the sample on
# a free port; sets server_pid and server_port.
start_server() {
  local label=$1 sample=$2 attempt port pid log=$work/$1-$2.log ready=10
  [ "$label" = fastapi ] && ready=60  # Python imports take a few seconds on a busy machine
  for ((attempt = 1; attempt <= 5; attempt++)); do
    port=$(free_port) || die "no free port found"
    server_command "$label" "$sample" "$port"
    # fastapi-reference execs chroot, which execs python3: $! is the server itself.
    "${nice_prefix[@]}" "${server_cmd[@]}" > "$log" 2>&1 &
    pid=$!
    started_pids+=("$pid")
    if wait_ready "$pid" "$port" "$ready"; then
      server_pid=$pid server_port=$port
      return 0
    fi
    stop_pid "$pid"
    log "$label $sample did not start on port $port (attempt $attempt): $(tail -n 3 "$log")"
  done
  die "could not start the $label server for $sample"
}

peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

cpu_ticks() {  # user + system time of a process, all threads, in clock ticks
  # Fields after "pid (comm) ": utime and stime are the 12th and 13th.
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# --- requests -----------------------------------------------------------------------------------

request_body() {  # the body a POST shape sends: the wrk.body of its Lua script
  sed -n "s/^wrk\.body = '\(.*\)'\$/\1/p" "$ROOT/bench/${shape_script[$1]}"
}

curl_args() {  # curl arguments for one request of the shape, one per line
  local shape=$1 port=$2
  printf '%s\n' -s -X "${shape_method[$shape]}"
  if [ "${shape_script[$shape]}" != - ]; then
    printf '%s\n' -H "Content-Type: application/json" --data-binary "$(request_body "$shape")"
  fi
  printf '%s\n' "http://127.0.0.1:$port${shape_path[$shape]}"
}

# Checks status, content type and body, byte for byte: an "answer" record says what differed.
check_answer() {
  local label=$1 shape=$2 port=$3 args out=$work/answer got problems=()
  mapfile -t args < <(curl_args "$shape" "$port")
  got=$(curl "${args[@]}" -o "$out" -w '%{http_code} %{content_type}' --max-time 10) ||
    got="no-answer"
  [ "${got%% *}" = "${shape_status[$shape]}" ] || problems+=("status ${got%% *}")
  [ "${got#* }" = "application/json" ] || problems+=("content-type '${got#* }'")
  printf '%s' "${shape_body[$shape]}" | cmp -s - "$out" ||
    problems+=("body $(head -c 300 "$out" 2>/dev/null)")
  record answer server="$label" shape="$shape" differs="${problems[*]:-}"
  [ ${#problems[@]} -eq 0 ] || log "$label $shape: unexpected answer: ${problems[*]}"
}

# Two requests in one curl: the second opens no connection when the first one was kept open.
check_reuse() {
  local label=$1 shape=$2 port=$3 args connects kept=false
  mapfile -t args < <(curl_args "$shape" "$port")
  connects=$(curl "${args[@]}" -o /dev/null -w '%{num_connects} ' --max-time 10 \
               --next "${args[@]}" -o /dev/null -w '%{num_connects} ' 2>/dev/null) || true
  [ "$connects" != "1 0 " ] || kept=true
  record reuse server="$label" shape="$shape" kept_open:=$kept
}

passive_opens() {  # TCP connections accepted so far, machine-wide (in this network namespace)
  awk '/^Tcp:/ { if (!n) { for (i = 1; i <= NF; i++) if ($i == "PassiveOpens") c = i; n = 1 }
                 else print $c }' /proc/net/snmp
}

wrk_script() {  # the shape's request script (if any) followed by bench/report.lua
  local shape=$1 file=$work/$1.lua
  if [ ! -f "$file" ]; then
    if [ "${shape_script[$shape]}" != - ]; then
      cat "$ROOT/bench/${shape_script[$shape]}" > "$file"
    fi
    cat "$ROOT/bench/report.lua" >> "$file"
  fi
  echo "$file"
}

# run_wrk LABEL SHAPE PORT PID SECONDS [ROUND]: one wrk run; with ROUND, a "wrk" record of it.
run_wrk() {
  local label=$1 shape=$2 port=$3 pid=$4 seconds=$5 round=${6:-}
  local opens_before cpu_before line
  opens_before=$(passive_opens)
  cpu_before=$(cpu_ticks "$pid")
  line=$(timeout $((seconds + 30)) "${nice_prefix[@]}" \
           wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$(wrk_script "$shape")" \
           "http://127.0.0.1:$port${shape_path[$shape]}" |
         grep '^BENCH ') || die "wrk failed against $label ($shape)"
  [ -n "$round" ] || return 0
  local opened=$(($(passive_opens) - opens_before)) cpu=$(($(cpu_ticks "$pid") - cpu_before))
  local requests duration_us p50_us p99_us socket_errors non2xx
  # shellcheck disable=SC2001  # strips every "key=" at once
  read -r requests duration_us p50_us p99_us socket_errors non2xx \
    <<< "$(sed 's/[a-z0-9_]*=//g' <<< "${line#BENCH }")"
  [[ "$requests $duration_us $p50_us $p99_us $socket_errors $non2xx" =~ ^([0-9]+ ){5}[0-9]+$ &&
     $requests -gt 0 && $duration_us -gt 0 ]] ||
    die "wrk against $label ($shape): unexpected report line '$line'"
  record wrk server="$label" sample="${shape_sample[$shape]}" shape="$shape" round:="$round" \
    requests:="$requests" duration_us:="$duration_us" p50_us:="$p50_us" p99_us:="$p99_us" \
    socket_errors:="$socket_errors" non2xx:="$non2xx" opened:="$opened" cpu_ticks:="$cpu" \
    clk_tck:="$clk_tck"
  local cpu_ns=$((cpu * 1000000000 / clk_tck / requests))  # per request, for the log only
  log "  $shape, $label, round $round: $((requests * 1000000 / duration_us)) req/s," \
      "p50 $p50_us µs, p99 $p99_us µs, $((cpu_ns / 1000)).$((cpu_ns % 1000 / 100)) µs CPU/request"
}

# --- the HTTP benchmark -------------------------------------------------------------------------

serves() {  # serves LABEL SHAPE: the server answers the shape (the ceiling answers only one)
  [ "$1" != ceiling ] || [ "$2" = "$CEILING_SHAPE" ]
}

bench_sample() {
  local sample=$1 label shape round i run labels=(fastcpp hand) shapes=() order
  if [ "$with_fastapi" = 1 ]; then
    if [ -f "$ROOT/tests/reference/$sample.py" ]; then
      labels+=(fastapi)
    else
      log "FastAPI skipped for $sample: tests/reference/$sample.py does not exist"
    fi
  fi
  # The loopback ceiling answers items_200 only, next to the sample that serves it.
  [[ " ${shape_names[*]} " == *" $CEILING_SHAPE "* && $sample == "${shape_sample[$CEILING_SHAPE]}" ]] &&
    labels+=(ceiling)
  local -A port pid
  for label in "${labels[@]}"; do
    start_server "$label" "$sample"
    port[$label]=$server_port pid[$label]=$server_pid
  done
  for shape in "${shape_names[@]}"; do
    [ "${shape_sample[$shape]}" = "$sample" ] && shapes+=("$shape")
  done
  for shape in "${shapes[@]}"; do
    for label in "${labels[@]}"; do
      serves "$label" "$shape" || continue
      check_answer "$label" "$shape" "${port[$label]}"
      check_reuse "$label" "$shape" "${port[$label]}"
    done
  done
  for shape in "${shapes[@]}"; do
    log "$shape: ${shape_method[$shape]} ${shape_path[$shape]} (${labels[*]})"
    for label in "${labels[@]}"; do  # warm-up, not recorded
      serves "$label" "$shape" || continue
      run_wrk "$label" "$shape" "${port[$label]}" "${pid[$label]}" 1
    done
  done
  # Each round measures every (server, shape) pair of the sample once, in an order that reads
  # the same backwards: fastcpp 200, fastcpp 404, hand 404, hand 200, FastAPI 200, FastAPI 404.
  # So an error shape and its success shape on one server are measured back to back, as is one
  # shape on neighbouring servers, and every other round runs the list reversed: a drift in the
  # machine's load over a round favours neither side of a ratio.
  local pairs=() flip=0
  for label in "${labels[@]}"; do
    if ((flip)); then
      for ((i = ${#shapes[@]} - 1; i >= 0; i--)); do
        serves "$label" "${shapes[i]}" && pairs+=("$label ${shapes[i]}")
      done
    else
      for shape in "${shapes[@]}"; do serves "$label" "$shape" && pairs+=("$label $shape"); done
    fi
    flip=$((!flip))
  done
  for ((round = 1; round <= rounds; round++)); do
    order=("${pairs[@]}")
    if ((round % 2 == 0)); then
      order=()
      for ((i = ${#pairs[@]} - 1; i >= 0; i--)); do order+=("${pairs[i]}"); done
    fi
    for run in "${order[@]}"; do
      read -r label shape <<< "$run"
      run_wrk "$label" "$shape" "${port[$label]}" "${pid[$label]}" "$duration" "$round"
    done
  done
  for label in "${labels[@]}"; do
    record rss server="$label" sample="$sample" peak_kb:="$(peak_rss_kb "${pid[$label]}")"
    stop_pid "${pid[$label]}"
  done
}

bench_field() {  # bench_field LINE KEY: the number after " KEY=" in a "BENCH k=v ..." line
  sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<< " ${1#BENCH }"
}

# What one C++ throw of an HTTPException, caught by the caller, costs on this machine.
measure_throw() {
  local line
  line=$("${nice_prefix[@]}" "$build_dir/bench/throw_cost" | grep '^BENCH ') ||
    die "bench/throw_cost failed"
  # throw_ns: caught by the caller; inlined_throw_ns: thrown from a function inlined into the
  # catching frame; return_ns: the same call returning instead.
  record throw_cost throw_ns:="$(bench_field "$line" throw_ns)" \
    inlined_throw_ns:="$(bench_field "$line" inlined_throw_ns)" \
    return_ns:="$(bench_field "$line" return_ns)"
  log "one throw caught by the caller: $(bench_field "$line" throw_ns) ns; by the frame it is" \
      "inlined into: $(bench_field "$line" inlined_throw_ns) ns; the same call returning:" \
      "$(bench_field "$line" return_ns) ns"
}

# --- the generator benchmark --------------------------------------------------------------------

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# time_runs SERVICE STEP RUNS COMMAND...: times the command RUNS times (with hyperfine if it is
# installed), a "timing" record of each run's wall time in ms.
time_runs() {
  local service=$1 step=$2 runs=$3 i start ms
  shift 3
  if command -v hyperfine > /dev/null; then
    "${nice_prefix[@]}" hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" \
      -- "$(printf '%q ' "$@")" > /dev/null 2>&1 || return 1
    # Its "times" array: each run, in seconds.
    for ms in $(tr -d ' \n' < "$work/hyperfine.json" |
                sed -n 's/.*"times":\[\([^]]*\)\].*/\1/p' | tr ',' '\n' |
                awk '{ printf "%.0f\n", $1 * 1000 }'); do
      record timing service="$service" step="$step" ms:="$ms"
    done
    return 0
  fi
  for ((i = 0; i < runs; i++)); do
    start=$(now_ms)
    "${nice_prefix[@]}" "$@" > /dev/null 2>&1 || return 1
    record timing service="$service" step="$step" ms:=$(($(now_ms) - start))
  done
}

# How long the step that produced OUTPUT took in the last ninja run, from .ninja_log.
ninja_step_ms() {
  local bin=$1 output=$2
  awk -F'\t' -v out="$output" '$4 == out { ms = $2 - $1 } END { print ms + 0 }' "$bin/.ninja_log"
}

bench_generator_service() {
  local name=$1 files=$2 handlers=$3 base=$build_dir/bench-synthetic
  local src=$base/$name bin=$base/$name-build prefix=$base/prefix reps=5 touch_reps=3 start
  [ "$quick" = 1 ] && reps=3 touch_reps=1
  record generator service="$name" files:="$files" handlers:="$handlers" runs:="$reps"
  bash "$ROOT/bench/make_synthetic.sh" "$src" "$name" "$files" "$handlers"
  log "$name: configuring and building ($files files, $handlers handlers)"
  if ! cmake -S "$src" -B "$bin" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCMAKE_PREFIX_PATH="$prefix" > "$work/$name.configure.log" 2>&1; then
    log "$name: configure failed: $(tail -n 5 "$work/$name.configure.log")"
    return 1
  fi
  # Kept between runs (the sources are rewritten only when they change): this build only
  # catches up, and is not measured.
  if ! cmake --build "$bin" > "$work/$name.build.log" 2>&1; then
    log "$name: build failed: $(grep -m5 -i -e error -e FAILED "$work/$name.build.log")"
    return 1
  fi

  # fastcpp-gen alone, as the build runs it (without the stamp touch that follows it).
  local gen_cmd
  gen_cmd=$(ninja -C "$bin" -t commands "$name" | grep -m1 -e '--service' |
            sed 's/ && [^&]* -E touch [^&]*$//')
  [ -n "$gen_cmd" ] || { log "$name: the fastcpp-gen command was not found"; return 1; }
  time_runs "$name" gen "$reps" bash -c "$gen_cmd" || { log "$name: fastcpp-gen failed"; return 1; }
  time_runs "$name" noop "$reps" cmake --build "$bin" || { log "$name: no-op failed"; return 1; }

  local i ms
  for ((i = 0; i < touch_reps; i++)); do
    touch "$src/handlers_1.cpp"
    start=$(now_ms)
    if ! "${nice_prefix[@]}" cmake --build "$bin" > "$work/$name.touch.log" 2>&1; then
      log "$name: rebuild failed"
      return 1
    fi
    ms=$(($(now_ms) - start))
    record timing service="$name" step=touch ms:="$ms"
    record timing service="$name" step=touch_gen ms:="$(ninja_step_ms "$bin" "$name.gen.cpp")"
    # Past a minute, one rebuild tells what it costs: repeating it only makes the run long.
    if [ "$ms" -gt 60000 ]; then break; fi
  done
}

bench_generator() {
  local prefix=$build_dir/bench-synthetic/prefix
  log "installing fastcpp into $prefix: the synthetic services use the installed package"
  mkdir -p "$prefix"
  if ! cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log" 2>&1; then
    log "install failed: $(tail -n 5 "$work/install.log")"
    record install_failed
    return 0
  fi
  bench_generator_service synth30 3 30 || record service_failed service=synth30
  bench_generator_service synth300 10 300 || record service_failed service=synth300
}

# --- the results file ---------------------------------------------------------------------------

json_string() {  # a JSON string of $1 (control bytes other than tab, CR, LF stay raw: report.py
                 # reads with strict=False)
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/\\t}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

# record TYPE [KEY=STRING | KEY:=JSON]...: appends one JSON object to the results file, e.g.
# `record rss server=hand peak_kb:=4700`; an empty JSON value is written as null.
record() {
  local line field key value
  line="{\"type\":$(json_string "$1")"
  shift
  for field in "$@"; do
    key=${field%%=*}
    value=${field#*=}
    if [[ $key == *: ]]; then
      line+=",$(json_string "${key%:}"):${value:-null}"
    else
      line+=",$(json_string "$key"):$(json_string "$value")"
    fi
  done
  echo "$line}" >> "$results"
}

httplib_version() {
  local dir header
  dir=$(sed -n 's/^FASTCPP_HTTPLIB_INCLUDE_DIR[^=]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
  for header in "$dir/httplib.h" /usr/include/httplib.h /usr/local/include/httplib.h \
                "${XDG_CACHE_HOME:-$HOME/.cache}/fastcpp/cpp-httplib/httplib.h"; do
    if [ -f "$header" ]; then
      sed -n 's/^#define CPPHTTPLIB_VERSION "\(.*\)"/\1/p' "$header"
      return
    fi
  done
  echo unknown
}

fastapi_versions() {
  "$FASTAPI_TOOL" python -c 'import sys, fastapi, uvicorn, importlib.util as u
yes = lambda m: "yes" if u.find_spec(m) else "no"
print("FastAPI %s, uvicorn %s (uvloop: %s, httptools: %s), Python %s" % (fastapi.__version__,
      uvicorn.__version__, yes("uvloop"), yes("httptools"), sys.version.split()[0]))' \
    2>/dev/null || echo "FastAPI: version unknown"
}

# The "run" record, the machine and the settings, then a "shape" record per selected shape.
record_run() {
  local load_before rel_build="" fastapi="" generator=false shape
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  # The build directory, without a path that only exists on this machine.
  case "$build_dir" in "$ROOT"/*) rel_build=${build_dir#"$ROOT"/} ;; esac
  [ "$with_fastapi" = 1 ] && fastapi=$(fastapi_versions)
  [ "$with_generator" = 1 ] && generator=true
  record run command="$command_line" build_dir="$rel_build" \
    cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')" cores:="$(nproc)" \
    mem_total_kb:="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" kernel="$(uname -r)" \
    load_before="$load_before" compiler="$(g++ --version | head -n1)" \
    httplib="$(httplib_version)" wrk="$(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)" \
    fastapi="$fastapi" fastapi_note="$fastapi_note" threads:=$THREADS \
    connections:=$CONNECTIONS nice:="$niceness" duration:="$duration" warmup:=$WARMUP \
    rounds:="$rounds" generator:=$generator ceiling_shape="$CEILING_SHAPE"
  for shape in "${shape_names[@]}"; do
    record shape name="$shape" sample="${shape_sample[$shape]}" \
      method="${shape_method[$shape]}" path="${shape_path[$shape]}" \
      status:="${shape_status[$shape]}" baseline="${shape_baseline[$shape]#-}"
  done
}

# --- main ---------------------------------------------------------------------------------------

build() {
  local targets=(handwritten_server ceiling_server throw_cost "${samples[@]}") sample tool
  [ "$with_generator" = 1 ] && targets+=(fastcpp fastcpp-gen)
  if [ "$do_build" = 1 ]; then
    log "building ${targets[*]} in $build_dir"
    FASTCPP_BUILD_DIR=$build_dir "$ROOT/scripts/build.sh" "${targets[@]}" >&2
  fi
  for tool in handwritten_server ceiling_server throw_cost; do
    [ -x "$build_dir/bench/$tool" ] || die "$build_dir/bench/$tool: missing"
  done
  for sample in "${samples[@]}"; do
    [ -x "$build_dir/samples/$sample" ] || die "$build_dir/samples/$sample is missing"
  done
}

main() {
  parse_options "$@"
  if ! command -v wrk > /dev/null; then
    log "wrk not found: run scripts/setup.sh, which installs it"
    exit 77
  fi
  command -v curl > /dev/null || die "curl not found: run scripts/setup.sh"
  command -v python3 > /dev/null || die "python3 not found: bench/report.py writes the report"
  load_shapes
  check_fastapi

  work=$(mktemp -d "${TMPDIR:-/tmp}/fastcpp-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  if [ -n "$results" ]; then mkdir -p "$(dirname "$results")"; else results=$work/results.jsonl; fi
  : > "$results"
  build

  local sample text kept report_args=("$results")
  record_run
  measure_throw
  for sample in "${samples[@]}"; do bench_sample "$sample"; done
  [ "$with_generator" = 1 ] && bench_generator
  record end date="$(date -u '+%Y-%m-%d %H:%M UTC')" load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

  [ -z "$tsv" ] || report_args+=(--tsv "$tsv")
  [ "$report" = - ] || report_args+=(--keep-from "$report")
  if ! text=$(python3 "$ROOT/bench/report.py" "${report_args[@]}"); then
    kept=$results
    if [ "$results" = "$work/results.jsonl" ]; then  # the scratch directory goes on exit
      kept=$(mktemp "${TMPDIR:-/tmp}/fastcpp-bench-results.XXXXXX.jsonl")
      cp "$results" "$kept"
    fi
    die "bench/report.py failed; the results are kept in $kept"
  fi
  echo "$text"
  if [ "$report" != - ]; then
    mkdir -p "$(dirname "$report")"
    echo "$text" > "$report"
    log "report written to $report"
  fi
  [ "$results" = "$work/results.jsonl" ] || log "results kept in $results"
}

main "$@"
