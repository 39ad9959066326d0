#!/usr/bin/env python3
"""The deployment benchmark: one and two worker processes, directly and behind nginx.

In one run, on loopback ports: the items sample with `--workers 1` and `--workers 2`, each
measured directly and through nginx (deploy/nginx/fastcpp.conf, as deploy/nginx/check.py runs
it), by `wrk -t2 -cC -dD GET /items/foo`. Reported: req/s, wrk's socket errors, and the CPU time
(user + system) per request of the service's processes and of nginx's, read from /proc before
and after each run (the load generator shares the machine's cores: compare in one run).

Usage: bench/deployment.py [--build-dir DIR] [--connections C] [--duration D] [--write]
  --write   put the section into docs/benchmarks.md between <!-- deployment:begin --> and
            <!-- deployment:end --> (appended when they are not there); it is always printed
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def load_check():
    spec = importlib.util.spec_from_file_location("check", ROOT / "deploy/nginx/check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids += tree(int(child))
    return pids


def cpu_seconds(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def wrk(port: int, connections: int, duration: int) -> dict:
    url = f"http://127.0.0.1:{port}/items/foo"
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d1s", url], capture_output=True)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", url],
                         capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return dict(requests=requests, rps=rps,
                errors=sum(map(int, errors.groups())) if errors else 0,
                non2xx=int(non2xx.group(1)) if non2xx else 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=os.environ.get("FASTCPP_BUILD_DIR",
                                                              str(ROOT / "build")))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    check = load_check()
    binary = Path(args.build_dir).resolve() / "samples/items"
    rows = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="fastcpp-deploy-bench-") as scratch:
        work = Path(scratch)
        http_port, https_port, upstream = (check.free_port() for _ in range(3))
        nginx = check.start_nginx(work, http_port, https_port, upstream)
        try:
            for workers in (1, 2):
                service = check.Service(binary, upstream, work, "--workers", str(workers),
                                        "--no-access-log")
                try:
                    check.wait_for_port(upstream)
                    time.sleep(0.3)
                    for via, port in (("direct", upstream), ("nginx", http_port)):
                        service_cpu, nginx_cpu = cpu_seconds(service.process.pid), cpu_seconds(nginx.pid)
                        result = wrk(port, args.connections, args.duration)
                        result["service_us"] = (cpu_seconds(service.process.pid) - service_cpu) \
                            * 1e6 / result["requests"]
                        result["nginx_us"] = (cpu_seconds(nginx.pid) - nginx_cpu) * 1e6 \
                            / result["requests"] if via == "nginx" else None
                        rows.append(dict(workers=workers, via=via, **result))
                        print(f"deployment: --workers {workers} {via}: {result}", file=sys.stderr)
                finally:
                    service.stop()
        finally:
            nginx.terminate()
            nginx.wait(10)

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    lines = [
        "## Deployment: worker processes, directly and behind nginx",
        "",
        "Written by `bench/deployment.py` (run it again rather than editing).",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; machine: "
        f"{cpu}, {os.cpu_count()} cores; load average {load_before[0]:.2f} before the run",
        f"- `wrk -t2 -c{args.connections} -d{args.duration}s GET /items/foo` after a 1 s warm-up, "
        "on the items sample started with `--workers N --no-access-log` (default threads: one "
        "per core in each process), directly and through `deploy/nginx/fastcpp.conf` (nginx with "
        "2 worker processes, kept-alive upstream connections). wrk, nginx and the service share "
        "the machine's cores: the CPU time per request (user + system, of the service's processes "
        "and of nginx's) is the figure that carries over to a bigger machine.",
        "",
        "| processes | via | req/s | socket errors | non-2xx | service CPU/req | nginx CPU/req |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        nginx_cpu = f"{r['nginx_us']:.1f} µs" if r["nginx_us"] is not None else "–"
        lines.append(f"| {r['workers']} | {r['via']} | {r['rps']:.0f} | {r['errors']} | "
                     f"{r['non2xx']} | {r['service_us']:.1f} µs | {nginx_cpu} |")
    section = "\n".join(lines) + "\n"
    print(section)
    if args.write:
        report = ROOT / "docs/benchmarks.md"
        text = report.read_text()
        block = f"<!-- deployment:begin -->\n{section}<!-- deployment:end -->"
        if "<!-- deployment:begin -->" in text:
            text = re.sub(r"<!-- deployment:begin -->.*?<!-- deployment:end -->", lambda _: block,
                          text, flags=re.S)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        report.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
