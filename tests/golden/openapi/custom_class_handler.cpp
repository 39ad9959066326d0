// Raised errors rule: a custom exception class is documented with the status of the handler
// dispatch picks for it (the most-derived registered class it is, or derives from) when that
// handler returns a response with a constant status, and its content as the example when that
// is a literal object; a handler that raises HTTPException adds that one's status.
#include <fastcpp/fastcpp.hpp>

#include <stdexcept>
#include <string>

struct UnicornException {
  std::string name;
};

struct AppError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct NotFoundError : AppError {  // no handler of its own: AppError's answers
  using AppError::AppError;
};
struct ConflictError : AppError {  // its own handler wins over the base's
  using AppError::AppError;
};
struct ChainError {};
struct QuotaError {};

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response unicorn_handler(const fastcpp::Request&, const UnicornException& exc) {
  return fastcpp::JSONResponse(418, {{"message", "Oops! " + exc.name + " did something."}});
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response app_error_handler(const fastcpp::Request&, const AppError& exc) {
  return fastcpp::PlainTextResponse(exc.what(), 400);
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response conflict_handler(const fastcpp::Request&, const ConflictError& exc) {
  return fastcpp::JSONResponse(409, {{"error", exc.what()}});
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response chain_handler(const fastcpp::Request&, const ChainError&) {
  throw fastcpp::HTTPException(503, "Try again later");
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response quota_handler(const fastcpp::Request&, const QuotaError&) {
  return fastcpp::JSONResponse(429, {{"error", "quota"}, {"retry", true}, {"after", 60}});
}

FASTCPP_GET("/unicorns/{name}")
static fastcpp::json read_unicorn(std::string name) {
  if (name == "yolo") throw UnicornException{name};
  return {{"unicorn_name", name}};
}

FASTCPP_GET("/things/{id}")
static fastcpp::json read_thing(int id) {
  if (id == 0) throw NotFoundError("no such thing");
  if (id == 1) throw ConflictError("already there");
  if (id == 2) throw ChainError{};
  if (id == 3) throw QuotaError{};
  return {{"id", id}};
}
