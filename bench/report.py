#!/usr/bin/env python3
"""The benchmark's report: reads the results file bench/run.sh writes during a run and prints
the Markdown report (docs/benchmarks.md): medians, per-round ratios, CPU time per request,
the targets and what missed them. Python 3.11 standard library only.

    bench/report.py RESULTS [--tsv FILE]

--tsv FILE also writes the medians (shape, server, req/s, p50 µs, p99 µs, CPU µs per request)
as tab-separated values.

RESULTS holds JSON lines: one object a line, its "type" saying what it records. Servers are
named fastcpp, hand (hand-written cpp-httplib), fastapi and ceiling (bench/ceiling_server).

  run           once, before the measurements: command (run.sh's command line), build_dir
                (relative to the repository, "" when outside it), cpu, cores, mem_total_kb,
                kernel, load_before ("1.00 2.00 3.00"), compiler, httplib, wrk, fastapi (its
                versions, "" when not measured), fastapi_note ("" when FastAPI was measured,
                else why not), threads, connections, nice, duration (s per measurement),
                warmup (s), rounds, generator (false: --no-generator), ceiling_shape
  shape         one per selected request shape, in table order: name, sample, method, path,
                status, baseline (the success shape an error shape is compared with, or "")
  throw_cost    bench/throw_cost: throw_ns, inlined_throw_ns, return_ns
  answer        server, shape, differs (what differed from the expected answer; "" = nothing)
  reuse         server, shape, kept_open (a second request went over the same connection)
  wrk           one measurement: server, sample, shape, round, requests, duration_us, p50_us,
                p99_us, socket_errors, non2xx, opened (TCP connections accepted meanwhile,
                machine-wide), cpu_ticks (the server's user + system time), clk_tck
  rss           server, sample, peak_kb (VmHWM after the sample's measurements; null if unread)
  generator     a synthetic service about to be timed: service, files, handlers, runs
  timing        one timed run: service, step (gen, noop, touch, touch_gen), ms
  service_failed  service: it did not build, or a timed step failed
  install_failed  cmake --install failed: no generator timing
  end           once, after the measurements: date ("YYYY-MM-DD HH:MM UTC"), load_after
"""

import argparse
import os
import re
import json
import statistics
import sys
from collections import defaultdict

# Targets: each is shown next to its figure in the report.
T_VS_HAND = 0.95          # fastcpp req/s / hand-written req/s
T_ERROR_RATIO = 0.9       # an error shape's req/s / its success shape's, on fastcpp
T_VS_FASTAPI = 7          # fastcpp req/s / FastAPI req/s
T_VS_FASTAPI_422 = 10     # the same for a 422 shape
T_P99_US = 1000
T_RSS_KB = 20 * 1024
T_GEN_MS = {"synth30": 1000, "synth300": 3000}  # fastcpp-gen alone, per synthetic service
T_NOOP_MS = 500

LABELS = ("fastcpp", "hand", "fastapi")
LABEL_NAMES = {"fastcpp": "fastcpp", "hand": "hand-written", "ceiling": "the loopback ceiling",
               "fastapi": "FastAPI"}
DASH = "–"


def rps(m):
    return m["requests"] * 1e6 / m["duration_us"] if m["duration_us"] > 0 else 0.0


def cpu_us(m):  # server CPU time per request answered
    return m["cpu_ticks"] * 1e6 / m["clk_tck"] / m["requests"] if m["requests"] > 0 else 0.0


METRICS = {
    "rps": rps,
    "p50": lambda m: m["p50_us"],
    "p99": lambda m: m["p99_us"],
    "socket_errors": lambda m: m["socket_errors"],
    "opened": lambda m: m["opened"],
    "cpu": cpu_us,
}


