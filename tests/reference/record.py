#!/usr/bin/env python3
"""Records conformance fixtures from the real FastAPI, for tests/e2e/conformance_test.cpp.

To re-record every fixture (needs root for the FastAPI chroot, see
../shared/tools/fastapi-reference relative to the repository root):

    tests/reference/record-all.sh              # all samples
    tests/reference/record-all.sh items        # only some

To record one sample against an app you started yourself:

    ../shared/tools/fastapi-reference run tests/reference/items.py 8001 &
    python3 tests/reference/record.py --sample items --port 8001

This writes tests/conformance/<sample>.json. The cases are the data below (CASES); edit them,
re-record, and review the fixture diff: every change in a fixture is a change in what the C++
samples must do. Then replay FastAPI against its own fixtures, which must pass 100% (see the
FASTCPP_BASE_PORT note at the top of tests/e2e/conformance_test.cpp).

How a case goes on the wire (conformance_test.cpp builds the same bytes):

    <method> SP <target> SP "HTTP/1.1" CRLF
    (<name> ": " <value> CRLF) for each pair of request.headers, in order
    CRLF
    <body bytes>

The fixture's headers are exactly the ones sent: Host and Content-Length are added to the case
when it is recorded (not by the replayer). Each case uses a new TCP connection, never sends
`Connection: close`, and reads the response by its framing (content-length, chunked, or until
close; no body for HEAD, 1xx, 204 and 304). Afterwards a probe request on the same connection
tells whether the server kept it open (response.keep_alive).

Fixture format (UTF-8 JSON, indent 1, keys in this order):

    {"sample": NAME, "cases": [{
        "name": kebab-case, unique per sample,
        "request": {"method", "target", "headers": [[name, value], ...],
                    "body" (UTF-8 text) or "body_base64"},
        "response": {"status", "reason", "headers": {lower-cased name: value, ...},
                     "body" or "body_base64", "keep_alive"}}]}

Response headers: everything the server sent except `date` and `server`, in wire order;
repeated names are joined with ", ".

Python 3 standard library only (it runs on the host, outside the FastAPI chroot).
"""

import argparse
import base64
import json
import os
import re
import socket
import sys

TIMEOUT_SECONDS = 5.0
DEFAULT_HOST = "testserver"
PROBE = b"GET /keep-alive-probe HTTP/1.1\r\nHost: testserver\r\n\r\n"
SKIPPED_RESPONSE_HEADERS = ("date", "server")

JSON = ("Content-Type", "application/json")
TEXT = ("Content-Type", "text/plain")


def case(name, method, target, *headers, body=None, host=DEFAULT_HOST, content_length=True):
    """One request. `headers` are (name, value) pairs sent after Host; `body` is str or bytes.

    Host comes first unless host is None; Content-Length is added for a non-empty body unless
    content_length is False or the case sets it itself.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    body = body or b""
    sent = [] if host is None else [("Host", host)]
    sent += list(headers)
    has_length = any(n.lower() == "content-length" for n, _ in sent)
    if body and content_length and not has_length:
        sent.append(("Content-Length", str(len(body))))
    for n, v in sent:
        if not (n + v).isascii():  # so that the fixture's text is exactly the bytes sent
            raise ValueError(f"case {name}: non-ASCII header {n}: {v}")
    return {"name": name, "method": method, "target": target, "headers": sent, "body": body}


def js(value):
    """A JSON body as Python's json.dumps writes it (", " and ": " separators)."""
    return json.dumps(value)


# ---------------------------------------------------------------------------------------------
# Cases, per sample.

ITEMS = [
    case("found", "GET", "/items/foo"),
    case("missing", "GET", "/items/bar"),
    case("missing-case-sensitive", "GET", "/items/FOO"),
    case("missing-non-ascii", "GET", "/items/%C3%BCber"),
    case("header-found", "GET", "/items-header/foo"),
    case("header-missing-x-error", "GET", "/items-header/bar"),
    case("percent-encoded-path", "GET", "/items/%66oo"),
    case("percent-encoded-slash-404", "GET", "/items/foo%2Fbar"),
    case("plus-is-literal", "GET", "/items/foo+bar"),
    case("query-string-ignored", "GET", "/items/foo?q=1&flag&x=%20y"),
    case("unknown-route-404", "GET", "/nothing-here"),
    case("root-404", "GET", "/"),
    case("collection-without-id-404", "GET", "/items"),
    case("route-case-sensitive-404", "GET", "/ITEMS/foo"),
    case("post-405-allow", "POST", "/items/foo", JSON, body="{}"),
    case("put-405-missing-item", "PUT", "/items/bar"),
    case("delete-405", "DELETE", "/items/foo"),
    case("head-405", "HEAD", "/items/foo"),
    case("options-405", "OPTIONS", "/items/foo"),
    case("trailing-slash-307", "GET", "/items/foo/"),
    case("trailing-slash-307-keeps-query", "GET", "/items/bar/?q=a%20b&x"),
    case("trailing-slash-307-post", "POST", "/items-header/foo/"),
    case("trailing-slash-307-other-host", "GET", "/items/foo/", host="example.com:8080"),
    case("no-host-header", "GET", "/items/foo", host=None),
    case("unknown-route-with-body", "POST", "/nothing-here", JSON, body='{"a": 1}'),
]

