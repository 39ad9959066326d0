"""Records tests/conformance/middleware.json: how FastAPI 0.115 (Starlette 0.46) middleware
answers, for tests/unit/middleware_test.cpp, which replays every case through the runtime with
the same options and routes.

Run inside the FastAPI environment (tests/reference/record-all.sh does, relative to the
repository root):

    ../shared/tools/fastapi-reference python -c "$(cat tests/reference/record_middleware.py)" \
        > tests/conformance/middleware.json

Each configuration is a FastAPI app with the routes below and the middleware it names, added in
the order listed (the last is the outermost). Each case calls the app over ASGI directly, with
exactly the headers given (no Host unless the case sends one), as uvicorn would: what comes back
is the app's answer, before any server adds `date` or `server`. Bodies are base64 (gzip).

Fixture: {"configs": [{"name", "middleware": [{"kind", "options"}...], "cases": [{"name",
"request": {"method", "target", "headers": [[name, value]...]}, "response": {"status",
"headers": [[name, value]...], "body_base64"}}]}]}
"""

import asyncio
import base64
import json
import sys
import urllib.parse

from fastapi import FastAPI, Request, WebSocket
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.middleware.httpsredirect import HTTPSRedirectMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import PlainTextResponse, Response

BIG = "fastcpp " * 200


def build_app(middleware):
    app = FastAPI(openapi_url=None)

    @app.get("/items")
    def items():
        return {"item": "foo"}

    @app.get("/big")
    def big():
        return PlainTextResponse(BIG)

    @app.get("/small")
    def small():
        return PlainTextResponse("small")

    @app.get("/encoded")
    def encoded():
        return PlainTextResponse(BIG, headers={"Content-Encoding": "br"})

    @app.get("/events")
    def events():
        return Response("data: tick\n\n" * 100, media_type="text/event-stream")

    @app.get("/vary")
    def vary():
        return PlainTextResponse(BIG, headers={"Vary": "Cookie"})

    @app.get("/own-cors")
    def own_cors():
        return PlainTextResponse("own", headers={"Access-Control-Allow-Origin": "https://own.example"})

    @app.get("/q/{n}")
    def q(n: int):
        return {"n": n}

    @app.websocket("/ws")
    async def ws(websocket: WebSocket):
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    for entry in middleware:
        kind, options = entry["kind"], entry.get("options", {})
        if kind == "cors":
            app.add_middleware(CORSMiddleware, **options)
        elif kind == "gzip":
            app.add_middleware(GZipMiddleware, **options)
        elif kind == "trusted_host":
            app.add_middleware(TrustedHostMiddleware, **options)
        elif kind == "https_redirect":
            app.add_middleware(HTTPSRedirectMiddleware)
        elif kind == "answer":
            # A user middleware that answers /answer itself and marks what passes through it.
            @app.middleware("http")
            async def answer(request: Request, call_next):
                if request.url.path == "/answer":
                    return PlainTextResponse("from the middleware", status_code=202)
                if request.url.path == "/middleware-crash":
                    raise RuntimeError("in the middleware")
                response = await call_next(request)
                response.headers["x-inner"] = request.headers.get("x-from-outer", "no")
                return response
        elif kind == "order":
            # A second user middleware, added after `answer`: it runs outside it, and what it
            # adds to the request, `answer` sees.
            @app.middleware("http")
            async def order(request: Request, call_next):
                request.scope["headers"].append((b"x-from-outer", b"yes"))
                response = await call_next(request)
                response.headers["x-order"] = response.headers.get("x-inner", "none") + ",outer"
                return response
        else:
            raise ValueError(kind)
    return app


