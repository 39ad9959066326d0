"""samples/websockets through Starlette's TestClient (FastAPI's "Testing WebSockets"), for
samples/websockets/test_main.cpp, which sends the same and expects what this prints. Run inside
the FastAPI environment after the app's source, which defines `app`:

    ../shared/tools/fastapi-reference python -c \
        "$(cat tests/reference/websockets.py tests/reference/websockets_testclient.py)"
"""

from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

client = TestClient(app)


def show(name, thunk):
    try:
        print(f"{name}: {thunk()!r}")
    except WebSocketDenialResponse as denial:
        print(f"{name}: WebSocketDenialResponse {denial.status_code} {dict(denial.headers)} "
              f"{denial.content!r}")
    except WebSocketDisconnect as disconnect:
        print(f"{name}: WebSocketDisconnect {disconnect.code} {disconnect.reason!r}")


def chat(path, cookies=None, message="Hello"):
    # The endpoint's loop ends with the WebSocketDisconnect of the client's close, which the
    # TestClient re-raises when the session ends: the answers are printed before.
    client.cookies.clear()
    with client.websocket_connect(path, cookies=cookies) as websocket:
        websocket.send_text(message)
        answers = [websocket.receive_text(), websocket.receive_text()]
        if "?q=" in path:
            answers.append(websocket.receive_text())
        print(f"  {answers!r}")


def close(message):
    with client.websocket_connect("/close") as websocket:
        websocket.send_text(message)
        return websocket.receive_text()


show("chat", lambda: chat("/items/foo/ws", {"session": "fake-cookie"}))
show("chat-with-query", lambda: chat("/items/foo/ws?q=3", {"session": "fake-cookie"}))
show("no-session-cookie", lambda: chat("/items/foo/ws"))
show("close-with-code-and-reason", lambda: close("1003 not today"))
show("http-exception-before-accept", lambda: client.websocket_connect("/teapot").__enter__())