UNICORNS = [
    case("yolo-418", "GET", "/unicorns/yolo"),
    case("other-200", "GET", "/unicorns/sparkle"),
    case("yolo-percent-encoded-418", "GET", "/unicorns/yo%6Co"),
    case("yolo-with-query-418", "GET", "/unicorns/yolo?name=other"),
    case("yolo-upper-case-200", "GET", "/unicorns/YOLO"),
    case("non-ascii-name", "GET", "/unicorns/%C3%BC%20x"),
    case("name-with-quotes", "GET", "/unicorns/%22it's%22"),
    case("name-with-plus", "GET", "/unicorns/a+b"),
    case("numeric-name-is-string", "GET", "/unicorns/42"),
    case("trailing-slash-307", "GET", "/unicorns/yolo/"),
    case("collection-404", "GET", "/unicorns/"),
    case("unknown-route-404", "GET", "/rainbows/yolo"),
    case("post-405", "POST", "/unicorns/yolo"),
    case("head-405", "HEAD", "/unicorns/yolo"),
    case("options-405", "OPTIONS", "/unicorns/yolo"),
    case("encoded-slash-404", "GET", "/unicorns/yo%2Flo"),
]

# override_handlers and reuse_handlers serve the same route; only their handlers differ.
HANDLER_CASES = [
    case("three-418", "GET", "/items/3"),
    case("five-200", "GET", "/items/5"),
    case("zero-200", "GET", "/items/0"),
    case("negative-200", "GET", "/items/-7"),
    case("three-point-zero-418", "GET", "/items/3.0"),
    case("plus-three-418", "GET", "/items/+3"),
    case("padded-three-418", "GET", "/items/%203%20"),
    case("leading-zero-418", "GET", "/items/003"),
    case("underscore-digits", "GET", "/items/1_000"),
    case("foo-validation", "GET", "/items/foo"),
    case("fraction-validation", "GET", "/items/3.5"),
    case("exponent-validation", "GET", "/items/1e3"),
    case("hex-validation", "GET", "/items/0x10"),
    case("quote-in-input", "GET", "/items/it's"),
    case("both-quotes-in-input", "GET", "/items/it's%20%22x%22"),
    case("double-quotes-in-input", "GET", "/items/%22q%22"),
    case("backslash-in-input", "GET", "/items/a%5Cb"),
    case("tab-in-input", "GET", "/items/a%09b"),
    case("non-ascii-in-input", "GET", "/items/%C3%BCber%C2%A0x"),
    case("unknown-route-404", "GET", "/nothing"),
    case("collection-404", "GET", "/items/"),
    case("post-405", "POST", "/items/5"),
    case("delete-405", "DELETE", "/items/foo"),
    case("head-405", "HEAD", "/items/5"),
    case("trailing-slash-307", "GET", "/items/5/"),
]