def call(app, method, target, headers):
    if method == "WEBSOCKET":
        return connect(app, target, headers)
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": urllib.parse.unquote(path),
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers],
        "client": ("testclient", 50000),
        "server": ("testserver", 80),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async def run():
        try:
            await app(scope, receive, send)
        except Exception:  # ServerErrorMiddleware re-raises after answering
            pass

    asyncio.run(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {
        "status": start["status"],
        "headers": [[n.decode("latin-1"), v.decode("latin-1")] for n, v in start["headers"]],
        "body_base64": base64.b64encode(body).decode(),
    }


def connect(app, target, headers):
    """A WebSocket handshake (method "WEBSOCKET" in the fixture): the app's first answer, which
    uvicorn turns into the answer to the upgrade request: {"accepted": true} (the 101),
    {"close_code": n} before accepting (uvicorn's 403), or the HTTP response the app sent
    instead (Starlette's websocket.http.response.*, which uvicorn sends as it is)."""
    path, _, query = target.partition("?")
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": urllib.parse.unquote(path),
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers],
        "client": ("testclient", 50000),
        "server": ("testserver", 80),
        "subprotocols": [],
        "extensions": {"websocket.http.response": {}},
    }
    sent = []
    received = [{"type": "websocket.connect"}]

    async def receive():
        if received:
            return received.pop()
        return {"type": "websocket.disconnect", "code": 1000}

    async def send(message):
        sent.append(message)

    async def run():
        try:
            await app(scope, receive, send)
        except Exception:
            pass

    asyncio.run(run())
    first = sent[0]
    if first["type"] == "websocket.accept":
        return {"accepted": True}
    if first["type"] == "websocket.close":
        return {"close_code": first.get("code", 1000)}
    assert first["type"] == "websocket.http.response.start", first
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "websocket.http.response.body")
    return {
        "status": first["status"],
        "headers": [[n.decode("latin-1"), v.decode("latin-1")] for n, v in first["headers"]],
        "body_base64": base64.b64encode(body).decode(),
    }


def ws(name, target, *headers):
    return req(name, "WEBSOCKET", target, *headers)


def req(name, method, target, *headers):
    return {"name": name, "method": method, "target": target, "headers": [list(h) for h in headers]}


LISTED = ("Origin", "https://example.com")
OTHER = ("Origin", "https://evil.com")
REGEX = ("Origin", "https://api.example.org")
GET = ("Access-Control-Request-Method", "GET")
COOKIE = ("Cookie", "session=1")

CORS_CASES = [
    req("no-origin", "GET", "/items"),
    req("listed-origin", "GET", "/items", LISTED),
    req("other-origin", "GET", "/items", OTHER),
    req("regex-origin", "GET", "/items", REGEX),
    req("regex-needs-full-match", "GET", "/items", ("Origin", "https://api.example.org.evil.com")),
    req("other-origin-with-cookie", "GET", "/items", OTHER, COOKIE),
    req("listed-origin-with-cookie", "GET", "/items", LISTED, COOKIE),
    req("router-404", "GET", "/nothing", LISTED),
    req("router-405", "POST", "/items", LISTED),
    req("validation-422", "GET", "/q/abc", LISTED),
    req("vary-joined", "GET", "/vary", LISTED),
    req("own-allow-origin-replaced", "GET", "/own-cors", LISTED),
    req("preflight", "OPTIONS", "/items", LISTED, GET),
    req("preflight-post", "OPTIONS", "/items", LISTED, ("Access-Control-Request-Method", "POST")),
    req("preflight-lower-case-method", "OPTIONS", "/items", LISTED,
        ("Access-Control-Request-Method", "get")),
    req("preflight-other-origin", "OPTIONS", "/items", OTHER, GET),
    req("preflight-regex-origin", "OPTIONS", "/items", REGEX, GET),
    req("preflight-headers", "OPTIONS", "/items", LISTED, GET,
        ("Access-Control-Request-Headers", "X-Token, Content-Type")),
    req("preflight-header-lower-case", "OPTIONS", "/items", LISTED, GET,
        ("Access-Control-Request-Headers", "x-token")),
    req("preflight-unknown-header", "OPTIONS", "/items", LISTED, GET,
        ("Access-Control-Request-Headers", "X-Other")),
    req("preflight-safelisted-headers", "OPTIONS", "/items", LISTED, GET,
        ("Access-Control-Request-Headers", "accept,content-language")),
    req("preflight-trailing-comma", "OPTIONS", "/items", LISTED, GET,
        ("Access-Control-Request-Headers", "accept,")),
    req("preflight-everything-wrong", "OPTIONS", "/items", OTHER,
        ("Access-Control-Request-Method", "PATCH"), ("Access-Control-Request-Headers", "X-Other")),
    req("preflight-unknown-path", "OPTIONS", "/nothing", LISTED, GET),
    req("options-without-request-method", "OPTIONS", "/items", LISTED),
    req("preflight-without-origin", "OPTIONS", "/items", GET),
    req("preflight-with-cookie", "OPTIONS", "/items", LISTED, GET, COOKIE),
    # CORSMiddleware lets a WebSocket pass untouched, whatever its origin.
    ws("websocket-listed-origin", "/ws", LISTED),
    ws("websocket-other-origin", "/ws", OTHER),
    ws("websocket-unknown-path", "/nothing", LISTED),
]

