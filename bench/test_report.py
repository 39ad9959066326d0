"""Tests of bench/report.py: the report of the checked-in results file, figures worked out by
hand on small results, and run.sh's record function against report.py's reader.

    python3 -m unittest discover -s bench -p 'test_*.py'     (CTest: bench_report)

testdata/results.jsonl is a results file in the format bench/run.sh writes (figures made up,
three rounds, FastAPI and the ceiling measured, one unexpected answer, one closed connection,
one generator service that did not build); testdata/report.md is its report. After a deliberate
change to the report, write it again and read the diff:

    python3 bench/report.py bench/testdata/results.jsonl > bench/testdata/report.md
"""

import copy
import io
import json
import os
import subprocess
import tempfile
import unittest
from contextlib import redirect_stdout

import report

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "testdata")

RUN = {"type": "run", "command": "bench/run.sh --quick", "build_dir": "build", "cpu": "CPU",
       "cores": 2, "mem_total_kb": 8388608, "kernel": "6.1", "load_before": "0.50 0.40 0.30",
       "compiler": "g++ 12", "httplib": "0.41.0", "wrk": "wrk 4.1.0", "fastapi": "",
       "fastapi_note": "skipped: --no-fastapi", "threads": 2, "connections": 16, "nice": 0,
       "duration": 1, "warmup": 1, "rounds": 4, "generator": False,
       "ceiling_shape": "items_200"}
SHAPES = [
    {"type": "shape", "name": "items_200", "sample": "items", "method": "GET",
     "path": "/items/foo", "status": 200, "baseline": ""},
    {"type": "shape", "name": "items_404", "sample": "items", "method": "GET",
     "path": "/items/bar", "status": 404, "baseline": "items_200"},
]


def wrk(server, shape, rnd, rps, p99=200, opened=17, cpu_ticks=100, requests=100000):
    """A measurement of one second at the given req/s (requests × 1e6 / duration_us)."""
    return {"type": "wrk", "server": server, "sample": "items", "shape": shape, "round": rnd,
            "requests": requests, "duration_us": round(requests * 1e6 / rps), "p50_us": 100,
            "p99_us": p99, "socket_errors": 0, "non2xx": 0, "opened": opened,
            "cpu_ticks": cpu_ticks, "clk_tck": 100}


def render(records):
    return report.Report(report.Results(copy.deepcopy(records))).render()


def row(text, first_cell):
    """The table row whose first cell is first_cell, as its list of cells."""
    for line in text.splitlines():
        if line.startswith(f"| {first_cell} |"):
            return [cell.strip() for cell in line.strip("|").split("|")]
    raise AssertionError(f"no row {first_cell!r} in:\n{text}")


def section(text, title):
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def missed(text):
    return [line[len("- ✗ "):] for line in section(text, "Missed targets").splitlines()
            if line.startswith("- ✗ ")]


