// One route per parameter source and type, body structs, status codes, and exception handlers
// by class hierarchy and by status code. tests/reference/kitchen_sink.py is the same app in
// FastAPI; the end-to-end tests hold this one to that one's answers.
#include <fastcpp/fastcpp.hpp>

#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using fastcpp::HTTPException;
using fastcpp::json;

enum class Color { red, green, blue };

struct Line {
  std::string sku;
  int qty;
  std::optional<std::string> note;
};

struct Order {
  std::string customer;
  std::vector<Line> lines;
  bool priority = false;
  std::map<std::string, int> tags = {};
  std::optional<Color> color;
};

struct OrderSummary {
  std::string customer;
  int total_qty;
  int line_count;
};

// ---- Exceptions and their handlers --------------------------------------------------------

struct BaseAppError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct NotFoundAppError : BaseAppError {  // no handler of its own: BaseAppError's answers
  using BaseAppError::BaseAppError;
};
struct ConflictAppError : BaseAppError {  // its own handler wins over the base's
  using BaseAppError::BaseAppError;
};
struct SiblingError {  // not a std::exception at all
  std::string message;
};
struct ChainError {};  // its handler throws HTTPException(409)

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response base_app_error_handler(const fastcpp::Request&, const BaseAppError& exc) {
  return fastcpp::JSONResponse(400, {{"error", "base"}, {"message", exc.what()}});
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response conflict_app_error_handler(const fastcpp::Request&,
                                                    const ConflictAppError& exc) {
  return fastcpp::JSONResponse(409, {{"error", "conflict"}, {"message", exc.what()}});
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response sibling_error_handler(const fastcpp::Request&, const SiblingError& exc) {
  return fastcpp::PlainTextResponse("sibling: " + exc.message, 400);
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response chain_error_handler(const fastcpp::Request&, const ChainError&) {
  throw HTTPException(409, "chained");
}

FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)
static fastcpp::Response not_found_handler(const fastcpp::Request& request,
                                           const fastcpp::starlette::HTTPException& exc) {
  return fastcpp::JSONResponse(
      404, {{"message", "nothing at " + request.path()}, {"detail", exc.detail()}});
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response unexpected_error_handler(const fastcpp::Request&, const std::exception&) {
  return fastcpp::JSONResponse(500, {{"error", "unexpected"}});
}

// ---- Path parameters ----------------------------------------------------------------------

FASTCPP_GET("/path/int/{value}")
static json path_int(int value) { return {{"value", value}}; }

FASTCPP_GET("/path/float/{value}")
static json path_float(double value) { return {{"value", value}}; }

FASTCPP_GET("/path/bool/{value}")
static json path_bool(bool value) { return {{"value", value}}; }

FASTCPP_GET("/path/enum/{color}")
static std::map<std::string, Color> path_enum(Color color) { return {{"color", color}}; }

FASTCPP_GET("/files/{file_path:path}")
static json read_file(std::string file_path) { return {{"file_path", file_path}}; }

FASTCPP_GET("/users/me")
static json read_me() { return {{"user_id", "the current user"}}; }

FASTCPP_GET("/users/{user_id}")
static json read_user(int user_id) { return {{"user_id", user_id}}; }

// ---- Query parameters ---------------------------------------------------------------------

FASTCPP_GET("/query/required")
static json query_required(int n) { return {{"n", n}}; }

FASTCPP_GET("/query/optional")
static json query_optional(std::optional<std::string> q) {
  return {{"q", q ? json(*q) : json(nullptr)}};
}

FASTCPP_GET("/query/default")
static json query_default(int skip = 0, int limit = 10) {
  return {{"skip", skip}, {"limit", limit}};
}

FASTCPP_GET("/query/list")
static json query_list(fastcpp::Query<std::vector<int>> ids = {}) { return {{"ids", ids.value()}}; }

FASTCPP_GET("/query/flag")
static json query_flag(bool flag = false, std::optional<double> ratio = std::nullopt) {
  return {{"flag", flag}, {"ratio", ratio ? json(*ratio) : json(nullptr)}};
}

// ---- Headers and cookies ------------------------------------------------------------------

FASTCPP_GET("/headers")
static json read_headers(fastcpp::Header<std::optional<std::string>> user_agent,
                         fastcpp::Header<std::vector<std::string>> x_token = {},
                         fastcpp::Header<std::optional<int>> x_count = std::nullopt) {
  return {{"user_agent", user_agent ? json(*user_agent) : json(nullptr)},
          {"x_token", x_token.value()},
          {"x_count", x_count ? json(*x_count) : json(nullptr)}};
}

FASTCPP_GET("/cookies")
static json read_cookies(fastcpp::Cookie<std::optional<std::string>> session,
                         fastcpp::Cookie<int> visits = 0) {
  return {{"session", session ? json(*session) : json(nullptr)}, {"visits", int(visits)}};
}

// ---- Bodies and status codes --------------------------------------------------------------

FASTCPP_POST("/orders")
FASTCPP_STATUS_CODE(201)
static OrderSummary create_order(Order order) {
  int total = 0;
  for (const auto& line : order.lines) total += line.qty;
  return {order.customer, total, static_cast<int>(order.lines.size())};
}

FASTCPP_PUT("/orders/{order_id}")
static json update_order(int order_id, Order order, fastcpp::Body<std::string> note) {
  return {{"order_id", order_id}, {"customer", order.customer}, {"note", note.value()}};
}

FASTCPP_DELETE("/orders/{order_id}")
FASTCPP_STATUS_CODE(204)
static void delete_order(int /*order_id*/) {}

FASTCPP_GET("/orders/{order_id}/lines")
static std::vector<Line> order_lines(int order_id) {
  return {{"a-" + std::to_string(order_id), 1, std::nullopt}, {"b", 2, "gift"}};
}

// ---- Exceptions ---------------------------------------------------------------------------

FASTCPP_GET("/errors/base")
static json raise_base() { throw BaseAppError("base problem"); }

FASTCPP_GET("/errors/not-found")
static json raise_not_found() { throw NotFoundAppError("no such thing"); }

FASTCPP_GET("/errors/conflict")
static json raise_conflict() { throw ConflictAppError("already there"); }

FASTCPP_GET("/errors/sibling")
static json raise_sibling() { throw SiblingError{"odd one"}; }

FASTCPP_GET("/errors/chain")
static json raise_chain() { throw ChainError{}; }

FASTCPP_GET("/errors/runtime")
static json raise_runtime() { throw std::runtime_error("secret internals"); }

// C++ only: a throw that is not a std::exception gets the plain 500, never a handler's answer.
FASTCPP_GET("/errors/non-std")
static json raise_non_std() { throw 42; }

FASTCPP_GET("/errors/http/{code}")
static json raise_http(int code) {
  throw HTTPException(code, {{"code", code}, {"tags", {"a", 1, nullptr, 1.5}}},
                      {{"X-Code", std::to_string(code)}});
}

FASTCPP_GET("/errors/http-default/{code}")
static json raise_http_default(int code) { throw HTTPException(code); }

// A returned response is the answer as it stands: no exception handler sees it, not even the
// one for its status code. The cheap way to answer an error on a hot path (README).
FASTCPP_GET("/errors/returned/{code}")
static fastcpp::Response return_error(int code) {
  return fastcpp::JSONResponse(code, {{"detail", "returned, not raised"}});
}
