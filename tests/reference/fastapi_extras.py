# The FastAPI app that tests/e2e/fastapi_extras mirrors in C++: the app's options, FastAPI's
# HTTPException beside Starlette's, str()/repr()/type().__name__ in a handler, models and enums
# inside a returned dict, and handlers whose names clash with the generated code's.
from enum import Enum
from typing import Optional

from fastapi import FastAPI, HTTPException, Request, WebSocket
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI(
    title="Extras",
    version="1.2.3",
    description="FastAPI's extras, in C++",
    openapi_url="/api/openapi.json",
    docs_url="/api/docs",
    redoc_url=None,
    redirect_slashes=False,
)


# Only FastAPI's class: the router's 404 and 405 (Starlette's) keep FastAPI's default answer.
@app.exception_handler(HTTPException)
async def fastapi_http_exception(request: Request, exc: HTTPException):
    return JSONResponse(
        status_code=exc.status_code,
        content={"handled": "fastapi", "type": type(exc).__name__, "detail": str(exc.detail),
                 "repr": repr(exc)},
        headers=exc.headers,
    )


# Handlers named as the generated code names its own things, or as their own parameters.
@app.get("/limit")
async def limit(limit: int = 10):
    return {"limit": limit}


@app.get("/status/{status}")
async def status(status: int):
    return {"status": status}


@app.get("/reject")
async def reject(reject: int = 0):
    return {"reject": reject}


@app.get("/raise/fastapi/{code}")
async def raise_fastapi(code: int):
    raise HTTPException(status_code=code, detail={"a": [1, None], "b": "it's"},
                        headers={"X-Kind": "fastapi"})


@app.get("/raise/starlette/{code}")
async def raise_starlette(code: int):
    raise StarletteHTTPException(status_code=code, detail="from starlette",
                                 headers={"X-Kind": "starlette"})


class Color(str, Enum):
    red = "red"
    green = "green"


class Tag(BaseModel):
    name: str
    weight: float = 1.0


class Item(BaseModel):
    name: str
    color: Color
    tags: list[Tag] = []
    note: Optional[str] = None


@app.post("/items")
async def create_item(item: Item):
    return {
        "item": item,
        "color": item.color,
        "note": item.note,
        "first_tag": item.tags[0] if item.tags else None,
        "by_name": {tag.name: tag for tag in item.tags},
        "colors": [item.color, Color.green],
    }


# Exception handlers on WebSocket endpoints: FastAPI calls them with the WebSocket. One that
# answers with a response answers the upgrade before accept() (after it, uvicorn drops the
# connection); one that closes the WebSocket closes it: HTTP 403 before accept(), after it the
# close frame (4000, "quit: Resign"), as tests/e2e/samples_test.cpp checks.
class GameOver(Exception):
    def __init__(self, score: int):
        self.score = score


class Quit(Exception):
    pass


class Resign(Quit):
    pass


@app.exception_handler(GameOver)
async def game_over(request: Request, exc: GameOver):
    return JSONResponse(status_code=409, content={"score": exc.score})


@app.exception_handler(Quit)
async def quit_handler(websocket: WebSocket, exc: Quit):
    await websocket.close(code=4000, reason=f"quit: {type(exc).__name__}")


@app.websocket("/ws/game-over-before")
async def game_over_before(websocket: WebSocket):
    raise GameOver(3)


@app.websocket("/ws/quit-before")
async def quit_before(websocket: WebSocket):
    raise Resign()


@app.websocket("/ws/quit-after")
async def quit_after(websocket: WebSocket):
    await websocket.accept()
    await websocket.receive_text()
    raise Resign()


# The same handler for an HTTP route: the Request has no close(), an AttributeError: a 500.
@app.get("/quit")
async def quit():
    raise Resign()
