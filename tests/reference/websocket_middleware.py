"""What uvicorn sends when a middleware answers a WebSocket handshake, for
tests/unit/websocket_session_test.cpp (AMiddlewareAnswersTheHandshakeAsUvicornSendsIt); the
middleware's answers themselves, under every option, are in tests/conformance/middleware.json.

    ../shared/tools/fastapi-reference run tests/reference/websocket_middleware.py 8001 &

then an upgrade request to /ws?x=1 (Connection: Upgrade, Upgrade: websocket, Sec-WebSocket-Key,
Sec-WebSocket-Version: 13). FastAPI 0.115.11 under uvicorn answered, for `Host: evil.com`:

    HTTP/1.1 400 Bad Request
    content-length: 19
    content-type: text/plain; charset=utf-8
    Date: ...
    Connection: close

    Invalid host header

and for `Host: example.com`:

    HTTP/1.1 307 Temporary Redirect
    content-length: 0
    location: wss://example.com/ws?x=1
    Date: ...
    Content-Type: text/plain
    Connection: close
"""

from fastapi import FastAPI, WebSocket
from fastapi.middleware.httpsredirect import HTTPSRedirectMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware

app = FastAPI()


@app.websocket("/ws")
async def ws(websocket: WebSocket):
    await websocket.accept()
    await websocket.close()


app.add_middleware(HTTPSRedirectMiddleware)
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["example.com"])