class CheckedInResults(unittest.TestCase):
    def setUp(self):
        self.results = report.read_results(os.path.join(TESTDATA, "results.jsonl"))
        self.text = report.Report(self.results).render()

    def test_report_is_the_checked_in_one(self):
        with open(os.path.join(TESTDATA, "report.md"), encoding="utf-8") as f:
            self.assertEqual(self.text, f.read())

    def test_figures(self):
        r = self.results
        # fastcpp on items_200: the median of the three rounds, ± half their range over it.
        rps = sorted(m["requests"] * 1e6 / m["duration_us"]
                     for m in r.measurements["items_200", "fastcpp"])
        self.assertEqual(len(rps), 3)
        self.assertEqual(row(self.text, "items_200")[2], "%.0f ±%.0f%%" % (
            rps[1], 50 * (rps[2] - rps[0]) / rps[1]))
        self.assertEqual(row(section(self.text, "Latency"), "body_422")[2], "1.22 ms ✗")
        self.assertEqual(row(section(self.text, "Connections"), "items_404")[1],
                         "no · 17 · 0 ✗")
        self.assertEqual(row(section(self.text, "Memory"), "items")[1:], ["5.3 MB ✓", "4.6 MB",
                                                                          "53.6 MB"])
        self.assertEqual(row(section(self.text, "Generator"), "synth30")[3:],
                         ["67 ms ✓ (< 1.00 s)", "15 ms ✓", "6.39 s (3)", "61 ms"])
        self.assertIn("costs 0.9 µs when its caller catches it", self.text)
        self.assertIn("- **The machine was busy** (load average 1.52 on 2 cores", self.text)

    def test_missed_targets_in_section_order(self):
        self.assertEqual(missed(self.text), [
            "items_200: fastcpp / FastAPI = 5.22× (target ≥ 7×)",
            "items_404: fastcpp / FastAPI = 6.01× (target ≥ 7×)",
            "body_200: fastcpp / FastAPI = 5.10× (target ≥ 7×)",
            "body_422: fastcpp / FastAPI = 6.16× (target ≥ 10×)",
            "body_422: fastcpp p99 = 1.22 ms (target < 1 ms)",
            "items_404: fastcpp closed the connection after answering",
            'body_422: FastAPI answered differently (status 400 body {"detail":"a|b"})',
            "generator: synth300 did not build",
        ])
        # The | of the unexpected answer is escaped in its table cell.
        self.assertIn('| body_422 | FastAPI | `status 400 body {"detail":"a\\|b"}` ✗ |',
                      self.text)

    def test_main_writes_the_report_and_the_medians(self):
        with tempfile.TemporaryDirectory() as tmp:
            tsv = os.path.join(tmp, "medians.tsv")
            out = io.StringIO()
            with redirect_stdout(out):
                report.main([os.path.join(TESTDATA, "results.jsonl"), "--tsv", tsv])
            self.assertEqual(out.getvalue(), self.text)
            with open(tsv, encoding="utf-8") as f:
                lines = f.read().splitlines()
        self.assertEqual(lines[0], "shape\tserver\trps\tp50_us\tp99_us\tcpu_us")
        self.assertEqual(len(lines), 1 + 4 * 3)  # no ceiling row
        shape, server, rps, p50, p99, cpu = lines[1].split("\t")
        self.assertEqual((shape, server), ("items_200", "fastcpp"))
        self.assertEqual(float(rps), round(self.results.med("items_200", "fastcpp"), 1))
        self.assertEqual(cpu, "%.2f" % self.results.med("items_200", "fastcpp", "cpu"))


class KeepSections(unittest.TestCase):
    """The sections other benchmarks wrote into docs/benchmarks.md outlive a new report."""

    def test_other_sections_are_appended_once(self):
        previous = ("# Old report\n\nold figures\n\n<!-- connections:begin -->\n## C\n| 1 |\n"
                    "<!-- connections:end -->\n\n<!-- deployment:begin -->\n## D\n"
                    "<!-- deployment:end -->\n")
        text = report.keep_sections("# New report\n\nnew figures\n", previous)
        self.assertEqual(text, "# New report\n\nnew figures\n\n<!-- connections:begin -->\n"
                               "## C\n| 1 |\n<!-- connections:end -->\n\n"
                               "<!-- deployment:begin -->\n## D\n<!-- deployment:end -->\n")
        self.assertNotIn("old figures", text)
        # A section the new report has itself is not taken from the old one.
        again = report.keep_sections(text, previous)
        self.assertEqual(again, text)


