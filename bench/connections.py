#!/usr/bin/env python3
"""The connection benchmark: many connections at once, many held idle, and wrk at -c16/-c1000.

Measures, per server, in one run (servers one at a time, each on a loopback port):

  1. burst:  N clients connect at once, send one GET /items/foo each and close: time from the
             first connect to the last answer, and the clients that got none.
  2. keep:   N clients connect at once and keep their connections; once all are connected,
             each sends GET /items/foo: time to the last answer (and how long the connects took).
  3. idle:   IDLE kept-alive connections (one request answered on each, then silence) and WS
             open WebSockets (handshake with the session cookie, one message exchanged, then
             silence: pings are answered) are held open; then FRESH new clients, arriving at a
             steady rate, connect, send one request and close: their latency p50/p99, the ones
             refused or unanswered, and the server's RSS (VmRSS) with all of them open. Runs on
             the server's WebSocket app (samples/websockets; uvicorn: its FastAPI twin,
             tests/reference/websockets.py), whose answer to GET /items/foo is the router's 404.
  4. wrk:    wrk -t2 -c16 and -c1000 for D seconds each on GET /items/foo: req/s, socket errors
             and timeouts, and the server's CPU time (utime + stime of its processes, from
             /proc/PID/stat) per request.
  5. nginx:  Debian's nginx answering the same bytes with `return` (bench/nginx-ceiling.conf) in
             the same runs, as a ceiling: each server's CPU per request against it.

Usage:
  bench/connections.py [--fastcpp BIN] [--baseline BIN] [--uvicorn] [--no-nginx] [--quick]
                       [--write] [--report FILE] [--json FILE] [--phases LIST] [--ports LO-HI]
                       [size options, see --help]

  --fastcpp BIN     the items sample to measure (default: build/samples/items); its WebSocket
                    app is the `websockets` binary next to it (or --fastcpp-websockets BIN)
  --baseline BIN    the previous commit's items binary, measured in the same run (and its
                    `websockets` next to it, or --baseline-websockets BIN); --no-fastcpp: that
                    one alone
  --uvicorn         also the real FastAPI (tests/reference/{items,websockets}.py) under uvicorn,
                    through
                    ../shared/tools/fastapi-reference's chroot (skipped, with a note, when the
                    tool is missing or not set up; --fastapi-root DIR names the chroot; the apps
                    are copied to its /srv/connections-bench, or /srv/NAME with --fastapi-srv)
  --ports LO-HI     the loopback ports the servers may listen on (default: free ones)
  --quick           small sizes for a check: 200 clients, 1,000 idle, 100 WebSockets, 2 s wrk
  --write           write the Markdown section into docs/benchmarks.md (or --report FILE)
                    between <!-- connections:begin --> and <!-- connections:end -->
                    (appended when the markers are not there yet); it is always printed

Python 3.11 standard library only. The load generator is this one asyncio process (phases 1-3)
and wrk (phase 4); both share the machine's cores with the server. Needs wrk; nginx is
installed with apt-get when missing and this runs as root, else skipped with a note.
Traffic goes to 127.0.0.1 only. Exit status: 0 when the benchmark ran (missed targets are
reported, not failed), 1 on error, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import base64
import datetime
import hashlib
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FASTAPI_TOOL = ROOT.parent / "shared" / "tools" / "fastapi-reference"
BEGIN_MARK = "<!-- connections:begin -->"
END_MARK = "<!-- connections:end -->"
HOST = "127.0.0.1"
ITEMS_PATH = "/items/foo"
ITEMS_BODY = b'{"item":"The Foo Wrestlers"}'
WS_PATH = "/items/foo/ws"
WS_COOKIE = "session=abc"
WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
WRK_THREADS = 2
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The targets, shown next to the figures of the fastcpp servers.
T_LAST_ANSWER_S = 1.0
T_FRESH_P99_MS = 10.0
T_RSS_MB = 200
# The keep-alive timeout of the WebSocket apps in the held-open phase, which outlasts the default
# 5 s: the connections are to stay open while the fresh clients are measured.
HELD_KEEP_ALIVE_S = 60
T_CPU_VS_NGINX = 1.5
T_RPS_VS_BASELINE_C16 = 1.0

FULL = dict(clients=1000, idle=10000, websockets=1000, fresh=1000, fresh_window=2.0,
            duration=10, deadline=30.0, setup_deadline=60.0)
QUICK = dict(clients=200, idle=1000, websockets=100, fresh=200, fresh_window=1.0,
             duration=2, deadline=15.0, setup_deadline=20.0)


def log(*parts: object) -> None:
    print("connections:", *parts, file=sys.stderr, flush=True)


# --- processes -----------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """The process and all its descendants (nginx: the master and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the processes, all their threads (plus children they reaped)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After "pid (comm)": state is fields[0]; utime, stime, cutime, cstime are 11..14.
        total += sum(int(x) for x in fields[11:15])
    return total / CLK_TCK


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class Running:
    """A server process this script started, on its port."""

    def __init__(self, name: str, cmd: list[str], port: int, log_path: Path):
        self.name, self.cmd, self.port, self.log_path = name, cmd, port, log_path
        self.log_file = open(log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log_file,
                                     stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def pids(self) -> list[int]:
        return descendants(self.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.pids())

    def rss(self) -> int:
        return rss_kb(self.pids())

    def tail(self, lines: int = 5) -> str:
        try:
            text = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " / ".join(text[-lines:])

    def stop(self) -> None:
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def answers_http(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1) as s:
            s.sendall(f"GET {ITEMS_PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
            return s.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


class Ports:
    """Loopback ports for the servers: a given range, in turn, or ones the kernel says are free."""

    def __init__(self, spec: str | None):
        self.range = None
        self.next = 0
        if spec:
            lo, _, hi = spec.partition("-")
            self.range = list(range(int(lo), int(hi or lo) + 1))

    def take(self) -> int:
        if self.range:
            for _ in range(len(self.range)):
                port = self.range[self.next % len(self.range)]
                self.next += 1
                if not answers_http(port) and self.bindable(port):
                    return port
            raise RuntimeError("no free port in --ports")
        with socket.socket() as s:
            s.bind((HOST, 0))
            return s.getsockname()[1]

    @staticmethod
    def bindable(port: int) -> bool:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((HOST, port))
                return True
            except OSError:
                return False


class Server:
    """One server under test: how to start its items app and its WebSocket app."""

    def __init__(self, label: str, name: str, kind: str, items, websockets=None, note=""):
        self.label, self.name, self.kind = label, name, kind
        self.items, self.websockets = items, websockets  # port -> command line, or None
        self.note = note

    def start(self, which: str, ports: Ports, work: Path, ready_s: float) -> Running:
        make = self.items if which == "items" else self.websockets
        last = ""
        for attempt in range(3):
            port = ports.take()
            run = Running(f"{self.label}-{which}", make(port), port,
                          work / f"{self.label}-{which}-{port}.log")
            deadline = time.monotonic() + ready_s
            while time.monotonic() < deadline and run.alive():
                if answers_http(port):
                    return run
                time.sleep(0.1)
            last = run.tail()
            run.stop()
            log(f"{self.name} ({which}) did not start on port {port}: {last}")
        raise RuntimeError(f"{self.name} ({which}) did not start: {last}")


# --- the client ----------------------------------------------------------------------------------


def failure_kind(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return "reset"
    if isinstance(exc, EOFError):
        return "closed"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, BadAnswer):
        return "bad answer"
    if isinstance(exc, OSError) and exc.errno:
        return os.strerror(exc.errno).lower()
    return type(exc).__name__


class BadAnswer(Exception):
    pass


def count(failures: dict[str, int], kind: str) -> None:
    failures[kind] = failures.get(kind, 0) + 1


async def connect(port: int) -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        await asyncio.get_running_loop().sock_connect(s, (HOST, port))
    except BaseException:
        s.close()
        raise
    return s


async def read_head(s: socket.socket, buf: bytes = b"") -> tuple[bytes, bytes]:
    loop = asyncio.get_running_loop()
    while b"\r\n\r\n" not in buf:
        chunk = await loop.sock_recv(s, 65536)
        if not chunk:
            raise EOFError
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    return head, rest


async def read_response(s: socket.socket) -> tuple[int, bytes]:
    """One HTTP/1.1 response with a Content-Length (what every server here sends)."""
    loop = asyncio.get_running_loop()
    head, rest = await read_head(s)
    lines = head.split(b"\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        raise BadAnswer(lines[0][:80]) from None
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = await loop.sock_recv(s, 65536)
        if not chunk:
            raise EOFError
        rest += chunk
    return status, rest[:length]


def http_request(port: int) -> bytes:
    return f"GET {ITEMS_PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()


async def request(s: socket.socket, port: int, expect_items: bool) -> int:
    await asyncio.get_running_loop().sock_sendall(s, http_request(port))
    status, body = await read_response(s)
    if expect_items and (status, body) != (200, ITEMS_BODY):
        raise BadAnswer(f"{status} {body[:80]!r}")
    return status


def ws_frame(opcode: int, payload: bytes) -> bytes:
    """A client frame: final, masked."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 65536:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
    return header + mask + masked


def ws_parse(buf: bytes) -> tuple[int, bytes, bytes] | None:
    """(opcode, payload, rest) of the first whole server frame in buf, or None."""
    if len(buf) < 2:
        return None
    opcode, n = buf[0] & 0x0F, buf[1] & 0x7F
    at = 2
    if n == 126:
        if len(buf) < 4:
            return None
        n, at = struct.unpack("!H", buf[2:4])[0], 4
    elif n == 127:
        if len(buf) < 10:
            return None
        n, at = struct.unpack("!Q", buf[2:10])[0], 10
    if buf[1] & 0x80:  # a masked server frame: not expected, but parse it
        at += 4
    if len(buf) < at + n:
        return None
    return opcode, buf[at:at + n], buf[at + n:]


async def websocket_open(port: int, sockets: list) -> socket.socket:
    """Handshake on WS_PATH with the session cookie, one message and its answers."""
    loop = asyncio.get_running_loop()
    s = await connect(port)
    sockets.append(s)
    key = base64.b64encode(os.urandom(16))
    await loop.sock_sendall(s, (
        f"GET {WS_PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key.decode()}\r\n"
        f"Sec-WebSocket-Version: 13\r\nCookie: {WS_COOKIE}\r\n\r\n").encode())
    head, buf = await read_head(s)
    lines = head.split(b"\r\n")
    if not lines[0].startswith(b"HTTP/1.1 101"):
        raise BadAnswer(lines[0][:80])
    accept = base64.b64encode(hashlib.sha1(key + WS_GUID).digest())
    if not any(line.lower() == b"sec-websocket-accept: " + accept.lower() for line in lines):
        raise BadAnswer("wrong Sec-WebSocket-Accept")
    await loop.sock_sendall(s, ws_frame(0x1, b"Hello"))
    while True:
        frame = ws_parse(buf)
        if frame is None:
            chunk = await loop.sock_recv(s, 65536)
            if not chunk:
                raise EOFError
            buf += chunk
            continue
        opcode, payload, buf = frame
        if opcode == 0x8:
            raise BadAnswer(f"closed: {payload[:2].hex()} {payload[2:80]!r}")
        if opcode == 0x1 and payload.startswith(b"Message text was: Hello"):
            return s


class Watch:
    """Keeps an eye on idle sockets: notes when the server closes one; answers WebSocket pings."""

    def __init__(self):
        self.open: set[int] = set()
        self.closed_at: list[float] = []
        self.buffers: dict[int, bytes] = {}

    def add(self, s: socket.socket, websocket: bool) -> None:
        fd = s.fileno()
        self.open.add(fd)
        self.buffers[fd] = b""
        asyncio.get_running_loop().add_reader(fd, self.readable, s, websocket)

    def readable(self, s: socket.socket, websocket: bool) -> None:
        fd = s.fileno()
        try:
            data = s.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.drop(s, fd)
            return
        if not websocket:
            return  # nothing should come; ignore it
        buf = self.buffers[fd] + data
        while (frame := ws_parse(buf)) is not None:
            opcode, payload, buf = frame
            if opcode == 0x9:
                try:
                    s.send(ws_frame(0xA, payload))
                except OSError:
                    pass
            elif opcode == 0x8:
                self.drop(s, fd)
                return
        self.buffers[fd] = buf

    def drop(self, s: socket.socket, fd: int) -> None:
        asyncio.get_running_loop().remove_reader(fd)
        self.open.discard(fd)
        self.closed_at.append(time.monotonic())

    def stop(self) -> None:
        loop = asyncio.get_running_loop()
        for fd in list(self.open):
            loop.remove_reader(fd)
        self.open.clear()


async def launch_paced(n: int, rate: float, factory) -> list[asyncio.Task]:
    """Starts n tasks at `rate` a second, in small batches."""
    loop = asyncio.get_running_loop()
    tasks: list[asyncio.Task] = []
    batch = max(1, int(rate / 100))
    start = loop.time()
    for i in range(0, n, batch):
        for _ in range(min(batch, n - i)):
            tasks.append(asyncio.ensure_future(factory()))
        delay = start + (i + batch) / rate - loop.time()
        await asyncio.sleep(max(0.0, delay))
    return tasks


async def settle(tasks: list[asyncio.Task], deadline: float) -> tuple[list, dict[str, int]]:
    """Waits for the tasks until deadline (loop time); the ones not done count as timeouts."""
    loop = asyncio.get_running_loop()
    failures: dict[str, int] = {}
    results = []
    if tasks:
        done, pending = await asyncio.wait(tasks, timeout=max(0.0, deadline - loop.time()))
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    for task in tasks:
        if task.cancelled():
            count(failures, "timeout")
        elif task.exception() is not None:
            count(failures, failure_kind(task.exception()))
        else:
            results.append(task.result())
    return results, failures


async def phase_burst(port: int, n: int, deadline_s: float) -> dict:
    """n clients connect at once, one request each, then close."""
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def one():
        s = await connect(port)
        try:
            await request(s, port, expect_items=True)
            return loop.time() - start
        finally:
            s.close()

    tasks = [asyncio.ensure_future(one()) for _ in range(n)]
    times, failures = await settle(tasks, start + deadline_s)
    return dict(n=n, answered=len(times), last_s=max(times, default=None), failures=failures)


async def phase_keep(port: int, n: int, deadline_s: float) -> dict:
    """n clients connect at once and keep their connections; then each sends a request."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = [asyncio.ensure_future(connect(port)) for _ in range(n)]
    sockets, connect_failures = await settle(tasks, start + deadline_s)
    connected_s = loop.time() - start
    sent = loop.time()

    async def one(s):
        await request(s, port, expect_items=True)
        return loop.time() - sent

    try:
        tasks = [asyncio.ensure_future(one(s)) for s in sockets]
        times, failures = await settle(tasks, sent + deadline_s)
    finally:
        for s in sockets:
            s.close()
    for kind, k in connect_failures.items():
        failures["connect " + kind] = failures.get("connect " + kind, 0) + k
    return dict(n=n, connected=len(sockets), connect_s=connected_s, answered=len(times),
                last_s=max(times, default=None), failures=failures)


def percentile(sorted_values: list[float], q: float):
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


async def phase_idle(port: int, run: Running, sizes: dict, ws: bool, rate: float) -> dict:
    """Idle kept-alive connections and WebSockets held open, then fresh clients."""
    loop = asyncio.get_running_loop()
    watch = Watch()
    sockets: list[socket.socket] = []
    n_ws = sizes["websockets"] if ws else 0
    result: dict = dict(n_idle=sizes["idle"], n_ws=n_ws, rss_kb_start=run.rss())
    statuses: dict[str, int] = {}
    try:
        start = loop.time()

        async def open_ws():
            s = await websocket_open(port, sockets)
            watch.add(s, websocket=True)
            return True

        tasks = await launch_paced(n_ws, rate, open_ws)
        opened, ws_failures = await settle(tasks, start + sizes["setup_deadline"])
        result.update(ws_opened=len(opened), ws_failures=ws_failures,
                      ws_setup_s=loop.time() - start)

        async def open_idle():
            s = await connect(port)
            sockets.append(s)
            status = await request(s, port, expect_items=False)
            count(statuses, str(status))
            watch.add(s, websocket=False)
            return True

        idle_start = loop.time()
        tasks = await launch_paced(sizes["idle"], rate, open_idle)
        opened, idle_failures = await settle(tasks, idle_start + sizes["setup_deadline"])
        result.update(idle_answered=len(opened), idle_failures=idle_failures,
                      idle_setup_s=loop.time() - idle_start, setup_s=loop.time() - start,
                      statuses=statuses)
        await asyncio.sleep(0.5)
        result["rss_kb_held"] = run.rss()
        result["closed_before_fresh"] = len(watch.closed_at)

        timeout = 5.0

        async def fresh():
            begun = loop.time()
            async with asyncio.timeout(timeout):
                s = await connect(port)
                try:
                    await request(s, port, expect_items=False)
                finally:
                    s.close()
            return loop.time() - begun

        fresh_start = loop.time()
        tasks = await launch_paced(sizes["fresh"], sizes["fresh"] / sizes["fresh_window"], fresh)
        times, failures = await settle(tasks, loop.time() + timeout + 1)
        times.sort()
        result["fresh"] = dict(n=sizes["fresh"], answered=len(times), failures=failures,
                               p50_ms=_ms(percentile(times, 0.50)),
                               p99_ms=_ms(percentile(times, 0.99)),
                               max_ms=_ms(times[-1] if times else None))
        result["rss_kb_end"] = run.rss()
        result["rss_kb"] = max(result["rss_kb_held"], result["rss_kb_end"])
        result["fresh_s"] = loop.time() - fresh_start
        result["held_s"] = loop.time() - start
        # Open at the end: established (answered) and not closed by the server since.
        result["open_at_end"] = len(watch.open)
        result["closed_by_server"] = len(watch.closed_at)
        # asyncio's loop.time() is time.monotonic(), as closed_at is.
        result["first_close_s"] = min(watch.closed_at) - start if watch.closed_at else None
    finally:
        watch.stop()
        for s in sockets:
            s.close()
    return result


def _ms(seconds):
    return None if seconds is None else seconds * 1000


# --- wrk -----------------------------------------------------------------------------------------

WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d timeout=%d non2xx=%d\\n",
    summary.requests, summary.duration, latency:percentile(50.0), latency:percentile(99.0),
    e.connect, e.read, e.write, e.timeout, e.status))
end
"""


def not_accepted(port: int) -> int:
    """Connections to the port that the server has not accepted yet: the clients' SYN_SENT
    (their SYN dropped: the listen queue was full), the server's SYN_RECV and its listen queue.
    wrk counts none of them as an error while it waits for them."""
    suffix = f":{port:04X}"
    waiting = 0
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if state == "02" and remote.endswith(suffix):
                waiting += 1
            elif local.endswith(suffix):
                if state == "03":
                    waiting += 1
                elif state == "0A":  # a listening socket: rx_queue is its listen queue now
                    waiting += int(fields[4].split(":")[1], 16)
    return waiting


def drain(port: int, seconds: float = 10.0) -> int:
    """Waits (up to `seconds`) until the server has accepted every connection made to it so far,
    so that one measurement does not count what an earlier one left behind. Returns the rest."""
    deadline = time.monotonic() + seconds
    while (left := not_accepted(port)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def run_wrk(run: Running, connections: int, seconds: int, lua: Path) -> dict:
    left_before = drain(run.port)
    cmd = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s",
           "-s", str(lua), f"http://{HOST}:{run.port}{ITEMS_PATH}"]
    cpu_before = run.cpu()
    started = time.monotonic()
    wrk = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waiting = []
    # From 1 s in (the connects had time), every 0.5 s: the connections still not accepted.
    while wrk.poll() is None and time.monotonic() - started < seconds + 60:
        elapsed = time.monotonic() - started
        if 1.0 <= elapsed <= seconds - 0.2:
            waiting.append(not_accepted(run.port))
        time.sleep(0.5)
    try:
        stdout, stderr = wrk.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        wrk.kill()
        stdout, stderr = wrk.communicate()
    cpu = run.cpu() - cpu_before
    match = re.search(r"^BENCH (.*)$", stdout, re.M)
    if not match:
        raise RuntimeError(f"wrk printed no summary: {stdout[-300:]} {stderr[-300:]}")
    fig = {k: int(v) for k, v in (kv.split("=") for kv in match.group(1).split())}
    fig["rps"] = fig["requests"] / (fig["duration_us"] / 1e6)
    fig["cpu_s"] = cpu
    fig["cpu_us"] = cpu / fig["requests"] * 1e6 if fig["requests"] else None
    fig["socket_errors"] = fig["connect"] + fig["read"] + fig["write"] + fig["timeout"]
    fig["not_accepted"] = max(waiting) if waiting else None
    fig["not_accepted_before"] = left_before  # left from earlier phases after 10 s of waiting
    return fig


# --- the run -------------------------------------------------------------------------------------


def raise_nofile(needed: int) -> int:
    """Raises RLIMIT_NOFILE (inherited by the servers and wrk): to 65,536 where the hard limit
    may be raised, else to the hard limit. Returns the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(needed, 65536)
    if hard < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, want))
            return want
        except (ValueError, OSError):
            pass
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return max(soft, hard)


