// Python's datetime types (issue 15, part D): datetime.datetime is fastcpp::DateTime,
// datetime.date fastcpp::Date, datetime.time fastcpp::Time and datetime.timedelta
// fastcpp::TimeDelta (fastcpp/datetime.hpp), read with pydantic's exact rules and errors and
// rendered both ways FastAPI does: `{{"when", when}}` as jsonable_encoder writes a plain dict
// (`+00:00`, a timedelta as float seconds), a struct field or a declared result as pydantic's
// JSON mode (`Z`, `P1DT2H`). tests/reference/datetimes.py is the FastAPI app.
#include <fastcpp/fastcpp.hpp>

#include <optional>
#include <vector>

using fastcpp::Date;
using fastcpp::DateTime;
using fastcpp::json;
using fastcpp::Time;
using fastcpp::TimeDelta;

struct Event {
  DateTime at;
  Date day;
  Time start;
  TimeDelta length;
  std::optional<DateTime> ends;
  std::vector<TimeDelta> breaks = {};
};

// ---- datetime.datetime -----------------------------------------------------------------------

FASTCPP_GET("/datetime/path/{when}")
static json datetime_path(DateTime when) { return {{"when", when}}; }

FASTCPP_GET("/datetime/query")
static json datetime_query(DateTime when, std::optional<DateTime> maybe) {
  return {{"when", when}, {"maybe", maybe}};
}

FASTCPP_GET("/datetime/model")
static DateTime datetime_model(DateTime when) { return when; }

FASTCPP_GET("/datetime/header")
static json datetime_header(fastcpp::Header<DateTime> x_when) {
  return {{"x_when", x_when.value()}};
}

FASTCPP_GET("/datetime/cookie")
static json datetime_cookie(fastcpp::Cookie<DateTime> when) { return {{"when", when.value()}}; }

// ---- datetime.date ---------------------------------------------------------------------------

FASTCPP_GET("/date/path/{day}")
static json date_path(Date day) { return {{"day", day}}; }

FASTCPP_GET("/date/model")
static Date date_model(Date day) { return day; }

// ---- datetime.time ---------------------------------------------------------------------------

FASTCPP_GET("/time/query")
static json time_query(Time at) { return {{"at", at}}; }

FASTCPP_GET("/time/model")
static Time time_model(Time at) { return at; }

// ---- datetime.timedelta ----------------------------------------------------------------------

FASTCPP_GET("/timedelta/query")
static json timedelta_query(TimeDelta length) { return {{"length", length}}; }

FASTCPP_GET("/timedelta/model")
static TimeDelta timedelta_model(TimeDelta length) { return length; }

FASTCPP_GET("/timedelta/list")
static std::vector<TimeDelta> timedelta_list(fastcpp::Query<std::vector<TimeDelta>> lengths = {}) {
  return lengths.value();
}

// ---- In a body struct ------------------------------------------------------------------------

FASTCPP_POST("/events")
static Event event_model(Event event) { return event; }

FASTCPP_POST("/events/plain")
static json event_plain(Event event) {
  return {{"event", event}, {"length", event.length}, {"at", event.at}};
}
