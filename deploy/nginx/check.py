#!/usr/bin/env python3
"""deploy/nginx/fastcpp.conf, checked: nginx in front of a fastcpp service's worker processes.

On loopback ports of its own, with Debian's nginx (nginx-light) and the built samples:

  1. replay:  every case of tests/conformance/<sample>.json is sent to the sample through nginx
              and directly: the answers must be the same (status, headers but those nginx
              writes itself, body). The recorded cases are FastAPI's answers, which the direct
              ones already equal (the conformance tests), so these are FastAPI's too.
  2. proxy:   through a TLS server block (a throw-away self-signed certificate), the trailing-
              slash redirect keeps the client's scheme (`Location: https://…`), and the
              service's access log shows the client as X-Forwarded-For gave it (port 0, as
              uvicorn's proxy headers do) instead of nginx's own connection.
  3. idle:    IDLE clients hold kept-alive connections to nginx; a fresh client is still
              answered, and every idle one is still answered on its connection afterwards.
  4. retry:   an upstream that resets every other connection it accepts, as a listening
              socket closed with connections queued does: each GET through nginx is still
              answered (the site's backup server makes nginx try again; with the one server
              alone, nginx answers 502).
  5. restart: under a steady load through nginx (CLIENTS keep-alive clients, GET /items/foo),
              a second instance starts on the same port with --reuse-port, then the first gets
              SIGTERM: no request may fail, and both instances must have served some.

Usage: deploy/nginx/check.py [--build-dir DIR] [--idle N] [--clients N] [--seconds S]
Exit status 0 when every check passed, 1 otherwise (each failure is printed), 2 on bad usage.
Python 3 standard library only; needs nginx (scripts/setup.sh installs nginx-light).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# Headers that nginx writes itself, whatever the service sent.
NGINX_HEADERS = {"date", "server", "connection", "keep-alive"}

# Recorded cases that nginx answers, or forwards, differently on its own: (sample, case) ->
# (nginx's status, why). Listed in docs/deployment.md.
NGINX_DIFFERENCES = {
    ("items", "no-host-header"):
        (400, "nginx refuses an HTTP/1.1 request without Host itself, as RFC 9112 asks"),
    ("websockets", "two-upgrade-headers-426"):
        (404, "nginx forwards only the first of two Upgrade headers (h2c), so the service sees "
              "no WebSocket upgrade"),
    ("forms", "field-too-large"):
        (413, "a body over nginx's client_max_body_size (1 MiB by default) is refused by nginx "
              "before the service sees it"),
}

# Recorded cases whose answer is what the same process served just before (the dependencies
# sample's cleanup log): sent twice, once directly and once through nginx, to one of two
# workers, they cannot match. sample -> a pattern of their names.
STATEFUL_CASES = {"dependencies": re.compile(r"yield-(.*-)?events")}

failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(f"check: {'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Service:
    """A sample binary started with the given options; its stderr (the log) kept in a file."""

    def __init__(self, binary: Path, port: int, work: Path, *args: str):
        self.log_path = work / f"{binary.name}-{port}-{time.monotonic_ns()}.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(binary), "--host", HOST, "--port", str(port), *args],
            stdout=self.log, stderr=self.log)

    def stop(self, timeout: float = 10) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")


def start_nginx(work: Path, http_port: int, https_port: int, upstream_port: int) -> subprocess.Popen:
    site = (ROOT / "deploy/nginx/fastcpp.conf").read_text()
    site = site.replace("127.0.0.1:8000", f"{HOST}:{upstream_port}")
    site = site.replace("listen 80;", f"listen {HOST}:{http_port};\n"
                        f"    listen {HOST}:{https_port} ssl;\n"
                        f"    ssl_certificate {work}/cert.pem;\n"
                        f"    ssl_certificate_key {work}/key.pem;")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(work / "key.pem"),
                    "-out", str(work / "cert.pem")], check=True, capture_output=True)
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(f"""
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
daemon off;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen([nginx, "-p", str(work), "-c", str(work / "nginx.conf")],
                               stderr=subprocess.PIPE, text=True)
    if not wait_for_port(http_port):
        process.kill()
        raise SystemExit(f"check: nginx did not start: {process.stderr.read()}")
    return process