class Results:
    """The records of one results file, indexed."""

    def __init__(self, records):
        self.run = {}
        self.end = {}
        self.shapes = []
        self.throw = None
        self.answers = {}                # (server, shape) → differs
        self.reuse = {}                  # (server, shape) → kept_open
        self.measurements = defaultdict(list)  # (shape, server) → wrk records
        self.rss = {}                    # (server, sample) → peak_kb
        self.services = []               # generator records, in order
        self.timings = defaultdict(list)  # (service, step) → ms of each run
        self.failed = set()
        self.install_failed = False
        for r in records:
            kind = r.get("type")
            if kind == "run":
                self.run = r
            elif kind == "end":
                self.end = r
            elif kind == "shape":
                self.shapes.append(r)
            elif kind == "throw_cost":
                self.throw = r
            elif kind == "answer":
                self.answers[r["server"], r["shape"]] = r["differs"]
            elif kind == "reuse":
                self.reuse[r["server"], r["shape"]] = r["kept_open"]
            elif kind == "wrk":
                self.measurements[r["shape"], r["server"]].append(r)
            elif kind == "rss":
                self.rss[r["server"], r["sample"]] = r["peak_kb"]
            elif kind == "generator":
                self.services.append(r)
            elif kind == "timing":
                self.timings[r["service"], r["step"]].append(r["ms"])
            elif kind == "service_failed":
                self.failed.add(r["service"])
            elif kind == "install_failed":
                self.install_failed = True
        self.samples = list(dict.fromkeys(s["sample"] for s in self.shapes))

    def has(self, shape, server):
        return bool(self.measurements.get((shape, server)))

    def values(self, shape, server, metric="rps"):
        return [METRICS[metric](m) for m in self.measurements.get((shape, server), [])]

    def med(self, shape, server, metric="rps"):
        """The median over rounds, None without a measurement."""
        values = self.values(shape, server, metric)
        return statistics.median(values) if values else None

    def round_ratio(self, shape_a, server_a, shape_b, server_b, metric="rps"):
        """The median over rounds of A / B, each ratio taken within one round (the pairs of a
        round are measured close together)."""
        def by_round(shape, server):
            return {m["round"]: METRICS[metric](m)
                    for m in self.measurements.get((shape, server), [])}
        a, b = by_round(shape_a, server_a), by_round(shape_b, server_b)
        ratios = [a[r] / b[r] for r in a if r in b and b[r] > 0]
        return statistics.median(ratios) if ratios else None

    def spread(self, shape, server):
        """" ±N%": half the range of the rounds' req/s, relative to their median."""
        values = self.values(shape, server)
        if len(values) < 2:
            return ""
        median = statistics.median(values)
        if median <= 0:
            return ""
        return " ±%.0f%%" % (50 * (max(values) - min(values)) / median)

    def gen_median(self, service, step):
        values = self.timings.get((service, step))
        return statistics.median(values) if values else None


# --- formatting ---------------------------------------------------------------------------------

def fmt_rps(v):
    return DASH if v is None else "%.0f" % v


def fmt_x(v):
    return DASH if v is None else "%.2f×" % v


def fmt_mb(kb):
    return DASH if kb is None else "%.1f MB" % (kb / 1024)


def fmt_cpu(v):
    return DASH if v is None else "%.1f µs" % v


def fmt_us(v):
    if v is None:
        return DASH
    return "%d µs" % int(v) if v < 1000 else "%.2f ms" % (v / 1000)


def fmt_ms(v):
    if v is None:
        return DASH
    return "%d ms" % int(v) if v < 1000 else "%.2f s" % (v / 1000)


def fmt_num(v):
    """A count's median: whole when it is one (16.5 for an even number of rounds)."""
    if v is None:
        return DASH
    return str(int(v)) if v == int(v) else "%g" % v


