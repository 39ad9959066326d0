#!/usr/bin/env bash
# The benchmark: fastcpp's generated sample services against the same routes hand-written on
# cpp-httplib (bench/handwritten_server.cpp) and against the real FastAPI, side by side; then
# fastcpp-gen and rebuild times on synthetic services. Prints a Markdown report and writes it to
# docs/benchmarks.md.
#
#   bench/run.sh [--duration S] [--rounds N] [--quick] [--no-fastapi] [--only SHAPE[,SHAPE...]]
#                [--no-generator] [--no-build] [--build-dir DIR] [--report FILE] [--tsv FILE]
#                [--nice N]
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
#   --nice N         run servers, wrk and the timed builds at this niceness (e.g. -10, as root)
#                    so that other jobs on a shared machine disturb the figures less
#
# Load: wrk on loopback, 2 threads, 16 keep-alive connections; servers and wrk share the
# machine. Each server is started once per sample; its answers are checked byte for byte first,
# then the sample's shapes are measured on every server in rounds, in an order that reads the
# same backwards and is reversed every other round (see bench_sample). Exit status:
# 0 when the benchmark ran (missed targets are reported, not failed), 1 on error, 77 without wrk.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly THREADS=2 CONNECTIONS=16
readonly FASTAPI_TOOL=$ROOT/../shared/tools/fastapi-reference
readonly FASTAPI_ROOT=${FASTAPI_REFERENCE_ROOT:-/var/cache/fastapi-reference}

# Targets: each is shown next to its figure in the report.
readonly T_VS_HAND=0.95 T_ERROR_RATIO=0.9 T_VS_FASTAPI=7 T_VS_FASTAPI_422=10
readonly T_P99_US=1000 T_RSS_KB=$((20 * 1024))
readonly T_GEN_SMALL_MS=1000 T_GEN_LARGE_MS=3000 T_NOOP_MS=500
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
niceness=0
nice_prefix=()      # prepended to the commands --nice applies to; nice execs, the PID stays
command_line="bench/run.sh${*:+ $*}"

work=""             # scratch directory, removed on exit
started_pids=()     # processes this script started and has not stopped yet
fastapi_note=""     # why FastAPI was not measured, if it was not
fastapi_version=""
load_before=""
throw_ns=""         # one HTTPException thrown and caught by the caller (bench/throw_cost)
return_ns=""        # the same call returning instead
inlined_throw_ns="" # the throw from a function inlined into the catching frame
clk_tck=$(getconf CLK_TCK)
declare -A shape_sample shape_method shape_path shape_script shape_status shape_baseline
declare -A shape_body
shape_names=()      # the selected shapes, in table order
samples=()          # their samples, in order
declare -A check    # [label/shape] → what differed from the expected answer ("" = nothing)
declare -A reused   # [label/shape] → yes/no: a second request went over the same connection
declare -A rss_kb   # [label/sample] → VmHWM after the sample's measurements
declare -A gen      # [service/metric] → ms

log() { echo "bench: $*" >&2; }

die() { log "error: $*"; exit 1; }

usage() { sed -n '7,23p' "$0" | sed 's/^# \{0,1\}//'; }

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