BODY_VALIDATION = [
    case("valid", "POST", "/items/", JSON, body=js({"title": "towel", "size": 5})),
    case("size-not-int", "POST", "/items/", JSON, body=js({"title": "towel", "size": "XL"})),
    case("size-missing", "POST", "/items/", JSON, body=js({"title": "towel"})),
    case("both-missing", "POST", "/items/", JSON, body="{}"),
    case("title-not-string", "POST", "/items/", JSON, body=js({"title": 5, "size": 5})),
    case("no-body-no-content-type", "POST", "/items/"),
    case("no-body-json-content-type", "POST", "/items/", JSON),
    case("empty-body-content-length-0", "POST", "/items/", JSON, ("Content-Length", "0")),
    case("json-null", "POST", "/items/", JSON, body="null"),
    case("malformed-truncated", "POST", "/items/", JSON, body='{"title": "x",'),
    case("malformed-bad-key", "POST", "/items/", JSON, body="{bad}"),
    case("malformed-extra-data", "POST", "/items/", JSON, body='{"title": "x", "size": 1} x'),
    case("text-plain", "POST", "/items/", TEXT, body=js({"title": "x", "size": 1})),
    case("form-urlencoded", "POST", "/items/",
         ("Content-Type", "application/x-www-form-urlencoded"), body="title=x&size=1"),
    case("vnd-api-json", "POST", "/items/", ("Content-Type", "application/vnd.api+json"),
         body=js({"title": "x", "size": 1})),
    case("json-with-charset", "POST", "/items/",
         ("Content-Type", "application/json; charset=utf-8"), body=js({"title": "x", "size": 1})),
    case("no-content-type", "POST", "/items/", body=js({"title": "x", "size": 1})),
    case("array-body", "POST", "/items/", JSON, body=js([{"title": "x", "size": 1}])),
    case("string-body", "POST", "/items/", JSON, body=js("hello")),
    case("invalid-utf8-400", "POST", "/items/", JSON, body=b'{"title": "\xff", "size": 1}'),
    case("utf8-bom", "POST", "/items/", JSON, body=b'\xef\xbb\xbf{"title": "x", "size": 1}'),
    case("non-ascii-title", "POST", "/items/", JSON,
         body='{"title": "\u00fcber \u2603", "size": 1}'),
    case("duplicate-keys-last-wins", "POST", "/items/", JSON,
         body='{"title": "x", "size": "XL", "size": 2}'),
    case("size-whole-float", "POST", "/items/", JSON, body='{"title": "x", "size": 5.0}'),
    case("size-true", "POST", "/items/", JSON, body='{"title": "x", "size": true}'),
    case("size-string-5", "POST", "/items/", JSON, body='{"title": "x", "size": "5"}'),
    case("size-fractional-float", "POST", "/items/", JSON, body='{"title": "x", "size": 5.5}'),
    case("size-null", "POST", "/items/", JSON, body='{"title": "x", "size": null}'),
    case("size-negative", "POST", "/items/", JSON, body='{"title": "x", "size": -3}'),
    case("size-beyond-int32", "POST", "/items/", JSON,
         body='{"title": "x", "size": 2147483648}'),
    case("size-nan-500", "POST", "/items/", JSON, body='{"title": "x", "size": NaN}'),
    # Values Python keeps and C++ cannot: see "Values a C++ body cannot keep" in
    # docs/fastapi-compat.md (deviations.json has fastcpp's answers).
    case("size-overflow-500", "POST", "/items/", JSON, body='{"title": "x", "size": 1e999999}'),
    case("size-negative-overflow-500", "POST", "/items/", JSON,
         body='{"title": "x", "size": -1e400}'),
    case("title-lone-surrogate-500", "POST", "/items/", JSON,
         body=r'{"title": "\ud800", "size": 1}'),
    case("title-lone-low-surrogate-500", "POST", "/items/", JSON,
         body=r'{"title": "\udc00", "size": 1}'),
    case("title-high-surrogate-then-not-low-500", "POST", "/items/", JSON,
         body=r'{"title": "\ud800\u0041", "size": 1}'),
    case("title-lone-surrogate-and-bad-size-500", "POST", "/items/", JSON,
         body=r'{"title": "\ud800", "size": "XL"}'),
    case("title-surrogate-pair", "POST", "/items/", JSON,
         body=r'{"title": "\ud83d\ude00", "size": 1}'),
    case("extra-keys-ignored", "POST", "/items/", JSON,
         body=js({"title": "x", "size": 1, "color": "red", "tags": [1]})),
    case("get-405", "GET", "/items/"),
    case("no-slash-307", "POST", "/items", JSON, body=js({"title": "x", "size": 1})),
]

_ORDER = {"customer": "ann", "lines": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 3}]}

