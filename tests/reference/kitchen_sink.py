# The FastAPI app that samples/kitchen_sink mirrors in C++: one route per parameter source and
# type, body models, status codes, and exception handlers by class hierarchy and by status.
from enum import Enum
from typing import Annotated, Dict, List, Optional

from fastapi import Body, Cookie, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

app = FastAPI()


class Color(str, Enum):
    red = "red"
    green = "green"
    blue = "blue"


class Line(BaseModel):
    sku: str
    qty: int
    note: Optional[str] = None


class Order(BaseModel):
    customer: str
    lines: List[Line]
    priority: bool = False
    tags: Dict[str, int] = {}
    color: Optional[Color] = None


class OrderSummary(BaseModel):
    customer: str
    total_qty: int
    line_count: int


class BaseAppError(Exception):
    def __init__(self, message: str):
        self.message = message


class NotFoundAppError(BaseAppError):  # no handler of its own: the BaseAppError handler answers
    pass


class ConflictAppError(BaseAppError):  # its own handler wins over the base's
    pass


class SiblingError(Exception):
    def __init__(self, message: str):
        self.message = message


class ChainError(Exception):  # its handler raises HTTPException(409)
    pass


@app.exception_handler(BaseAppError)
async def base_app_error_handler(request: Request, exc: BaseAppError):
    return JSONResponse(status_code=400, content={"error": "base", "message": exc.message})


@app.exception_handler(ConflictAppError)
async def conflict_app_error_handler(request: Request, exc: ConflictAppError):
    return JSONResponse(status_code=409, content={"error": "conflict", "message": exc.message})


@app.exception_handler(SiblingError)
async def sibling_error_handler(request: Request, exc: SiblingError):
    return PlainTextResponse("sibling: " + exc.message, status_code=400)


@app.exception_handler(ChainError)
async def chain_error_handler(request: Request, exc: ChainError):
    raise HTTPException(status_code=409, detail="chained")


@app.exception_handler(404)
async def not_found_handler(request: Request, exc: HTTPException):
    return JSONResponse(status_code=404, content={"message": "nothing at " + request.url.path,
                                                  "detail": exc.detail})


@app.exception_handler(Exception)
async def unexpected_error_handler(request: Request, exc: Exception):
    return JSONResponse(status_code=500, content={"error": "unexpected"})


# Path parameters
@app.get("/path/int/{value}")
def path_int(value: int):
    return {"value": value}


@app.get("/path/float/{value}")
def path_float(value: float):
    return {"value": value}


@app.get("/path/bool/{value}")
def path_bool(value: bool):
    return {"value": value}


@app.get("/path/enum/{color}")
def path_enum(color: Color) -> Dict[str, Color]:
    return {"color": color}


@app.get("/files/{file_path:path}")
def read_file(file_path: str):
    return {"file_path": file_path}


@app.get("/users/me")
def read_me():
    return {"user_id": "the current user"}


@app.get("/users/{user_id}")
def read_user(user_id: int):
    return {"user_id": user_id}


# Query parameters
@app.get("/query/required")
def query_required(n: int):
    return {"n": n}


@app.get("/query/optional")
def query_optional(q: Optional[str] = None):
    return {"q": q}


@app.get("/query/default")
def query_default(skip: int = 0, limit: int = 10):
    return {"skip": skip, "limit": limit}


@app.get("/query/list")
def query_list(ids: Annotated[List[int], Query()] = []):
    return {"ids": ids}


@app.get("/query/flag")
def query_flag(flag: bool = False, ratio: Optional[float] = None):
    return {"flag": flag, "ratio": ratio}


# Headers and cookies
@app.get("/headers")
def read_headers(user_agent: Annotated[Optional[str], Header()] = None,
                 x_token: Annotated[List[str], Header()] = [],
                 x_count: Annotated[Optional[int], Header()] = None):
    return {"user_agent": user_agent, "x_token": x_token, "x_count": x_count}


@app.get("/cookies")
def read_cookies(session: Annotated[Optional[str], Cookie()] = None,
                 visits: Annotated[int, Cookie()] = 0):
    return {"session": session, "visits": visits}


# Bodies and status codes
@app.post("/orders", status_code=201)
def create_order(order: Order) -> OrderSummary:
    return OrderSummary(customer=order.customer,
                        total_qty=sum(line.qty for line in order.lines),
                        line_count=len(order.lines))


@app.put("/orders/{order_id}")
def update_order(order_id: int, order: Order, note: Annotated[str, Body()]):
    return {"order_id": order_id, "customer": order.customer, "note": note}


@app.delete("/orders/{order_id}", status_code=204)
def delete_order(order_id: int):
    return None


@app.get("/orders/{order_id}/lines")
def order_lines(order_id: int) -> List[Line]:
    return [Line(sku="a-" + str(order_id), qty=1), Line(sku="b", qty=2, note="gift")]


# Exceptions
@app.get("/errors/base")
def raise_base():
    raise BaseAppError("base problem")


@app.get("/errors/not-found")
def raise_not_found():
    raise NotFoundAppError("no such thing")


@app.get("/errors/conflict")
def raise_conflict():
    raise ConflictAppError("already there")


@app.get("/errors/sibling")
def raise_sibling():
    raise SiblingError("odd one")


@app.get("/errors/chain")
def raise_chain():
    raise ChainError()


@app.get("/errors/runtime")
def raise_runtime():
    raise RuntimeError("secret internals")


# C++ only: a throw that is not a std::exception (`throw 42`) gets the plain 500 there. Python
# cannot raise what is not an exception; this route is here for the OpenAPI document only (no
# conformance case calls it).
@app.get("/errors/non-std")
def raise_non_std():
    raise RuntimeError("not a std::exception in C++")


@app.get("/errors/http/{code}")
def raise_http(code: int):
    raise HTTPException(status_code=code, detail={"code": code, "tags": ["a", 1, None, 1.5]},
                        headers={"X-Code": str(code)})


@app.get("/errors/http-default/{code}")
def raise_http_default(code: int):
    raise HTTPException(status_code=code)


# A returned response is the answer as it stands: no exception handler sees it.
@app.get("/errors/returned/{code}")
def return_error(code: int):
    return JSONResponse(status_code=code, content={"detail": "returned, not raised"})