# Checks status, content type and body, byte for byte; records what differed, if anything.
check_answer() {
  local label=$1 shape=$2 port=$3 args out=$work/answer got problems=()
  mapfile -t args < <(curl_args "$shape" "$port")
  got=$(curl "${args[@]}" -o "$out" -w '%{http_code} %{content_type}' --max-time 10) ||
    got="no-answer"
  [ "${got%% *}" = "${shape_status[$shape]}" ] || problems+=("status ${got%% *}")
  [ "${got#* }" = "application/json" ] || problems+=("content-type '${got#* }'")
  printf '%s' "${shape_body[$shape]}" | cmp -s - "$out" ||
    problems+=("body $(head -c 300 "$out" 2>/dev/null)")
  check[$label/$shape]=${problems[*]:-}
  [ ${#problems[@]} -eq 0 ] || log "$label $shape: unexpected answer: ${problems[*]}"
}

# Two requests in one curl: the second opens no connection when the first one was kept open.
check_reuse() {
  local label=$1 shape=$2 port=$3 args connects
  mapfile -t args < <(curl_args "$shape" "$port")
  connects=$(curl "${args[@]}" -o /dev/null -w '%{num_connects} ' --max-time 10 \
               --next "${args[@]}" -o /dev/null -w '%{num_connects} ' 2>/dev/null) || true
  if [ "$connects" = "1 0 " ]; then reused[$label/$shape]=yes; else reused[$label/$shape]=no; fi
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

# run_wrk LABEL SHAPE PORT PID SECONDS [ROUND]: one wrk run; with ROUND, appends to results.tsv:
#   shape label round rps p50_us p99_us socket_errors non2xx opened requests cpu_us_per_request
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
  awk -v s="$shape" -v l="$label" -v r="$round" -v n="$requests" -v d="$duration_us" \
      -v p50="$p50_us" -v p99="$p99_us" -v e="$socket_errors" -v x="$non2xx" -v o="$opened" \
      -v cpu="$cpu" -v hz="$clk_tck" 'BEGIN {
        per_request = n > 0 ? cpu * 1e6 / hz / n : 0
        printf "%s\t%s\t%s\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\n", s, l, r, n * 1e6 / d, p50,
               p99, e, x, o, n, per_request }' >> "$work/results.tsv"
  log "  $shape, $label, round $round: $(tail -n1 "$work/results.tsv" |
        awk -F'\t' '{ printf "%.0f req/s, p50 %d µs, p99 %d µs, %.1f µs CPU/request",
                      $4, $5, $6, $11 }')"
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
    rss_kb[$label/$sample]=$(peak_rss_kb "${pid[$label]}")
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
  throw_ns=$(bench_field "$line" throw_ns)
  return_ns=$(bench_field "$line" return_ns)
  inlined_throw_ns=$(bench_field "$line" inlined_throw_ns)
  log "one throw caught by the caller: $throw_ns ns; by the frame it is inlined into:" \
      "$inlined_throw_ns ns; the same call returning: $return_ns ns"
}

# --- the generator benchmark --------------------------------------------------------------------

now_ms() { echo $(($(date +%s%N) / 1000000)); }

median() {  # of the numbers on stdin, one a line
  sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2];
          else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# time_ms RUNS COMMAND...: the median wall time of the command in ms (hyperfine if installed).
time_ms() {
  local runs=$1 i start times=()
  shift
  if command -v hyperfine > /dev/null; then
    "${nice_prefix[@]}" hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" \
      -- "$(printf '%q ' "$@")" > /dev/null 2>&1 || return 1
    sed -n 's/.*"median": *\([0-9.e+-]*\).*/\1/p' "$work/hyperfine.json" | head -n1 |
      awk '{ printf "%.0f\n", $1 * 1000 }'
    return 0
  fi
  for ((i = 0; i < runs; i++)); do
    start=$(now_ms)
    "${nice_prefix[@]}" "$@" > /dev/null 2>&1 || return 1
    times+=($(($(now_ms) - start)))
  done
  printf '%s\n' "${times[@]}" | median
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
  if ! gen[$name/gen]=$(time_ms "$reps" bash -c "$gen_cmd"); then
    log "$name: fastcpp-gen failed"
    return 1
  fi
  gen[$name/noop]=$(time_ms "$reps" cmake --build "$bin") || { log "$name: no-op failed"; return 1; }

  local i totals=() steps=()
  for ((i = 0; i < touch_reps; i++)); do
    touch "$src/handlers_1.cpp"
    start=$(now_ms)
    if ! "${nice_prefix[@]}" cmake --build "$bin" > "$work/$name.touch.log" 2>&1; then
      log "$name: rebuild failed"
      return 1
    fi
    totals+=($(($(now_ms) - start)))
    steps+=("$(ninja_step_ms "$bin" "$name.gen.cpp")")
    # Past a minute, one rebuild tells what it costs: repeating it only makes the run long.
    if [ "${totals[-1]}" -gt 60000 ]; then break; fi
  done
  gen[$name/touch]=$(printf '%s\n' "${totals[@]}" | median)
  gen[$name/touch_gen]=$(printf '%s\n' "${steps[@]}" | median)
  gen[$name/touch_reps]=${#totals[@]}
}

bench_generator() {
  local prefix=$build_dir/bench-synthetic/prefix
  log "installing fastcpp into $prefix: the synthetic services use the installed package"
  mkdir -p "$prefix"
  if ! cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log" 2>&1; then
    log "install failed: $(tail -n 5 "$work/install.log")"
    gen[install]=failed
    return 0
  fi
  bench_generator_service synth30 3 30 || gen[synth30/failed]=1
  bench_generator_service synth300 10 300 || gen[synth300/failed]=1
}

# --- figures and formatting ---------------------------------------------------------------------

# med SHAPE LABEL COLUMN: the median over rounds of a results.tsv column (4 req/s, 5 p50,
# 6 p99, 7 socket errors, 9 connections opened, 11 CPU µs per request).
med() {
  awk -F'\t' -v s="$1" -v l="$2" -v c="$3" '$1 == s && $2 == l { print $c }' \
    "$work/results.tsv" | median
}

# round_ratio SHAPE_A LABEL_A SHAPE_B LABEL_B [COLUMN]: the median over rounds of A/B, each
# ratio taken within one round (the pairs of a round are measured close together).
round_ratio() {
  awk -F'\t' -v sa="$1" -v la="$2" -v sb="$3" -v lb="$4" -v c="${5:-4}" '
      $1 == sa && $2 == la { x[$3] = $c }
      $1 == sb && $2 == lb { y[$3] = $c }
      END { for (r in x) if (r in y && y[r] > 0) print x[r] / y[r] }' "$work/results.tsv" | median
}

has() {  # has SHAPE LABEL: the shape was measured on that server
  awk -F'\t' -v s="$1" -v l="$2" '$1 == s && $2 == l { f = 1 } END { exit !f }' \
    "$work/results.tsv"
}

spread() {  # " ±N%": half the range of the rounds' req/s, relative to their median
  awk -F'\t' -v s="$1" -v l="$2" -v m="$(med "$1" "$2" 4)" '$1 == s && $2 == l {
        if (!n++ || $4 < lo) lo = $4; if ($4 > hi) hi = $4 }
      END { if (n > 1 && m > 0) printf " ±%.0f%%", 50 * (hi - lo) / m }' "$work/results.tsv"
}