KITCHEN_SINK = [
    # Path parameters: int.
    case("path-int-ok", "GET", "/path/int/42"),
    case("path-int-negative", "GET", "/path/int/-5"),
    case("path-int-leading-zeros", "GET", "/path/int/007"),
    case("path-int-abc", "GET", "/path/int/abc"),
    case("path-int-fraction", "GET", "/path/int/3.5"),
    case("path-int-zero-fraction", "GET", "/path/int/3.0"),
    case("path-int-plus", "GET", "/path/int/+3"),
    case("path-int-padded", "GET", "/path/int/%207%20"),
    case("path-int-underscores", "GET", "/path/int/1_000"),
    case("path-int-exponent", "GET", "/path/int/1e3"),
    case("path-int-huge", "GET", "/path/int/123456789012345678901234567890"),
    case("path-int-missing-404", "GET", "/path/int/"),
    # float.
    case("path-float-ok", "GET", "/path/float/1.5"),
    case("path-float-int", "GET", "/path/float/2"),
    case("path-float-exponent", "GET", "/path/float/1e3"),
    case("path-float-leading-dot", "GET", "/path/float/.5"),
    case("path-float-abc", "GET", "/path/float/abc"),
    case("path-float-comma", "GET", "/path/float/1,5"),
    case("path-float-nan-500", "GET", "/path/float/nan"),
    case("path-float-inf-500", "GET", "/path/float/inf"),
    # bool.
    case("path-bool-true", "GET", "/path/bool/true"),
    case("path-bool-yes", "GET", "/path/bool/yes"),
    case("path-bool-upper-on", "GET", "/path/bool/ON"),
    case("path-bool-off", "GET", "/path/bool/off"),
    case("path-bool-zero", "GET", "/path/bool/0"),
    case("path-bool-two", "GET", "/path/bool/2"),
    case("path-bool-padded", "GET", "/path/bool/%20true"),
    # enum.
    case("path-enum-red", "GET", "/path/enum/red"),
    case("path-enum-purple", "GET", "/path/enum/purple"),
    case("path-enum-upper-case", "GET", "/path/enum/RED"),
    # path converter and route order.
    case("files-nested", "GET", "/files/a/b/c.txt"),
    case("files-encoded-slash", "GET", "/files/a%2Fb%20c.txt"),
    case("files-dot-segments", "GET", "/files/../etc/passwd"),
    case("files-empty", "GET", "/files/"),
    case("users-me", "GET", "/users/me"),
    case("users-42", "GET", "/users/42"),
    case("users-x", "GET", "/users/x"),
    case("users-me-trailing-slash-307", "GET", "/users/me/"),
    # Query parameters.
    case("query-required-ok", "GET", "/query/required?n=5"),
    case("query-required-missing", "GET", "/query/required"),
    case("query-required-other-name", "GET", "/query/required?m=5"),
    case("query-required-empty", "GET", "/query/required?n="),
    case("query-required-bare", "GET", "/query/required?n"),
    case("query-required-duplicate-last-wins", "GET", "/query/required?n=1&n=2"),
    case("query-required-bad", "GET", "/query/required?n=abc"),
    case("query-required-encoded-plus", "GET", "/query/required?n=%2B3"),
    case("query-required-plus-is-space", "GET", "/query/required?n=+3"),
    case("query-required-semicolon", "GET", "/query/required?n=1;m=2"),
    case("query-required-trailing-slash-307", "GET", "/query/required/?n=1"),
    case("query-optional-absent", "GET", "/query/optional"),
    case("query-optional-present", "GET", "/query/optional?q=hello+world"),
    case("query-optional-encoded", "GET", "/query/optional?q=%C3%BCber%26more"),
    case("query-optional-empty", "GET", "/query/optional?q="),
    case("query-optional-encoded-key", "GET", "/query/optional?%71=key"),
    case("query-default-absent", "GET", "/query/default"),
    case("query-default-skip", "GET", "/query/default?skip=5"),
    case("query-default-bad-limit", "GET", "/query/default?limit=x"),
    case("query-default-both-bad", "GET", "/query/default?limit=y&skip=x"),
    case("query-list-absent", "GET", "/query/list"),
    case("query-list-two", "GET", "/query/list?ids=1&ids=2"),
    case("query-list-bad-item", "GET", "/query/list?ids=1&ids=x"),
    case("query-list-comma-not-split", "GET", "/query/list?ids=1,2"),
    case("query-list-brackets-other-name", "GET", "/query/list?ids[]=1"),
    case("query-flag-absent", "GET", "/query/flag"),
    case("query-flag-yes", "GET", "/query/flag?flag=yes"),
    case("query-flag-upper-true", "GET", "/query/flag?flag=TRUE"),
    case("query-flag-off", "GET", "/query/flag?flag=off"),
    case("query-flag-bare", "GET", "/query/flag?flag"),
    case("query-flag-two", "GET", "/query/flag?flag=2"),
    case("query-ratio-exponent", "GET", "/query/flag?ratio=1e3"),
    case("query-ratio-fraction", "GET", "/query/flag?ratio=0.1&flag=1"),
    case("query-ratio-bad-and-flag-bad", "GET", "/query/flag?ratio=abc&flag=maybe"),
    case("query-ratio-nan-500", "GET", "/query/flag?ratio=nan"),
    # Headers.
    case("headers-none", "GET", "/headers"),
    case("headers-user-agent", "GET", "/headers", ("User-Agent", "curl/8.5.0")),
    case("headers-x-token-one", "GET", "/headers", ("X-Token", "abc")),
    case("headers-x-token-repeated", "GET", "/headers", ("X-Token", "a"), ("x-token", "b")),
    case("headers-x-token-comma-not-split", "GET", "/headers", ("X-Token", "a, b")),
    case("headers-x-token-underscore-ignored", "GET", "/headers", ("X_Token", "a")),
    case("headers-x-count-ok", "GET", "/headers", ("X-Count", "3")),
    case("headers-x-count-bad", "GET", "/headers", ("X-Count", "three")),
    case("headers-x-count-empty", "GET", "/headers", ("X-Count", "")),
    case("headers-x-count-repeated-first-wins", "GET", "/headers", ("X-Count", "1"),
         ("X-Count", "2")),
    case("headers-all", "GET", "/headers", ("User-Agent", "ua"), ("X-Token", "t"),
         ("X-Count", "-1")),
    # Cookies.
    case("cookies-none", "GET", "/cookies"),
    case("cookies-session", "GET", "/cookies", ("Cookie", "session=abc")),
    case("cookies-visits", "GET", "/cookies", ("Cookie", "visits=3")),
    case("cookies-both-spaced", "GET", "/cookies", ("Cookie", "session = s1 ; visits = 2")),
    case("cookies-bad-visits", "GET", "/cookies", ("Cookie", "visits=many")),
    case("cookies-empty-visits", "GET", "/cookies", ("Cookie", "visits=")),
    case("cookies-duplicate-last-wins", "GET", "/cookies", ("Cookie", "visits=3; visits=4")),
    case("cookies-second-line-ignored", "GET", "/cookies", ("Cookie", "session=a"),
         ("Cookie", "visits=5")),
    case("cookies-quoted", "GET", "/cookies", ("Cookie", 'session="abc"')),
    case("cookies-not-percent-decoded", "GET", "/cookies", ("Cookie", "session=a%20b")),
    # POST /orders: body model, status_code=201, response model.
    case("orders-create-201", "POST", "/orders", JSON, body=js(_ORDER)),
    case("orders-create-all-fields", "POST", "/orders", JSON, body=js({
        "customer": "bo", "lines": [{"sku": "a", "qty": 1, "note": "n"}], "priority": True,
        "tags": {"x": 1, "y": "2"}, "color": "green"})),
    case("orders-create-coerced-and-extra", "POST", "/orders", JSON, body=js({
        "customer": "ann", "lines": [{"sku": "a", "qty": "4", "x": 1}], "extra": True})),
    case("orders-create-empty-lines", "POST", "/orders", JSON,
         body=js({"customer": "ann", "lines": []})),
    case("orders-create-bad-qty", "POST", "/orders", JSON, body=js({
        "customer": "ann", "lines": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": "two"}]})),
    case("orders-create-missing-customer", "POST", "/orders", JSON,
         body=js({"lines": [{"sku": "a", "qty": 1}]})),
    case("orders-create-lines-not-list", "POST", "/orders", JSON,
         body=js({"customer": "ann", "lines": {"sku": "a", "qty": 1}})),
    case("orders-create-line-not-object", "POST", "/orders", JSON,
         body=js({"customer": "ann", "lines": [1]})),
    case("orders-create-bad-tag", "POST", "/orders", JSON,
         body=js({"customer": "ann", "lines": [], "tags": {"ok": 1, "bad": "x"}})),
    case("orders-create-bad-color", "POST", "/orders", JSON,
         body=js({"customer": "ann", "lines": [], "color": "purple"})),
    case("orders-create-priority-yes", "POST", "/orders", JSON,
         body=js({"customer": "ann", "lines": [], "priority": "yes"})),
    case("orders-create-many-errors", "POST", "/orders", JSON, body=js({
        "customer": 5, "lines": [{"qty": 1.5}], "priority": "perhaps", "color": 1})),
    case("orders-create-empty-body", "POST", "/orders", JSON, ("Content-Length", "0")),
    case("orders-create-malformed", "POST", "/orders", JSON, body='{"customer": "ann",'),
    case("orders-create-text-plain", "POST", "/orders", TEXT, body=js(_ORDER)),
    case("orders-create-array", "POST", "/orders", JSON, body=js([_ORDER])),
    case("orders-create-lone-surrogate-sku", "POST", "/orders", JSON,
         body=r'{"customer": "ann", "lines": [{"sku": "\ud800", "qty": 1}]}'),
    case("orders-create-lone-surrogate-tag-key", "POST", "/orders", JSON,
         body=r'{"customer": "ann", "lines": [], "tags": {"\udc00": 1}}'),
    case("orders-create-qty-overflow-500", "POST", "/orders", JSON,
         body='{"customer": "ann", "lines": [{"sku": "a", "qty": 1e999999}]}'),
    case("orders-create-invalid-utf8-400", "POST", "/orders", JSON,
         body=b'{"customer": "\xc3\x28", "lines": []}'),
    case("orders-create-trailing-slash-307", "POST", "/orders/", JSON, body=js(_ORDER)),
    case("orders-get-405", "GET", "/orders"),
    case("orders-options-405", "OPTIONS", "/orders"),
    # PUT /orders/{id}: two body parameters, so the body is embedded.
    case("orders-update-embedded", "PUT", "/orders/7", JSON,
         body=js({"order": _ORDER, "note": "rush"})),
    case("orders-update-bare-order", "PUT", "/orders/7", JSON, body=js(_ORDER)),
    case("orders-update-missing-note", "PUT", "/orders/7", JSON, body=js({"order": _ORDER})),
    case("orders-update-note-not-string", "PUT", "/orders/7", JSON,
         body=js({"order": _ORDER, "note": 5})),
    case("orders-update-bad-inner-qty", "PUT", "/orders/7", JSON, body=js({
        "order": {"customer": "ann", "lines": [{"sku": "a", "qty": "x"}]}, "note": "n"})),
    case("orders-update-bad-id-and-body", "PUT", "/orders/x", JSON, body=js({"note": "n"})),
    case("orders-update-empty-body", "PUT", "/orders/7", JSON, ("Content-Length", "0")),
    case("orders-update-array-body", "PUT", "/orders/7", JSON, body="[1, 2]"),
    case("orders-update-malformed", "PUT", "/orders/x", JSON, body="{bad}"),
    # DELETE /orders/{id}: status_code=204.
    case("orders-delete-204", "DELETE", "/orders/7"),
    case("orders-delete-bad-id", "DELETE", "/orders/x"),
    case("orders-head-405-allow-first-route", "HEAD", "/orders/7"),
    case("orders-patch-405", "PATCH", "/orders/7", JSON, body="{}"),
    # GET /orders/{id}/lines: a list response model.
    case("orders-lines", "GET", "/orders/3/lines"),
    case("orders-lines-bad-id", "GET", "/orders/x/lines"),
    # Exception handlers.
    case("errors-base", "GET", "/errors/base"),
    case("errors-not-found-uses-base-handler", "GET", "/errors/not-found"),
    case("errors-conflict-own-handler", "GET", "/errors/conflict"),
    case("errors-sibling", "GET", "/errors/sibling"),
    case("errors-chain-409", "GET", "/errors/chain"),
    case("errors-runtime-500", "GET", "/errors/runtime"),
    case("errors-http-400", "GET", "/errors/http/400"),
    case("errors-http-418", "GET", "/errors/http/418"),
    case("errors-http-204", "GET", "/errors/http/204"),
    case("errors-http-205", "GET", "/errors/http/205"),
    case("errors-http-304", "GET", "/errors/http/304"),
    case("errors-http-404-status-handler", "GET", "/errors/http/404"),
    case("errors-http-500-not-a-status-handler", "GET", "/errors/http/500"),
    case("errors-http-299", "GET", "/errors/http/299"),
    case("errors-http-bad-code", "GET", "/errors/http/abc"),
    case("errors-http-default-400", "GET", "/errors/http-default/400"),
    case("errors-http-default-418", "GET", "/errors/http-default/418"),
    case("errors-http-default-422", "GET", "/errors/http-default/422"),
    case("errors-http-default-404", "GET", "/errors/http-default/404"),
    case("errors-http-default-299-500", "GET", "/errors/http-default/299"),
    case("errors-post-405", "POST", "/errors/base"),
    case("errors-returned-404-no-handler", "GET", "/errors/returned/404"),
    case("errors-returned-409", "GET", "/errors/returned/409"),
    # Routing.
    case("unknown-route-404-handler", "GET", "/no/such/route"),
    case("unknown-route-404-decoded-path", "GET", "/n%C3%BCpe?x=1"),
    case("root-404-handler", "GET", "/"),
    case("users-post-405", "POST", "/users/42"),
    case("path-int-delete-405", "DELETE", "/path/int/1"),
    case("headers-head-405", "HEAD", "/headers"),
    case("query-default-trailing-slash-307", "GET", "/query/default/"),
    case("errors-base-trailing-slash-307", "GET", "/errors/base/"),
]

# WebSocket upgrade requests that uvicorn answers in HTTP (a 101 is not a case: the recorder and
# the replayer read HTTP answers only). Each asks for the upgrade as a browser does.
def upgrade(name, target, *headers, key="dGhlIHNhbXBsZSBub25jZQ==", version="13", method="GET",
            connection="Upgrade", upgrade_to="websocket"):
    sent = []
    if connection is not None:
        sent.append(("Connection", connection))
    if upgrade_to is not None:
        sent.append(("Upgrade", upgrade_to))
    if key is not None:
        sent.append(("Sec-WebSocket-Key", key))
    if version is not None:
        sent.append(("Sec-WebSocket-Version", version))
    return case(name, method, target, *sent, *headers)


WEBSOCKETS = [
    # What the endpoint does before accept() is the answer to the upgrade request.
    upgrade("no-session-cookie-403", "/items/foo/ws"),
    upgrade("no-session-cookie-with-query-403", "/items/foo/ws?q=3"),
    upgrade("invalid-query-403", "/items/foo/ws?q=abc", ("Cookie", "session=fake-cookie")),
    upgrade("unknown-path-403", "/nowhere"),
    upgrade("path-prefix-only-403", "/items/foo"),
    upgrade("http-exception-before-accept", "/teapot"),
    upgrade("exception-before-accept-500", "/broken-before-accept"),
    # Handshakes that websockets refuses before the endpoint runs.
    upgrade("missing-key-400", "/close", key=None),
    upgrade("empty-key-400", "/close", key=""),
    upgrade("key-bad-padding-400", "/close", key="abc"),
    upgrade("key-bad-character-400", "/close", key="dGhlIHNhbXBsZSBub25jZQ=!"),
    upgrade("key-of-15-bytes-400", "/close", key="AAAAAAAAAAAAAAAAAAAA"),
    upgrade("two-keys-400", "/close", ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")),
    upgrade("version-12-400", "/close", version="12"),
    upgrade("missing-version-400", "/close", version=None),
    upgrade("two-versions-400", "/close", ("Sec-WebSocket-Version", "13")),
    upgrade("post-400", "/close", method="POST"),
    upgrade("two-upgrade-headers-426", "/close", ("Upgrade", "websocket"), upgrade_to="h2c"),
    upgrade("handshake-checked-before-the-path-400", "/nowhere", version="8"),
    # Not an upgrade for uvicorn: plain HTTP, and a WebSocket route has no HTTP route.
    upgrade("upgrade-without-connection-404", "/close", connection=None),
    upgrade("connection-keep-alive-404", "/close", connection="keep-alive"),
    upgrade("upgrade-to-h2c-404", "/close", upgrade_to="h2c"),
    case("plain-get-404", "GET", "/items/foo/ws"),
]

CASES = {
    "items": ITEMS,
    "unicorns": UNICORNS,
    "override_handlers": HANDLER_CASES,
    "reuse_handlers": HANDLER_CASES,
    "body_validation": BODY_VALIDATION,
    "kitchen_sink": KITCHEN_SINK,
    "websockets": WEBSOCKETS,
}

# Paths /openapi.json must list, to be sure the app on the port is the sample's.
EXPECTED_PATHS = {
    "items": ["/items/{item_id}", "/items-header/{item_id}"],
    "unicorns": ["/unicorns/{name}"],
    "override_handlers": ["/items/{item_id}"],
    "reuse_handlers": ["/items/{item_id}"],
    "body_validation": ["/items/"],
    "kitchen_sink": ["/path/int/{value}", "/orders", "/errors/http-default/{code}", "/cookies"],
    "websockets": [],  # WebSocket routes are not in /openapi.json: see WEBSOCKET_PROBE
}

# A sample with WebSocket routes only is recognised by an upgrade that its app accepts.
WEBSOCKET_PROBE = {"websockets": "/close"}


# ---------------------------------------------------------------------------------------------
# HTTP over a raw socket.

class Closed(Exception):
    """The server closed the connection before a complete response."""


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_SECONDS)
        self.buf = b""
        self.eof = False

    def close(self):
        self.sock.close()

    def _fill(self):
        if self.eof:
            raise Closed()
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b""
        if not data:
            self.eof = True
            raise Closed()
        self.buf += data

    def read_until(self, marker):
        while marker not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(marker, 1)
        return head

    def read_exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def read_to_close(self):
        try:
            while True:
                self._fill()
        except Closed:
            pass
        data, self.buf = self.buf, b""
        return data


def read_response(conn, method):
    """Returns (status, reason, [(name, value)], body, read_until_close)."""
    head = conn.read_until(b"\r\n\r\n").decode("latin-1")
    lines = head.split("\r\n")
    version, status, *reason = lines[0].split(" ", 2)
    if not version.startswith("HTTP/"):
        raise ValueError("bad status line: " + lines[0])
    status = int(status)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    values = {n: v for n, v in reversed(headers)}  # first occurrence wins
    if method == "HEAD" or status < 200 or status in (204, 304):
        return status, "".join(reason), headers, b"", False
    if "chunked" in values.get("transfer-encoding", "").lower():
        body = b""
        while True:
            size = int(conn.read_until(b"\r\n").split(b";")[0], 16)
            if size == 0:
                while conn.read_until(b"\r\n"):  # trailer fields, up to an empty line
                    pass
                break
            body += conn.read_exactly(size)
            conn.read_exactly(2)
        return status, "".join(reason), headers, body, False
    if "content-length" in values:
        body = conn.read_exactly(int(values["content-length"]))
        return status, "".join(reason), headers, body, False
    return status, "".join(reason), headers, conn.read_to_close(), True


def request_bytes(c):
    lines = [f"{c['method']} {c['target']} HTTP/1.1\r\n"]
    lines += [f"{name}: {value}\r\n" for name, value in c["headers"]]
    lines.append("\r\n")
    return "".join(lines).encode("ascii") + c["body"]


def exchange(port, c):
    conn = Conn(port)
    try:
        conn.sock.sendall(request_bytes(c))
        status, reason, headers, body, until_close = read_response(conn, c["method"])
        keep_alive = False
        if not until_close and not conn.eof:
            try:
                conn.sock.sendall(PROBE)
                read_response(conn, "GET")
                keep_alive = True
            except (Closed, OSError, ValueError):
                keep_alive = False
        return status, reason, headers, body, keep_alive
    finally:
        conn.close()


def text_or_base64(data, out):
    try:
        out["body"] = data.decode("utf-8")
    except UnicodeDecodeError:
        out["body_base64"] = base64.b64encode(data).decode("ascii")
    return out


def record_case(port, c):
    status, reason, headers, body, keep_alive = exchange(port, c)
    kept = {}
    for name, value in headers:
        if name in SKIPPED_RESPONSE_HEADERS:
            continue
        kept[name] = kept[name] + ", " + value if name in kept else value
    request = {"method": c["method"], "target": c["target"],
               "headers": [[n, v] for n, v in c["headers"]]}
    response = {"status": status, "reason": reason, "headers": kept}
    text_or_base64(body, response)
    response["keep_alive"] = keep_alive
    return {"name": c["name"], "request": text_or_base64(c["body"], request),
            "response": response}


def check_app(port, sample):
    if sample in WEBSOCKET_PROBE:
        conn = Conn(port)
        try:
            conn.sock.sendall(request_bytes(upgrade("probe", WEBSOCKET_PROBE[sample])))
            status_line = conn.read_until(b"\r\n")
        finally:
            conn.close()
        if not status_line.startswith(b"HTTP/1.1 101 "):
            sys.exit(f"record.py: the app on port {port} is not {sample!r} "
                     f"(upgrade to {WEBSOCKET_PROBE[sample]}: {status_line!r})")
        return
    c = case("openapi", "GET", "/openapi.json")
    status, _, _, body, _ = exchange(port, c)
    paths = json.loads(body)["paths"] if status == 200 else {}
    missing = [p for p in EXPECTED_PATHS[sample] if p not in paths]
    if missing:
        sys.exit(f"record.py: the app on port {port} is not {sample!r} (no {missing})")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", required=True, choices=sorted(CASES))
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--out-dir",
                        default=os.path.normpath(os.path.join(here, "..", "conformance")))
    args = parser.parse_args()

    cases = CASES[args.sample]
    names = [c["name"] for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        sys.exit(f"record.py: duplicate case names {duplicates}")
    bad = [n for n in names if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n)]
    if bad:
        sys.exit(f"record.py: case names must be kebab-case: {bad}")
    check_app(args.port, args.sample)

    fixture = {"sample": args.sample, "cases": [record_case(args.port, c) for c in cases]}
    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, args.sample + ".json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n")
    statuses = {}
    for c in fixture["cases"]:
        statuses[c["response"]["status"]] = statuses.get(c["response"]["status"], 0) + 1
    summary = ", ".join(f"{s}x{n}" for s, n in sorted(statuses.items()))
    print(f"record.py: {path}: {len(cases)} cases ({summary})")


if __name__ == "__main__":
    main()
