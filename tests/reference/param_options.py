# The FastAPI app that samples/param_options mirrors in C++ (issue 15): Body(embed=True) on a
# single body parameter, Header(convert_underscores=False), aliases on query, header and cookie
# parameters, and custom validators (field_validator, model_validator(mode="after"),
# AfterValidator on parameters).
from typing import Annotated, List, Optional

from fastapi import Body, Cookie, FastAPI, Header, Query
from pydantic import AfterValidator, BaseModel, field_validator, model_validator

app = FastAPI()


# ---- Body(embed=True) ------------------------------------------------------------------------


class Item(BaseModel):
    name: str
    price: float
    tags: List[str] = []


@app.put("/embed/items/{item_id}")
def embed_item(item_id: int, item: Annotated[Item, Body(embed=True)]):
    return {"item_id": item_id, "item": item}


@app.post("/embed/optional")
def embed_optional(item: Annotated[Optional[Item], Body(embed=True)] = None):
    return {"item": item}


@app.post("/embed/scalar")
def embed_scalar(importance: Annotated[int, Body(embed=True)]):
    return {"importance": importance}


# ---- Header(convert_underscores=False), aliases ----------------------------------------------


@app.get("/headers/underscores")
def header_underscores(
    strange_header: Annotated[Optional[str], Header(convert_underscores=False)] = None,
):
    return {"strange_header": strange_header}


@app.get("/headers/underscores/required")
def header_underscores_required(
    x_token: Annotated[List[str], Header(convert_underscores=False)],
):
    return {"x_token": x_token}


@app.get("/aliases")
def aliases(
    q: Annotated[Optional[str], Query(alias="item-query")] = None,
    token: Annotated[Optional[str], Header(alias="X-Api-Token")] = None,
    session: Annotated[Optional[str], Cookie(alias="session-id")] = None,
):
    return {"q": q, "token": token, "session": session}


# ---- Custom validators -----------------------------------------------------------------------


class User(BaseModel):
    name: str
    age: int = 0
    password: str
    password_repeat: str

    @field_validator("name")
    @classmethod
    def name_has_space(cls, value: str) -> str:
        if " " not in value:
            raise ValueError("must contain a space")
        return value.title()

    @field_validator("age")
    @classmethod
    def age_is_adult(cls, value: int) -> int:
        if value < 18:
            raise ValueError(f"{value} is under 18")
        return value

    @model_validator(mode="after")
    def passwords_match(self):
        if self.password != self.password_repeat:
            raise ValueError("passwords do not match")
        return self


@app.post("/users")
def create_user(user: User):
    return {"name": user.name, "age": user.age}


def check_even(value: int) -> int:
    if value % 2 != 0:
        raise ValueError("not even")
    return value


def check_isbn(value: str) -> str:
    if not value.startswith("isbn-"):
        raise ValueError('Invalid ID format, it must start with "isbn-"')
    return value


@app.get("/validated/{n}")
def validated(
    n: Annotated[int, AfterValidator(check_even)],
    id: Annotated[str, AfterValidator(check_isbn)] = "isbn-0",
    x_count: Annotated[int, Header(), AfterValidator(check_even)] = 0,
):
    return {"n": n, "id": id, "x_count": x_count}