dash_if_empty() { if [ -n "$1" ]; then awk "BEGIN { $2 }"; else echo "–"; fi; }
fmt_rps() { dash_if_empty "$1" "printf \"%.0f\", $1"; }
fmt_x() { dash_if_empty "$1" "printf \"%.2f×\", $1"; }
fmt_mb() { dash_if_empty "$1" "printf \"%.1f MB\", $1 / 1024"; }
fmt_cpu() { dash_if_empty "$1" "printf \"%.1f µs\", $1"; }
fmt_us() {
  dash_if_empty "$1" "if ($1 < 1000) printf \"%d µs\", $1; else printf \"%.2f ms\", $1 / 1000"
}
fmt_ms() {
  dash_if_empty "$1" "if ($1 < 1000) printf \"%d ms\", $1; else printf \"%.2f s\", $1 / 1000"
}

# Records a missed target for the report's last section: in a file, because the report's cells
# are built in command substitutions, whose variables never reach the caller.
miss() { echo "$1" >> "$work/misses"; }

# mark VALUE OP TARGET WHAT: " ✓" or " ✗" after a figure (OP: >= or <); a miss is also listed
# at the end of the report, as "WHAT = <formatted value> (target OP TARGET_TEXT)".
mark() {
  local value=$1 op=$2 target=$3 what=$4
  [ -n "$value" ] || return 0
  if awk -v v="$value" -v t="$target" -v op="$op" \
       'BEGIN { exit !((op == ">=" && v >= t) || (op == "<" && v < t)) }'; then
    echo " ✓"
  else
    echo " ✗"
    miss "$what"
  fi
}

label_name() {
  case "$1" in
    fastcpp) echo fastcpp ;;
    hand) echo hand-written ;;
    ceiling) echo "the loopback ceiling" ;;
    *) echo FastAPI ;;
  esac
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

# --- the report ---------------------------------------------------------------------------------