def raw_exchange(port: int, request: dict, tls: bool = False) -> tuple[int, dict, bytes]:
    """One request as the fixture gives it, on a new connection; the answer as sent."""
    lines = [f"{request['method']} {request['target']} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request["headers"]]
    body = (base64.b64decode(request["body_base64"]) if "body_base64" in request
            else request["body"].encode("utf-8", "surrogateescape"))
    if body and not any(n.lower() in ("content-length", "transfer-encoding")
                        for n, _ in request["headers"]):
        lines.append(f"Content-Length: {len(body)}")
    if not any(n.lower() == "connection" for n, _ in request["headers"]):
        lines.append("Connection: close")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    sock = socket.create_connection((HOST, port), timeout=10)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock = context.wrap_socket(sock)
    with sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock, method=request["method"])
        response.begin()
        headers: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            headers.setdefault(name.lower(), []).append(value)
        return response.status, headers, response.read()


def replay(sample: str, build: Path, work: Path, nginx_port: int, upstream: int) -> None:
    fixture = json.loads((ROOT / f"tests/conformance/{sample}.json").read_text())
    service = Service(build / "samples" / sample, upstream, work, "--workers", "2",
                      "--no-access-log")
    try:
        if not check(wait_for_port(upstream), f"{sample}: started with --workers 2"):
            return
        differ = []
        stateful = STATEFUL_CASES.get(sample)
        for case in fixture["cases"]:
            if stateful and stateful.fullmatch(case["name"]):
                continue
            direct = raw_exchange(upstream, case["request"])
            proxied = raw_exchange(nginx_port, case["request"])
            strip = lambda answer: (answer[0], {k: v for k, v in answer[1].items()
                                                if k not in NGINX_HEADERS}, answer[2])
            known = NGINX_DIFFERENCES.get((sample, case["name"]))
            if known:
                check(proxied[0] == known[0], f"{sample}: {case['name']}: {proxied[0]} through "
                      f"nginx: {known[1]}")
            elif strip(direct) != strip(proxied):
                differ.append(f"{case['name']}: direct {strip(direct)!r}, nginx {strip(proxied)!r}")
        check(not differ, f"{sample}: {len(fixture['cases'])} recorded cases answered the same "
              "through nginx as directly" + "".join(f"\n      {d}" for d in differ))
    finally:
        service.stop()


def proxy_headers(build: Path, work: Path, https_port: int, upstream: int) -> None:
    service = Service(build / "samples" / "items", upstream, work)
    try:
        wait_for_port(upstream)
        request = dict(method="GET", target="/items/foo/",
                       headers=[["Host", f"localhost:{https_port}"]], body="")
        status, headers, _ = raw_exchange(https_port, request, tls=True)
        location = headers.get("location", [""])[0]
        check(status == 307 and location == f"https://localhost:{https_port}/items/foo",
              f"redirect through TLS keeps the scheme: {status} Location {location!r}")
        time.sleep(0.2)
        log = [line for line in service.log_text().splitlines() if '"GET /items/foo/' in line]
        check(bool(log) and " 127.0.0.1:0 - " in log[-1],
              f"access log shows the forwarded client: {log[-1] if log else 'no line'!r}")
    finally:
        service.stop()


def idle_clients(build: Path, work: Path, nginx_port: int, upstream: int, count: int) -> None:
    service = Service(build / "samples" / "items", upstream, work, "--workers", "2",
                      "--no-access-log")
    try:
        wait_for_port(upstream)
        held = []
        for _ in range(count):
            connection = http.client.HTTPConnection(HOST, nginx_port, timeout=10)
            connection.request("GET", "/items/foo")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                held.append(connection)
        check(len(held) == count, f"{len(held)} of {count} idle clients answered through nginx")
        started = time.monotonic()
        fresh = http.client.HTTPConnection(HOST, nginx_port, timeout=10)
        fresh.request("GET", "/items/foo")
        status = fresh.getresponse().status
        elapsed = time.monotonic() - started
        check(status == 200 and elapsed < 1,
              f"a fresh client with them held: {status} in {elapsed * 1000:.1f} ms")
        again = 0
        for connection in held:
            connection.request("GET", "/items/foo")
            response = connection.getresponse()
            response.read()
            again += response.status == 200
            connection.close()
        check(again == len(held), f"{again} of {len(held)} idle clients answered again")
    finally:
        service.stop()


