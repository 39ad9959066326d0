#!/usr/bin/env python3
"""Load and fault injection against the kitchen_sink sample: many concurrent clients over raw
sockets for a fixed time, mixing valid requests, every error shape, malformed HTTP, pipelining,
clients that vanish mid-request and clients that trickle their requests in slowly.

    scripts/load_and_fault.py [--binary build/samples/kitchen_sink] [--duration 20]
                              [--clients 24] [--port PORT --pid PID]

With --binary (the default) it starts the service itself on a free port; with --port and --pid
it uses one already running. It reports the answers per status, the unexpected answers (a
status the scenario does not allow, or no answer where one was due), whether the process
survived, and its resident memory, open file descriptors and threads at the start and at the
end (measured once the keep-alive connections have timed out). Exits non-zero on any unexpected
answer, a crash, or descriptors left open. Python 3 standard library only.
"""

import argparse
import collections
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
SOCKET_TIMEOUT = 15.0  # no answer within this is an unexpected answer
KEEP_ALIVE_TIMEOUT = 5  # the service's default (Config::keep_alive_timeout_seconds)


# ---- A minimal HTTP/1.1 client over a raw socket ----------------------------------------------


class NoResponse(Exception):
    """The server closed the connection, or said nothing in time."""


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=SOCKET_TIMEOUT)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _fill(self):
        try:
            data = self.sock.recv(65536)
        except (socket.timeout, OSError) as error:
            raise NoResponse(str(error)) from error
        if not data:
            raise NoResponse("closed")
        self.buffer += data

    def _read_until(self, marker):
        while marker not in self.buffer:
            self._fill()
        index = self.buffer.index(marker) + len(marker)
        data, self.buffer = self.buffer[:index], self.buffer[index:]
        return data

    def _read_exactly(self, size):
        while len(self.buffer) < size:
            self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def read_response(self, head_request=False):
        """Returns (status, headers dict with lower-case names, body)."""
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        lines = head.split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = b""
        if head_request or status in (204, 304) or 100 <= status < 200:
            pass
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int(self._read_until(b"\r\n").strip().split(b";")[0], 16)
                if size == 0:
                    self._read_until(b"\r\n")
                    break
                body += self._read_exactly(size + 2)[:-2]
        elif "content-length" in headers:
            body = self._read_exactly(int(headers["content-length"]))
        else:
            try:
                while True:
                    self._fill()
            except NoResponse:
                body, self.buffer = self.buffer, b""
        return status, headers, body


def request(method, target, headers=(), body=b"", length=True):
    lines = [f"{method} {target} HTTP/1.1", "Host: loadtest"]
    lines += [f"{name}: {value}" for name, value in headers]
    if length and (body or method in ("POST", "PUT", "PATCH")):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# ---- Scenarios: what is sent, and which statuses may come back --------------------------------
# Each returns a list of (scenario name, status or None for "no answer", allowed statuses).

VALID_ORDER = (b'{"customer":"c","lines":[{"sku":"a","qty":2},{"sku":"b","qty":"3"}],'
               b'"tags":{"x":1},"color":"red"}')

# (name, bytes, allowed statuses): one request, one answer.
SIMPLE = [
    ("valid GET", request("GET", "/users/me"), {200}),
    ("valid path param", request("GET", "/path/int/42"), {200}),
    ("valid query list", request("GET", "/query/list?ids=1&ids=2&ids=3"), {200}),
    ("valid headers", request("GET", "/headers", [("X-Token", "a"), ("X-Count", "7")]), {200}),
    ("valid POST body", request("POST", "/orders", [("Content-Type", "application/json")],
                                VALID_ORDER), {201}),
    ("valid DELETE 204", request("DELETE", "/orders/3"), {204}),
    ("404", request("GET", "/nowhere/at/all"), {404}),
    ("405", request("PATCH", "/orders/1"), {405}),
    ("422 path", request("GET", "/path/int/abc"), {422}),
    ("422 body", request("POST", "/orders", body=b'{"customer": 5, "lines": [{"qty": "x"}]}'),
     {422}),
    ("422 json_invalid", request("POST", "/orders", body=b'{"customer": '), {422}),
    ("418", request("GET", "/errors/http/418"), {418}),
    ("500 handler", request("GET", "/errors/runtime"), {500}),
    ("500 non-std", request("GET", "/errors/non-std"), {500}),
    ("400 deep JSON", request("POST", "/orders", body=b"[" * 20000 + b"]" * 20000), {400}),
    ("400 not UTF-8 body", request("POST", "/orders", body=b'{"customer": "\xff"}'), {400}),
]

