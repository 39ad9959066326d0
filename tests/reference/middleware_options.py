"""Which middleware options Starlette 0.46 (FastAPI 0.115.11) refuses, and when: for
tests/unit/middleware_test.cpp (MiddlewareTest.OptionsAreCheckedAsStarletteChecksThem) and the
generator's diagnostics. Run inside the FastAPI environment:

    ../shared/tools/fastapi-reference python -c "$(cat tests/reference/middleware_options.py)"

It printed (add: app.add_middleware; build: the stack, built at start-up; request: the first
answer, with `accept-encoding: gzip` and an `origin`):

    gzip compresslevel=10: request ValueError('Invalid initialization option')
    gzip compresslevel=-1: ok (200, gzip)
    gzip compresslevel=-2: request ValueError('Invalid initialization option')
    gzip minimum_size=-5: ok (200, gzip)
    cors allow_origin_regex='(': build PatternError('missing ), unterminated subpattern ...')
    cors allow_origin_regex=backreference: ok (RE2 refuses it: a fastcpp deviation)
    cors allow_origins=['*'], allow_credentials=True: ok
    trusted host 'a*.b.com', '*b.com', '*.*.com', '**': build AssertionError("Domain wildcard
        patterns must be like '*.example.com'.")
    trusted host [], [''], ['*.']: ok (every request 400 "Invalid host header")
"""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient


def attempt(name, cls, **options):
    app = FastAPI()

    @app.get("/")
    def root():
        return PlainTextResponse("x" * 1000)

    stage = "add"
    try:
        app.add_middleware(cls, **options)
        stage = "build"
        app.build_middleware_stack()
        stage = "request"
        response = TestClient(app).get(
            "/", headers={"accept-encoding": "gzip", "origin": "https://a.com"})
        print(f"{name}: ok ({response.status_code}, {response.headers.get('content-encoding')})")
    except BaseException as error:  # noqa: BLE001 (AssertionError included)
        print(f"{name}: {stage} {error!r}")


attempt("gzip compresslevel=10", GZipMiddleware, compresslevel=10)
attempt("gzip compresslevel=-1", GZipMiddleware, compresslevel=-1)
attempt("gzip compresslevel=-2", GZipMiddleware, compresslevel=-2)
attempt("gzip minimum_size=-5", GZipMiddleware, minimum_size=-5)
attempt("cors allow_origin_regex='('", CORSMiddleware, allow_origin_regex="(")
attempt("cors allow_origin_regex=backreference", CORSMiddleware,
        allow_origin_regex=r"(?P<x>a)(?P=x)")
attempt("cors allow_origins=['*'], allow_credentials=True", CORSMiddleware,
        allow_origins=["*"], allow_credentials=True)
for hosts in (["a*.b.com"], ["*b.com"], ["*.*.com"], ["**"], [], [""], ["*."]):
    attempt(f"trusted host {hosts}", TrustedHostMiddleware, allowed_hosts=hosts)
