# The FastAPI app that samples/app_dependencies mirrors in C++: FastAPI's "Global Dependencies"
# tutorial (`FastAPI(dependencies=[...])`), and the order FastAPI solves the service's
# dependencies in: before the route's `dependencies=`, before its parameters' Depends, on
# WebSocket endpoints too; one call per request for one the route also uses (use_cache).
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, WebSocket


async def verify_token(x_token: Annotated[str, Header()]):
    if x_token != "fake-super-secret-token":
        raise HTTPException(status_code=400, detail="X-Token header invalid")


async def verify_key(x_key: Annotated[str, Header()]):
    if x_key != "fake-super-secret-key":
        raise HTTPException(status_code=400, detail="X-Key header invalid")
    return x_key


app = FastAPI(dependencies=[Depends(verify_token), Depends(verify_key)])


@app.get("/items/")
async def read_items():
    return [{"item": "Portal Gun"}, {"item": "Plumbus"}]


@app.get("/users/")
async def read_users():
    return [{"username": "Rick"}, {"username": "Morty"}]


# ---- The order: the service's, the route's, the parameters' --------------------------------

def verify_route(x_route: Annotated[str, Header()]):
    if x_route != "route":
        raise HTTPException(status_code=400, detail="X-Route header invalid")


def verify_param(x_param: Annotated[str, Header()]):
    if x_param != "param":
        raise HTTPException(status_code=400, detail="X-Param header invalid")
    return x_param


@app.get("/order/", dependencies=[Depends(verify_route)])
def read_order(param: Annotated[str, Depends(verify_param)], q: int):
    return {"param": param, "q": q}


# ---- verify_key twice: one call per request (use_cache), its errors reported for each use ---

@app.get("/key/")
def read_key(key: Annotated[str, Depends(verify_key)]):
    return {"key": key}


# ---- WebSocket endpoints run the service's dependencies too ---------------------------------

@app.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket):
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()
