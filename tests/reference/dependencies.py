# The FastAPI app that samples/dependencies mirrors in C++: FastAPI's "Dependencies" tutorial
# pages (first steps, sub-dependencies, dependencies in path operation decorators, dependencies
# with yield) and the rules behind them: the order dependencies are solved in, one call per
# request for a dependency used twice (use_cache), the errors of every use collected into one
# 422 before the endpoint's own, an exception raised in a dependency answered by the exception
# handlers, cleanup after the endpoint whether it answered or raised. And the WebSocket tutorial's
# get_cookie_or_token.
from typing import Annotated

from fastapi import (
    Cookie,
    Depends,
    FastAPI,
    Header,
    HTTPException,
    Query,
    Request,
    WebSocket,
    WebSocketException,
    status,
)
from fastapi.responses import JSONResponse

app = FastAPI()


# ---- First steps: the same query parameters for two routes -----------------------------------

def common_parameters(q: str | None = None, skip: int = 0, limit: int = 100):
    return {"q": q, "skip": skip, "limit": limit}


@app.get("/items/")
def read_items(commons: Annotated[dict, Depends(common_parameters)]):
    return commons


@app.get("/users/")
def read_users(commons: Annotated[dict, Depends(common_parameters)]):
    return commons


# ---- Sub-dependencies ------------------------------------------------------------------------

def query_extractor(q: str | None = None):
    return q


def query_or_cookie_extractor(
    q: Annotated[str | None, Depends(query_extractor)],
    last_query: Annotated[str | None, Cookie()] = None,
):
    if not q:
        return last_query
    return q


@app.get("/query/")
def read_query(query_or_default: Annotated[str | None, Depends(query_or_cookie_extractor)]):
    return {"q_or_cookie": query_or_default}


# ---- Dependencies in the path operation decorator --------------------------------------------

def verify_token(x_token: Annotated[str, Header()]):
    if x_token != "fake-super-secret-token":
        raise HTTPException(status_code=400, detail="X-Token header invalid")


def verify_key(x_key: Annotated[str, Header()]):
    if x_key != "fake-super-secret-key":
        raise HTTPException(status_code=400, detail="X-Key header invalid")
    return x_key


@app.get("/protected/", dependencies=[Depends(verify_token), Depends(verify_key)])
def read_protected():
    return [{"item": "Foo"}, {"item": "Bar"}]


# ---- Order and caching: every dependency notes itself in one list per request -----------------

def tally():
    return []


def note_a(notes: Annotated[list, Depends(tally)]):
    notes.append("a")
    return "a"


def note_b(notes: Annotated[list, Depends(tally)], a: Annotated[str, Depends(note_a)]):
    notes.append("b after " + a)
    return "b"


def note_route(notes: Annotated[list, Depends(tally)]):
    notes.append("route")


@app.get("/order", dependencies=[Depends(note_route)])
def order(
    b: Annotated[str, Depends(note_b)],
    a: Annotated[str, Depends(note_a)],
    notes: Annotated[list, Depends(tally)],
    fresh: Annotated[list, Depends(tally, use_cache=False)],
):
    return {"notes": notes, "fresh": fresh, "a": a, "b": b}


# ---- Errors: every use's, then the endpoint's, in one 422 -------------------------------------

def page(number: int, size: Annotated[int, Header()] = 10):
    return {"number": number, "size": size}


def owner(user_id: int, p: Annotated[dict, Depends(page)]):
    return {"user_id": user_id, "page": p}


@app.get("/errors/{item_id}")
def errors(
    item_id: int,
    o: Annotated[dict, Depends(owner)],
    p: Annotated[dict, Depends(page)],
    flag: bool = False,
):
    return {"item_id": item_id, "owner": o, "page": p, "flag": flag}


# A validation error in the first dependency does not stop the second: its HTTPException wins.
def strict_limit(limit: int):
    return limit


def refuse(x_refuse: Annotated[str | None, Header()] = None):
    if x_refuse is not None:
        raise HTTPException(status_code=400, detail="Refused: " + x_refuse)
    return x_refuse


@app.get("/errors-then-raise")
def errors_then_raise(
    limit: Annotated[int, Depends(strict_limit)],
    refused: Annotated[str | None, Depends(refuse)],
):
    return {"limit": limit, "refused": refused}


# ---- Exceptions raised in dependencies go through the exception handlers ---------------------

class UnicornException(Exception):
    def __init__(self, name: str):
        self.name = name


@app.exception_handler(UnicornException)
async def unicorn_exception_handler(request: Request, exc: UnicornException):
    return JSONResponse(
        status_code=418,
        content={"message": f"Oops! {exc.name} did something. There goes a rainbow..."},
    )


def find_unicorn(name: str):
    if name == "yolo":
        raise UnicornException(name)
    if name == "missing":
        raise HTTPException(status_code=404, detail="Unicorn not found", headers={"X-Unicorn": "none"})
    if name == "broken":
        raise RuntimeError("the stable is on fire")
    return name


@app.get("/unicorns/{name}")
def read_unicorn(unicorn: Annotated[str, Depends(find_unicorn)]):
    return {"unicorn": unicorn}


# ---- Dependencies with yield: cleanup after the endpoint, whether it answered or raised ------

events: list[str] = []


def get_db(name: str = "main"):
    events.append("open " + name)
    try:
        yield name
    finally:
        events.append("close " + name)


def get_repository(db: Annotated[str, Depends(get_db)]):
    events.append("repository on " + db)
    yield "repository on " + db
    events.append("repository closed")


@app.get("/yield/ok")
def yield_ok(repository: Annotated[str, Depends(get_repository)]):
    events.append("endpoint")
    return {"repository": repository}


@app.get("/yield/raise")
def yield_raise(db: Annotated[str, Depends(get_db)]):
    events.append("endpoint raises")
    raise HTTPException(status_code=409, detail="Conflict in " + db)


@app.get("/yield/invalid")
def yield_invalid(db: Annotated[str, Depends(get_db)], n: int):
    events.append("endpoint")
    return {"db": db, "n": n}


@app.get("/yield/events")
def read_events():
    seen = list(events)
    events.clear()
    return seen


# ---- The WebSocket tutorial's dependency -----------------------------------------------------

async def get_cookie_or_token(
    websocket: WebSocket,
    session: Annotated[str | None, Cookie()] = None,
    token: Annotated[str | None, Query()] = None,
):
    if session is None and token is None:
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION)
    return session or token


@app.websocket("/items/{item_id}/ws")
async def websocket_endpoint(
    *,
    websocket: WebSocket,
    item_id: str,
    q: int | None = None,
    cookie_or_token: Annotated[str, Depends(get_cookie_or_token)],
):
    await websocket.accept()
    while True:
        data = await websocket.receive_text()
        await websocket.send_text(f"Session cookie or query token value is: {cookie_or_token}")
        if q is not None:
            await websocket.send_text(f"Query parameter q is: {q}")
        await websocket.send_text(f"Message text was: {data}, for item ID: {item_id}")