class Report:
    def __init__(self, results):
        self.r = results
        self.misses = []
        self.lines = []

    def out(self, *parts):
        self.lines.append(" ".join(parts))

    def mark(self, value, op, target, what):
        """" ✓" or " ✗" after a figure (op: ">=" or "<"); a miss is also listed at the end."""
        if value is None:
            return ""
        if (value >= target) if op == ">=" else (value < target):
            return " ✓"
        self.misses.append(what)
        return " ✗"

    def fastapi_target(self, shape):
        return T_VS_FASTAPI_422 if shape["status"] == 422 else T_VS_FASTAPI

    def render(self):
        self.header()
        self.out()
        self.throughput()
        self.ceiling()
        self.latency()
        self.error_ratios()
        self.cpu()
        self.connections()
        self.answers()
        self.memory()
        self.generator()
        self.missed()
        return "\n".join(self.lines) + "\n"

    def header(self):
        run, end = self.r.run, self.r.end
        nice = run.get("nice", 0)
        nice_note = f" (servers, wrk and timed builds at nice {nice})" if nice else ""
        build_dir = run.get("build_dir", "")
        build_note = (f"`{build_dir}/`" if build_dir
                      else "a separate one, from FASTCPP_BUILD_DIR or --build-dir")
        fields = dict(run, build_note=build_note, nice_note=nice_note,
                      memory="%.0f GiB" % (run["mem_total_kb"] / 1048576),
                      fastapi=f"; {run['fastapi']}" if run.get("fastapi") else "",
                      fastapi_note=run.get("fastapi_note") or "measured",
                      date=end.get("date", "unknown (the run did not finish)"),
                      load_after=end.get("load_after", "unknown"))
        self.lines.append("""\
# Benchmarks

Written by `bench/run.sh` (do not edit by hand: run it again). A ✗ marks a missed target,
which is a bug to fix, not a figure to adjust.

- Command: `{command}` (build directory: {build_note})
- Date: {date}
- Machine: {cpu}, {cores} cores (`nproc`), {memory} RAM, Linux {kernel}; load average
  {load_before} before the run, {load_after} after
- Versions: {compiler}; cpp-httplib {httplib};
  {wrk}{fastapi}
- Load: wrk, {threads} threads, {connections} keep-alive connections, loopback, sharing the
  machine's cores with the server{nice_note}. {duration} s per measurement, {rounds} round(s) \
per sample
  after a {warmup} s warm-up. A round measures each (server, shape) pair of a sample once, in an
  order that reads the same backwards (fastcpp 200, fastcpp error, hand-written error,
  hand-written 200, ...) and is reversed every other round. Figures are medians over the rounds
  (± is half their range); every ratio is the median of per-round ratios.
- Servers: fastcpp = the generated sample, `build/samples/<sample> --no-access-log`;
  hand-written = `bench/handwritten_server.cpp`, the same routes on cpp-httplib alone with
  the same connection settings; FastAPI = `tests/reference/<sample>.py` under uvicorn, one
  process, access log off ({fastapi_note}); the loopback ceiling =
  `bench/ceiling_server.cpp`, with the {ceiling_shape} shape only (below).""".format_map(fields))
        load = run["load_before"].split()[0]
        if float(load) > run["cores"] / 2:
            self.lines.append(f"""\
- **The machine was busy** (load average {load} on {run['cores']} cores before
  the run): ratios between servers, measured side by side, hold better than absolute
  figures; CPU time per request is the least disturbed.""")

    def throughput(self):
        r = self.r
        self.out("## Throughput")
        self.out()
        self.out("| shape | request | fastcpp req/s | hand-written req/s |",
                 f"fastcpp / hand-written (≥ {T_VS_HAND}) | FastAPI req/s |",
                 f"fastcpp / FastAPI (≥ {T_VS_FASTAPI}×; 422: ≥ {T_VS_FASTAPI_422}×) |")
        self.out("|---|---|---:|---:|---:|---:|---:|")
        for s in r.shapes:
            name = s["name"]
            fastapi_cells = f"{DASH} | {DASH}"
            if r.has(name, "fastapi"):  # its miss is listed before the hand-written one
                target = self.fastapi_target(s)
                r_fa = r.round_ratio(name, "fastcpp", name, "fastapi")
                fastapi_cells = (
                    f"{fmt_rps(r.med(name, 'fastapi'))}{r.spread(name, 'fastapi')} | "
                    f"{fmt_x(r_fa)}" + self.mark(
                        r_fa, ">=", target,
                        f"{name}: fastcpp / FastAPI = {fmt_x(r_fa)} (target ≥ {target}×)"))
            r_hand = r.round_ratio(name, "fastcpp", name, "hand")
            self.out(f"| {name} | `{s['method']} {s['path']}` →", f"{s['status']} |",
                     f"{fmt_rps(r.med(name, 'fastcpp'))}{r.spread(name, 'fastcpp')} |",
                     f"{fmt_rps(r.med(name, 'hand'))}{r.spread(name, 'hand')} |",
                     fmt_x(r_hand) + self.mark(
                         r_hand, ">=", T_VS_HAND,
                         f"{name}: fastcpp / hand-written = {fmt_x(r_hand)} "
                         f"(target ≥ {T_VS_HAND})") + " |",
                     f"{fastapi_cells} |")
        self.out()

    def ceiling(self):
        r, shape = self.r, self.r.run["ceiling_shape"]
        if not r.has(shape, "ceiling"):
            return
        ceiling_rps = r.med(shape, "ceiling")
        self.lines.append(f"""\
## The loopback ceiling

`bench/ceiling_server` answers {shape}'s request with its bytes from one epoll
loop per core and does nothing else: no parsing, no routing, no thread per connection. It
shows what the kernel's loopback TCP and wrk, sharing the cores, leave to any server on
this machine: {fmt_rps(ceiling_rps)}{r.spread(shape, 'ceiling')} req/s, at \
{fmt_cpu(r.med(shape, 'ceiling', 'cpu'))} of CPU per request.
fastcpp reaches {fmt_x(r.round_ratio(shape, 'fastcpp', shape, 'ceiling'))} of it, \
hand-written cpp-httplib {fmt_x(r.round_ratio(shape, 'hand', shape, 'ceiling'))} \
(same rounds).""")
        if not r.has(shape, "fastapi"):
            self.out()
            return
        self.out("Against FastAPI, the ceiling bounds what any server could show here: where its"
                 " ratio is\nbelow a target, no server meets that target on this machine under"
                 " this load.")
        self.out()
        self.out("| shape | FastAPI req/s | fastcpp / FastAPI | ceiling / FastAPI | target |")
        self.out("|---|---:|---:|---:|---:|")
        for s in r.shapes:
            name = s["name"]
            if not r.has(name, "fastapi"):
                continue
            fastapi_rps = r.med(name, "fastapi")
            over = ceiling_rps / fastapi_rps if fastapi_rps else None
            self.out(f"| {name} | {fmt_rps(fastapi_rps)} |",
                     f"{fmt_x(r.round_ratio(name, 'fastcpp', name, 'fastapi'))} |",
                     f"{fmt_x(over)} |", f"≥ {self.fastapi_target(s)}× |")
        self.out()
        self.out("The ceiling server answers one shape: next to another shape's FastAPI figure it"
                 " stands\nfor a server that would answer that shape at no cost of its own.")
        self.out()

    def latency(self):
        r = self.r
        self.out("## Latency")
        self.out()
        self.out("| shape | fastcpp p50 | fastcpp p99 (< 1 ms) | hand-written p50 |"
                 " hand-written p99 | FastAPI p50 | FastAPI p99 |")
        self.out("|---|---:|---:|---:|---:|---:|---:|")
        for s in r.shapes:
            name = s["name"]
            p99 = r.med(name, "fastcpp", "p99")
            self.out(f"| {name} | {fmt_us(r.med(name, 'fastcpp', 'p50'))} |",
                     fmt_us(p99) + self.mark(p99, "<", T_P99_US,
                                             f"{name}: fastcpp p99 = {fmt_us(p99)} "
                                             "(target < 1 ms)") + " |",
                     f"{fmt_us(r.med(name, 'hand', 'p50'))} |",
                     f"{fmt_us(r.med(name, 'hand', 'p99'))} |",
                     f"{fmt_us(r.med(name, 'fastapi', 'p50'))} |",
                     f"{fmt_us(r.med(name, 'fastapi', 'p99'))} |")
        self.out()

    def error_ratios(self):
        r = self.r
        self.out("## Error shapes against the success shape of the same server")
        self.out()
        self.out(f"| error shape | success shape | fastcpp (≥ {T_ERROR_RATIO}) | hand-written |"
                 " FastAPI |")
        self.out("|---|---|---:|---:|---:|")
        for s in r.shapes:
            name, base = s["name"], s["baseline"]
            if not base:
                continue
            if not r.has(base, "fastcpp"):
                self.out(f"| {name} | {base}: not measured (add it to --only) |"
                         f" {DASH} | {DASH} | {DASH} |")
                continue
            cells = ""
            for label in LABELS:
                ratio = None
                if r.has(name, label) and r.has(base, label):
                    ratio = r.round_ratio(name, label, base, label)
                cells += " " + fmt_x(ratio)
                if label == "fastcpp":
                    cells += self.mark(ratio, ">=", T_ERROR_RATIO,
                                       f"{name}: fastcpp error / success = {fmt_x(ratio)} "
                                       f"(target ≥ {T_ERROR_RATIO})")
                cells += " |"
            self.out(f"| {name} | {base} |{cells}")
        self.out()
        self.lines.append("""\
Each ratio is the median over rounds of the two shapes' req/s, measured back to back on
the same server. items_404 and unicorns_418 are answered by an exception the handler
throws, as in the seed; path_int_422 and body_422 without one.""")
        t = r.throw
        if t:
            self.lines.append(f"""\
On this machine (`bench/throw_cost`, in a warm loop) one
`throw HTTPException(404, "Item not found")` costs {t['throw_ns'] / 1000:.1f} µs when its caller \
catches it,
{t['inlined_throw_ns'] / 1000:.1f} µs when the throwing
function is inlined into the frame that catches, as the samples' `static` handlers are
(the same call returning: {t['return_ns']} ns).""")
            success_cpu = r.med("items_200", "fastcpp", "cpu")
            if success_cpu is not None:
                self.lines.append(f"""\
A whole items_200 request costs the server {fmt_cpu(success_cpu)} of CPU: the
unwinder's share is what separates a throwing error shape from its success shape.""")
        self.out()

    def cpu(self):
        r = self.r
        self.lines.append("""\
## Server CPU time per request

User + system time of the server process during the measurement, divided by the
requests answered (kernel socket work included). Less disturbed by other load than
req/s; no target of its own, it shows where a throughput gap comes from.

| shape | fastcpp | hand-written | fastcpp / hand-written | FastAPI |
|---|---:|---:|---:|---:|""")
        for s in r.shapes:
            name = s["name"]
            self.out(f"| {name} | {fmt_cpu(r.med(name, 'fastcpp', 'cpu'))} |",
                     f"{fmt_cpu(r.med(name, 'hand', 'cpu'))} |",
                     f"{fmt_x(r.round_ratio(name, 'fastcpp', name, 'hand', 'cpu'))} |",
                     f"{fmt_cpu(r.med(name, 'fastapi', 'cpu'))} |")
        self.out()

    def connections(self):
        r, c = self.r, self.r.run["connections"]
        self.lines.append(f"""\
## Connections

Kept open: two requests in one `curl --next`, the second must not open a connection.
Opened: TCP connections accepted during the measurement, from the machine-wide
PassiveOpens counter: {c + 1} = wrk's {c} + its initial probe, i.e. no
reconnection; a figure far above that next to "yes" is other activity on the machine.
Fewer than {c + 1} in a short run: connections still waiting in a full listen
queue. Socket errors: wrk's connect, read, write and timeout errors.

| shape | fastcpp: kept open · opened · socket errors | hand-written | FastAPI |
|---|---|---|---|""")
        for s in r.shapes:
            name, cells = s["name"], ""
            for label in LABELS:
                if not r.has(name, label):
                    cells += f" {DASH} |"
                    continue
                kept = {True: "yes", False: "no"}.get(r.reuse.get((label, name)), "?")
                cells += (f" {kept} · {fmt_num(r.med(name, label, 'opened'))} ·"
                          f" {fmt_num(r.med(name, label, 'socket_errors'))}")
                if label == "fastcpp" and kept != "yes":
                    cells += " ✗"
                    self.misses.append(f"{name}: fastcpp closed the connection after answering")
                cells += " |"
            self.out(f"| {name} |{cells}")
        self.out()

    def answers(self):
        r, bad = self.r, False
        self.out("## Answers")
        self.out()
        for s in r.shapes:
            for label in LABELS + ("ceiling",):
                differs = r.answers.get((label, s["name"]))
                if not differs:
                    continue
                if not bad:
                    self.out("| shape | server | differs from the expected answer |")
                    self.out("|---|---|---|")
                bad = True
                escaped = differs.replace("|", "\\|")
                self.out(f"| {s['name']} | {LABEL_NAMES[label]} | `{escaped}` ✗ |")
                self.misses.append(f"{s['name']}: {LABEL_NAMES[label]} answered differently"
                                   f" ({differs})")
        if not bad:
            self.out("Every server answered every shape with the expected status,"
                     " `application/json` and\nthe expected body, byte for byte, before it was"
                     " measured.")
        self.out()

    def memory(self):
        r = self.r
        self.out("## Memory: peak RSS under load (VmHWM after the sample's measurements)")
        self.out()
        self.out("| sample | fastcpp (< 20 MB) | hand-written | FastAPI |")
        self.out("|---|---:|---:|---:|")
        for sample in r.samples:
            kb = r.rss.get(("fastcpp", sample))
            self.out(f"| {sample} | {fmt_mb(kb)}" + self.mark(
                         kb, "<", T_RSS_KB,
                         f"{sample}: fastcpp peak RSS = {fmt_mb(kb)} (target < 20 MB)") + " |",
                     f"{fmt_mb(r.rss.get(('hand', sample)))} |",
                     f"{fmt_mb(r.rss.get(('fastapi', sample)))} |")
        self.out()

    def generator(self):
        r = self.r
        self.out("## Generator and rebuilds")
        self.out()
        if not r.run.get("generator", True):
            self.out("Not measured (--no-generator).")
            self.out()
            return
        if r.install_failed:
            self.out("Not measured: `cmake --install` of the build directory failed. ✗")
            self.out()
            self.misses.append("generator: fastcpp could not be installed for the synthetic"
                               " services")
            return
        runs = r.services[0]["runs"] if r.services else DASH
        self.lines.append(f"""\
Synthetic services written by `bench/make_synthetic.sh` (each handler: a path parameter, two
query parameters and a struct body), built with `fastcpp_add_service` by a separate CMake
project that finds the installed fastcpp package. fastcpp-gen alone: the build's own command
line, median of {runs} runs. No-op: `cmake --build` with nothing changed, median of {runs}.
Touch: `touch handlers_1.cpp` then `cmake --build` (generator, compile of that source's
generated file, link), with the generator's share read from `.ninja_log`.

| service | files | handlers | fastcpp-gen alone | no-op rebuild (< 0.5 s) \
| touch one file: total (runs) | of which fastcpp-gen |
|---|---:|---:|---:|---:|---:|---:|""")
        for service in r.services:
            name, files, handlers = service["service"], service["files"], service["handlers"]
            if name in r.failed:
                self.out(f"| {name} | {files} | {handlers} | did not build ✗ (see the log) |"
                         f" {DASH} | {DASH} | {DASH} |")
                self.misses.append(f"generator: {name} did not build")
                continue
            gen, noop = r.gen_median(name, "gen"), r.gen_median(name, "noop")
            target = T_GEN_MS.get(name)
            gen_cell = fmt_ms(gen)
            if target is not None:
                gen_cell += self.mark(gen, "<", target,
                                      f"{name}: fastcpp-gen = {fmt_ms(gen)} "
                                      f"(target < {fmt_ms(target)})")
                gen_cell += f" (< {fmt_ms(target)})"
            self.out(f"| {name} | {files} | {handlers} |", gen_cell + " |",
                     fmt_ms(noop) + self.mark(noop, "<", T_NOOP_MS,
                                              f"{name}: no-op rebuild = {fmt_ms(noop)} "
                                              "(target < 0.5 s)") + " |",
                     f"{fmt_ms(r.gen_median(name, 'touch'))}"
                     f" ({len(r.timings.get((name, 'touch'), []))}) |",
                     f"{fmt_ms(r.gen_median(name, 'touch_gen'))} |")
        self.out()

    def missed(self):
        self.out("## Missed targets")
        self.out()
        if self.misses:
            self.lines.extend(f"- ✗ {m}" for m in self.misses)
        else:
            self.out("None.")


