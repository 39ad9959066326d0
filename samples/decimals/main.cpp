// Python's decimal.Decimal (issue 15, part D): fastcpp::Decimal (fastcpp/decimal.hpp) keeps the
// decimal exactly (`12.3400` stays `12.3400`), is read with pydantic's rules and errors
// (`decimal_parsing`, `decimal_type`, `finite_number`) and rendered both ways FastAPI does:
// `{{"value", value}}` as jsonable_encoder writes a plain dict (an int when the exponent is >= 0,
// else a float), a struct field or a declared result as pydantic's JSON mode (its str() as a
// string). FASTCPP_MAX_DIGITS and FASTCPP_DECIMAL_PLACES are Field(max_digits=,
// decimal_places=). tests/reference/decimals.py is the FastAPI app.
#include <fastcpp/fastcpp.hpp>

#include <optional>
#include <vector>

using fastcpp::Decimal;
using fastcpp::json;

struct Price {
  Decimal amount;
  std::optional<Decimal> tax;
  std::vector<Decimal> parts = {};
};

struct Money {
  FASTCPP_MAX_DIGITS(5) FASTCPP_DECIMAL_PLACES(2) Decimal amount;
};

FASTCPP_GET("/decimal/query")
static json decimal_query(Decimal value) { return {{"value", value}}; }

FASTCPP_GET("/decimal/model")
static Decimal decimal_model(Decimal value) { return value; }

FASTCPP_GET("/decimal/list")
static std::vector<Decimal> decimal_list(fastcpp::Query<std::vector<Decimal>> values = {}) {
  return values.value();
}

FASTCPP_POST("/prices")
static Price price_model(Price price) { return price; }

FASTCPP_POST("/prices/plain")
static json price_plain(Price price) { return {{"price", price}, {"amount", price.amount}}; }

FASTCPP_POST("/money")
static Money money(Money item) { return item; }

// Bounds on a Decimal, compared exactly: a bound is written as an integer, a float (pydantic
// makes `gt=0.1` `Decimal("0.1")`, from its repr) or a string (`le=Decimal("1E+3")`).
struct Bounded {
  FASTCPP_GT(0) FASTCPP_LE("1E+3") Decimal price;
  FASTCPP_MULTIPLE_OF("0.1") std::optional<Decimal> step;
};

FASTCPP_GET("/decimal/bounded")
static json decimal_bounded(FASTCPP_GE("0.1") FASTCPP_LT(1e20) FASTCPP_MULTIPLE_OF("0.05")
                                Decimal value) {
  return {{"value", value}};
}

FASTCPP_GET("/decimal/float-bound")
static json decimal_float_bound(FASTCPP_GT(0.1) FASTCPP_LE(1.0) Decimal value) {
  return {{"value", value}};
}

FASTCPP_GET("/decimal/multiple")
static json decimal_multiple(FASTCPP_MULTIPLE_OF(7) Decimal value) { return {{"value", value}}; }

FASTCPP_GET("/decimal/thirds")
static json decimal_thirds(FASTCPP_MULTIPLE_OF("0.333333333333333333") Decimal value) {
  return {{"value", value}};
}

FASTCPP_POST("/bounded")
static Bounded bounded(Bounded item) { return item; }
