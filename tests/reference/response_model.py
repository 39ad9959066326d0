# The FastAPI app that samples/response_model mirrors in C++: response_model=, with
# response_model_exclude_unset and response_model_exclude_none, and the 500 of an answer that
# does not fit (issue 15).
from typing import Any, List, Union

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()


class UserIn(BaseModel):
    username: str
    password: str
    email: str
    full_name: Union[str, None] = None


class UserOut(BaseModel):
    username: str
    email: str
    full_name: Union[str, None] = None


class Item(BaseModel):
    name: str
    description: Union[str, None] = None
    price: float
    tax: float = 10.5
    tags: List[str] = []


items = {
    "foo": {"name": "Foo", "price": 50.2},
    "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2},
    "baz": {"name": "Baz", "description": None, "price": 50.2, "tax": 10.5, "tags": []},
    # Answers that do not fit Item: each is a ResponseValidationError, a plain 500.
    "no-price": {"name": "Nope"},
    "bad-price": {"name": "Nope", "price": "cheap", "tags": [1, None]},
    "string-price": {"name": "Cheap", "price": "5", "secret": "filtered out"},
    "not-an-object": ["name", "price"],
}


def find(item_id: str):
    if item_id not in items:
        raise HTTPException(status_code=404, detail="Item not found")
    return items[item_id]


@app.post("/user/", response_model=UserOut)
def create_user(user: UserIn) -> Any:
    return user


@app.get("/items/{item_id}", response_model=Item)
def read_item(item_id: str):
    return find(item_id)


@app.get("/items-unset/{item_id}", response_model=Item, response_model_exclude_unset=True)
def read_item_unset(item_id: str):
    return find(item_id)


@app.get("/items-none/{item_id}", response_model=Item, response_model_exclude_none=True)
def read_item_none(item_id: str):
    return find(item_id)


@app.get("/items-list", response_model=List[Item], response_model_exclude_unset=True)
def read_items():
    return [items["foo"], items["bar"]]
