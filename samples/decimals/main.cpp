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
