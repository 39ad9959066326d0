// Re-using FastAPI's default handlers after doing something of your own (here: a log line).
#include <fastcpp/fastcpp.hpp>

#include <fmt/format.h>

using fastcpp::HTTPException;
using fastcpp::json;
// Registered for Starlette's class, as FastAPI's docs advise: it takes the router's 404 and
// 405 too. FastAPI's HTTPException, the one raised below, derives from it.
using StarletteHTTPException = fastcpp::starlette::HTTPException;

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response custom_http_exception_handler(const fastcpp::Request& request,
                                                       const StarletteHTTPException& exc) {
  fmt::print("OMG! An HTTP error!: {}\n", exc.repr());
  return fastcpp::exception_handlers::http_exception_handler(request, exc);
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response validation_exception_handler(const fastcpp::Request& request,
                                                      const fastcpp::RequestValidationError& exc) {
  fmt::print("OMG! The client sent invalid data!: {}\n", exc.what());
  return fastcpp::exception_handlers::request_validation_exception_handler(request, exc);
}

FASTCPP_GET("/items/{item_id}")
static json read_item(int item_id) {
  if (item_id == 3) throw HTTPException(418, "Nope! I don't like 3.");
  return {{"item_id", item_id}};
}