GZIP = ("Accept-Encoding", "gzip")
GZIP_CASES = [
    req("gzip", "GET", "/big", GZIP),
    req("gzip-among-others", "GET", "/big", ("Accept-Encoding", "gzip, deflate, br")),
    req("no-accept-encoding", "GET", "/big"),
    req("identity", "GET", "/big", ("Accept-Encoding", "identity")),
    req("deflate-only", "GET", "/big", ("Accept-Encoding", "deflate")),
    req("upper-case-gzip", "GET", "/big", ("Accept-Encoding", "GZIP")),
    req("gzip-q-zero", "GET", "/big", ("Accept-Encoding", "gzip;q=0")),
    req("below-minimum-size", "GET", "/small", GZIP),
    req("json", "GET", "/items", GZIP),
    req("already-encoded", "GET", "/encoded", GZIP),
    req("event-stream", "GET", "/events", GZIP),
    req("vary-joined", "GET", "/vary", GZIP),
    req("router-404", "GET", "/nothing", GZIP),
    ws("websocket", "/ws", GZIP),
]

HOST_CASES = [
    req("exact", "GET", "/items", ("Host", "example.com")),
    req("with-port", "GET", "/items", ("Host", "example.com:8000")),
    req("subdomain", "GET", "/items", ("Host", "api.example.org")),
    req("deep-subdomain", "GET", "/items", ("Host", "a.b.example.org")),
    req("wildcard-base-domain", "GET", "/items", ("Host", "example.org")),
    req("other", "GET", "/items", ("Host", "evil.com")),
    req("upper-case", "GET", "/items", ("Host", "EXAMPLE.COM")),
    req("www-redirect", "GET", "/items?x=1", ("Host", "example.net")),
    req("www-redirect-with-port", "GET", "/q/a%20b", ("Host", "example.net:8080")),
    req("no-host", "GET", "/items"),
    req("router-404", "GET", "/nothing", ("Host", "example.com")),
    # TrustedHostMiddleware checks WebSocket handshakes too: its answer is the upgrade's.
    ws("websocket-exact", "/ws", ("Host", "example.com")),
    ws("websocket-subdomain", "/ws", ("Host", "api.example.org:8000")),
    ws("websocket-other", "/ws", ("Host", "evil.com")),
    ws("websocket-no-host", "/ws"),
    ws("websocket-www-redirect", "/ws?x=1", ("Host", "example.net")),
    ws("websocket-unknown-path", "/nothing", ("Host", "example.com")),
]

HTTPS_CASES = [
    req("redirect", "GET", "/items", ("Host", "example.com")),
    req("port-80-dropped", "GET", "/items", ("Host", "Example.com:80")),
    req("port-443-dropped", "GET", "/items", ("Host", "example.com:443")),
    req("other-port-kept", "GET", "/items", ("Host", "example.com:8080")),
    req("query-and-encoded-path", "GET", "/q/a%20b?x=1&y=%20", ("Host", "example.com")),
    req("post", "POST", "/items", ("Host", "example.com")),
    req("router-404-redirected", "GET", "/nothing", ("Host", "example.com")),
    # HTTPSRedirectMiddleware sends ws to wss.
    ws("websocket-to-wss", "/ws", ("Host", "example.com")),
    ws("websocket-port-80-dropped", "/ws?x=1", ("Host", "Example.com:80")),
    ws("websocket-other-port-kept", "/ws", ("Host", "example.com:8080")),
    ws("websocket-unknown-path-redirected", "/nothing", ("Host", "example.com")),
]

