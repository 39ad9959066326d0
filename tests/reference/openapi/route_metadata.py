# The FastAPI app that tests/golden/openapi/route_metadata.cpp mirrors: summary=, tags=,
# deprecated=, the docstring, and model fields with defaults. Its /openapi.json is
# tests/reference/openapi/route_metadata.json (tests/reference/record-all.sh records it).
from enum import Enum
from typing import List, Optional
from fastapi import FastAPI
from pydantic import BaseModel
app = FastAPI()
class Size(str, Enum):
    small = "small"
    large = "large"
class Item(BaseModel):
    name: str
    count: int = 1
    price: float = 9.5
    active: bool = True
    size: Size = Size.small
    labels: List[str] = ["new", "hot"]
    note: Optional[str] = None
@app.post("/items", status_code=201, tags=["items", "write"])
def create_item(item: Item) -> Item:
    """Creates an item.

    The item is stored as sent.
    """
    return item
@app.get("/items/old", summary="The old listing", deprecated=True, tags=["items"])
def old_items(limit: int = 10, size: Size = Size.large) -> List[Item]:
    return []
