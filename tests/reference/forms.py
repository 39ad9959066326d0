# FastAPI 0.115.11's Form() parameters (issue 16): form bodies as FastAPI binds them, for
# samples/forms. Every Form() is a key of the form (FastAPI embeds even a single one); a
# scalar takes the last value of its name, a list every value; an empty value is the default
# of a field whose default is not None; any content type but application/x-www-form-urlencoded
# is an empty form. And OAuth2PasswordRequestForm(Strict), the form of OAuth2's password flow.
# Recorded into tests/conformance/forms.json.
from typing import Annotated

from fastapi import Depends, FastAPI, Form
from fastapi.security import OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict

app = FastAPI()


# FastAPI's tutorial "Form Data".
@app.post("/login/")
def login(username: Annotated[str, Form()], password: Annotated[str, Form()]):
    return {"username": username, "password": password}


@app.post("/items/")
def create_item(
    name: Annotated[str, Form(min_length=3)],
    price: Annotated[float, Form()],
    tags: Annotated[list[str], Form()] = [],
    note: Annotated[str | None, Form()] = None,
    code: Annotated[str, Form(alias="item-code")] = "none",
    q: int = 0,
):
    return {"name": name, "price": price, "tags": tags, "note": note, "code": code, "q": q}


@app.post("/count/")
def count(n: Annotated[int, Form()]):
    return {"n": n}


@app.post("/optional/")
def optional(
    n: Annotated[int | None, Form()] = None,
    s: Annotated[str | None, Form()] = "given",
    ids: Annotated[list[int] | None, Form()] = None,
):
    return {"n": n, "s": s, "ids": ids}


def form_json(form: OAuth2PasswordRequestForm):
    return {
        "grant_type": form.grant_type,
        "username": form.username,
        "password": form.password,
        "scopes": form.scopes,
        "client_id": form.client_id,
        "client_secret": form.client_secret,
    }


@app.post("/oauth2/form")
def oauth2_form(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]):
    return form_json(form_data)


@app.post("/oauth2/form-strict")
def oauth2_form_strict(form_data: Annotated[OAuth2PasswordRequestFormStrict, Depends()]):
    return form_json(form_data)