def set_niceness(nice: int) -> None:
    """This process and all it starts at `nice`. With the kernel's autogroup scheduling, niceness
    only orders the processes of one session against each other; the session's autogroup gets
    the same niceness (restored at exit), so that it counts against other sessions' jobs too."""
    os.setpriority(os.PRIO_PROCESS, 0, nice)
    try:
        with open("/proc/self/autogroup") as f:
            before = int(f.read().split("nice")[1])
        with open("/proc/self/autogroup", "w") as f:
            f.write(str(nice))
    except (OSError, ValueError, IndexError):
        return

    def restore():
        try:
            with open("/proc/self/autogroup", "w") as f:
                f.write(str(before))
        except OSError:
            pass

    atexit.register(restore)


def fastapi_root(args) -> Path | None:
    if args.fastapi_root:
        return Path(args.fastapi_root)
    if os.environ.get("FASTAPI_REFERENCE_ROOT"):
        return Path(os.environ["FASTAPI_REFERENCE_ROOT"])
    # The tool's own default, read from it rather than repeated here.
    try:
        text = FASTAPI_TOOL.read_text()
    except OSError:
        return None
    match = re.search(r"FASTAPI_REFERENCE_ROOT:-([^}]+)\}", text)
    return Path(match.group(1)) if match else None


