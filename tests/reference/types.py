# The FastAPI app that samples/types mirrors in C++: value types beyond int and str (issue 15).
import uuid
from typing import List, Literal, Optional, Union

from fastapi import FastAPI, Header, Query
from pydantic import BaseModel, ConfigDict

app = FastAPI()


# ---- uuid.UUID: fastcpp::UUID ----------------------------------------------------------------


class Thing(BaseModel):
    id: uuid.UUID
    parent: Optional[uuid.UUID] = None
    links: List[uuid.UUID] = []


@app.get("/uuid/path/{item_id}")
def uuid_path(item_id: uuid.UUID):
    return {"item_id": item_id}


@app.get("/uuid/query")
def uuid_query(id: uuid.UUID, maybe: Optional[uuid.UUID] = None):
    return {"id": id, "maybe": maybe}


@app.get("/uuid/list")
def uuid_list(ids: List[uuid.UUID] = Query([])) -> List[uuid.UUID]:
    return ids


@app.get("/uuid/header")
def uuid_header(x_request_id: uuid.UUID = Header()):
    return {"x_request_id": x_request_id}


@app.post("/uuid/things")
def uuid_thing(thing: Thing) -> Thing:
    return thing


@app.get("/uuid/made")
def uuid_made() -> uuid.UUID:
    return uuid.UUID("12345678-1234-5678-1234-567812345678")


# ---- Optional[List[T]] query parameters --------------------------------------------------------


@app.get("/lists/optional")
def optional_list(ids: Optional[List[int]] = Query(None)):
    return {"ids": ids}


# ---- Literal[...]: an enum marked FASTCPP_LITERAL ----------------------------------------------


class Sort(BaseModel):
    order: Literal["asc", "desc"]
    fallback: Optional[Literal["asc", "desc"]] = None


@app.get("/literal/query")
def literal_query(order: Literal["asc", "desc"] = "asc") -> Literal["asc", "desc"]:
    return order


@app.get("/literal/path/{order}")
def literal_path(order: Literal["asc", "desc"]) -> Literal["asc", "desc"]:
    return order


@app.post("/literal/body")
def literal_body(sort: Sort) -> Sort:
    return sort


# ---- Union[int, bool]: std::variant ------------------------------------------------------------


class Mixed(BaseModel):
    value: Union[int, bool]
    label: Union[str, float] = "none"


@app.get("/union/query")
def union_query(v: Union[int, bool]) -> Union[int, bool]:
    return v


@app.get("/union/str-first")
def union_str_first(v: Union[str, int] = 0) -> Union[str, int]:
    return v


@app.get("/union/list")
def union_list(v: List[Union[int, bool]] = Query([])) -> List[Union[int, bool]]:
    return v


@app.post("/union/body")
def union_body(mixed: Mixed) -> Mixed:
    return mixed


# ---- extra="forbid": a struct marked FASTCPP_FORBID_EXTRA ----------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    size: int = 1


@app.post("/forbid")
def forbid(item: Strict) -> Strict:
    return item
