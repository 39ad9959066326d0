#!/usr/bin/env python3
"""Records conformance fixtures from the real FastAPI, for tests/e2e/conformance_test.cpp.

To re-record every fixture (needs root for the FastAPI chroot, see
../shared/tools/fastapi-reference relative to the repository root):

    tests/reference/record-all.sh              # all samples
    tests/reference/record-all.sh items        # only some

To record one sample against an app you started yourself:

    ../shared/tools/fastapi-reference run tests/reference/items.py 8001 &
    python3 tests/reference/record.py --sample items --port 8001

Form bodies (tests/reference/forms.py, security.py) need python-multipart, which FastAPI's
Form() and Starlette's form parser import; Debian's python3-multipart in the chroot is another
package of that module name. A development-only step, once per chroot, for re-recording (CI
never needs the reference): python-multipart 0.0.20 from its repository
(github.com/Kludex/python-multipart), `git archive 0.0.20 python_multipart multipart`, unpacked
into the chroot's /usr/local/lib/python3.13/dist-packages, which comes before Debian's
/usr/lib/python3/dist-packages on its sys.path.

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

# Declarative constraints (issue 14): each route of constraints.py takes its values optional or
# in the path, so one case is one question; the "-at-once" cases collect several errors.
_ORDER_OK = {"name": "towel", "price": 9.5, "quantity": 2, "tags": ["a"],
             "address": {"city": "Oslo", "zip": "01234"},
             "lines": [{"sku": "ABC123", "qty": 1}]}


def _order(**changes):
    order = dict(_ORDER_OK)
    order.update(changes)
    return js(order)


CONSTRAINTS = [
    # int in the path: gt=1, ge=1, lt=10, le=10, multiple_of=3; all: gt=0 ge=10 lt=30 le=20 mul=5.
    case("int-path-ok", "GET", "/int/path/2/1/9/10/0/10"),
    case("int-path-boundaries-fail", "GET", "/int/path/1/0/10/11/4/15"),
    case("int-path-gt-1-fails", "GET", "/int/path/1/1/9/10/3/10"),
    case("int-path-ge-0-fails", "GET", "/int/path/2/0/9/10/3/10"),
    case("int-path-lt-10-fails", "GET", "/int/path/2/1/10/10/3/10"),
    case("int-path-le-11-fails", "GET", "/int/path/2/1/9/11/3/10"),
    case("int-path-multiple-negative-ok", "GET", "/int/path/2/1/-9/-10/-3/20"),
    case("int-path-multiple-fails", "GET", "/int/path/2/1/9/10/-4/10"),
    case("int-path-lax-spellings", "GET", "/int/path/+2/%201%20/9.0/1_0/003/2_0"),
    case("int-path-not-int-and-constraint", "GET", "/int/path/x/0/9.5/10/3/10"),
    case("int-path-all-mul-before-bounds", "GET", "/int/path/2/1/9/10/3/33"),
    case("int-path-all-mul-before-ge", "GET", "/int/path/2/1/9/10/3/-1"),
    case("int-path-all-le-before-lt", "GET", "/int/path/2/1/9/10/3/35"),
    case("int-path-all-le", "GET", "/int/path/2/1/9/10/3/25"),
    case("int-path-all-ge", "GET", "/int/path/2/1/9/10/3/5"),
    case("int-path-all-ge-zero", "GET", "/int/path/2/1/9/10/3/0"),
    case("int-path-beyond-int64-ge", "GET", "/int/path/2/99999999999999999999/9/10/3/10"),
    case("int-path-beyond-int64-le", "GET", "/int/path/2/1/9/99999999999999999999/3/10"),
    # int in the query.
    case("int-query-none", "GET", "/int/query"),
    case("int-query-boundaries-ok", "GET", "/int/query?gt=2&ge=1&lt=9&le=10&mul=-6&neg=-10"),
    case("int-query-boundaries-fail", "GET", "/int/query?gt=1&ge=0&lt=10&le=11&mul=7&neg=-5"),
    case("int-query-neg-below", "GET", "/int/query?neg=-11"),
    case("int-query-le-before-lt", "GET", "/int/query?le_lt=11"),
    case("int-query-lt-only", "GET", "/int/query?le_lt=7"),
    case("int-query-ge-before-gt", "GET", "/int/query?ge_gt=4"),
    case("int-query-gt-only", "GET", "/int/query?ge_gt=7"),
    case("int-query-big-ok", "GET", "/int/query?big=999999999000000000"),
    case("int-query-big-multiple-fails", "GET", "/int/query?big=999999999000000001"),
    case("int-query-big-le-fails", "GET", "/int/query?big=1000000001000000000"),
    case("int-query-big-beyond-int64", "GET", "/int/query?big=100000000000000000000"),
    case("int-query-all-at-once", "GET", "/int/query?all=33&mul=1&gt=0&le=99"),
    case("int-query-bad-int-with-constraint", "GET", "/int/query?ge=abc&le=1.5"),
    case("int-query-last-value-checked", "GET", "/int/query?ge=0&ge=5"),
    case("int-query-empty", "GET", "/int/query?ge="),
    # float in the path: gt=0.5, ge=1 (an int bound), ge=1.5, lt=10.5, le=10, multiple_of=0.1.
    case("float-path-ok", "GET", "/float/path/0.6/1/1.5/10.4/10/0.3"),
    case("float-path-boundaries-fail", "GET", "/float/path/0.5/0.99/1.49/10.5/10.01/0.35"),
    case("float-path-int-spellings", "GET", "/float/path/1/1/2/10/10/1"),
    case("float-path-exponents", "GET", "/float/path/5e-1/1e0/15e-1/1.05e1/1e1/1e-1"),
    case("float-path-not-float", "GET", "/float/path/x/0/1.5/10/10/0.2"),
    # float in the query.
    case("float-query-none", "GET", "/float/query"),
    case("float-query-boundaries-fail",
         "GET", "/float/query?gt=0.5&ge=0&ge_half=1&lt=10.5&le=10.5&mul=0.15"),
    case("float-query-multiple-tolerance", "GET", "/float/query?mul=0.3&mul_half=7.5"),
    case("float-query-multiple-fails", "GET", "/float/query?mul=0.31&mul_half=7.4"),
    case("float-query-multiple-large", "GET", "/float/query?mul=123456789.1&mul_half=1e20"),
    case("float-query-multiple-negative", "GET", "/float/query?mul=-0.7&mul_half=-2.4"),
    case("float-query-huge-bound", "GET", "/float/query?huge=1e21"),
    case("float-query-huge-ok", "GET", "/float/query?huge=1e20"),
    case("float-query-tiny-bound", "GET", "/float/query?tiny=1e-8"),
    case("float-query-negative-bound", "GET", "/float/query?neg=-0.25"),
    case("float-query-negative-ok", "GET", "/float/query?neg=-0.2500001"),
    case("float-query-all-mul-first", "GET", "/float/query?all=25.2"),
    case("float-query-all-le", "GET", "/float/query?all=25.5"),
    case("float-query-all-ge", "GET", "/float/query?all=0.5"),
    case("float-query-all-gt", "GET", "/float/query?all=-0"),
    case("float-query-all-negative", "GET", "/float/query?all=-1"),
    case("float-query-infinity-le", "GET", "/float/query?le=inf&ge=-inf"),
    case("float-query-nan-fails-first-bound", "GET", "/float/query?le=nan&mul=nan"),
    # str in the query: lengths count code points; patterns are searched (Rust regex).
    case("str-query-none", "GET", "/str/query"),
    case("str-query-lengths-ok", "GET", "/str/query?min=abc&max=abcde&one=x"),
    case("str-query-lengths-fail", "GET", "/str/query?min=ab&max=abcdef&one="),
    case("str-query-one-too-long", "GET", "/str/query?one=xy"),
    case("str-query-min-empty", "GET", "/str/query?min="),
    case("str-query-lengths-non-ascii-ok", "GET",
         "/str/query?min=%C3%BC%C3%BC%C3%BC&max=%E2%98%83%E2%98%83%E2%98%83%E2%98%83%E2%98%83"),
    case("str-query-lengths-non-ascii-fail", "GET",
         "/str/query?min=%C3%BC%C3%BC&max=%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80"
         "%F0%9F%98%80%F0%9F%98%80"),
    case("str-query-lengths-spaces-kept", "GET", "/str/query?min=%20a%20&max=+++++++"),
    case("str-query-fixed-ok", "GET", "/str/query?fixed=fixedquery"),
    case("str-query-fixed-fails", "GET", "/str/query?fixed=fixedquery1"),
    case("str-query-fixed-prefix-fails", "GET", "/str/query?fixed=xfixedquery"),
    case("str-query-fixed-trailing-newline", "GET", "/str/query?fixed=fixedquery%0A"),
    case("str-query-fixed-case", "GET", "/str/query?fixed=FIXEDQUERY"),
    case("str-query-search-ok", "GET", "/str/query?search=ab123cd"),
    case("str-query-search-fails", "GET", "/str/query?search=ab12cd"),
    case("str-query-code-ok", "GET", "/str/query?code=AB-1234"),
    case("str-query-code-fails", "GET", "/str/query?code=AB-12345"),
    case("str-query-word-unicode-ok", "GET", "/str/query?word=%C3%BCber_%CE%B1%CE%B2%CE%B3"),
    case("str-query-word-fails", "GET", "/str/query?word=a-b"),
    case("str-query-digits-unicode-ok", "GET", "/str/query?digits=12%D9%A3%E0%A5%AA"),
    case("str-query-digits-fails", "GET", "/str/query?digits=12a"),
    case("str-query-digits-superscript-fails", "GET", "/str/query?digits=%C2%B2"),
    case("str-query-space-tab-ok", "GET", "/str/query?space=a%09b"),
    case("str-query-space-nbsp-ok", "GET", "/str/query?space=a%C2%A0b"),
    case("str-query-space-ideographic-ok", "GET", "/str/query?space=a%E3%80%80b"),
    case("str-query-space-fails", "GET", "/str/query?space=a_b"),
    case("str-query-dot-non-ascii-ok", "GET", "/str/query?dot=%F0%9F%98%80%C3%BC"),
    case("str-query-dot-newline-fails", "GET", "/str/query?dot=a%0A"),
    case("str-query-dot-three-fails", "GET", "/str/query?dot=abc"),
    case("str-query-nocase-ok", "GET", "/str/query?nocase=aBc"),
    case("str-query-nocase-fails", "GET", "/str/query?nocase=abd"),
    case("str-query-alt-ok", "GET", "/str/query?alt=foobarfoo"),
    case("str-query-alt-fails", "GET", "/str/query?alt=foob"),
    case("str-query-escaped-ok", "GET", "/str/query?escaped=a.b%5Cc"),
    case("str-query-escaped-fails", "GET", "/str/query?escaped=axb%5Cc"),
    case("str-query-uber-ok", "GET", "/str/query?uber=%C3%BCber"),
    case("str-query-uber-decomposed-fails", "GET", "/str/query?uber=u%CC%88ber"),
    case("str-boundary-ok", "GET", "/str/boundary?boundary=a%20cat."),
    case("str-boundary-unicode-fails", "GET", "/str/boundary?boundary=%C3%BCcat"),
    case("str-query-quote-ok", "GET", "/str/query?quote=%27%22"),
    case("str-query-quote-fails", "GET", "/str/query?quote=%22%27"),
    case("str-query-all-too-short-first", "GET", "/str/query?all=A"),
    case("str-query-all-too-long-first", "GET", "/str/query?all=ABCDEFGHI"),
    case("str-query-all-pattern", "GET", "/str/query?all=ABCD"),
    case("str-query-all-ok", "GET", "/str/query?all=abcd"),
    case("str-query-all-at-once", "GET",
         "/str/query?all=A&fixed=x&min=a&max=toolong&word=%20&nocase=x"),
    # str in the path.
    case("str-path-ok", "GET", "/str/path/abc"),
    case("str-path-too-short", "GET", "/str/path/a"),
    case("str-path-too-long", "GET", "/str/path/abcde"),
    case("str-path-pattern", "GET", "/str/path/AB"),
    case("str-path-encoded", "GET", "/str/path/%C3%BC%C3%BC"),
    # Lists in the query: tags min 2 max 3, ids (int) min 1 max 2.
    case("list-query-ok", "GET", "/list/query?tags=a&tags=b&ids=1"),
    case("list-query-too-short", "GET", "/list/query?tags=a"),
    case("list-query-too-long", "GET", "/list/query?tags=a&tags=b&tags=c&tags=d"),
    case("list-query-max-ok", "GET", "/list/query?tags=a&tags=b&tags=c&ids=1&ids=2"),
    case("list-query-ids-too-long", "GET", "/list/query?ids=1&ids=2&ids=3"),
    case("list-query-too-long-with-bad-items", "GET", "/list/query?ids=x&ids=2&ids=y"),
    case("list-query-bad-item-within-length", "GET", "/list/query?ids=x&ids=2"),
    case("list-query-too-long-bad-item-last", "GET", "/list/query?ids=1&ids=2&ids=y"),
    case("list-query-both-too-long", "GET",
         "/list/query?tags=a&tags=b&tags=c&tags=d&ids=1&ids=2&ids=3"),
    # Headers: x-count int ge 1 le 5, x-ratio float gt 0 lt 1, x-token str, x-tag list max 2.
    case("headers-ok", "GET", "/headers", ("X-Count", "5"), ("X-Ratio", "0.5"),
         ("X-Token", "00ff"), ("X-Tag", "a"), ("X-Tag", "b")),
    case("headers-all-fail", "GET", "/headers", ("X-Count", "6"), ("X-Ratio", "1"),
         ("X-Token", "abc"), ("X-Tag", "a"), ("X-Tag", "b"), ("X-Tag", "c")),
    case("headers-lower-bounds", "GET", "/headers", ("X-Count", "0"), ("X-Ratio", "0")),
    case("headers-token-too-long", "GET", "/headers", ("X-Token", "0123456789")),
    case("headers-token-pattern", "GET", "/headers", ("X-Token", "XYZW")),
    case("headers-first-line-checked", "GET", "/headers", ("X-Count", "3"), ("X-Count", "9")),
    # Cookies: count int ge 1 le 5, ratio float multiple_of 0.25, session str min 4 pattern ^s-.
    case("cookies-ok", "GET", "/cookies", ("Cookie", "count=1; ratio=0.75; session=s-12")),
    case("cookies-all-fail", "GET", "/cookies", ("Cookie", "count=0; ratio=0.3; session=x")),
    case("cookies-pattern", "GET", "/cookies", ("Cookie", "session=abcdef")),
    case("cookies-too-short-before-pattern", "GET", "/cookies", ("Cookie", "session=s-")),
    # Body: one model, nested models and lists of models.
    case("body-ok", "POST", "/orders", JSON, body=_order()),
    case("body-defaults", "POST", "/orders", JSON, body=js({"name": "ab", "price": 1000})),
    case("body-name-too-short", "POST", "/orders", JSON, body=_order(name="a")),
    case("body-name-too-long", "POST", "/orders", JSON, body=_order(name="abcdefghijk")),
    case("body-price-gt", "POST", "/orders", JSON, body=_order(price=0)),
    case("body-price-le", "POST", "/orders", JSON, body=_order(price=1000.5)),
    case("body-price-int-ok", "POST", "/orders", JSON, body=_order(price=1)),
    case("body-price-string", "POST", "/orders", JSON, body=_order(price="0")),
    case("body-quantity-multiple", "POST", "/orders", JSON, body=_order(quantity=3)),
    case("body-quantity-multiple-before-ge", "POST", "/orders", JSON, body=_order(quantity=-1)),
    case("body-quantity-ge", "POST", "/orders", JSON, body=_order(quantity=0)),
    case("body-quantity-float", "POST", "/orders", JSON, body=_order(quantity=4.0)),
    case("body-quantity-bool", "POST", "/orders", JSON, body=_order(quantity=True)),
    case("body-tags-too-short", "POST", "/orders", JSON, body=_order(tags=[])),
    case("body-tags-too-long", "POST", "/orders", JSON, body=_order(tags=["a", "b", "c", "d"])),
    case("body-tags-too-long-bad-item", "POST", "/orders", JSON,
         body=_order(tags=["a", 1, "c", "d"])),
    case("body-tags-bad-item", "POST", "/orders", JSON, body=_order(tags=["a", 1])),
    case("body-tags-not-list", "POST", "/orders", JSON, body=_order(tags="abc")),
    case("body-nested-city", "POST", "/orders", JSON,
         body=_order(address={"city": "", "zip": "1234"})),
    case("body-nested-city-too-long", "POST", "/orders", JSON,
         body=_order(address={"city": "Llanfairpwll"})),
    case("body-nested-zip-null", "POST", "/orders", JSON,
         body=_order(address={"city": "Oslo", "zip": None})),
    case("body-nested-zip-unicode-digits", "POST", "/orders", JSON,
         body=_order(address={"city": "Oslo", "zip": "\u0661\u0662\u0663\u0664\u0665"})),
    case("body-lines", "POST", "/orders", JSON,
         body=_order(lines=[{"sku": "abc123", "qty": 0}, {"sku": "ABC1234", "qty": 100}])),
    case("body-lines-too-long", "POST", "/orders", JSON,
         body=_order(lines=[{"sku": "ABC123", "qty": 1}] * 2 + [{"sku": "x", "qty": 0}])),
    case("body-everything-at-once", "POST", "/orders", JSON,
         body=js({"name": "", "price": -1, "quantity": 5, "tags": [],
                  "address": {"city": "", "zip": "x"},
                  "lines": [{"sku": "x", "qty": 0}]})),
    case("body-missing-and-constraint", "POST", "/orders", JSON, body=js({"name": "x"})),
    # Embedded body parameters.
    case("embedded-ok", "POST", "/embedded", JSON,
         body=js({"order": _ORDER_OK, "count": 9, "note": "abcde", "scores": [1, 2.5]})),
    case("embedded-fail", "POST", "/embedded", JSON,
         body=js({"order": {"name": "x", "price": 1}, "count": 10, "note": "abcdef",
                  "scores": [1]})),
    case("embedded-count-zero", "POST", "/embedded", JSON,
         body=js({"order": _ORDER_OK, "count": 0})),
    case("embedded-count-string", "POST", "/embedded", JSON,
         body=js({"order": _ORDER_OK, "count": "10"})),
    case("embedded-count-missing", "POST", "/embedded", JSON,
         body=js({"order": _ORDER_OK, "scores": ["x"]})),
    # Every source at once: path, query, header, cookie, body, in FastAPI's order.
    case("everything-ok", "POST", "/everything/1?q=abc", ("X-Level", "3"),
         ("Cookie", "token=tok"), JSON, body=js({"size": 0.1, "label": "ab"})),
    case("everything-fails", "POST", "/everything/0?q=ab", ("X-Level", "4"),
         ("Cookie", "token=x"), JSON, body=js({"size": 0, "label": "abc"})),
    case("everything-fails-and-missing", "POST", "/everything/-1?q=", JSON,
         body=js({"size": -0.5})),
    # The tutorial's pages: "Query Parameters and String Validations".
    case("tutorial-items-none", "GET", "/tutorial/items/"),
    case("tutorial-items-fixed", "GET", "/tutorial/items/?q=fixedquery"),
    case("tutorial-items-empty", "GET", "/tutorial/items/?q="),
    case("tutorial-items-too-short", "GET", "/tutorial/items/?q=fi"),
    case("tutorial-items-too-long", "GET", "/tutorial/items/?q=" + "x" * 51),
    case("tutorial-items-pattern", "GET", "/tutorial/items/?q=nonfixedquery"),
    case("tutorial-items-default", "GET", "/tutorial/items-default/"),
    case("tutorial-items-default-short", "GET", "/tutorial/items-default/?q=ab"),
    case("tutorial-items-required-missing", "GET", "/tutorial/items-required/"),
    case("tutorial-items-required-ok", "GET", "/tutorial/items-required/?q=abc"),
    case("tutorial-items-list-default", "GET", "/tutorial/items-list/"),
    case("tutorial-items-list", "GET", "/tutorial/items-list/?q=baz&q=qux"),
    case("tutorial-items-described-short", "GET", "/tutorial/items-described/?q=ab"),
    case("tutorial-items-alias", "GET", "/tutorial/items-alias/?item-query=foo"),
    case("tutorial-items-alias-name-ignored", "GET", "/tutorial/items-alias/?q=foo"),
    case("tutorial-items-deprecated-ok", "GET", "/tutorial/items-deprecated/?item-query=fixedquery"),
    case("tutorial-items-deprecated-fails", "GET", "/tutorial/items-deprecated/?item-query=fi"),
    case("tutorial-items-hidden", "GET", "/tutorial/items-hidden/?hidden_query=abc"),
    case("tutorial-items-hidden-none", "GET", "/tutorial/items-hidden/"),
    # "Path Parameters and Numeric Validations".
    case("tutorial-path-alias", "GET", "/tutorial/path/5?item-query=abc"),
    case("tutorial-path-not-int", "GET", "/tutorial/path/five"),
    case("tutorial-path-ge-ok", "GET", "/tutorial/path-ge/1?q=x"),
    case("tutorial-path-ge-fails", "GET", "/tutorial/path-ge/0?q=x"),
    case("tutorial-path-ge-fails-and-missing", "GET", "/tutorial/path-ge/0"),
    case("tutorial-path-gt-le-ok", "GET", "/tutorial/path-gt-le/1000?q=x"),
    case("tutorial-path-gt-fails", "GET", "/tutorial/path-gt-le/0?q=x"),
    case("tutorial-path-le-fails", "GET", "/tutorial/path-gt-le/1001?q=x"),
    case("tutorial-path-float-ok", "GET", "/tutorial/path-float/0?q=x&size=10.4"),
    case("tutorial-path-float-fails", "GET", "/tutorial/path-float/-1?q=x&size=10.5"),
    case("tutorial-path-float-size-zero", "GET", "/tutorial/path-float/1000?q=&size=0"),
    # Metadata beside constraints on a model's fields, a header and a cookie.
    case("notes-ok", "POST", "/notes", ("X-Source", "cli"), ("Cookie", "session=ab"), JSON,
         body=js({"text": "Buy milk"})),
    case("notes-fail", "POST", "/notes", ("Cookie", "session=a"), JSON,
         body=js({"text": "x" * 21, "priority": 6})),
]

def _item(**fields):
    item = {"name": "towel", "color": "red",
            "tags": [{"name": "blue", "weight": 2}, {"name": "soft"}]}
    item.update(fields)
    return js(item)


FASTAPI_EXTRAS = [
    # Handlers named as the generated code names its own things, or as their own parameters.
    case("limit-default", "GET", "/limit"),
    case("limit-given", "GET", "/limit?limit=3"),
    case("limit-invalid", "GET", "/limit?limit=x"),
    case("status-path", "GET", "/status/201"),
    case("status-invalid", "GET", "/status/abc"),
    case("reject-default", "GET", "/reject"),
    case("reject-given", "GET", "/reject?reject=7"),
    case("reject-invalid", "GET", "/reject?reject=no"),
    # FastAPI's HTTPException has a handler of its own; Starlette's keeps the default.
    case("fastapi-http-exception-handled", "GET", "/raise/fastapi/409"),
    case("fastapi-http-exception-handled-418", "GET", "/raise/fastapi/418"),
    case("starlette-http-exception-default", "GET", "/raise/starlette/409"),
    case("router-404-default", "GET", "/nowhere"),
    case("router-405-default-allow", "POST", "/limit"),
    case("body-not-text-is-fastapis", "POST", "/items", JSON, body=b'{"name": "\xff"}'),
    # The app's options: redirect_slashes=False, the document and its pages elsewhere.
    case("no-slash-redirect-404", "GET", "/limit/"),
    case("no-slash-redirect-path-404", "GET", "/status/201/"),
    case("openapi-moved", "GET", "/api/openapi.json"),
    case("openapi-default-url-404", "GET", "/openapi.json"),
    # (The Swagger UI page itself is fastcpp's, with its assets: tests/e2e/samples_test.cpp.)
    case("docs-default-url-404", "GET", "/docs"),
    case("redoc-none-404", "GET", "/redoc"),
    case("docs-oauth2-redirect-not-moved", "GET", "/docs/oauth2-redirect"),
    case("docs-oauth2-redirect-not-under-docs-url-404", "GET", "/api/docs/oauth2-redirect"),
    # Structs, enums, optionals, lists and maps of them inside a returned dict.
    case("models-in-json", "POST", "/items", JSON, body=_item()),
    case("models-in-json-note", "POST", "/items", JSON, body=_item(note="fluffy", color="green")),
    case("models-in-json-no-tags", "POST", "/items", JSON, body=_item(tags=[])),
    case("models-in-json-invalid", "POST", "/items", JSON, body=_item(color="blue")),
    # Exception handlers on WebSocket endpoints, before accept() (after it: samples_test.cpp).
    None,  # the upgrades below, added once upgrade() is defined
]

# WebSocket upgrade requests that uvicorn answers in HTTP (a 101 is not a case: the recorder and
# the replayer read HTTP answers only). Each asks for the upgrade as a browser does.
_USER = {"username": "ann", "password": "secret", "email": "ann@example.com"}
RESPONSE_MODEL = [
    case("user-password-filtered", "POST", "/user/", JSON, body=js(_USER)),
    case("user-full-name", "POST", "/user/", JSON, body=js(dict(_USER, full_name="Ann Smith"))),
    case("user-bad-body", "POST", "/user/", JSON, body=js({"username": "ann"})),
] + [
    case(f"{route}-{item}", "GET", f"/{route}/{item}")
    for route in ("items", "items-unset", "items-none")
    for item in ("foo", "bar", "baz", "no-price", "bad-price", "string-price", "not-an-object",
                 "missing")
] + [
    case("items-list-unset", "GET", "/items-list"),
]

_UUID = "12345678-1234-5678-1234-567812345678"
TYPES = [
    # uuid.UUID: the forms the Rust uuid crate reads, and each of its errors.
    case("uuid-path-hyphenated", "GET", "/uuid/path/" + _UUID),
    case("uuid-path-upper-case", "GET", "/uuid/path/ABCDEF78-1234-5678-1234-567812345678"),
    case("uuid-path-simple", "GET", "/uuid/path/12345678123456781234567812345678"),
    case("uuid-path-braced", "GET", "/uuid/path/%7B" + _UUID + "%7D"),
    case("uuid-path-urn", "GET", "/uuid/path/urn:uuid:" + _UUID),
    case("uuid-path-bad-character", "GET", "/uuid/path/g2345678-1234-5678-1234-567812345678"),
    case("uuid-path-bad-character-late", "GET",
         "/uuid/path/12345678-1234-5678-1234-5678123456zz"),
    case("uuid-path-bad-character-urn", "GET", "/uuid/path/urn:uuid:zz"),
    case("uuid-path-non-ascii", "GET", "/uuid/path/%C3%BC2345678-1234-5678-1234-567812345678"),
    case("uuid-path-too-short-simple", "GET", "/uuid/path/1234"),
    case("uuid-path-too-long-simple", "GET", "/uuid/path/123456781234567812345678123456781"),
    case("uuid-path-group-count", "GET", "/uuid/path/%7B1234%7D"),
    case("uuid-path-six-groups", "GET", "/uuid/path/12345678-1234-5678-1234-5678-12345678"),
    case("uuid-path-first-group-short", "GET", "/uuid/path/1-2-3-4-5"),
    case("uuid-path-second-group-long", "GET", "/uuid/path/12345678-12345-678-1234-567812345678"),
    case("uuid-path-last-group-short", "GET", "/uuid/path/12345678-1234-5678-1234-56781234567"),
    case("uuid-path-last-group-long", "GET", "/uuid/path/12345678-1234-5678-1234-5678123456789"),
    case("uuid-path-braced-last-group-long", "GET",
         "/uuid/path/%7B12345678-1234-5678-1234-5678123456789%7D"),
    case("uuid-query", "GET", "/uuid/query?id=" + _UUID + "&maybe=" + _UUID.upper()),
    case("uuid-query-missing", "GET", "/uuid/query"),
    case("uuid-query-empty", "GET", "/uuid/query?id=&maybe=x"),
    case("uuid-query-space", "GET", "/uuid/query?id=+" + _UUID),
    case("uuid-list", "GET", "/uuid/list?ids=" + _UUID + "&ids=00000000000000000000000000000000"),
    case("uuid-list-bad-item", "GET", "/uuid/list?ids=" + _UUID + "&ids=nope"),
    case("uuid-list-none", "GET", "/uuid/list"),
    case("uuid-header", "GET", "/uuid/header", ("X-Request-Id", "{" + _UUID + "}")),
    case("uuid-header-bad", "GET", "/uuid/header", ("X-Request-Id", "abc")),
    case("uuid-header-missing", "GET", "/uuid/header"),
    case("uuid-body", "POST", "/uuid/things", JSON,
         body=js({"id": _UUID.upper(), "parent": "urn:uuid:" + _UUID,
                  "links": ["00000000000000000000000000000000"]})),
    case("uuid-body-defaults", "POST", "/uuid/things", JSON, body=js({"id": _UUID})),
    case("uuid-body-null-parent", "POST", "/uuid/things", JSON,
         body=js({"id": _UUID, "parent": None})),
    case("uuid-body-not-string", "POST", "/uuid/things", JSON,
         body=js({"id": 5, "parent": True, "links": [None, 1.5, {}]})),
    case("uuid-body-bad-strings", "POST", "/uuid/things", JSON,
         body=js({"id": "", "parent": "x", "links": [_UUID, "1234"]})),
    case("uuid-body-missing", "POST", "/uuid/things", JSON, body="{}"),
    case("uuid-result", "GET", "/uuid/made"),
    # Optional[List[int]] = Query(None).
    case("optional-list-absent", "GET", "/lists/optional"),
    case("optional-list-values", "GET", "/lists/optional?ids=1&ids=+2&ids=3.0"),
    case("optional-list-bad-item", "GET", "/lists/optional?ids=1&ids=x&ids="),
    # Literal["asc", "desc"]: literal_error, from strings and from JSON.
    case("literal-query-default", "GET", "/literal/query"),
    case("literal-query", "GET", "/literal/query?order=desc"),
    case("literal-query-wrong-case", "GET", "/literal/query?order=DESC"),
    case("literal-query-empty", "GET", "/literal/query?order="),
    case("literal-path", "GET", "/literal/path/asc"),
    case("literal-path-bad", "GET", "/literal/path/up"),
    case("literal-body", "POST", "/literal/body", JSON, body=js({"order": "desc",
                                                                 "fallback": "asc"})),
    case("literal-body-bad", "POST", "/literal/body", JSON,
         body=js({"order": 1, "fallback": "sideways"})),
    case("literal-body-null", "POST", "/literal/body", JSON,
         body=js({"order": None, "fallback": None})),
    # Union[int, bool]: the smart union, exact types first, then each member in turn.
    case("union-query-int", "GET", "/union/query?v=1"),
    case("union-query-bool", "GET", "/union/query?v=true"),
    case("union-query-int-lax", "GET", "/union/query?v=+3.0"),
    case("union-query-neither", "GET", "/union/query?v=x"),
    case("union-query-empty", "GET", "/union/query?v="),
    case("union-query-missing", "GET", "/union/query"),
    case("union-str-first-keeps-string", "GET", "/union/str-first?v=1"),
    case("union-str-first-default", "GET", "/union/str-first"),
    case("union-list", "GET", "/union/list?v=1&v=no&v=x"),
    case("union-body", "POST", "/union/body", JSON, body=js({"value": True, "label": 2.5})),
    case("union-body-int", "POST", "/union/body", JSON, body=js({"value": 7, "label": "x"})),
    case("union-body-whole-float", "POST", "/union/body", JSON, body=js({"value": 2.0})),
    case("union-body-string-values", "POST", "/union/body", JSON,
         body=js({"value": "yes", "label": "5"})),
    case("union-body-neither", "POST", "/union/body", JSON,
         body=js({"value": 1.5, "label": None})),
    case("union-body-wrong-types", "POST", "/union/body", JSON,
         body=js({"value": [1], "label": {"a": 1}})),
    # extra="forbid": extra_forbidden after the fields' own errors, in the body's order.
    case("forbid-ok", "POST", "/forbid", JSON, body=js({"name": "x"})),
    case("forbid-extra", "POST", "/forbid", JSON,
         body=js({"color": "red", "name": "x", "tags": [1]})),
    case("forbid-extra-and-missing", "POST", "/forbid", JSON, body=js({"size": "L", "x": None})),
]

def _dt(name, value):
    return case("datetime-" + name, "GET", "/datetime/query?when=" + value)


def _date(name, value):
    return case("date-" + name, "GET", "/date/model?day=" + value)


def _time(name, value):
    return case("time-" + name, "GET", "/time/model?at=" + value)


def _td(name, value):
    return case("timedelta-" + name, "GET", "/timedelta/model?length=" + value)


_EVENT = {"at": "2032-04-23T10:20:30Z", "day": "2032-04-23", "start": "10:20",
          "length": "P1DT2H"}
DATETIMES = [
    # datetime: RFC 3339 / ISO 8601 strings, unix timestamps (seconds, or ms above 2e10), and a
    # plain date as midnight; the error is the date's when neither reads the string.
    case("datetime-path", "GET", "/datetime/path/2032-04-23T10:20:30Z"),
    case("datetime-path-offset", "GET", "/datetime/path/2032-04-23T10:20:30.5%2B05:30"),
    case("datetime-path-bad", "GET", "/datetime/path/tomorrow"),
    _dt("naive", "2032-04-23T10:20:30"),
    _dt("space-separator", "2032-04-23%2010:20"),
    _dt("underscore-separator", "2032-04-23_10:20"),
    _dt("lower-case", "2032-04-23t10:20:30z"),
    _dt("negative-zero-offset", "2032-04-23T10:20:30-00:00"),
    _dt("offset-without-colon", "2032-04-23T10:20:30%2B0530"),
    _dt("offset-unicode-minus", "2032-04-23T10:20:30%E2%88%9205:00"),
    _dt("offset-max", "2032-04-23T10:20:30-23:59"),
    _dt("offset-24h", "2032-04-23T10:20:30%2B24:00"),
    _dt("offset-minute-60", "2032-04-23T10:20:30%2B05:60"),
    _dt("offset-hours-only", "2032-04-23T10:20:30%2B05"),
    _dt("comma-fraction", "2032-04-23T10:20:30,5"),
    _dt("nanoseconds-truncated", "2032-04-23T10:20:30.123456789Z"),
    _dt("fraction-missing", "2032-04-23T10:20:30."),
    _dt("microseconds", "2032-04-23T10:20:30.000120"),
    _dt("date-only", "2032-04-23"),
    _dt("leap-day", "2032-02-29T00:00"),
    _dt("not-leap-day", "2031-02-29T00:00"),
    _dt("century-not-leap", "1900-02-29T00:00"),
    _dt("month-13", "2032-13-01T00:00"),
    _dt("hour-25", "2032-04-23T25:00"),
    _dt("second-60", "2032-04-23T10:20:60"),
    _dt("hour-only", "2032-04-23T10"),
    _dt("trailing-t", "2032-04-23T"),
    _dt("trailing-z-garbage", "2032-04-23T10:20:30Zx"),
    _dt("slashes", "2032/04/23T10:20"),
    _dt("letters", "abcdefghijkl"),
    _dt("year-0", "0000-01-01T00:00"),
    _dt("year-1", "0001-01-01T00:00"),
    _dt("year-9999", "9999-12-31T23:59:59.999999%2B05:00"),
    _dt("five-digit-year", "10000-01-01T00:00"),
    _dt("unix", "1700000000"),
    _dt("unix-plus", "%2B1"),
    _dt("unix-negative", "-1"),
    _dt("unix-fraction", "1700000000.5"),
    _dt("unix-negative-fraction", "-1.25"),
    _dt("unix-trailing-dot", "1."),
    _dt("unix-compact-date", "20320423"),
    _dt("unix-milliseconds", "20000000001"),
    _dt("unix-milliseconds-large", "253402300800"),
    _dt("unix-exponent", "1e3"),
    _dt("unix-leading-dot", ".5"),
    _dt("unix-underscore", "1_000"),
    _dt("unix-too-large", "999999999999999999"),
    _dt("empty", ""),
    _dt("short", "x"),
    case("datetime-query-missing", "GET", "/datetime/query"),
    case("datetime-query-optional", "GET",
         "/datetime/query?when=2032-04-23T10:20:30Z&maybe=2032-04-23"),
    case("datetime-query-optional-bad", "GET", "/datetime/query?when=x&maybe=2032-04-23T"),
    case("datetime-model-utc", "GET", "/datetime/model?when=2032-04-23T10:20:30.5Z"),
    case("datetime-model-offset", "GET", "/datetime/model?when=2032-04-23T00:00-05:30"),
    case("datetime-model-naive", "GET", "/datetime/model?when=2032-04-23T10:20:30.000120"),
    case("datetime-model-unix", "GET", "/datetime/model?when=-1.25"),
    case("datetime-header", "GET", "/datetime/header", ("X-When", "2032-04-23 10:20:30+01:00")),
    case("datetime-header-bad", "GET", "/datetime/header", ("X-When", "2032-04-23 10")),
    case("datetime-header-missing", "GET", "/datetime/header"),
    case("datetime-cookie", "GET", "/datetime/cookie", ("Cookie", "when=1700000000")),
    case("datetime-cookie-bad", "GET", "/datetime/cookie", ("Cookie", "when=soon")),
    # date: YYYY-MM-DD, a timestamp or datetime string at exactly midnight.
    case("date-path", "GET", "/date/path/2032-04-23"),
    case("date-path-bad", "GET", "/date/path/2032-4-23"),
    _date("plain", "2032-04-23"),
    _date("midnight", "2032-04-23T00:00:00"),
    _date("midnight-offset", "2032-04-23T00:00:00%2B01:00"),
    _date("midnight-space", "2032-04-23%2000:00"),
    _date("not-midnight", "2032-04-23T00:00:01"),
    _date("microsecond-past", "2032-04-23T00:00:00.000001"),
    _date("unix-midnight", "1699920000"),
    _date("unix-not-midnight", "1700000000"),
    _date("unix-zero", "0"),
    _date("unix-negative-day", "-86400"),
    _date("february-30", "2032-02-30"),
    _date("short-month", "2032-4-23"),
    _date("trailing", "2032-04-23x"),
    _date("hour-25", "2032-04-23T25:00"),
    _date("year-0", "0000-01-01"),
    _date("year-9999", "9999-12-31"),
    _date("five-digit-year", "10000-01-01"),
    _date("empty", ""),
    # time: HH:MM[:SS[.ffffff]][Z|±HH[:]MM]; no numbers in a string.
    case("time-query", "GET", "/time/query?at=10:20:30Z"),
    case("time-query-offset", "GET", "/time/query?at=10:20:30.5-01:00"),
    _time("minutes", "10:20"),
    _time("seconds", "10:20:30"),
    _time("fraction", "10:20:30.5"),
    _time("utc", "10:20:30Z"),
    _time("offset", "23:59:59.999999-23:59"),
    _time("nanoseconds", "10:20:30.1234567"),
    _time("midnight", "00:00"),
    _time("hour-25", "25:00"),
    _time("minute-60", "10:60"),
    _time("second-60", "10:20:60"),
    _time("one-digit-hour", "1:20"),
    _time("dash", "10-20"),
    _time("short-minute", "10:2"),
    _time("short-second", "10:20:3"),
    _time("fraction-missing", "10:20:30."),
    _time("offset-minute-60", "10:20:30%2B05:60"),
    _time("offset-24h", "10:20:30%2B24:00"),
    _time("trailing-space", "10:20%20"),
    _time("leading-t", "T10:20"),
    _time("seconds-number", "3600"),
    _time("empty", ""),
    # timedelta: ISO 8601 durations, [-]D days[,] HH:MM:SS[.ffffff], HH:MM[:SS]; no numbers in a
    # string.
    case("timedelta-query", "GET", "/timedelta/query?length=P1DT2H3.25S"),
    case("timedelta-query-negative", "GET", "/timedelta/query?length=-PT1S"),
    case("timedelta-query-tiny", "GET", "/timedelta/query?length=PT0.000001S"),
    case("timedelta-query-zero", "GET", "/timedelta/query?length=PT0S"),
    _td("iso", "P1DT2H"),
    _td("iso-day", "P1D"),
    _td("iso-fraction", "PT1.5S"),
    _td("iso-comma-fraction", "PT1,5S"),
    _td("iso-negative", "-P1D"),
    _td("iso-plus", "%2BPT1H"),
    _td("iso-year-month-week", "P1Y2M3W4DT5H6M7.5S"),
    _td("iso-half-hour", "PT0.5H"),
    _td("iso-half-day", "P0.5D"),
    _td("iso-36-hours", "PT36H"),
    _td("iso-trailing-t", "P1DT"),
    _td("iso-max", "P999999999D"),
    _td("iso-too-many-days", "P1000000000D"),
    _td("iso-fraction-not-last", "PT1.5H30M"),
    _td("iso-t-repeated", "PTT1H"),
    _td("iso-hour-in-date", "P1H"),
    _td("iso-day-in-time", "PT1D"),
    _td("iso-only-p", "P"),
    _td("iso-only-pt", "PT"),
    _td("days-time", "1%20day,%202:03:04"),
    _td("days-negative", "-1%20day,%2023:00:00"),
    _td("days-plural", "2%20days%201:00:00"),
    _td("days-compact", "1day"),
    _td("days-letter", "1d"),
    _td("days-word-cut", "1%20da"),
    _td("days-then-garbage", "1%20dxy"),
    _td("days-short-time", "1%20days,%201:00"),
    _td("days-25-hours", "2%20days,%2025:00:00"),
    _td("clock", "2:03:04"),
    _td("clock-minutes", "12:34"),
    _td("clock-100-hours", "100:00:00"),
    _td("clock-fraction", "10:00:00.5"),
    _td("clock-nanoseconds", "10:00:00.1234567"),
    _td("clock-negative", "-1:00:00"),
    _td("clock-second-60", "10:00:60"),
    _td("clock-plus-short", "%2B1:00"),
    _td("seconds-number", "3600"),
    _td("letters", "x"),
    _td("empty", ""),
    case("timedelta-list", "GET", "/timedelta/list?lengths=P1D&lengths=1:00:00&lengths=-PT0.5S"),
    case("timedelta-list-bad", "GET", "/timedelta/list?lengths=P1D&lengths=soon"),
    # In a body: JSON numbers are timestamps and seconds; bools are refused, except as a
    # timedelta (an int in Python).
    case("event", "POST", "/events", JSON, body=js(_EVENT)),
    case("event-plain", "POST", "/events/plain", JSON,
         body=js(dict(_EVENT, at="2032-04-23T10:20:30.5Z", length="PT0.000001S"))),
    case("event-numbers", "POST", "/events", JSON,
         body=js({"at": 1700000000.5, "day": 1699920000, "start": 3600.5, "length": -1.5,
                  "ends": -1.25, "breaks": [0, 86400, 5e-07, 1e-07]})),
    case("event-number-errors", "POST", "/events", JSON,
         body=js({"at": 2e20, "day": 1700000000, "start": 86400, "length": 1e20,
                  "ends": 20000000001, "breaks": [86400000000000, 86399999913600]})),
    case("event-number-day-fraction", "POST", "/events", JSON,
         body=js({"at": 20000000001.5, "day": 1.5, "start": -1, "length": True})),
    case("event-wrong-types", "POST", "/events", JSON,
         body=js({"at": True, "day": False, "start": None, "length": None, "ends": [1],
                  "breaks": [{}, "x"]})),
    case("event-bad-strings", "POST", "/events", JSON,
         body=js({"at": "", "day": "2032-04-23T00:00:01", "start": "3600", "length": "3600"})),
    case("event-missing", "POST", "/events", JSON, body="{}"),
    case("event-large-values", "POST", "/events", JSON,
         body=js({"at": "9999-12-31T23:59:59.999999Z", "day": "0001-01-01",
                  "start": "00:00:00.000001Z", "length": "P2739726Y9D",
                  "breaks": ["P3Y5DT0.00012S", "-P400D", "PT59.1S", "PT1H1S"]})),
]


def _dec(name, value, target="/decimal/model"):
    return case("decimal-" + name, "GET", target + "?value=" + value)


DECIMALS = [
    _dec("plain", "1.10", "/decimal/query"),
    _dec("plain-exponent", "1e3", "/decimal/query"),
    _dec("plain-negative-exponent", "1.5e-10", "/decimal/query"),
    _dec("plain-large", "123456789012345678901234567890", "/decimal/query"),
    _dec("plain-large-exponent", "1e30", "/decimal/query"),
    _dec("plain-negative-zero", "-0", "/decimal/query"),
    _dec("trailing-zeros", "12.3400"),
    _dec("exponent", "1e3"),
    _dec("exponent-upper", "1E%2B3"),
    _dec("small", "0.000001"),
    _dec("smaller", "0.0000001"),
    _dec("negative-zero", "-0"),
    _dec("plus", "%2B5"),
    _dec("trailing-dot", "-5."),
    _dec("leading-dot", ".5"),
    _dec("spaces", "%201.5%20"),
    _dec("underscores", "1_000"),
    _dec("double-underscore", "1__0"),
    _dec("leading-underscore", "_1"),
    _dec("long", "0.1000000000000000055511151231257827"),
    _dec("exponent-missing", "1e"),
    _dec("exponent-only", "e5"),
    _dec("two-dots", "1.2.3"),
    _dec("hex", "0x10"),
    _dec("infinity", "Infinity"),
    _dec("minus-inf", "-inf"),
    _dec("nan", "NaN"),
    _dec("snan", "sNaN"),
    _dec("inner-space", "1%20000"),
    _dec("empty", ""),
    case("decimal-query-missing", "GET", "/decimal/query"),
    case("decimal-list", "GET", "/decimal/list?values=1.10&values=2e2&values=x"),
    case("decimal-list-ok", "GET", "/decimal/list?values=1.10&values=2e2"),
    case("price", "POST", "/prices", JSON,
         body='{"amount": "1.10", "tax": 0.1, "parts": [5, 1e-07, "3.00", 1.0]}'),
    case("price-plain", "POST", "/prices/plain", JSON,
         body='{"amount": "1.10", "tax": "2E+2", "parts": ["1e30", 0.5]}'),
    case("price-wrong-types", "POST", "/prices", JSON,
         body='{"amount": true, "tax": [1], "parts": [null, {}, "x", "nan"]}'),
    case("price-missing", "POST", "/prices", JSON, body="{}"),
    case("money", "POST", "/money", JSON, body='{"amount": "123.45"}'),
    case("money-too-many-digits", "POST", "/money", JSON, body='{"amount": "1234.5"}'),
    case("money-too-many-places", "POST", "/money", JSON, body='{"amount": "1.234"}'),
    case("money-trailing-zeros", "POST", "/money", JSON, body='{"amount": "1.2300"}'),
    case("money-float", "POST", "/money", JSON, body='{"amount": 0.125}'),
    _dec("bounded", "0.15", "/decimal/bounded"),
    _dec("bounded-trailing-zeros", "0.1500000", "/decimal/bounded"),
    _dec("bounded-exponent", "1.5E%2B3", "/decimal/bounded"),
    _dec("bounded-below", "0.05", "/decimal/bounded"),
    _dec("bounded-not-multiple", "0.12", "/decimal/bounded"),
    _dec("bounded-too-large", "1e20", "/decimal/bounded"),
    _dec("bounded-not-a-decimal", "x", "/decimal/bounded"),
    _dec("float-bound-equal", "0.1", "/decimal/float-bound"),
    _dec("float-bound-just-above", "0.10000000000000000000001", "/decimal/float-bound"),
    _dec("float-bound-the-float", "0.1000000000000000055511151231257827", "/decimal/float-bound"),
    _dec("float-bound-le", "1.00000000000000000001", "/decimal/float-bound"),
    _dec("float-bound-le-equal", "1", "/decimal/float-bound"),
    _dec("multiple", "14", "/decimal/multiple"),
    _dec("multiple-negative", "-21.000", "/decimal/multiple"),
    _dec("multiple-zero", "-0", "/decimal/multiple"),
    _dec("multiple-not", "15", "/decimal/multiple"),
    _dec("multiple-fraction", "3.5", "/decimal/multiple"),
    _dec("multiple-rounded", "7000000000000000000000000003", "/decimal/multiple"),
    _dec("multiple-rounded-fraction", "700000000000000000000000001", "/decimal/multiple"),
    _dec("multiple-large-exponent", "7E%2B26", "/decimal/multiple"),
    _dec("multiple-too-large", "7E%2B28", "/decimal/multiple"),
    _dec("multiple-carry", "69999999999999999999999999999", "/decimal/multiple"),
    _dec("multiple-tiny", "7e-1000000", "/decimal/multiple"),
    _dec("multiple-underflow", "1e-1000030", "/decimal/multiple"),
    _dec("thirds", "0.999999999999999999", "/decimal/thirds"),
    _dec("thirds-one", "1", "/decimal/thirds"),
    _dec("thirds-long", "0.9999999999999999990000000000000000000000000001", "/decimal/thirds"),
    case("bounded-model", "POST", "/bounded", JSON, body='{"price": "999.99", "step": 0.3}'),
    case("bounded-model-edges", "POST", "/bounded", JSON, body='{"price": "1E+3", "step": null}'),
    case("bounded-model-errors", "POST", "/bounded", JSON, body='{"price": 0, "step": "0.35"}'),
    case("bounded-model-above", "POST", "/bounded", JSON,
         body='{"price": "1000.0001", "step": -0.2}'),
]


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

# FastAPI's CORS tutorial (samples/cors): listed origins, credentials, every method and header.
TIANGOLO = ("Origin", "http://localhost.tiangolo.com")
CORS = [
    case("no-origin", "GET", "/"),
    case("allowed-origin", "GET", "/", TIANGOLO),
    case("allowed-origin-with-port", "GET", "/", ("Origin", "http://localhost:8080")),
    case("other-origin", "GET", "/", ("Origin", "https://evil.example")),
    case("other-port", "GET", "/", ("Origin", "http://localhost:3000")),
    case("origin-with-cookie", "GET", "/", TIANGOLO, ("Cookie", "session=1")),
    case("http-exception", "GET", "/items/101", TIANGOLO),
    case("validation-error", "GET", "/items/abc", TIANGOLO),
    case("router-404", "GET", "/nothing", TIANGOLO),
    case("router-405", "DELETE", "/", TIANGOLO),
    case("trailing-slash-307", "GET", "/items/5/", TIANGOLO),
    case("post", "POST", "/items/", TIANGOLO, JSON, body="{}"),
    case("answered-by-middleware", "GET", "/maintenance", TIANGOLO),
    case("preflight", "OPTIONS", "/items/", TIANGOLO,
         ("Access-Control-Request-Method", "POST")),
    case("preflight-headers-mirrored", "OPTIONS", "/items/", TIANGOLO,
         ("Access-Control-Request-Method", "PUT"),
         ("Access-Control-Request-Headers", "X-Token, Content-Type")),
    case("preflight-other-origin-400", "OPTIONS", "/items/", ("Origin", "https://evil.example"),
         ("Access-Control-Request-Method", "POST")),
    case("preflight-unknown-method-400", "OPTIONS", "/", TIANGOLO,
         ("Access-Control-Request-Method", "PURGE")),
    case("preflight-any-path", "OPTIONS", "/nothing", TIANGOLO,
         ("Access-Control-Request-Method", "GET")),
    case("options-not-preflight-405", "OPTIONS", "/", TIANGOLO),
    case("preflight-without-origin-405", "OPTIONS", "/",
         ("Access-Control-Request-Method", "GET")),
]

FASTAPI_EXTRAS[-1:] = [
    upgrade("ws-response-handler-before-accept-409", "/ws/game-over-before"),
    upgrade("ws-closing-handler-before-accept-403", "/ws/quit-before"),
    case("websocket-handler-not-for-http-500", "GET", "/quit"),
]

# samples/dependencies: FastAPI's "Dependencies" tutorial pages and the rules behind them.
DEPENDENCIES = [
    # First steps: one dependency's query parameters on two routes.
    case("commons-defaults", "GET", "/items/"),
    case("commons-all", "GET", "/items/?q=foo&skip=5&limit=7"),
    case("commons-other-route", "GET", "/users/?skip=1"),
    case("commons-invalid", "GET", "/items/?skip=x&limit=1.5"),
    # Sub-dependencies.
    case("sub-query", "GET", "/query/?q=abc"),
    case("sub-cookie", "GET", "/query/", ("Cookie", "last_query=from-cookie")),
    case("sub-query-beats-cookie", "GET", "/query/?q=abc", ("Cookie", "last_query=c")),
    case("sub-empty-query-takes-cookie", "GET", "/query/?q=", ("Cookie", "last_query=c")),
    case("sub-neither", "GET", "/query/"),
    # Dependencies of the route: run first, in order; their results are not passed.
    case("route-deps-ok", "GET", "/protected/", ("X-Token", "fake-super-secret-token"),
         ("X-Key", "fake-super-secret-key")),
    case("route-deps-missing", "GET", "/protected/"),
    case("route-deps-bad-token", "GET", "/protected/", ("X-Token", "wrong"),
         ("X-Key", "fake-super-secret-key")),
    case("route-deps-bad-key", "GET", "/protected/", ("X-Token", "fake-super-secret-token"),
         ("X-Key", "wrong")),
    case("route-deps-missing-key", "GET", "/protected/", ("X-Token", "wrong")),
    # Order and caching: one call per request for a dependency used several times.
    case("order-and-cache", "GET", "/order"),
    # Every use's errors, sub-dependencies first, then the endpoint's, in one 422.
    case("errors-ok", "GET", "/errors/1?user_id=2&number=3", ("Size", "4")),
    case("errors-all-missing", "GET", "/errors/x"),
    case("errors-all-invalid", "GET", "/errors/x?user_id=y&number=z&flag=maybe", ("Size", "s")),
    case("errors-only-endpoint", "GET", "/errors/1?user_id=2&number=3&flag=maybe"),
    case("errors-then-raise", "GET", "/errors-then-raise", ("X-Refuse", "no")),
    case("errors-then-no-raise", "GET", "/errors-then-raise"),
    case("errors-none-then-raise", "GET", "/errors-then-raise?limit=1", ("X-Refuse", "no")),
    case("errors-none", "GET", "/errors-then-raise?limit=1"),
    # An exception raised in a dependency goes through the exception handlers.
    case("dependency-ok", "GET", "/unicorns/bob"),
    case("dependency-custom-exception", "GET", "/unicorns/yolo"),
    case("dependency-http-exception", "GET", "/unicorns/missing"),
    case("dependency-unhandled-500", "GET", "/unicorns/broken"),
    # Dependencies with yield: the cleanup has run by the next request, after the endpoint
    # answered, raised, or was never called.
    case("yield-events-start", "GET", "/yield/events"),
    case("yield-ok", "GET", "/yield/ok"),
    case("yield-ok-events", "GET", "/yield/events"),
    case("yield-ok-named", "GET", "/yield/ok?name=aux"),
    case("yield-ok-named-events", "GET", "/yield/events"),
    case("yield-raise", "GET", "/yield/raise"),
    case("yield-raise-events", "GET", "/yield/events"),
    case("yield-invalid", "GET", "/yield/invalid"),
    case("yield-invalid-events", "GET", "/yield/events"),
    # The WebSocket tutorial's get_cookie_or_token: WebSocketException(1008) before accept() is a
    # 403 to the upgrade; so is a validation error of q.
    upgrade("ws-no-cookie-no-token-403", "/items/foo/ws"),
    upgrade("ws-no-cookie-no-token-with-q-403", "/items/foo/ws?q=3"),
    upgrade("ws-invalid-q-403", "/items/foo/ws?token=some-token&q=abc"),
    upgrade("ws-invalid-q-no-token-403", "/items/foo/ws?q=abc"),
]

# tests/reference/security_utilities.py: every security class of FastAPI 0.115.11 with and without
# credentials, and auto_error=False (recorded ahead of its sample).
SECURITY_UTILITIES = [
    case("oauth2-no-header", "GET", "/oauth2"),
    case("oauth2-bearer", "GET", "/oauth2", ("Authorization", "Bearer abc")),
    case("oauth2-bearer-lowercase-scheme", "GET", "/oauth2", ("Authorization", "bearer abc")),
    case("oauth2-basic-scheme", "GET", "/oauth2", ("Authorization", "Basic abc")),
    case("oauth2-scheme-only", "GET", "/oauth2", ("Authorization", "Bearer")),
    case("oauth2-empty-token", "GET", "/oauth2", ("Authorization", "Bearer ")),
    case("oauth2-optional-no-header", "GET", "/oauth2-optional"),
    case("oauth2-optional-other-scheme", "GET", "/oauth2-optional", ("Authorization", "Basic x")),
    case("oauth2-optional-bearer", "GET", "/oauth2-optional", ("Authorization", "Bearer abc")),
    case("basic-no-header", "GET", "/basic"),
    case("basic-ok", "GET", "/basic", ("Authorization", "Basic am9objpzZWNyZXQ=")),
    case("basic-colon-in-password", "GET", "/basic", ("Authorization", "Basic YTpiOmM=")),
    case("basic-no-colon", "GET", "/basic", ("Authorization", "Basic am9obg==")),
    case("basic-not-base64", "GET", "/basic", ("Authorization", "Basic !!!")),
    case("basic-junk-characters", "GET", "/basic", ("Authorization", "Basic am9o*bjpzZWNyZXQ=")),
    case("basic-bearer-scheme", "GET", "/basic", ("Authorization", "Bearer abc")),
    case("basic-realm-no-header", "GET", "/basic-realm"),
    case("basic-optional-no-header", "GET", "/basic-optional"),
    case("basic-optional-malformed", "GET", "/basic-optional", ("Authorization", "Basic !!!")),
    case("basic-optional-other-scheme", "GET", "/basic-optional", ("Authorization", "Bearer a")),
    case("bearer-no-header", "GET", "/bearer"),
    case("bearer-ok", "GET", "/bearer", ("Authorization", "Bearer abc")),
    case("bearer-other-scheme", "GET", "/bearer", ("Authorization", "Basic abc")),
    case("bearer-scheme-only", "GET", "/bearer", ("Authorization", "Bearer")),
    case("bearer-optional-no-header", "GET", "/bearer-optional"),
    case("bearer-optional-other-scheme", "GET", "/bearer-optional", ("Authorization", "Basic a")),
    case("key-header-missing", "GET", "/key-header"),
    case("key-header-ok", "GET", "/key-header", ("X-API-Key", "k1")),
    case("key-header-empty", "GET", "/key-header", ("X-API-Key", "")),
    case("key-header-optional-missing", "GET", "/key-header-optional"),
    case("key-query-missing", "GET", "/key-query"),
    case("key-query-ok", "GET", "/key-query?api_key=k2"),
    case("key-query-empty", "GET", "/key-query?api_key="),
    case("key-query-optional-missing", "GET", "/key-query-optional"),
    case("key-cookie-missing", "GET", "/key-cookie"),
    case("key-cookie-ok", "GET", "/key-cookie", ("Cookie", "session=k3")),
    case("key-cookie-optional-missing", "GET", "/key-cookie-optional"),
    # dependencies=[Depends(key_header)]: the object's answer, its value unused.
    case("listed-key-missing", "GET", "/listed-key"),
    case("listed-key-ok", "GET", "/listed-key", ("X-API-Key", "k4")),
]

# tests/reference/app_dependencies.py: FastAPI(dependencies=[...]), run before the route's.
APP_TOKEN = ("X-Token", "fake-super-secret-token")
APP_KEY = ("X-Key", "fake-super-secret-key")
APP_DEPENDENCIES = [
    case("items-ok", "GET", "/items/", APP_TOKEN, APP_KEY),
    case("users-ok", "GET", "/users/", APP_TOKEN, APP_KEY),
    case("items-no-headers", "GET", "/items/"),
    case("items-no-key", "GET", "/items/", APP_TOKEN),
    case("items-bad-token", "GET", "/items/", ("X-Token", "wrong"), APP_KEY),
    case("items-bad-key", "GET", "/items/", APP_TOKEN, ("X-Key", "wrong")),
    case("items-bad-token-and-key", "GET", "/items/", ("X-Token", "wrong"), ("X-Key", "wrong")),
    case("users-bad-token-no-key", "GET", "/users/", ("X-Token", "wrong")),
    case("order-all-missing", "GET", "/order/"),
    case("order-ok", "GET", "/order/?q=1", APP_TOKEN, APP_KEY, ("X-Route", "route"),
         ("X-Param", "param")),
    case("order-bad-token-bad-route", "GET", "/order/?q=1", ("X-Token", "wrong"), APP_KEY,
         ("X-Route", "wrong"), ("X-Param", "param")),
    case("order-bad-route-bad-param", "GET", "/order/?q=1", APP_TOKEN, APP_KEY,
         ("X-Route", "wrong"), ("X-Param", "wrong")),
    case("order-bad-param-missing-q", "GET", "/order/", APP_TOKEN, APP_KEY,
         ("X-Route", "route"), ("X-Param", "wrong")),
    case("key-ok", "GET", "/key/", APP_TOKEN, APP_KEY),
    case("key-missing-twice", "GET", "/key/", APP_TOKEN),
    case("key-bad", "GET", "/key/", APP_TOKEN, ("X-Key", "wrong")),
    upgrade("ws-no-headers-403", "/ws"),
    upgrade("ws-bad-token-403", "/ws", ("X-Token", "wrong"), APP_KEY),
]

PARAM_OPTIONS = [
    # Body(embed=True): the single body parameter is the body object's key of its name.
    case("embed-ok", "PUT", "/embed/items/3", JSON,
         body=js({"item": {"name": "Foo", "price": 1, "tags": ["a"]}})),
    case("embed-not-embedded", "PUT", "/embed/items/3", JSON, body=js({"name": "Foo", "price": 1})),
    case("embed-bad-field", "PUT", "/embed/items/3", JSON,
         body=js({"item": {"name": "Foo", "price": "x"}})),
    case("embed-missing-field", "PUT", "/embed/items/3", JSON, body=js({"item": {"price": 2}})),
    case("embed-not-object", "PUT", "/embed/items/3", JSON, body=js({"item": [1]})),
    case("embed-body-list", "PUT", "/embed/items/3", JSON, body=js([{"name": "Foo"}])),
    case("embed-no-body", "PUT", "/embed/items/x"),
    case("embed-extra-keys", "PUT", "/embed/items/3", JSON,
         body=js({"item": {"name": "Foo", "price": 1.5}, "other": 1})),
    case("embed-optional-absent", "POST", "/embed/optional"),
    case("embed-optional-null", "POST", "/embed/optional", JSON, body=js({"item": None})),
    case("embed-optional-given", "POST", "/embed/optional", JSON,
         body=js({"item": {"name": "Bar", "price": 2}})),
    case("embed-optional-bad", "POST", "/embed/optional", JSON, body=js({"item": {"name": 1}})),
    case("embed-scalar-ok", "POST", "/embed/scalar", JSON, body=js({"importance": "5"})),
    case("embed-scalar-bare", "POST", "/embed/scalar", JSON, body="5"),
    case("embed-scalar-bad", "POST", "/embed/scalar", JSON, body=js({"importance": "high"})),
    # Header(convert_underscores=False): looked up under its own name, underscores and all.
    case("underscores-given", "GET", "/headers/underscores", ("strange_header", "v")),
    case("underscores-upper-case", "GET", "/headers/underscores", ("Strange_Header", "V")),
    case("underscores-hyphen-ignored", "GET", "/headers/underscores", ("strange-header", "w")),
    case("underscores-both", "GET", "/headers/underscores", ("strange-header", "w"),
         ("strange_header", "v")),
    case("underscores-absent", "GET", "/headers/underscores"),
    case("underscores-list", "GET", "/headers/underscores/required", ("x_token", "a"),
         ("X_Token", "b")),
    case("underscores-list-missing", "GET", "/headers/underscores/required", ("x-token", "a")),
    # alias= on a query, header and cookie parameter.
    case("aliases-given", "GET", "/aliases?item-query=z", ("X-Api-Token", "t"),
         ("Cookie", "session-id=s")),
    case("aliases-names-ignored", "GET", "/aliases?q=z", ("token", "t"), ("Cookie", "session=s")),
    case("aliases-absent", "GET", "/aliases"),
    # Custom validators: field_validator, model_validator(mode="after"), AfterValidator.
    case("validator-ok", "POST", "/users", JSON,
         body=js({"name": "ada lovelace", "age": 36, "password": "x", "password_repeat": "x"})),
    case("validator-default-not-validated", "POST", "/users", JSON,
         body=js({"name": "ada lovelace", "password": "x", "password_repeat": "x"})),
    case("validator-fields-fail", "POST", "/users", JSON,
         body=js({"name": "ada", "age": 3, "password": "x", "password_repeat": "y"})),
    case("validator-model-fails", "POST", "/users", JSON,
         body=js({"name": "a b", "age": 30, "password": "x", "password_repeat": "y"})),
    case("validator-among-other-errors", "POST", "/users", JSON,
         body=js({"name": "ab", "age": "x", "password_repeat": "b"})),
    case("validator-not-after-bad-type", "POST", "/users", JSON,
         body=js({"name": 5, "age": 20, "password": "x", "password_repeat": "x"})),
    case("validator-params-ok", "GET", "/validated/4?id=isbn-1", ("X-Count", "2")),
    case("validator-params-defaults", "GET", "/validated/4"),
    case("validator-params-fail", "GET", "/validated/3?id=x", ("X-Count", "5")),
    case("validator-params-bad-type", "GET", "/validated/x?id=isbn-", ("X-Count", "y")),
]

FORM = ("Content-Type", "application/x-www-form-urlencoded")

# FastAPI's Form() parameters (tests/reference/forms.py): Starlette's form parser (python-
# multipart's querystring parser) and FastAPI's reading of its fields.
FORMS = [
    case("login-ok", "POST", "/login/", FORM, body="username=johndoe&password=secret"),
    case("login-percent-and-plus", "POST", "/login/", FORM,
         body="username=a%20b+c&password=x%2By"),
    case("login-missing-password", "POST", "/login/", FORM, body="username=johndoe"),
    case("login-empty-body", "POST", "/login/", FORM),
    case("login-no-content-type", "POST", "/login/"),
    case("login-json-body", "POST", "/login/", JSON,
         body=js({"username": "johndoe", "password": "secret"})),
    case("login-text-plain", "POST", "/login/", TEXT, body="username=johndoe&password=secret"),
    case("login-no-content-type-with-body", "POST", "/login/",
         body="username=johndoe&password=secret"),
    case("login-charset", "POST", "/login/",
         ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
         body="username=johndoe&password=secret"),
    case("login-upper-case-type", "POST", "/login/",
         ("Content-Type", "Application/X-WWW-Form-Urlencoded"),
         body="username=johndoe&password=secret"),
    case("login-upper-case-type-with-charset", "POST", "/login/",
         ("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=utf-8"),
         body="username=johndoe&password=secret"),
    case("login-type-with-suffix", "POST", "/login/",
         ("Content-Type", "application/x-www-form-urlencodedx"),
         body="username=johndoe&password=secret"),
    case("login-query-is-not-form", "POST", "/login/?username=johndoe&password=secret", FORM),
    case("login-repeated-last-wins", "POST", "/login/", FORM,
         body="username=a&username=b&password=p"),
    case("login-empty-values", "POST", "/login/", FORM, body="username=&password="),
    case("login-raw-utf8-is-latin1", "POST", "/login/", FORM,
         body="username=\u00e9&password=%C3%A9%FF%zz"),
    case("login-name-without-equals", "POST", "/login/", FORM, body="username&password=p"),
    case("login-last-name-without-equals", "POST", "/login/", FORM, body="password=p&username"),
    case("login-semicolons", "POST", "/login/", FORM, body="&&password=1;username=u"),
    case("login-semicolon-before-ampersand", "POST", "/login/", FORM,
         body="username=u;x=1&password=p"),
    case("login-encoded-name", "POST", "/login/", FORM, body="user%6eame=u&pass+word=x&password=p"),
    case("login-equals-in-value", "POST", "/login/", FORM, body="=x&password=1&username=a=b"),
    case("items-ok", "POST", "/items/?q=3", FORM,
         body="name=abcd&price=1.5&tags=x&tags=y&item-code=c1"),
    case("items-defaults", "POST", "/items/", FORM, body="name=abcd&price=2"),
    case("items-errors", "POST", "/items/", FORM, body="name=ab&price=foo&tags=x"),
    case("items-empty-required", "POST", "/items/", FORM, body="name=&price=&note="),
    case("items-empty-optional-is-empty-string", "POST", "/items/", FORM,
         body="name=abc&price=1&note="),
    case("items-empty-list-value", "POST", "/items/", FORM, body="name=abc&price=1&tags="),
    case("items-empty-alias-is-default", "POST", "/items/", FORM,
         body="name=abc&price=1&item-code="),
    case("items-name-is-not-alias", "POST", "/items/", FORM, body="name=abc&price=1&code=zz"),
    case("items-missing-all", "POST", "/items/?q=x", FORM),
    case("count-ok", "POST", "/count/", FORM, body="n=7"),
    case("count-repeated", "POST", "/count/", FORM, body="n=1&n=2"),
    case("count-spaces", "POST", "/count/", FORM, body="n=+1+"),
    case("count-percent", "POST", "/count/", FORM, body="n=%31"),
    case("count-empty", "POST", "/count/", FORM, body="n="),
    case("count-without-equals", "POST", "/count/", FORM, body="n"),
    case("count-get-not-allowed", "GET", "/count/"),
    case("optional-absent", "POST", "/optional/", FORM),
    case("optional-values", "POST", "/optional/", FORM, body="n=5&s=x&ids=1&ids=2"),
    case("optional-empty-values", "POST", "/optional/", FORM, body="n=&s=&ids="),
    case("optional-bad-list", "POST", "/optional/", FORM, body="ids=1&ids=x"),
    case("oauth2-form-ok", "POST", "/oauth2/form", FORM,
         body="grant_type=password&username=johndoe&password=secret&scope=items:read+me++x%09y"
              "&client_id=app&client_secret=s3"),
    case("oauth2-form-minimal", "POST", "/oauth2/form", FORM, body="username=johndoe&password=x"),
    case("oauth2-form-empty-values", "POST", "/oauth2/form", FORM,
         body="username=&password=&scope=&client_id=&grant_type="),
    case("oauth2-form-wrong-grant-type", "POST", "/oauth2/form", FORM,
         body="grant_type=passwords&username=a&password=b"),
    case("oauth2-form-missing", "POST", "/oauth2/form", FORM, body="scope=a"),
    case("oauth2-form-json", "POST", "/oauth2/form", JSON,
         body=js({"username": "johndoe", "password": "secret"})),
    case("oauth2-form-unicode-space-in-scope", "POST", "/oauth2/form", FORM,
         body="username=a&password=b&scope=a%C2%A0b%E2%80%83c\u00a0d"),
    case("oauth2-strict-ok", "POST", "/oauth2/form-strict", FORM,
         body="grant_type=password&username=johndoe&password=secret"),
    case("oauth2-strict-no-grant-type", "POST", "/oauth2/form-strict", FORM,
         body="username=johndoe&password=secret"),
    case("oauth2-strict-wrong-grant-type", "POST", "/oauth2/form-strict", FORM,
         body="grant_type=client_credentials&username=johndoe"),
    case("too-many-fields", "POST", "/count/", FORM,
         body="&".join(f"f{i}=1" for i in range(1001))),
    case("as-many-fields-as-allowed", "POST", "/count/", FORM,
         body="&".join(f"f{i}=1" for i in range(999)) + "&n=3"),
    case("field-too-large", "POST", "/count/", FORM, body="n=" + "1" * (1024 * 1024)),
]

# FastAPI's tutorial "Simple OAuth2 with Password and Bearer" (tests/reference/security.py).
SECURITY = [
    case("token-ok", "POST", "/token", FORM, body="username=johndoe&password=secret"),
    case("token-full-form", "POST", "/token", FORM,
         body="grant_type=password&username=johndoe&password=secret&scope=me+items"),
    case("token-wrong-password", "POST", "/token", FORM, body="username=johndoe&password=nope"),
    case("token-unknown-user", "POST", "/token", FORM, body="username=nobody&password=secret"),
    case("token-inactive-user-gets-a-token", "POST", "/token", FORM,
         body="username=alice&password=secret2"),
    case("token-missing-fields", "POST", "/token", FORM),
    case("token-wrong-grant-type", "POST", "/token", FORM,
         body="grant_type=implicit&username=johndoe&password=secret"),
    case("token-json-body", "POST", "/token", JSON,
         body=js({"username": "johndoe", "password": "secret"})),
    case("me-ok", "GET", "/users/me", ("Authorization", "Bearer johndoe")),
    case("me-scheme-any-case", "GET", "/users/me", ("Authorization", "bearer johndoe")),
    case("me-inactive", "GET", "/users/me", ("Authorization", "Bearer alice")),
    case("me-unknown-token", "GET", "/users/me", ("Authorization", "Bearer nobody")),
    case("me-no-token", "GET", "/users/me"),
    case("me-other-scheme", "GET", "/users/me", ("Authorization", "Basic am9objpzZWNyZXQ=")),
    case("me-post-not-allowed", "POST", "/users/me", ("Authorization", "Bearer johndoe")),
]

CASES = {
    "app_dependencies": APP_DEPENDENCIES,
    "security_utilities": SECURITY_UTILITIES,
    "dependencies": DEPENDENCIES,
    "items": ITEMS,
    "unicorns": UNICORNS,
    "override_handlers": HANDLER_CASES,
    "reuse_handlers": HANDLER_CASES,
    "body_validation": BODY_VALIDATION,
    "kitchen_sink": KITCHEN_SINK,
    "websockets": WEBSOCKETS,
    "constraints": CONSTRAINTS,
    "cors": CORS,
    "types": TYPES,
    "datetimes": DATETIMES,
    "decimals": DECIMALS,
    "response_model": RESPONSE_MODEL,
    "fastapi_extras": FASTAPI_EXTRAS,
    "param_options": PARAM_OPTIONS,
    "forms": FORMS,
    "security": SECURITY,
}

# Paths /openapi.json must list, to be sure the app on the port is the sample's.
EXPECTED_PATHS = {
    "app_dependencies": ["/items/", "/users/", "/order/", "/key/"],
    "security_utilities": ["/oauth2", "/basic", "/bearer", "/key-cookie"],
    "dependencies": ["/items/", "/query/", "/protected/", "/order", "/yield/ok"],
    "items": ["/items/{item_id}", "/items-header/{item_id}"],
    "unicorns": ["/unicorns/{name}"],
    "override_handlers": ["/items/{item_id}"],
    "reuse_handlers": ["/items/{item_id}"],
    "body_validation": ["/items/"],
    "kitchen_sink": ["/path/int/{value}", "/orders", "/errors/http-default/{code}", "/cookies"],
    "constraints": ["/int/path/{gt}/{ge}/{lt}/{le}/{mul}/{all}", "/orders",
                    "/everything/{item_id}"],
    "cors": ["/", "/items/{item_id}", "/items/"],
    "types": ["/uuid/path/{item_id}", "/lists/optional"],
    "datetimes": ["/datetime/path/{when}", "/timedelta/list", "/events/plain"],
    "decimals": ["/decimal/query", "/prices/plain", "/money", "/decimal/thirds", "/bounded"],
    "response_model": ["/user/", "/items-unset/{item_id}"],
    "websockets": [],  # WebSocket routes are not in /openapi.json: see WEBSOCKET_PROBE
    "fastapi_extras": ["/limit", "/status/{status}", "/reject", "/items"],
    "param_options": ["/embed/items/{item_id}", "/headers/underscores", "/validated/{n}"],
    "forms": ["/login/", "/items/", "/count/", "/optional/", "/oauth2/form", "/oauth2/form-strict"],
    "security": ["/token", "/users/me"],
}

# Where an app that moved its document (FastAPI's openapi_url=) serves it.
OPENAPI_URL = {"fastapi_extras": "/api/openapi.json"}

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
    c = case("openapi", "GET", OPENAPI_URL.get(sample, "/openapi.json"))
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