STACK_CASES = [
    req("through-all", "GET", "/items", LISTED),
    req("answered-by-middleware", "GET", "/answer", LISTED),
    req("exception-in-middleware", "GET", "/middleware-crash", LISTED),
    req("router-404", "GET", "/nothing", LISTED),
    req("validation-422", "GET", "/q/abc", LISTED),
    req("preflight-before-user-middleware", "OPTIONS", "/items", LISTED, GET),
    req("gzip-inside-cors", "GET", "/big", LISTED, GZIP),
    # @app.middleware("http") (BaseHTTPMiddleware) lets a WebSocket pass: /answer is not
    # answered by it but by the router (no WebSocket route: a close, uvicorn's 403).
    ws("websocket-through-all", "/ws", LISTED, GZIP),
    ws("websocket-not-answered-by-middleware", "/answer", LISTED),
]

CORS_ALL = {"allow_origins": ["*"], "allow_methods": ["*"], "allow_headers": ["*"]}
CONFIGS = [
    ("cors-listed", [{"kind": "cors", "options": {
        "allow_origins": ["https://example.com", "http://localhost:8080"]}}], CORS_CASES),
    ("cors-any-origin", [{"kind": "cors", "options": {"allow_origins": ["*"]}}], CORS_CASES),
    ("cors-everything", [{"kind": "cors", "options": CORS_ALL}], CORS_CASES),
    ("cors-everything-credentials", [{"kind": "cors", "options": dict(
        CORS_ALL, allow_credentials=True, expose_headers=["X-Total", "X-Page"], max_age=3600)}],
     CORS_CASES),
    ("cors-regex-credentials", [{"kind": "cors", "options": {
        "allow_origins": ["https://example.com"],
        "allow_origin_regex": r"https://.*\.example\.org",
        "allow_methods": ["GET", "POST", "DELETE"],
        "allow_headers": ["X-Token", "content-type"],
        "allow_credentials": True,
        "expose_headers": ["X-Total"]}}], CORS_CASES),
    ("gzip-default", [{"kind": "gzip"}], GZIP_CASES),
    ("gzip-small-fast", [{"kind": "gzip", "options": {"minimum_size": 10, "compresslevel": 1}}],
     GZIP_CASES),
    ("gzip-zlib-default", [{"kind": "gzip", "options": {"minimum_size": 10, "compresslevel": -1}}],
     GZIP_CASES),
    ("trusted-host", [{"kind": "trusted_host", "options": {
        "allowed_hosts": ["example.com", "*.example.org", "www.example.net"]}}], HOST_CASES),
    ("trusted-host-no-www-redirect", [{"kind": "trusted_host", "options": {
        "allowed_hosts": ["example.com", "*.example.org", "www.example.net"],
        "www_redirect": False}}], HOST_CASES),
    ("https-redirect", [{"kind": "https_redirect"}], HTTPS_CASES),
    ("stack", [{"kind": "answer"}, {"kind": "order"}, {"kind": "gzip"},
               {"kind": "cors", "options": {"allow_origins": ["https://example.com"]}}],
     STACK_CASES),
]


def main():
    configs = []
    for name, middleware, cases in CONFIGS:
        app = build_app(middleware)
        recorded = []
        for c in cases:
            response = call(app, c["method"], c["target"], c["headers"])
            recorded.append({"name": c["name"],
                             "request": {k: c[k] for k in ("method", "target", "headers")},
                             "response": response})
        configs.append({"name": name, "middleware": middleware, "cases": recorded})
    json.dump({"configs": configs}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


main()
