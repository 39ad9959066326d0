# The FastAPI app that samples/datetimes mirrors in C++: datetime.datetime, datetime.date,
# datetime.time and datetime.timedelta as parameters, struct fields and results (issue 15,
# part D), with pydantic 2.10's parsing (its speedate rules) and both ways FastAPI renders them:
# jsonable_encoder for a plain dict (isoformat, "+00:00", a timedelta as float seconds) and
# pydantic's JSON mode for a model or an annotated result ("Z", a timedelta as ISO 8601).
import datetime as dt
from typing import List, Optional

from fastapi import Cookie, FastAPI, Header, Query
from pydantic import BaseModel

app = FastAPI()


class Event(BaseModel):
    at: dt.datetime
    day: dt.date
    start: dt.time
    length: dt.timedelta
    ends: Optional[dt.datetime] = None
    breaks: List[dt.timedelta] = []


# ---- datetime.datetime: fastcpp::DateTime --------------------------------------------------------


@app.get("/datetime/path/{when}")
def datetime_path(when: dt.datetime):
    return {"when": when}


@app.get("/datetime/query")
def datetime_query(when: dt.datetime, maybe: Optional[dt.datetime] = None):
    return {"when": when, "maybe": maybe}


@app.get("/datetime/model")
def datetime_model(when: dt.datetime) -> dt.datetime:
    return when


@app.get("/datetime/header")
def datetime_header(x_when: dt.datetime = Header()):
    return {"x_when": x_when}


@app.get("/datetime/cookie")
def datetime_cookie(when: dt.datetime = Cookie()):
    return {"when": when}


# ---- datetime.date: fastcpp::Date -----------------------------------------------------------------


@app.get("/date/path/{day}")
def date_path(day: dt.date):
    return {"day": day}


@app.get("/date/model")
def date_model(day: dt.date) -> dt.date:
    return day


# ---- datetime.time: fastcpp::Time -----------------------------------------------------------------


@app.get("/time/query")
def time_query(at: dt.time):
    return {"at": at}


@app.get("/time/model")
def time_model(at: dt.time) -> dt.time:
    return at


# ---- datetime.timedelta: fastcpp::TimeDelta -------------------------------------------------------


@app.get("/timedelta/query")
def timedelta_query(length: dt.timedelta):
    return {"length": length}


@app.get("/timedelta/model")
def timedelta_model(length: dt.timedelta) -> dt.timedelta:
    return length


@app.get("/timedelta/list")
def timedelta_list(lengths: List[dt.timedelta] = Query([])) -> List[dt.timedelta]:
    return lengths


# ---- In a body model -------------------------------------------------------------------------------


@app.post("/events")
def event_model(event: Event) -> Event:
    return event


@app.post("/events/plain")
def event_plain(event: Event):
    return {"event": event, "length": event.length, "at": event.at}
