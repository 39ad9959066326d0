# The FastAPI app that records pydantic's constraint errors (tests/conformance/constraints.json):
# gt/ge/lt/le/multiple_of on int and float, min_length/max_length/pattern on str and
# min_length/max_length on lists, on every parameter source and on nested model fields. Each
# route echoes what it bound, so that an accepted boundary value shows as the value it became.
from typing import Annotated, Optional

from fastapi import Body, Cookie, FastAPI, Header, Path, Query
from pydantic import BaseModel, Field

app = FastAPI()


# ---- Numbers in the path: one constraint per parameter, and one with several. ----------------

@app.get("/int/path/{gt}/{ge}/{lt}/{le}/{mul}/{all}")
def int_path(
    gt: Annotated[int, Path(gt=1)],
    ge: Annotated[int, Path(ge=1)],
    lt: Annotated[int, Path(lt=10)],
    le: Annotated[int, Path(le=10)],
    mul: Annotated[int, Path(multiple_of=3)],
    all: Annotated[int, Path(gt=0, ge=10, lt=30, le=20, multiple_of=5)],
):
    return [gt, ge, lt, le, mul, all]


@app.get("/float/path/{gt}/{ge}/{ge_half}/{lt}/{le}/{mul}")
def float_path(
    gt: Annotated[float, Path(gt=0.5)],
    ge: Annotated[float, Path(ge=1)],
    ge_half: Annotated[float, Path(ge=1.5)],
    lt: Annotated[float, Path(lt=10.5)],
    le: Annotated[float, Path(le=10)],
    mul: Annotated[float, Path(multiple_of=0.1)],
):
    return [gt, ge, ge_half, lt, le, mul]


# ---- Numbers in the query, optional: a case sends only the ones it is about. -----------------

@app.get("/int/query")
def int_query(
    gt: Annotated[Optional[int], Query(gt=1)] = None,
    ge: Annotated[Optional[int], Query(ge=1)] = None,
    lt: Annotated[Optional[int], Query(lt=10)] = None,
    le: Annotated[Optional[int], Query(le=10)] = None,
    mul: Annotated[Optional[int], Query(multiple_of=3)] = None,
    neg: Annotated[Optional[int], Query(ge=-10, lt=-5)] = None,
    big: Annotated[Optional[int], Query(le=10**18, multiple_of=10**9)] = None,
    le_lt: Annotated[Optional[int], Query(le=10, lt=5)] = None,
    ge_gt: Annotated[Optional[int], Query(ge=5, gt=10)] = None,
    all: Annotated[Optional[int], Query(gt=0, ge=10, lt=30, le=20, multiple_of=5)] = None,
):
    return {"gt": gt, "ge": ge, "lt": lt, "le": le, "mul": mul, "neg": neg, "big": big,
            "le_lt": le_lt, "ge_gt": ge_gt, "all": all}


@app.get("/float/query")
def float_query(
    gt: Annotated[Optional[float], Query(gt=0.5)] = None,
    ge: Annotated[Optional[float], Query(ge=1)] = None,
    ge_half: Annotated[Optional[float], Query(ge=1.5)] = None,
    lt: Annotated[Optional[float], Query(lt=10.5)] = None,
    le: Annotated[Optional[float], Query(le=10)] = None,
    mul: Annotated[Optional[float], Query(multiple_of=0.1)] = None,
    mul_half: Annotated[Optional[float], Query(multiple_of=2.5)] = None,
    huge: Annotated[Optional[float], Query(le=1e20)] = None,
    tiny: Annotated[Optional[float], Query(gt=1e-7)] = None,
    neg: Annotated[Optional[float], Query(lt=-0.25)] = None,
    all: Annotated[Optional[float], Query(gt=0, ge=1, lt=30, le=20, multiple_of=0.5)] = None,
):
    return {"gt": gt, "ge": ge, "ge_half": ge_half, "lt": lt, "le": le, "mul": mul,
            "mul_half": mul_half, "huge": huge, "tiny": tiny, "neg": neg, "all": all}


# ---- Strings in the query. --------------------------------------------------------------------

