// Types beyond int and std::string, as FastAPI's models use them (issue 15): uuid.UUID is
// fastcpp::UUID, Optional[List[T]] query parameters are std::optional<std::vector<T>>,
// Literal["asc", "desc"] an enum marked FASTCPP_LITERAL, Union[int, bool] std::variant, and
// extra="forbid" a struct marked FASTCPP_FORBID_EXTRA. Each is read with pydantic's exact
// errors (tests/reference/types.py is the FastAPI app).
#include <fastcpp/fastcpp.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

using fastcpp::json;
using fastcpp::UUID;

// ---- uuid.UUID -------------------------------------------------------------------------------

struct Thing {
  UUID id;
  std::optional<UUID> parent;
  std::vector<UUID> links = {};
};

FASTCPP_GET("/uuid/path/{item_id}")
static json uuid_path(UUID item_id) { return {{"item_id", item_id}}; }

FASTCPP_GET("/uuid/query")
static json uuid_query(UUID id, std::optional<UUID> maybe) {
  return {{"id", id}, {"maybe", maybe ? json(*maybe) : json(nullptr)}};
}

FASTCPP_GET("/uuid/list")
static std::vector<UUID> uuid_list(fastcpp::Query<std::vector<UUID>> ids = {}) {
  return ids.value();
}

FASTCPP_GET("/uuid/header")
static json uuid_header(fastcpp::Header<UUID> x_request_id) {
  return {{"x_request_id", x_request_id.value()}};
}

FASTCPP_POST("/uuid/things")
static Thing uuid_thing(Thing thing) { return thing; }

FASTCPP_GET("/uuid/made")
static UUID uuid_made() { return *UUID::parse("12345678-1234-5678-1234-567812345678"); }

// ---- Optional[List[T]] query parameters ------------------------------------------------------

FASTCPP_GET("/lists/optional")
static json optional_list(fastcpp::Query<std::optional<std::vector<int>>> ids) {
  return {{"ids", ids ? json(*ids) : json(nullptr)}};
}

// ---- Literal[...] ----------------------------------------------------------------------------

enum class FASTCPP_LITERAL Order { asc, desc };

struct Sort {
  Order order;
  std::optional<Order> fallback;
};

FASTCPP_GET("/literal/query")
static Order literal_query(Order order = Order::asc) { return order; }

FASTCPP_GET("/literal/path/{order}")
static Order literal_path(Order order) { return order; }

FASTCPP_POST("/literal/body")
static Sort literal_body(Sort sort) { return sort; }

// ---- Union[int, bool] ------------------------------------------------------------------------

struct Mixed {
  std::variant<int, bool> value;
  std::variant<std::string, double> label = "none";
};

FASTCPP_GET("/union/query")
static std::variant<int, bool> union_query(std::variant<int, bool> v) { return v; }

FASTCPP_GET("/union/str-first")
static std::variant<std::string, int> union_str_first(std::variant<std::string, int> v = 0) {
  return v;
}

FASTCPP_GET("/union/list")
static std::vector<std::variant<int, bool>> union_list(
    fastcpp::Query<std::vector<std::variant<int, bool>>> v = {}) {
  return v.value();
}

FASTCPP_POST("/union/body")
static Mixed union_body(Mixed mixed) { return mixed; }

// ---- extra="forbid" --------------------------------------------------------------------------

struct FASTCPP_FORBID_EXTRA Strict {
  std::string name;
  int size = 1;
};

FASTCPP_POST("/forbid")
static Strict forbid(Strict item) { return item; }