report_header() {
  local cpu memory load_now build_note nice_note=""
  [ "$niceness" = 0 ] || nice_note=" (servers, wrk and timed builds at nice $niceness)"
  cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
  memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  load_now=$(cut -d' ' -f1-3 /proc/loadavg)
  # The build directory, without a path that only exists on this machine.
  case "$build_dir" in
    "$ROOT"/*) build_note="\`${build_dir#"$ROOT"/}/\`" ;;
    *) build_note="a separate one, from FASTCPP_BUILD_DIR or --build-dir" ;;
  esac
  cat <<EOF
# Benchmarks

Written by \`bench/run.sh\` (do not edit by hand: run it again). A ✗ marks a missed target,
which is a bug to fix, not a figure to adjust.

- Command: \`$command_line\` (build directory: $build_note)
- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $cpu, $(nproc) cores (\`nproc\`), $memory RAM, Linux $(uname -r); load average
  $load_before before the run, $load_now after
- Versions: $(g++ --version | head -n1); cpp-httplib $(httplib_version);
  $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)${fastapi_version:+; $fastapi_version}
- Load: wrk, $THREADS threads, $CONNECTIONS keep-alive connections, loopback, sharing the
  machine's cores with the server$nice_note. $duration s per measurement, $rounds round(s) per sample
  after a 1 s warm-up. A round measures each (server, shape) pair of a sample once, in an
  order that reads the same backwards (fastcpp 200, fastcpp error, hand-written error,
  hand-written 200, ...) and is reversed every other round. Figures are medians over the rounds
  (± is half their range); every ratio is the median of per-round ratios.
- Servers: fastcpp = the generated sample, \`build/samples/<sample> --no-access-log\`;
  hand-written = \`bench/handwritten_server.cpp\`, the same routes on cpp-httplib alone with
  the same connection settings; FastAPI = \`tests/reference/<sample>.py\` under uvicorn, one
  process, access log off (${fastapi_note:-measured}); the loopback ceiling =
  \`bench/ceiling_server.cpp\`, with the $CEILING_SHAPE shape only (below).
EOF
  if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "- **The machine was busy** (load average ${load_before%% *} on $(nproc) cores before"
    echo "  the run): ratios between servers, measured side by side, hold better than absolute"
    echo "  figures; CPU time per request is the least disturbed."
  fi
}

report_throughput() {
  local shape target r_hand r_fa fastapi_cells
  echo "## Throughput"
  echo
  echo "| shape | request | fastcpp req/s | hand-written req/s |" \
       "fastcpp / hand-written (≥ $T_VS_HAND) | FastAPI req/s |" \
       "fastcpp / FastAPI (≥ ${T_VS_FASTAPI}×; 422: ≥ ${T_VS_FASTAPI_422}×) |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for shape in "${shape_names[@]}"; do
    r_hand=$(round_ratio "$shape" fastcpp "$shape" hand)
    fastapi_cells="– | –"
    if has "$shape" fastapi; then
      target=$T_VS_FASTAPI
      [ "${shape_status[$shape]}" = 422 ] && target=$T_VS_FASTAPI_422
      r_fa=$(round_ratio "$shape" fastcpp "$shape" fastapi)
      fastapi_cells="$(fmt_rps "$(med "$shape" fastapi 4)")$(spread "$shape" fastapi) |"
      fastapi_cells+=" $(fmt_x "$r_fa")$(mark "$r_fa" ">=" "$target" \
        "$shape: fastcpp / FastAPI = $(fmt_x "$r_fa") (target ≥ ${target}×)")"
    fi
    echo "| $shape | \`${shape_method[$shape]} ${shape_path[$shape]}\` →" \
         "${shape_status[$shape]} |" \
         "$(fmt_rps "$(med "$shape" fastcpp 4)")$(spread "$shape" fastcpp) |" \
         "$(fmt_rps "$(med "$shape" hand 4)")$(spread "$shape" hand) |" \
         "$(fmt_x "$r_hand")$(mark "$r_hand" ">=" "$T_VS_HAND" \
           "$shape: fastcpp / hand-written = $(fmt_x "$r_hand") (target ≥ $T_VS_HAND)") |" \
         "$fastapi_cells |"
  done
  echo
}

report_ceiling() {
  has "$CEILING_SHAPE" ceiling || return 0
  local ceiling_rps shape fastapi_rps target
  ceiling_rps=$(med "$CEILING_SHAPE" ceiling 4)
  echo "## The loopback ceiling"
  echo
  echo "\`bench/ceiling_server\` answers ${CEILING_SHAPE}'s request with its bytes from one epoll"
  echo "loop per core and does nothing else: no parsing, no routing, no thread per connection. It"
  echo "shows what the kernel's loopback TCP and wrk, sharing the cores, leave to any server on"
  echo "this machine: $(fmt_rps "$ceiling_rps")$(spread "$CEILING_SHAPE" ceiling) req/s, at" \
       "$(fmt_cpu "$(med "$CEILING_SHAPE" ceiling 11)") of CPU per request."
  echo "fastcpp reaches" \
       "$(fmt_x "$(round_ratio "$CEILING_SHAPE" fastcpp "$CEILING_SHAPE" ceiling)") of it," \
       "hand-written cpp-httplib" \
       "$(fmt_x "$(round_ratio "$CEILING_SHAPE" hand "$CEILING_SHAPE" ceiling)") (same rounds)."
  if ! has "$CEILING_SHAPE" fastapi; then
    echo
    return 0
  fi
  echo "Against FastAPI, the ceiling bounds what any server could show here: where its ratio is"
  echo "below a target, no server meets that target on this machine under this load."
  echo
  echo "| shape | FastAPI req/s | fastcpp / FastAPI | ceiling / FastAPI | target |"
  echo "|---|---:|---:|---:|---:|"
  for shape in "${shape_names[@]}"; do
    has "$shape" fastapi || continue
    target=$T_VS_FASTAPI
    [ "${shape_status[$shape]}" = 422 ] && target=$T_VS_FASTAPI_422
    fastapi_rps=$(med "$shape" fastapi 4)
    echo "| $shape | $(fmt_rps "$fastapi_rps") |" \
         "$(fmt_x "$(round_ratio "$shape" fastcpp "$shape" fastapi)") |" \
         "$(fmt_x "$(awk -v c="$ceiling_rps" -v f="$fastapi_rps" 'BEGIN { print c / f }')") |" \
         "≥ ${target}× |"
  done
  echo
  echo "The ceiling server answers one shape: next to another shape's FastAPI figure it stands"
  echo "for a server that would answer that shape at no cost of its own."
  echo
}

report_cpu() {
  local shape
  echo "## Server CPU time per request"
  echo
  echo "User + system time of the server process during the measurement, divided by the"
  echo "requests answered (kernel socket work included). Less disturbed by other load than"
  echo "req/s; no target of its own, it shows where a throughput gap comes from."
  echo
  echo "| shape | fastcpp | hand-written | fastcpp / hand-written | FastAPI |"
  echo "|---|---:|---:|---:|---:|"
  for shape in "${shape_names[@]}"; do
    echo "| $shape | $(fmt_cpu "$(med "$shape" fastcpp 11)") |" \
         "$(fmt_cpu "$(med "$shape" hand 11)") |" \
         "$(fmt_x "$(round_ratio "$shape" fastcpp "$shape" hand 11)") |" \
         "$(fmt_cpu "$(med "$shape" fastapi 11)") |"
  done
  echo
}

report_latency() {
  local shape p99
  echo "## Latency"
  echo
  echo "| shape | fastcpp p50 | fastcpp p99 (< 1 ms) | hand-written p50 | hand-written p99 |" \
       "FastAPI p50 | FastAPI p99 |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for shape in "${shape_names[@]}"; do
    p99=$(med "$shape" fastcpp 6)
    echo "| $shape | $(fmt_us "$(med "$shape" fastcpp 5)") |" \
         "$(fmt_us "$p99")$(mark "$p99" "<" "$T_P99_US" \
           "$shape: fastcpp p99 = $(fmt_us "$p99") (target < 1 ms)") |" \
         "$(fmt_us "$(med "$shape" hand 5)") | $(fmt_us "$(med "$shape" hand 6)") |" \
         "$(fmt_us "$(med "$shape" fastapi 5)") | $(fmt_us "$(med "$shape" fastapi 6)") |"
  done
  echo
}

report_error_ratios() {
  local shape base label ratio cells
  echo "## Error shapes against the success shape of the same server"
  echo
  echo "| error shape | success shape | fastcpp (≥ $T_ERROR_RATIO) | hand-written | FastAPI |"
  echo "|---|---|---:|---:|---:|"
  for shape in "${shape_names[@]}"; do
    base=${shape_baseline[$shape]}
    [ "$base" = - ] && continue
    if ! has "$base" fastcpp; then
      echo "| $shape | $base: not measured (add it to --only) | – | – | – |"
      continue
    fi
    cells=""
    for label in fastcpp hand fastapi; do
      ratio=""
      if has "$shape" "$label" && has "$base" "$label"; then
        ratio=$(round_ratio "$shape" "$label" "$base" "$label")
      fi
      cells+=" $(fmt_x "$ratio")"
      if [ "$label" = fastcpp ]; then
        cells+=$(mark "$ratio" ">=" "$T_ERROR_RATIO" \
                 "$shape: fastcpp error / success = $(fmt_x "$ratio") (target ≥ $T_ERROR_RATIO)")
      fi
      cells+=" |"
    done
    echo "| $shape | $base |$cells"
  done
  echo
  echo "Each ratio is the median over rounds of the two shapes' req/s, measured back to back on"
  echo "the same server. items_404 and unicorns_418 are answered by an exception the handler"
  echo "throws, as in the seed; path_int_422 and body_422 without one."
  if [ -n "$throw_ns" ]; then
    local throw_us success_cpu
    throw_us=$(awk -v n="$throw_ns" 'BEGIN { printf "%.1f µs", n / 1000 }')
    success_cpu=$(med items_200 fastcpp 11)
    echo "On this machine (\`bench/throw_cost\`, in a warm loop) one"
    echo "\`throw HTTPException(404, \"Item not found\")\` costs $throw_us when its caller catches it,"
    echo "$(awk -v n="$inlined_throw_ns" 'BEGIN { printf "%.1f µs", n / 1000 }') when the throwing"
    echo "function is inlined into the frame that catches, as the samples' \`static\` handlers are"
    echo "(the same call returning: $return_ns ns)."
    if [ -n "$success_cpu" ]; then
      echo "A whole items_200 request costs the server $(fmt_cpu "$success_cpu") of CPU: the"
      echo "unwinder's share is what separates a throwing error shape from its success shape."
    fi
  fi
  echo
}

report_connections() {
  local shape label cells kept
  echo "## Connections"
  echo
  echo "Kept open: two requests in one \`curl --next\`, the second must not open a connection."
  echo "Opened: TCP connections accepted during the measurement, from the machine-wide"
  echo "PassiveOpens counter: $((CONNECTIONS + 1)) = wrk's $CONNECTIONS + its initial probe, i.e. no"
  echo "reconnection; a figure far above that next to \"yes\" is other activity on the machine."
  echo "Fewer than $((CONNECTIONS + 1)) in a short run: connections still waiting in a full listen"
  echo "queue. Socket errors: wrk's connect, read, write and timeout errors."
  echo
  echo "| shape | fastcpp: kept open · opened · socket errors | hand-written | FastAPI |"
  echo "|---|---|---|---|"
  for shape in "${shape_names[@]}"; do
    cells=""
    for label in fastcpp hand fastapi; do
      if ! has "$shape" "$label"; then cells+=" – |"; continue; fi
      kept=${reused[$label/$shape]:-?}
      cells+=" $kept · $(med "$shape" "$label" 9) · $(med "$shape" "$label" 7)"
      if [ "$label" = fastcpp ] && [ "$kept" != yes ]; then
        cells+=" ✗"
        miss "$shape: fastcpp closed the connection after answering"
      fi
      cells+=" |"
    done
    echo "| $shape |$cells"
  done
  echo
}

report_answers() {
  local shape label bad=0
  echo "## Answers"
  echo
  for shape in "${shape_names[@]}"; do
    for label in fastcpp hand fastapi ceiling; do
      [ -n "${check[$label/$shape]:-}" ] || continue
      if [ $bad = 0 ]; then
        echo "| shape | server | differs from the expected answer |"
        echo "|---|---|---|"
      fi
      bad=1
      echo "| $shape | $(label_name "$label") | \`${check[$label/$shape]//|/\\|}\` ✗ |"
      miss "$shape: $(label_name "$label") answered differently (${check[$label/$shape]})"
    done
  done
  if [ $bad = 0 ]; then
    echo "Every server answered every shape with the expected status, \`application/json\` and"
    echo "the expected body, byte for byte, before it was measured."
  fi
  echo
}

report_memory() {
  local sample kb
  echo "## Memory: peak RSS under load (VmHWM after the sample's measurements)"
  echo
  echo "| sample | fastcpp (< 20 MB) | hand-written | FastAPI |"
  echo "|---|---:|---:|---:|"
  for sample in "${samples[@]}"; do
    kb=${rss_kb[fastcpp/$sample]:-}
    echo "| $sample | $(fmt_mb "$kb")$(mark "$kb" "<" "$T_RSS_KB" \
           "$sample: fastcpp peak RSS = $(fmt_mb "$kb") (target < 20 MB)") |" \
         "$(fmt_mb "${rss_kb[hand/$sample]:-}") | $(fmt_mb "${rss_kb[fastapi/$sample]:-}") |"
  done
  echo
}

report_generator() {
  local spec name files handlers target reps=5
  [ "$quick" = 1 ] && reps=3
  echo "## Generator and rebuilds"
  echo
  if [ "$with_generator" = 0 ]; then
    echo "Not measured (--no-generator)."
    echo
    return
  fi
  if [ "${gen[install]:-}" = failed ]; then
    echo "Not measured: \`cmake --install\` of the build directory failed. ✗"
    echo
    miss "generator: fastcpp could not be installed for the synthetic services"
    return
  fi
  cat <<EOF
Synthetic services written by \`bench/make_synthetic.sh\` (each handler: a path parameter, two
query parameters and a struct body), built with \`fastcpp_add_service\` by a separate CMake
project that finds the installed fastcpp package. fastcpp-gen alone: the build's own command
line, median of $reps runs. No-op: \`cmake --build\` with nothing changed, median of $reps.
Touch: \`touch handlers_1.cpp\` then \`cmake --build\` (generator, compile of the generated
unity TU, link), with the generator's share read from \`.ninja_log\`.

| service | files | handlers | fastcpp-gen alone | no-op rebuild (< 0.5 s) \
| touch one file: total (runs) | of which fastcpp-gen |
|---|---:|---:|---:|---:|---:|---:|
EOF
  for spec in "synth30 3 30 $T_GEN_SMALL_MS" "synth300 10 300 $T_GEN_LARGE_MS"; do
    read -r name files handlers target <<< "$spec"
    if [ -n "${gen[$name/failed]:-}" ]; then
      echo "| $name | $files | $handlers | did not build ✗ (see the log) | – | – | – |"
      miss "generator: $name did not build"
      continue
    fi
    echo "| $name | $files | $handlers |" \
         "$(fmt_ms "${gen[$name/gen]}")$(mark "${gen[$name/gen]}" "<" "$target" \
           "$name: fastcpp-gen = $(fmt_ms "${gen[$name/gen]}") (target < $(fmt_ms "$target"))")" \
         "(< $(fmt_ms "$target")) |" \
         "$(fmt_ms "${gen[$name/noop]}")$(mark "${gen[$name/noop]}" "<" "$T_NOOP_MS" \
           "$name: no-op rebuild = $(fmt_ms "${gen[$name/noop]}") (target < 0.5 s)") |" \
         "$(fmt_ms "${gen[$name/touch]}") (${gen[$name/touch_reps]}) |" \
         "$(fmt_ms "${gen[$name/touch_gen]}") |"
  done
  echo
}

report_misses() {
  echo "## Missed targets"
  echo
  if [ -s "$work/misses" ]; then sed 's/^/- ✗ /' "$work/misses"; else echo "None."; fi
}

write_report() {
  report_header
  echo
  report_throughput
  report_ceiling
  report_latency
  report_error_ratios
  report_cpu
  report_connections
  report_answers
  report_memory
  report_generator
  report_misses
}

write_tsv() {  # shape, server, median req/s, p50 µs, p99 µs, CPU µs per request
  local shape label
  printf 'shape\tserver\trps\tp50_us\tp99_us\tcpu_us\n'
  for shape in "${shape_names[@]}"; do
    for label in fastcpp hand fastapi; do
      has "$shape" "$label" || continue
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$label" "$(med "$shape" "$label" 4)" \
        "$(med "$shape" "$label" 5)" "$(med "$shape" "$label" 6)" "$(med "$shape" "$label" 11)"
    done
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
  load_shapes
  check_fastapi

  work=$(mktemp -d "${TMPDIR:-/tmp}/fastcpp-bench.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  : > "$work/results.tsv"
  : > "$work/misses"
  build

  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  [ "$with_fastapi" = 1 ] && fastapi_version=$(fastapi_versions)
  local sample text
  measure_throw
  for sample in "${samples[@]}"; do bench_sample "$sample"; done
  [ "$with_generator" = 1 ] && bench_generator

  text=$(write_report)
  echo "$text"
  if [ "$report" != - ]; then
    mkdir -p "$(dirname "$report")"
    echo "$text" > "$report"
    log "report written to $report"
  fi
  [ -z "$tsv" ] || write_tsv > "$tsv"
}

main "$@"