@app.get("/str/query")
def str_query(
    min: Annotated[Optional[str], Query(min_length=3)] = None,
    max: Annotated[Optional[str], Query(max_length=5)] = None,
    one: Annotated[Optional[str], Query(min_length=1, max_length=1)] = None,
    fixed: Annotated[Optional[str], Query(pattern="^fixedquery$")] = None,
    search: Annotated[Optional[str], Query(pattern=r"\d{3}")] = None,
    code: Annotated[Optional[str], Query(pattern=r"^[A-Z]{2}-[0-9]{2,4}$")] = None,
    word: Annotated[Optional[str], Query(pattern=r"^\w+$")] = None,
    digits: Annotated[Optional[str], Query(pattern=r"^\d+$")] = None,
    space: Annotated[Optional[str], Query(pattern=r"^a\sb$")] = None,
    dot: Annotated[Optional[str], Query(pattern=r"^.{2}$")] = None,
    nocase: Annotated[Optional[str], Query(pattern=r"(?i)^abc$")] = None,
    alt: Annotated[Optional[str], Query(pattern=r"^(foo|bar)+$")] = None,
    escaped: Annotated[Optional[str], Query(pattern=r"^a\.b\\c$")] = None,
    uber: Annotated[Optional[str], Query(pattern="^über$")] = None,
    quote: Annotated[Optional[str], Query(pattern="^'\"$")] = None,
    all: Annotated[Optional[str], Query(min_length=3, max_length=8, pattern="^[a-z]+$")] = None,
):
    return {"min": min, "max": max, "one": one, "fixed": fixed, "search": search, "code": code,
            "word": word, "digits": digits, "space": space, "dot": dot, "nocase": nocase,
            "alt": alt, "escaped": escaped, "uber": uber, "quote": quote,
            "all": all}


# A pattern fastcpp refuses at build time: `\b` is a Unicode word boundary in Rust's engine
# and an ASCII one in RE2 (tests/unit/constraints_test.cpp checks check_pattern's refusal). Not
# in the document, which the constraints sample's (which cannot have this route) must equal.
@app.get("/str/boundary", include_in_schema=False)
def str_boundary(boundary: Annotated[Optional[str], Query(pattern=r"\bcat\b")] = None):
    return boundary


@app.get("/str/path/{name}")
def str_path(name: Annotated[str, Path(min_length=2, max_length=4, pattern="^[a-z]+$")]):
    return name


# ---- Lists in the query. ----------------------------------------------------------------------

@app.get("/list/query")
def list_query(
    tags: Annotated[Optional[list[str]], Query(min_length=2, max_length=3)] = None,
    ids: Annotated[Optional[list[int]], Query(min_length=1, max_length=2)] = None,
):
    return {"tags": tags, "ids": ids}


# ---- Headers and cookies. ---------------------------------------------------------------------

@app.get("/headers")
def headers(
    x_count: Annotated[Optional[int], Header(ge=1, le=5)] = None,
    x_ratio: Annotated[Optional[float], Header(gt=0, lt=1)] = None,
    x_token: Annotated[Optional[str], Header(min_length=4, max_length=8, pattern="^[0-9a-f]+$")] = None,
    x_tag: Annotated[Optional[list[str]], Header(max_length=2)] = None,
):
    return {"x_count": x_count, "x_ratio": x_ratio, "x_token": x_token, "x_tag": x_tag}


@app.get("/cookies")
def cookies(
    count: Annotated[Optional[int], Cookie(ge=1, le=5)] = None,
    ratio: Annotated[Optional[float], Cookie(multiple_of=0.25)] = None,
    session: Annotated[Optional[str], Cookie(min_length=4, pattern="^s-")] = None,
):
    return {"count": count, "ratio": ratio, "session": session}


# ---- Bodies: model fields, nested models, lists of models, and embedded scalars. -------------

class Line(BaseModel):
    sku: str = Field(pattern=r"^[A-Z]{3}\d{3}$")
    qty: int = Field(ge=1, le=99)


class Address(BaseModel):
    city: str = Field(min_length=1, max_length=10)
    zip: Optional[str] = Field(None, pattern=r"^\d{5}$")


class Order(BaseModel):
    name: str = Field(min_length=2, max_length=10)
    price: float = Field(gt=0, le=1000)
    quantity: int = Field(default=1, ge=1, multiple_of=2)
    tags: list[str] = Field(default=[], min_length=1, max_length=3)
    address: Optional[Address] = None
    lines: list[Line] = Field(default=[], max_length=2)