class Figures(unittest.TestCase):
    """Small results, figures worked out by hand."""

    def records(self):
        return [RUN] + SHAPES + [
            # Round 4 of fastcpp items_404 is missing: its ratio takes rounds 1-3 only.
            wrk("fastcpp", "items_200", 1, 100000, cpu_ticks=105),
            wrk("fastcpp", "items_200", 2, 110000, cpu_ticks=113),
            wrk("fastcpp", "items_200", 3, 92000, cpu_ticks=120),
            wrk("fastcpp", "items_200", 4, 120000, cpu_ticks=100, p99=1000),
            wrk("hand", "items_200", 1, 100000, opened=16),
            wrk("hand", "items_200", 2, 100000, opened=17),
            wrk("hand", "items_200", 3, 100000, opened=17),
            wrk("hand", "items_200", 4, 200000, opened=18),
            wrk("fastcpp", "items_404", 1, 80000),
            wrk("fastcpp", "items_404", 2, 99000),
            wrk("fastcpp", "items_404", 3, 72000),
            {"type": "reuse", "server": "fastcpp", "shape": "items_200", "kept_open": True},
            {"type": "reuse", "server": "hand", "shape": "items_200", "kept_open": True},
            {"type": "reuse", "server": "fastcpp", "shape": "items_404", "kept_open": True},
            {"type": "rss", "server": "fastcpp", "sample": "items", "peak_kb": 20480},
            {"type": "rss", "server": "hand", "sample": "items", "peak_kb": None},
        ]

    def test_medians_ratios_and_cpu(self):
        text = render(self.records())
        # req/s: median of 92k, 100k, 110k, 120k = 105k, ± half the range (28k) over it = 13%;
        # hand: 100k, 100k, 100k, 200k. Per round fastcpp / hand = 1.0, 1.1, 0.92, 0.6: the
        # median of the ratios, 0.96, not the ratio of the medians, 1.05.
        cells = row(text, "items_200")
        self.assertEqual(cells[2:], ["105000 ±13%", "100000 ±50%", "0.96× ✓", "–", "–"])
        # items_404 / items_200 on fastcpp, rounds 1-3: 0.8, 0.9, 0.78.
        self.assertEqual(row(section(text, "Error shapes"), "items_404")[2:],
                         ["0.80× ✗", "–", "–"])
        self.assertIn("items_404: fastcpp error / success = 0.80× (target ≥ 0.9)", missed(text))
        # CPU: 1.05, 1.13, 1.20, 1.00 s over 100,000 requests: 10.5, 11.3, 12, 10 µs → 10.9.
        cpu = row(section(text, "Server CPU"), "items_200")
        self.assertEqual(cpu[1:3], ["10.9 µs", "10.0 µs"])
        # Per round 10.5/10, 11.3/10, 12/10, 10/10: median (1.05 + 1.13) / 2.
        self.assertEqual(cpu[3], "1.09×")
        # p99 200, 200, 200, 1000: median 200 µs; a median of 1000 µs would be "1.00 ms ✗".
        self.assertEqual(row(section(text, "Latency"), "items_200")[2], "200 µs ✓")
        # Opened: 16, 17, 17, 18 → 17; an even number of rounds can give a half.
        self.assertEqual(row(section(text, "Connections"), "items_200")[1:3],
                         ["yes · 17 · 0", "yes · 17 · 0"])
        # RSS: 20 MB is not below 20 MB; an unread VmHWM is a dash.
        self.assertEqual(row(section(text, "Memory"), "items")[1:], ["20.0 MB ✗", "–", "–"])

    def test_rounds_measured_on_one_side_only_give_no_ratio(self):
        records = [r for r in self.records()
                   if not (r["type"] == "wrk" and r["server"] == "hand" and r["round"] < 4)]
        records = [dict(r, round=5) if r["type"] == "wrk" and r["server"] == "hand" else r
                   for r in records]
        cells = row(render(records), "items_200")
        self.assertEqual(cells[3:5], ["200000", "–"])  # one round: no spread, no ratio

    def test_even_medians(self):
        records = self.records() + [wrk("hand", "items_404", 1, 100000, opened=16),
                                    wrk("hand", "items_404", 2, 100000, opened=17)]
        self.assertEqual(row(section(render(records), "Connections"), "items_404")[2],
                         "? · 16.5 · 0")  # no reuse record: "?"

    def test_without_fastapi_ceiling_generator_and_throw_cost(self):
        text = render(self.records())
        self.assertNotIn("## The loopback ceiling", text)
        self.assertIn("access log off (skipped: --no-fastapi)", text)
        self.assertIn("Versions: g++ 12; cpp-httplib 0.41.0;\n  wrk 4.1.0\n", text)
        self.assertIn("## Generator and rebuilds\n\nNot measured (--no-generator).\n", text)
        self.assertNotIn("bench/throw_cost", text)
        self.assertNotIn("was busy", text)  # load 0.50 on 2 cores
        self.assertIn("\n## Answers\n\nEvery server answered every shape", text)
        self.assertIn("- Date: unknown (the run did not finish)", text)

    def test_ceiling_without_fastapi(self):
        records = self.records() + [wrk("ceiling", "items_200", r, 150000, cpu_ticks=60)
                                    for r in (1, 2, 3, 4)]
        text = section(render(records), "The loopback ceiling")
        self.assertIn("this machine: 150000 ±0% req/s, at 6.0 µs of CPU per request.", text)
        # fastcpp per round: 100/150, 110/150, 92/150, 120/150 → (100 + 110) / 2 / 150.
        self.assertIn("fastcpp reaches 0.70× of it, hand-written cpp-httplib 0.67× (same", text)
        self.assertNotIn("Against FastAPI", text)

    def test_generator(self):
        run = dict(RUN, generator=True)
        timings = [{"type": "timing", "service": "synth300", "step": step, "ms": ms}
                   for step, values in (("gen", (2990, 3010, 3001)), ("noop", (499, 480, 520)),
                                        ("touch", (61000,)), ("touch_gen", (75,)))
                   for ms in values]
        records = [run] + SHAPES + [{"type": "generator", "service": "synth300", "files": 10,
                                     "handlers": 300, "runs": 3}] + timings
        text = render(records)
        self.assertIn("line, median of 3 runs. No-op: `cmake --build` with nothing changed,"
                      " median of 3.", text)
        self.assertEqual(row(text, "synth300")[1:], [
            "10", "300", "3.00 s ✗ (< 3.00 s)", "499 ms ✓", "61.00 s (1)", "75 ms"])
        self.assertIn("synth300: fastcpp-gen = 3.00 s (target < 3.00 s)", missed(text))

        text = render([run] + SHAPES + [{"type": "install_failed"}])
        self.assertIn("Not measured: `cmake --install` of the build directory failed. ✗", text)
        self.assertEqual(missed(text), [
            "generator: fastcpp could not be installed for the synthetic services"])

    def test_formats(self):
        self.assertEqual(report.fmt_us(999.9), "999 µs")
        self.assertEqual(report.fmt_us(1000), "1.00 ms")
        self.assertEqual(report.fmt_ms(12345), "12.35 s")
        self.assertEqual(report.fmt_x(None), "–")
        self.assertEqual(report.fmt_num(17.0), "17")


