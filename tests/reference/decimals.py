# decimal.Decimal (issue 15, part D, step 3), recorded ahead of its sample as constraints.json
# was: tests/conformance/decimals.json is replayed once a sample named decimals exists. What a
# C++ type must do: keep the decimal text exactly (str(Decimal) in a model or a declared result,
# pydantic's JSON mode writes it as a string), read pydantic's forms (whitespace, underscores,
# exponents, a JSON float by its repr) with decimal_parsing, decimal_type and finite_number,
# and render a plain dict's value as jsonable_encoder does (an int when the exponent is >= 0,
# else a float), and max_digits/decimal_places.
from decimal import Decimal
from typing import List, Optional

from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

app = FastAPI()


class Price(BaseModel):
    amount: Decimal
    tax: Optional[Decimal] = None
    parts: List[Decimal] = []


class Money(BaseModel):
    amount: Decimal = Field(max_digits=5, decimal_places=2)


@app.get("/decimal/query")
def decimal_query(value: Decimal):
    return {"value": value}


@app.get("/decimal/model")
def decimal_model(value: Decimal) -> Decimal:
    return value


@app.get("/decimal/list")
def decimal_list(values: List[Decimal] = Query([])) -> List[Decimal]:
    return values


@app.post("/prices")
def price_model(price: Price) -> Price:
    return price


@app.post("/prices/plain")
def price_plain(price: Price):
    return {"price": price, "amount": price.amount}


@app.post("/money")
def money(item: Money) -> Money:
    return item


# Bounds on a Decimal (pydantic makes each a Decimal, a float from its repr, and compares
# exactly; multiple_of is `(value / bound) % 1 == 0` in the default 28-digit context).
class Bounded(BaseModel):
    price: Decimal = Field(gt=0, le=Decimal("1E+3"))
    step: Optional[Decimal] = Field(default=None, multiple_of=Decimal("0.1"))


@app.get("/decimal/bounded")
def decimal_bounded(value: Decimal = Query(ge=Decimal("0.1"), lt=1e20,
                                           multiple_of=Decimal("0.05"))):
    return {"value": value}


@app.get("/decimal/float-bound")
def decimal_float_bound(value: Decimal = Query(gt=0.1, le=1.0)):
    return {"value": value}


@app.get("/decimal/multiple")
def decimal_multiple(value: Decimal = Query(multiple_of=7)):
    return {"value": value}


@app.get("/decimal/thirds")
def decimal_thirds(value: Decimal = Query(multiple_of=Decimal("0.333333333333333333"))):
    return {"value": value}


@app.post("/bounded")
def bounded(item: Bounded) -> Bounded:
    return item