@app.post("/orders")
def create_order(order: Order):
    return order


@app.post("/embedded")
def embedded(
    order: Order,
    count: Annotated[int, Body(ge=1, lt=10)],
    note: Annotated[Optional[str], Body(max_length=5)] = None,
    scores: Annotated[Optional[list[float]], Body(min_length=2)] = None,
):
    return {"order": order, "count": count, "note": note, "scores": scores}


# ---- Every source at once, in FastAPI's order. ------------------------------------------------

@app.post("/everything/{item_id}")
def everything(
    item_id: Annotated[int, Path(ge=1)],
    q: Annotated[str, Query(min_length=3)],
    x_level: Annotated[int, Header(le=3)],
    token: Annotated[str, Cookie(pattern="^t")],
    size: Annotated[float, Body(gt=0)],
    label: Annotated[str, Body(max_length=2)],
):
    return [item_id, q, x_level, token, size, label]


# ---- The tutorial: "Query Parameters and String Validations" --------------------------------

@app.get("/tutorial/items/")
def read_items(q: Annotated[str | None, Query(min_length=3, max_length=50, pattern="^fixedquery$")] = None):
    results = {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/items-default/")
def read_items_default(q: Annotated[str, Query(min_length=3)] = "fixedquery"):
    return {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}], "q": q}


@app.get("/tutorial/items-required/")
def read_items_required(q: Annotated[str, Query(min_length=3)]):
    return {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}], "q": q}


@app.get("/tutorial/items-list/")
def read_items_list(q: Annotated[list[str], Query()] = ["foo", "bar"]):
    return {"q": q}


@app.get("/tutorial/items-described/")
def read_items_described(
    q: Annotated[
        str | None,
        Query(
            title="Query string",
            description="Query string for the items to search in the database that have a good match",
            min_length=3,
        ),
    ] = None,
):
    results = {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/items-alias/")
def read_items_alias(q: Annotated[str | None, Query(alias="item-query")] = None):
    results = {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/items-deprecated/")
def read_items_deprecated(
    q: Annotated[
        str | None,
        Query(
            alias="item-query",
            title="Query string",
            description="Query string for the items to search in the database that have a good match",
            min_length=3,
            max_length=50,
            pattern="^fixedquery$",
            deprecated=True,
        ),
    ] = None,
):
    results = {"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/items-hidden/")
def read_items_hidden(hidden_query: Annotated[str | None, Query(include_in_schema=False)] = None):
    if hidden_query:
        return {"hidden_query": hidden_query}
    else:
        return {"hidden_query": "Not found"}


# ---- The tutorial: "Path Parameters and Numeric Validations" --------------------------------

@app.get("/tutorial/path/{item_id}")
def read_path_item(
    item_id: Annotated[int, Path(title="The ID of the item to get")],
    q: Annotated[str | None, Query(alias="item-query")] = None,
):
    results = {"item_id": item_id}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/path-ge/{item_id}")
def read_path_ge(item_id: Annotated[int, Path(title="The ID of the item to get", ge=1)], q: str):
    results = {"item_id": item_id}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/path-gt-le/{item_id}")
def read_path_gt_le(
    item_id: Annotated[int, Path(title="The ID of the item to get", gt=0, le=1000)], q: str
):
    results = {"item_id": item_id}
    if q:
        results.update({"q": q})
    return results


@app.get("/tutorial/path-float/{item_id}")
def read_path_float(
    *,
    item_id: Annotated[int, Path(title="The ID of the item to get", ge=0, le=1000)],
    q: str,
    size: Annotated[float, Query(gt=0, lt=10.5)],
):
    results = {"item_id": item_id}
    if q:
        results.update({"q": q})
    if size:
        results.update({"size": size})
    return results


# ---- Metadata on a model's fields and on headers and cookies --------------------------------

class Note(BaseModel):
    text: str = Field(title="The text", description="What the note says", examples=["Buy milk"],
                      max_length=20)
    priority: int = Field(default=1, description="1 is the highest", ge=1, le=5)


@app.post("/notes")
def create_note(
    note: Note,
    x_source: Annotated[str | None, Header(description="Who sent it", examples=["cli"])] = None,
    session: Annotated[str | None, Cookie(deprecated=True, min_length=2)] = None,
):
    return {"note": note, "x_source": x_source, "session": session}