def reset_retried(nginx_port: int, upstream: int, requests: int = 10) -> None:
    listener = socket.create_server((HOST, upstream))
    listener.settimeout(0.2)
    done = threading.Event()
    accepted = 0

    def serve() -> None:
        nonlocal accepted
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            accepted += 1
            with connection:
                if accepted % 2 == 1:  # close with RST, before reading anything
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                          struct.pack("ii", 1, 0))
                    continue
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                   b"Connection: close\r\n\r\nok")

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    statuses = []
    try:
        for _ in range(requests):
            connection = http.client.HTTPConnection(HOST, nginx_port, timeout=10)
            connection.request("GET", "/items/foo")
            response = connection.getresponse()
            statuses.append((response.status, response.read()))
            connection.close()
    finally:
        done.set()
        server.join(5)
        listener.close()
    check(statuses == [(200, b"ok")] * requests and accepted == 2 * requests,
          f"a reset upstream connection is tried again: {requests} GETs, "
          f"{sum(status == 200 for status, _ in statuses)} answered 200, "
          f"{accepted} upstream connections")


def rolling_restart(build: Path, work: Path, nginx_port: int, upstream: int, clients: int,
                    seconds: float) -> None:
    binary = build / "samples" / "items"
    old = Service(binary, upstream, work, "--workers", "2", "--reuse-port", "--no-access-log")
    wait_for_port(upstream)
    stop = threading.Event()
    counts = {"ok": 0, "failed": 0}
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, nginx_port, timeout=10)
        while not stop.is_set():
            try:
                connection.request("GET", "/items/foo")
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200 and body == b'{"item":"The Foo Wrestlers"}'
                with lock:
                    counts["ok" if ok else "failed"] += 1
                    if not ok and len(errors) < 5:
                        errors.append(f"{response.status} {body[:80]!r}")
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    counts["failed"] += 1
                    if len(errors) < 5:
                        errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(HOST, nginx_port, timeout=10)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 4)
    new = Service(binary, upstream, work, "--workers", "2", "--reuse-port")
    time.sleep(seconds / 4)
    before = dict(counts)
    status = old.stop()
    time.sleep(seconds / 2)
    stop.set()
    for thread in threads:
        thread.join()
    served_by_new = sum('"GET /items/foo' in line for line in new.log_text().splitlines())
    new.stop()
    check(status == 0, f"the old instance exited with status {status} after SIGTERM")
    check(counts["failed"] == 0 and before["ok"] > 0 and served_by_new > 0,
          f"rolling restart under load: {counts['ok']} answered, {counts['failed']} failed "
          f"({before['ok']} before the SIGTERM; {served_by_new} by the new instance)"
          + (f": {errors}" if errors else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default=os.environ.get("FASTCPP_BUILD_DIR",
                                                              str(ROOT / "build")))
    parser.add_argument("--idle", type=int, default=1000, help="idle clients (default 1,000)")
    parser.add_argument("--clients", type=int, default=8, help="load clients in the restart")
    parser.add_argument("--seconds", type=float, default=4, help="length of the restart run")
    args = parser.parse_args()
    build = Path(args.build_dir).resolve()
    for sample in ("items",):
        if not os.access(build / "samples" / sample, os.X_OK):
            print(f"check: {build}/samples/{sample} not built", file=sys.stderr)
            return 2

    with tempfile.TemporaryDirectory(prefix="fastcpp-nginx-") as scratch:
        work = Path(scratch)
        http_port, https_port, upstream = free_port(), free_port(), free_port()
        nginx = start_nginx(work, http_port, https_port, upstream)
        try:
            for fixture in sorted((ROOT / "tests/conformance").glob("*.json")):
                # A fixture recorded ahead of its sample (constraints) waits for it.
                if fixture.stem != "deviations" and (ROOT / "samples" / fixture.stem).is_dir():
                    replay(fixture.stem, build, work, http_port, upstream)
            proxy_headers(build, work, https_port, upstream)
            idle_clients(build, work, http_port, upstream, args.idle)
            reset_retried(http_port, upstream)
            rolling_restart(build, work, http_port, upstream, args.clients, args.seconds)
        finally:
            nginx.terminate()
            nginx.wait(10)
    if failures:
        print(f"check: {len(failures)} failed", file=sys.stderr)
        return 1
    print("check: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