def medians_tsv(results):
    """shape, server, median req/s, p50 µs, p99 µs and CPU µs per request."""
    rows = ["shape\tserver\trps\tp50_us\tp99_us\tcpu_us"]
    for s in results.shapes:
        for label in LABELS:
            if not results.has(s["name"], label):
                continue
            med = {metric: results.med(s["name"], label, metric) for metric in METRICS}
            rows.append("\t".join((s["name"], label, "%.1f" % med["rps"], fmt_num(med["p50"]),
                                    fmt_num(med["p99"]), "%.2f" % med["cpu"])))
    return "\n".join(rows) + "\n"


def read_results(path):
    records = []
    # strict=False: an unexpected answer quoted in an "answer" record may hold control bytes.
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line, strict=False))
            except json.JSONDecodeError as e:
                raise SystemExit(f"report.py: {path}:{number}: {e}") from None
    results = Results(records)
    if not results.run:
        raise SystemExit(f"report.py: {path}: no \"run\" record")
    return results


SECTION = re.compile(r"<!-- ([a-z-]+):begin -->.*?<!-- \1:end -->\n?", re.S)


def keep_sections(text: str, previous: str) -> str:
    """`text` with the sections of `previous` that other benchmarks wrote (between
    `<!-- NAME:begin -->` and `<!-- NAME:end -->`, e.g. bench/connections.py's) appended, so
    that writing this report does not lose them."""
    kept = [m.group(0).rstrip("\n") for m in SECTION.finditer(previous)
            if f"<!-- {m.group(1)}:begin -->" not in text]
    if not kept:
        return text
    return text.rstrip("\n") + "\n\n" + "\n\n".join(kept) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", help="the results file bench/run.sh wrote")
    parser.add_argument("--tsv", help="also write the medians there, tab-separated")
    parser.add_argument("--keep-from", metavar="FILE",
                        help="the report being replaced: its sections written by the other "
                             "benchmarks (<!-- NAME:begin --> ... <!-- NAME:end -->) are kept")
    args = parser.parse_args(argv)
    results = read_results(args.results)
    text = Report(results).render()
    if args.keep_from and os.path.exists(args.keep_from):
        with open(args.keep_from, encoding="utf-8") as f:
            text = keep_sections(text, f.read())
    sys.stdout.write(text)
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as f:
            f.write(medians_tsv(results))


if __name__ == "__main__":
    main()