class RecordsFromRunSh(unittest.TestCase):
    """run.sh's record function writes what report.py reads."""

    def test_record_round_trip(self):
        with open(os.path.join(HERE, "run.sh"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        functions, inside = [], False
        for line in lines:
            inside = inside or line.startswith(("json_string() {", "record() {"))
            if inside:
                functions.append(line)
                inside = line != "}"
        self.assertGreater(len(functions), 10)
        awkward = 'status 400 body {"a":"b\\\\c"}\tx\ny\rz\x01 | é'
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "results.jsonl")
            script = "\n".join(functions) + """
results=$1
record answer server=fastapi shape=body_422 "differs=$2"
record rss server=hand sample=items peak_kb:=
record reuse server=hand shape=items_200 kept_open:=true
record wrk server=x=y round:=3
"""
            subprocess.run(["bash", "-c", script, "bash", path, awkward], check=True)
            with open(path, encoding="utf-8") as f:
                records = [json.loads(line, strict=False) for line in f]
        self.assertEqual(records, [
            {"type": "answer", "server": "fastapi", "shape": "body_422", "differs": awkward},
            {"type": "rss", "server": "hand", "sample": "items", "peak_kb": None},
            {"type": "reuse", "server": "hand", "shape": "items_200", "kept_open": True},
            {"type": "wrk", "server": "x=y", "round": 3},
        ])


if __name__ == "__main__":
    unittest.main()
