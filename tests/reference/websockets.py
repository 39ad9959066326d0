# The FastAPI app that samples/websockets mirrors in C++: WebSocketException before and after
# accept(), a cookie and a query parameter on a WebSocket, and what becomes an HTTP answer
# before accept (HTTPException, any other exception).
from typing import Annotated

from fastapi import Cookie, FastAPI, HTTPException, WebSocket, WebSocketException, status

app = FastAPI()


@app.websocket("/items/{item_id}/ws")
async def websocket_endpoint(
    websocket: WebSocket,
    item_id: str,
    session: Annotated[str | None, Cookie()] = None,
    q: int | None = None,
):
    if session is None:
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION)
    await websocket.accept()
    while True:
        data = await websocket.receive_text()
        await websocket.send_text(f"Session cookie is: {session}")
        if q is not None:
            await websocket.send_text(f"Query parameter q is: {q}")
        await websocket.send_text(f"Message text was: {data}, for item ID: {item_id}")


# Accepts, answers one message, then closes with the code and reason the client asked for:
# "1003 not today" closes with 1003 and reason "not today".
@app.websocket("/close")
async def close_on_request(websocket: WebSocket):
    await websocket.accept()
    request = await websocket.receive_text()
    code, _, reason = request.partition(" ")
    raise WebSocketException(code=int(code), reason=reason)


# Fails inside the endpoint after accepting.
@app.websocket("/broken")
async def broken(websocket: WebSocket):
    await websocket.accept()
    await websocket.receive_text()
    raise RuntimeError("the database is on fire")


# An HTTPException before accept: the client gets its error response instead of the 101.
@app.websocket("/teapot")
async def teapot(websocket: WebSocket):
    raise HTTPException(status_code=418, detail="No coffee here", headers={"X-Brew": "tea"})


# Any other exception before accept: the client gets a 500.
@app.websocket("/broken-before-accept")
async def broken_before_accept(websocket: WebSocket):
    raise RuntimeError("the database is on fire")