# Refusals by the server itself: the connection closes after them.
MALFORMED = [
    ("400 bad request line", b"GARBAGE\r\n\r\n", {400}),
    ("400 bad version", b"GET / HTTP/7.0\r\nHost: x\r\n\r\n", {400}),
    ("400 bad chunk", b"POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      b"zz\r\n{}\r\n0\r\n\r\n", {400}),
    ("400 CL+TE", b"POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", {400}),
    ("400 TE gzip", b"POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", {400}),
    ("400 raw byte in path", b"GET /files/\xff HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
    ("400 NUL in header", b"GET /users/me HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", {400}),
    ("400 too many query params",
     request("GET", "/query/list?" + "&".join(f"ids={i}" for i in range(1001))), {400}),
    ("414 long URI", request("GET", "/files/" + "a" * 9000), {414}),
    ("431 big header", request("GET", "/users/me", [("X-Big", "b" * 40000)]), {431}),
    ("431 many headers", request("GET", "/users/me", [(f"X-H{i}", "v") for i in range(120)]),
     {431}),
    ("413 declared length",
     b"POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n", {413}),
]


def send_all(conn, data):
    # A server may answer (and close) before it has read the whole request: a refusal of an
    # oversized head, say. Like a browser, read the answer anyway.
    try:
        conn.send(data)
    except OSError:
        pass


def one_exchange(port, name, data, allowed):
    conn = Connection(port)
    try:
        send_all(conn, data)
        status = conn.read_response()[0]
    except NoResponse:
        status = None
    finally:
        conn.close()
    return [(name, status, allowed)]


def keep_alive_mix(port, rng):
    """Several requests, valid and not, on one kept-alive connection."""
    conn = Connection(port)
    results = []
    try:
        for name, data, allowed in rng.sample(SIMPLE, 6):
            try:
                conn.send(data)
                status = conn.read_response()[0]
            except NoResponse:
                status = None
            results.append(("keep-alive " + name, status, allowed))
            if status is None:
                break
    finally:
        conn.close()
    return results


def pipelined(port, rng):
    """Five requests in one write: five answers, in order."""
    chosen = rng.sample(SIMPLE, 5)
    conn = Connection(port)
    results = []
    try:
        conn.send(b"".join(data for _, data, _ in chosen))
        for name, _, allowed in chosen:
            try:
                status = conn.read_response()[0]
            except NoResponse:
                status = None
            results.append(("pipelined " + name, status, allowed))
    finally:
        conn.close()
    return results


def vanishing(port, rng):
    """A client that sends part of a request and disappears: nothing to answer, nothing to leak."""
    partial = rng.choice([
        b"GET /users/me HTTP/1.1\r\nHo",
        b"POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"customer\":",
        b"POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc",
        b"GET /items/1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n",
    ])
    conn = Connection(port)
    try:
        conn.send(partial)
        if rng.random() < 0.5:
            # An abortive close (RST) rather than a FIN.
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    finally:
        conn.close()
    return [("vanishing client", "none expected", None)]


def slow_client(port, rng):
    """A request trickled in over about a second: still answered."""
    data = request("GET", "/path/int/7")
    conn = Connection(port)
    try:
        pieces = 8
        step = max(1, len(data) // pieces)
        for i in range(0, len(data), step):
            conn.send(data[i:i + step])
            time.sleep(rng.uniform(0.05, 0.15))
        status = conn.read_response()[0]
    except NoResponse:
        status = None
    finally:
        conn.close()
    return [("slow client", status, {200})]


def websocket_session(port, rng):
    """A WebSocket to a path with no WebSocket route: refused with 403 before any upgrade."""
    data = (b"GET /users/me HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    return one_exchange(port, "websocket refused", data, {403})


def pick_scenario(rng):
    roll = rng.random()
    if roll < 0.40:
        return lambda port: one_exchange(port, *rng.choice(SIMPLE))
    if roll < 0.60:
        return lambda port: one_exchange(port, *rng.choice(MALFORMED))
    if roll < 0.72:
        return lambda port: keep_alive_mix(port, rng)
    if roll < 0.84:
        return lambda port: pipelined(port, rng)
    if roll < 0.93:
        return lambda port: vanishing(port, rng)
    if roll < 0.97:
        return lambda port: slow_client(port, rng)
    return lambda port: websocket_session(port, rng)


# ---- The process being tested -----------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def process_figures(pid):
    """(RSS in KiB, open descriptors, threads) of a running process."""
    rss = threads = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, len(os.listdir(f"/proc/{pid}/fd")), threads


def alive(pid, process):
    if process is not None:
        return process.poll() is None
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def wait_for_port(port, deadline):
    while time.time() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.environ.get("FASTCPP_BUILD_DIR", os.path.join(root, "build"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(build, "samples", "kitchen_sink"))
    parser.add_argument("--port", type=int, help="use a service already listening here")
    parser.add_argument("--pid", type=int, help="the pid of that service")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--clients", type=int, default=24, help="concurrent client threads")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    process = None
    if args.port:
        if not args.pid:
            parser.error("--port needs --pid")
        port, pid = args.port, args.pid
    else:
        port = free_port()
        process = subprocess.Popen([args.binary, "--host", HOST, "--port", str(port),
                                    "--no-access-log"], stderr=subprocess.DEVNULL)
        pid = process.pid
        if not wait_for_port(port, time.time() + 15):
            print(f"{args.binary} did not start listening on {port}", file=sys.stderr)
            process.kill()
            return 2

    # Warm up (thread pool, allocator), then take the baseline once its connections are gone.
    for _ in range(20):
        one_exchange(port, *SIMPLE[0])
    time.sleep(KEEP_ALIVE_TIMEOUT + 1)
    start_rss, start_fds, start_threads = process_figures(pid)

    counts = collections.Counter()
    unexpected = collections.Counter()
    examples = {}
    lock = threading.Lock()
    deadline = time.time() + args.duration
    crashed = threading.Event()

    def client(index):
        rng = random.Random(args.seed * 1000 + index)
        while time.time() < deadline and not crashed.is_set():
            try:
                results = pick_scenario(rng)(port)
            except OSError as error:  # cannot even connect: the server is gone or saturated
                results = [("connect", f"error {error.__class__.__name__}", set())]
            with lock:
                for name, status, allowed in results:
                    counts[status if allowed is not None else "no answer (expected)"] += 1
                    if allowed is not None and status not in allowed:
                        unexpected[(name, status)] += 1
                        examples.setdefault(name, status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.time()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        if not alive(pid, process):
            crashed.set()
        time.sleep(0.2)
    elapsed = time.time() - started
    survived = alive(pid, process)

    # The clients are gone; the server's side of their connections ends within the keep-alive
    # timeout (or the request-head timeout, 10 s, for a half-sent head): then nothing may be left.
    end_rss = end_fds = end_threads = 0
    if survived:
        time.sleep(KEEP_ALIVE_TIMEOUT + 1)
        for _ in range(10):
            end_rss, end_fds, end_threads = process_figures(pid)
            if end_fds <= start_fds:
                break
            time.sleep(1)

    total = sum(counts.values())
    print(f"load and fault: {args.clients} clients for {elapsed:.1f} s against "
          f"{args.binary if process else f'pid {pid}'}")
    print(f"  exchanges: {total} ({total / elapsed:.0f}/s)")
    for status, count in sorted(counts.items(), key=lambda item: str(item[0])):
        print(f"    {status}: {count}")
    print(f"  unexpected answers: {sum(unexpected.values())}")
    for (name, status), count in sorted(unexpected.items(), key=str):
        print(f"    {name}: got {status} x{count}")
    print(f"  process survived: {'yes' if survived else 'NO'}")
    print(f"  RSS: {start_rss} KiB -> {end_rss} KiB")
    print(f"  open fds: {start_fds} -> {end_fds}")
    print(f"  threads: {start_threads} -> {end_threads}")

    if process is not None and survived:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    failed = unexpected or not survived or end_fds > start_fds
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