def ensure_nginx() -> tuple[str | None, str]:
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if nginx:
        return nginx, ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "nginx not installed (apt-get install nginx-light)"
    log("installing nginx-light with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    ok = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                         "nginx-light"], env=env, stdout=subprocess.DEVNULL).returncode == 0
    if not ok:
        subprocess.run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                        "nginx-light"], env=env, stdout=subprocess.DEVNULL)
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    return nginx, "" if nginx else "nginx could not be installed"


def version_of(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (out.stdout + out.stderr).strip().splitlines()[0] if (out.stdout + out.stderr) else "?"


def fastcpp_server(label: str, name: str, items: str, websockets: str | None) -> Server:
    items_bin = Path(items).resolve()
    if not os.access(items_bin, os.X_OK):
        raise SystemExit(f"connections: {items}: not an executable")
    ws_bin = Path(websockets).resolve() if websockets else items_bin.parent / "websockets"
    note = "" if os.access(ws_bin, os.X_OK) else f"no WebSocket app ({ws_bin.name} not found)"

    def command(binary, *extra):
        return lambda port: [str(binary), "--host", HOST, "--port", str(port), "--no-access-log",
                             *extra]

    # The held-open phase outlasts the 5 s keep-alive timeout: the WebSocket app gets a longer one,
    # when the binary has the option (the previous commit's may not).
    ws_extra = []
    if not note and "--timeout-keep-alive" in subprocess.run(
            [str(ws_bin), "--help"], capture_output=True, text=True, timeout=10).stdout:
        ws_extra = ["--timeout-keep-alive", str(HELD_KEEP_ALIVE_S)]
    return Server(label, name, "fastcpp", command(items_bin),
                  command(ws_bin, *ws_extra) if not note else None, note)


def uvicorn_server(args, work: Path) -> tuple[Server | None, str]:
    root = fastapi_root(args)
    if not FASTAPI_TOOL.exists() and not args.fastapi_root:
        return None, "../shared/tools/fastapi-reference not found"
    if root is None or not os.access(root / "usr/bin/python3", os.X_OK):
        return None, "fastapi-reference is not set up (run ../shared/tools/fastapi-reference setup)"
    if os.geteuid() != 0:
        return None, "fastapi-reference needs root (it runs a chroot)"
    srv = root / "srv" / args.fastapi_srv
    srv.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests/reference/items.py", srv / "items_app.py")
    twin = ROOT / "tests/reference/websockets.py"  # samples/websockets' FastAPI twin
    if twin.exists():
        shutil.copy(twin, srv / "websockets_app.py")

    def command(module, extra=""):
        return lambda port: ["chroot", str(root), "bash", "-c",
                             f"cd /srv/{args.fastapi_srv} && exec python3 -m uvicorn {module}:app "
                             f"--host {HOST} --port {port} --no-access-log --log-level warning"
                             f"{extra}"]

    server = Server("uvicorn", "FastAPI (uvicorn)", "uvicorn", command("items_app"),
                    command("websockets_app", f" --timeout-keep-alive {HELD_KEEP_ALIVE_S}")
                    if twin.exists() else None,
                    "" if twin.exists() else "no WebSocket app (tests/reference/websockets.py)")
    server.root = root
    return server, ""


def nginx_server(nginx: str, work: Path, nofile: int) -> Server:
    template = (ROOT / "bench/nginx-ceiling.conf").read_text()

    def command(port):
        prefix = work / f"nginx-{port}"
        prefix.mkdir(exist_ok=True)
        conf = (template.replace("@PREFIX@", str(prefix)).replace("@PORT@", str(port))
                .replace("@NOFILE@", str(nofile))
                .replace("@CONNECTIONS@", str(max(1024, nofile - 100)))
                .replace("@BACKLOG@", str(somaxconn())))
        (prefix / "nginx.conf").write_text(conf)
        return [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                "-e", str(prefix / "error.log")]

    return Server("nginx", "nginx `return` (ceiling)", "nginx", command, None, "no WebSocket app")


def somaxconn() -> int:
    try:
        return int(Path("/proc/sys/net/core/somaxconn").read_text())
    except (OSError, ValueError):
        return 4096


def measure(server: Server, args, sizes, phases, ports, work, lua) -> dict:
    """All phases on one server. Each group runs on a server process of its own, started for it,
    so that what one leaves behind (a stuck worker, a full queue) does not weigh on the next."""
    res: dict = dict(label=server.label, name=server.name, notes=[])
    ready_s = 90 if server.kind == "uvicorn" else 15
    if server.note:
        res["notes"].append(server.note)

    def on(which: str, body) -> None:
        run = server.start(which, ports, work, ready_s)
        try:
            log(f"{server.name} ({which}): pid {run.pid}, port {run.port}")
            body(run)
            if not run.alive():
                res["notes"].append(f"the {which} server exited ({run.proc.returncode}): "
                                    f"{run.tail()}")
        finally:
            run.stop()

    def bursts(run: Running) -> None:
        if "burst" in phases:
            res["burst"] = asyncio.run(phase_burst(run.port, sizes["clients"], sizes["deadline"]))
            log(f"  burst: {res['burst']}")
        if "keep" in phases and run.alive():
            if "burst" in phases:
                time.sleep(1)
                drain(run.port)
            res["keep"] = asyncio.run(phase_keep(run.port, sizes["clients"], sizes["deadline"]))
            log(f"  keep: {res['keep']}")

    def wrk(run: Running) -> None:
        run_wrk(run, 16, 1, lua)  # warm-up, not reported
        res["wrk"] = {}
        for c in (16, 1000):
            time.sleep(1)
            if not run.alive():
                break
            res["wrk"][c] = run_wrk(run, c, sizes["duration"], lua)
            log(f"  wrk -c{c}: {res['wrk'][c]}")

    def idle(run: Running) -> None:
        res["idle"] = asyncio.run(phase_idle(run.port, run, sizes,
                                             ws=server.websockets is not None,
                                             rate=args.open_rate))
        res["idle"]["app"] = which
        log(f"  idle: {res['idle']}")

    if {"burst", "keep"} & phases:
        on("items", bursts)
    if "wrk" in phases:
        on("items", wrk)
    if "idle" in phases:
        which = "websockets" if server.websockets else "items"
        on(which, idle)
    return res


# --- the report ----------------------------------------------------------------------------------


def fmt_s(s):
    if s is None:
        return "–"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_ms(ms):
    if ms is None:
        return "–"
    if ms < 1:
        return f"{ms * 1000:.0f} µs"
    return f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"


def fmt_mb(kb):
    return "–" if kb is None else f"{kb / 1024:.1f} MB"


def fmt_rps(x):
    return "–" if x is None else f"{x:.0f}"


def fmt_x(x):
    return "–" if x is None else f"{x:.2f}×"


def fmt_failures(failures: dict[str, int]) -> str:
    total = sum(failures.values())
    if not total:
        return "0"
    if len(failures) == 1:
        return f"{total} {next(iter(failures))}"
    return f"{total} ({', '.join(f'{k} {v}' for k, v in sorted(failures.items()))})"


def last_answer(phase: dict, deadline: float) -> str:
    """The time to the last answer; "> deadline" when some never came."""
    if phase["answered"] < phase["n"]:
        return f"> {deadline:.0f} s"
    return fmt_s(phase["last_s"])


class Report:
    def __init__(self, results: list[dict], sizes: dict, meta: dict):
        self.results, self.sizes, self.meta = results, sizes, meta
        self.misses: list[str] = []
        self.by_label = {r["label"]: r for r in results}

    def mark(self, res: dict, ok: bool | None, what: str) -> str:
        """✓/✗ for the fastcpp servers (a miss of the new one is listed at the end)."""
        if ok is None or res["label"] not in ("fastcpp", "baseline"):
            return ""
        if not ok and res["label"] == "fastcpp":
            self.misses.append(what)
        return " ✓" if ok else " ✗"

    def text(self) -> str:
        out = [BEGIN_MARK, *self.header(), *self.bursts(), *self.idle(), *self.wrk(),
               *self.missed(), END_MARK]
        return "\n".join(out) + "\n"

    def header(self) -> list[str]:
        m, z = self.meta, self.sizes
        lines = [
            "## Connections",
            "",
            "Written by `bench/connections.py` (run it again rather than editing). A ✗ marks a",
            "missed target of the issue, shown for fastcpp and the previous commit's server.",
            "",
            f"- Command: `{m['command']}`",
            f"- Date: {m['date']}",
            f"- Machine: {m['machine']}; load average {m['load_before']} before the run, "
            f"{m['load_after']} after",
            f"- Versions: {m['versions']}",
            "- Servers, one at a time, on loopback ports, at their own defaults; each table's "
            "measurements on a server process started for them:",
        ]
        for r in self.results:
            lines.append(f"  - {r['name']}: {r['description']}"
                         + (f" ({'; '.join(r['notes'])})" if r["notes"] else ""))
        lines += [
            f"- Load: the client of the first three tables is this one Python asyncio process "
            f"(standard library, epoll); the last table is wrk ({WRK_THREADS} threads). Both share "
            f"the machine's {os.cpu_count()} cores with the server, so a server that needs more CPU "
            "for the same work leaves less to its load generator: figures are for this machine, "
            "ratios measured in the same run hold better."
            + (f" Client, servers and wrk at nice {m['nice']} (their session's autogroup too)."
               if m["nice"] else ""),
        ]
        if m["quick"]:
            lines.append("- **--quick**: smaller sizes than the issue's (a check, not the "
                         "benchmark); the targets are the issue's, for its sizes.")
        if m["skipped"]:
            lines.append(f"- Not measured: {'; '.join(m['skipped'])}.")
        lines.append("")
        return lines

    def bursts(self) -> list[str]:
        n = self.sizes["clients"]
        if not any("burst" in r or "keep" in r for r in self.results):
            return []
        lines = [
            "### Connections at once",
            "",
            f"{n:,} clients connect at once (every connect issued before any answer is read) and "
            "send `GET /items/foo`. Close: each closes after its answer; time from the first "
            "connect to the last answer. Kept open: each keeps its connection; once all are "
            "connected, each sends its request; time from then to the last answer. Failed: no "
            f"right answer within {self.sizes['deadline']:.0f} s (refused, reset, closed, "
            "timeout).",
            "",
            f"| server | close: last answer (≤ {T_LAST_ANSWER_S:.0f} s) | failed (0) | "
            f"kept open: all connected in | last answer (≤ {T_LAST_ANSWER_S:.0f} s) | failed (0) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in self.results:
            cells = []
            b = r.get("burst")
            if b:
                ok = b["answered"] == n and b["last_s"] is not None and b["last_s"] <= T_LAST_ANSWER_S
                text = last_answer(b, self.sizes["deadline"])
                cells += [text + self.mark(r, ok, f"{n} connects at once, closing: "
                          f"last answer {text} (≤ 1 s)"),
                          fmt_failures(b["failures"]) + self.mark(
                              r, not b["failures"], f"{n} connects at once, closing: "
                              f"{fmt_failures(b['failures'])} failed")]
            else:
                cells += ["–", "–"]
            k = r.get("keep")
            if k:
                ok = k["answered"] == n and k["last_s"] is not None and k["last_s"] <= T_LAST_ANSWER_S
                text = last_answer(k, self.sizes["deadline"])
                cells += [fmt_s(k["connect_s"]),
                          text + self.mark(r, ok, f"{n} kept-alive connections: "
                          f"last answer {text} (≤ 1 s)"),
                          fmt_failures(k["failures"]) + self.mark(
                              r, not k["failures"], f"{n} kept-alive connections: "
                              f"{fmt_failures(k['failures'])} failed")]
            else:
                cells += ["–", "–", "–"]
            lines.append(f"| {r['name']} | " + " | ".join(cells) + " |")
        lines.append("")
        return lines

    def idle(self) -> list[str]:
        z = self.sizes
        if not any("idle" in r for r in self.results):
            return []
        lines = [
            "### Idle connections and WebSockets held open, then fresh clients",
            "",
            f"{z['websockets']:,} WebSockets (`{WS_PATH}` with `Cookie: {WS_COOKIE}`: handshake, "
            f"one message and its answers, then silence; pings answered) and {z['idle']:,} "
            "kept-alive connections (one `GET /items/foo` answered, then silence) are opened, "
            f"at most {self.meta['open_rate']:,} a second; then {z['fresh']:,} fresh clients "
            f"arrive over {z['fresh_window']:g} s, each connecting, sending `GET /items/foo` and "
            "closing after the answer (latency: connect to answer; failed: refused, reset, closed "
            "or no answer within 5 s). This runs on the server's WebSocket app "
            "(`samples/websockets`; FastAPI: its twin `tests/reference/websockets.py`), where `GET /items/foo` is answered by the "
            "router's 404. Open: answered (a WebSocket: its message) within the set-up's "
            f"{z['setup_deadline']:.0f} s; closed by the server: seen until the fresh clients were "
            "done. RSS: VmRSS of the server's processes, the larger of 0.5 s after the set-up "
            "and after the fresh clients. The phase outlasts the 5 s keep-alive timeout, so the "
            f"WebSocket apps run with `--timeout-keep-alive {HELD_KEEP_ALIVE_S}` where they have "
            "the option (fastcpp, uvicorn; not the previous commit's server; nginx's is 75 s).",
            "",
            "| server | WebSockets open | idle open | set-up: WebSockets · idle | fresh p50 | "
            f"p99 (< {T_FRESH_P99_MS:.0f} ms) | max | failed (0) | RSS (< {T_RSS_MB} MB) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in self.results:
            i = r.get("idle")
            if not i:
                continue
            f = i["fresh"]
            ws_failed = sum(i.get("ws_failures", {}).values())
            idle_failed = sum(i.get("idle_failures", {}).values())
            if i["n_ws"]:
                ws = f"{i['ws_opened']:,} / {i['n_ws']:,}"
                if ws_failed:
                    ws += f" ({fmt_failures(i['ws_failures'])})"
            else:
                ws = "– (no WebSocket app)"
            idle = f"{i['idle_answered']:,} / {i['n_idle']:,}"
            if idle_failed:
                idle += f" ({fmt_failures(i['idle_failures'])})"
            if i["closed_by_server"]:
                idle += (f"; {i['closed_by_server']:,} closed by the server "
                         f"({i['closed_before_fresh']:,} before the fresh clients), the first "
                         f"{i['first_close_s']:.1f} s after the first WebSocket was opened")
            setup_ok = i["ws_opened"] == i["n_ws"] and i["idle_answered"] == i["n_idle"] \
                and not i["closed_by_server"]
            idle += self.mark(r, setup_ok, f"held open: {i['ws_opened']} of {i['n_ws']} WebSockets,"
                              f" {i['idle_answered']} of {i['n_idle']} idle connections answered, "
                              f"{i['closed_by_server']} closed by the server")
            p99 = f["p99_ms"]
            p99_ok = p99 is not None and p99 < T_FRESH_P99_MS and f["answered"] == f["n"]
            p99_text = fmt_ms(p99) + self.mark(
                r, p99_ok, f"fresh clients: p99 {fmt_ms(p99)} (< 10 ms), "
                f"{f['answered']} of {f['n']} answered")
            failed = fmt_failures(f["failures"])
            failed += self.mark(r, not f["failures"], f"fresh clients: {failed} failed")
            rss = i["rss_kb"]
            rss_text = fmt_mb(rss) + self.mark(r, rss is not None and rss < T_RSS_MB * 1024,
                                               f"RSS with all open: {fmt_mb(rss)} (< 200 MB)")
            lines.append(
                f"| {r['name']} | {ws} | {idle} | {fmt_s(i['ws_setup_s']) if i['n_ws'] else '–'} · "
                f"{fmt_s(i['idle_setup_s'])} | {fmt_ms(f['p50_ms'])} | "
                f"{p99_text} | {fmt_ms(f['max_ms'])} | {failed} | {rss_text} |")
        lines.append("")
        return lines

    def wrk(self) -> list[str]:
        if not any(r.get("wrk") for r in self.results):
            return []
        nginx = self.by_label.get("nginx", {}).get("wrk", {})
        base = self.by_label.get("baseline", {}).get("wrk", {})
        base_c16 = base.get(16, {}).get("rps")
        lines = [
            "### wrk: throughput, socket errors, CPU time per request",
            "",
            f"`wrk -t{WRK_THREADS} -c16` and `-c1000`, {self.sizes['duration']} s each after a 1 s "
            "warm-up, `GET /items/foo`, wrk's 2 s timeout. Socket errors: wrk's connect, read, "
            "write errors and timeouts. Not accepted: the most of wrk's connections, sampled every "
            "0.5 s from 1 s in, that the server had not accepted (SYN dropped because the listen "
            "queue was full, or waiting in it): wrk waits for those without counting an error. "
            "CPU: user + system time of the server's processes during "
            "the run (kernel socket work included) divided by the requests answered; against "
            "nginx: the ratio of the two at the same `-c`. Against the previous commit: req/s "
            "over the previous commit's req/s at `-c16`.",
            "",
            "| server | -c16 req/s | CPU/req | -c1000 req/s | CPU/req | -c1000 socket errors (0) | "
            "not accepted (0) | "
            f"CPU / nginx: -c16 · -c1000 (≤ {T_CPU_VS_NGINX}×) | "
            "req/s / previous at -c16: -c16 · -c1000 (≥ 1) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in self.results:
            w = r.get("wrk")
            if not w:
                continue
            c16, c1k = w.get(16, {}), w.get(1000, {})
            err = c1k.get("socket_errors")
            err_text = "–" if err is None else str(err)
            if err:
                parts = [f"{k} {c1k[k]}" for k in ("connect", "read", "write", "timeout") if c1k[k]]
                err_text += f" ({', '.join(parts)})"
            err_text += self.mark(r, None if err is None else err == 0,
                                  f"wrk -c1000: {err_text} socket errors")
            waiting = c1k.get("not_accepted")
            waiting_text = ("–" if waiting is None else f"{waiting:,}") + self.mark(
                r, None if waiting is None else waiting == 0,
                f"wrk -c1000: up to {waiting} of the 1,000 connections not accepted")
            vs_nginx = []
            for c, fig in ((16, c16), (1000, c1k)):
                ratio = None
                if fig.get("cpu_us") and nginx.get(c, {}).get("cpu_us"):
                    ratio = fig["cpu_us"] / nginx[c]["cpu_us"]
                vs_nginx.append(fmt_x(ratio) + ("" if r["label"] == "nginx" else self.mark(
                    r, None if ratio is None else ratio <= T_CPU_VS_NGINX,
                    f"-c{c}: CPU per request {fmt_x(ratio)} nginx's (≤ 1.5×)")))
            vs_base = []
            for c, fig in ((16, c16), (1000, c1k)) if r["label"] in ("fastcpp", "baseline") else ():
                ratio = fig["rps"] / base_c16 if base_c16 and fig.get("rps") else None
                mark = ""
                if r["label"] == "fastcpp" and ratio is not None:
                    mark = self.mark(r, ratio >= T_RPS_VS_BASELINE_C16,
                                     f"-c{c}: {fmt_x(ratio)} the previous commit's -c16 req/s (≥ 1)")
                vs_base.append(fmt_x(ratio) + mark)
            lines.append(
                f"| {r['name']} | {fmt_rps(c16.get('rps'))} | {fmt_us(c16.get('cpu_us'))} | "
                f"{fmt_rps(c1k.get('rps'))} | {fmt_us(c1k.get('cpu_us'))} | {err_text} | "
                f"{waiting_text} | "
                f"{' · '.join(vs_nginx)} | {' · '.join(vs_base) or '–'} |")
        lines.append("")
        if "nginx" in self.by_label:
            lines.append("nginx answers with `return` the same status and body, `Content-Type: "
                         "application/json` (its `default_type`), plus the `Server`, `Date` and "
                         "`Connection: keep-alive` headers it always sends; its workers: one per "
                         "core.")
            lines.append("")
        return lines

    def missed(self) -> list[str]:
        if "fastcpp" not in self.by_label:
            return []
        lines = ["### Missed targets (fastcpp)", ""]
        lines += [f"- ✗ {m}" for m in self.misses] or ["None."]
        return lines


def fmt_us(us):
    return "–" if us is None else f"{us:.1f} µs"


def write_section(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else ""
    if BEGIN_MARK in text and END_MARK in text:
        before, _, rest = text.partition(BEGIN_MARK)
        _, _, after = rest.partition(END_MARK)
        text = before + section.rstrip("\n") + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Linux {platform.release()}"


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fastcpp", help="items binary (default build/samples/items)")
    p.add_argument("--no-fastcpp", action="store_true",
                   help="measure no fastcpp build but the --baseline one")
    p.add_argument("--fastcpp-websockets", help="its WebSocket app (default: websockets next to it)")
    p.add_argument("--baseline", help="the previous commit's items binary")
    p.add_argument("--baseline-websockets", help="its WebSocket app (default: next to it)")
    p.add_argument("--uvicorn", action="store_true", help="also FastAPI under uvicorn")
    p.add_argument("--fastapi-root", help="the fastapi-reference chroot (default: the tool's)")
    p.add_argument("--fastapi-srv", default="connections-bench",
                   help="directory under the chroot's /srv for the apps")
    p.add_argument("--no-nginx", action="store_true", help="skip the nginx ceiling")
    p.add_argument("--quick", action="store_true", help="small sizes, for a check")
    p.add_argument("--clients", type=int, help="connections at once (1,000; quick 200)")
    p.add_argument("--idle", type=int, help="idle kept-alive connections (10,000; quick 1,000)")
    p.add_argument("--websockets", type=int, help="idle WebSockets (1,000; quick 100)")
    p.add_argument("--fresh", type=int, help="fresh clients (1,000; quick 200)")
    p.add_argument("--duration", type=int, help="seconds per wrk run (10; quick 2)")
    p.add_argument("--open-rate", type=int, default=10000,
                   help="idle connections/WebSockets opened per second (10,000)")
    p.add_argument("--phases", default="burst,keep,idle,wrk",
                   help="which to run (default: burst,keep,idle,wrk)")
    p.add_argument("--ports", help="loopback ports for the servers, LO-HI (default: free ones)")
    p.add_argument("--nice", type=int, default=0,
                   help="run this client, the servers and wrk at this niceness (e.g. -10, as "
                        "root), as bench/run.sh --nice does, so that other jobs disturb less "
                        "(and this session's autogroup, for the time of the run)")
    p.add_argument("--write", action="store_true", help="write the section into the report file")
    p.add_argument("--report", default=str(ROOT / "docs/benchmarks.md"),
                   help="the file --write writes (default docs/benchmarks.md)")
    p.add_argument("--json", help="also write the raw figures to this file")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    for key in ("clients", "idle", "websockets", "fresh", "duration"):
        if getattr(args, key) is not None:
            sizes[key] = getattr(args, key)
    phases = set(args.phases.split(","))
    if phases - {"burst", "keep", "idle", "wrk"}:
        print(f"connections: unknown phase in --phases {args.phases}", file=sys.stderr)
        return 2
    if "wrk" in phases and not shutil.which("wrk"):
        print("connections: wrk not found (apt-get install wrk)", file=sys.stderr)
        return 1
    if args.nice:
        # Inherited by every process started from here on: servers, nginx's workers, wrk.
        set_niceness(args.nice)
    needed = sizes["idle"] + sizes["websockets"] + max(sizes["clients"], 1000) + 500
    nofile = raise_nofile(needed)
    if nofile < needed:
        print(f"connections: RLIMIT_NOFILE is {nofile}, {needed} needed", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="fastcpp-connections."))
    lua = work / "report.lua"
    lua.write_text(WRK_LUA)
    skipped: list[str] = []
    servers: list[Server] = []
    descriptions: dict[str, str] = {}
    fastcpp = None if args.no_fastcpp else args.fastcpp or (
        str(ROOT / "build/samples/items") if (ROOT / "build/samples/items").exists() else None)
    if fastcpp:
        servers.append(fastcpp_server("fastcpp", "fastcpp", fastcpp, args.fastcpp_websockets))
        ws = servers[-1].websockets and (args.fastcpp_websockets
                                         or Path(fastcpp).resolve().parent / "websockets")
        descriptions["fastcpp"] = (f"`{display(fastcpp)} --no-access-log`"
                                   + (f" and `{display(ws)}`" if ws else ""))
    if args.baseline:
        servers.append(fastcpp_server("baseline", "previous commit", args.baseline,
                                      args.baseline_websockets))
        if fastcpp and same_file(fastcpp, args.baseline):
            servers[-1].note = "; ".join(filter(None, [servers[-1].note,
                                                        "the same binary as fastcpp's"]))
        ws = servers[-1].websockets and (args.baseline_websockets
                                         or Path(args.baseline).resolve().parent / "websockets")
        descriptions["baseline"] = (f"the previous commit's build: `{display(args.baseline)}`"
                                    + (f" and `{display(ws)}`" if ws else ""))
    uvicorn = None
    if args.uvicorn:
        uvicorn, why = uvicorn_server(args, work)
        if uvicorn:
            servers.append(uvicorn)
            descriptions["uvicorn"] = (
                "`tests/reference/items.py` and `tests/reference/websockets.py` under uvicorn "
                "(uvloop, httptools, websockets), one process, access log off, in "
                "fastapi-reference's chroot")
        else:
            skipped.append(f"FastAPI: {why}")
            log(f"FastAPI skipped: {why}")
    nginx = None
    if not args.no_nginx:
        nginx, why = ensure_nginx()
        if nginx:
            servers.append(nginx_server(nginx, work, nofile))
            descriptions["nginx"] = "Debian's nginx, `bench/nginx-ceiling.conf`"
        else:
            skipped.append(f"nginx: {why}")
    if not servers:
        print("connections: no server to measure (--fastcpp BIN)", file=sys.stderr)
        return 2

    versions = [version_of(["wrk", "-v"]).split(" [")[0], f"Python {platform.python_version()}"]
    if nginx:
        versions.append(version_of([nginx, "-v"]).replace("nginx version: ", ""))
    if uvicorn:
        versions.append(version_of(["chroot", str(uvicorn.root), "python3", "-c",
                                    "import fastapi, uvicorn, websockets, sys; print("
                                    "f'FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}"
                                    ", websockets {websockets.__version__}, Python "
                                    "{sys.version.split()[0]}')"]))
    given = sys.argv[1:] if argv is None else argv
    meta = dict(command=shlex.join(["bench/connections.py", *(display(a) for a in given)]),
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                machine=machine(), load_before=loadavg(), versions="; ".join(versions),
                quick=args.quick, skipped=skipped, open_rate=args.open_rate, nice=args.nice)
    ports = Ports(args.ports)
    results = []
    try:
        for server in servers:
            res = measure(server, args, sizes, phases, ports, work, lua)
            res["description"] = descriptions.get(server.label, "")
            results.append(res)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    meta["load_after"] = loadavg()
    report = Report(results, sizes, meta)
    text = report.text()
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(dict(meta=meta, sizes=sizes, results=results),
                                              indent=1, default=str))
    if args.write:
        write_section(Path(args.report), text)
        log(f"written to {args.report}")
    return 0


def same_file(a, b) -> bool:
    try:
        return Path(a).read_bytes() == Path(b).read_bytes()
    except OSError:
        return False


def display(value) -> str:
    """A path as the report shows it: relative to the repository when inside it, else only its
    name (the report names no path of the machine it ran on)."""
    if value is None:
        return "–"
    text = str(value)
    if "/" not in text and not Path(text).exists():
        return text
    path = Path(text).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return f"…/{path.name}"


if __name__ == "__main__":
    sys.exit(main())
