// Overriding the default handlers: HTTPException as plain text, validation errors as
// plain-text 400s.
#include <fastcpp/fastcpp.hpp>

using fastcpp::HTTPException;
using fastcpp::json;
// Registered for Starlette's class, as FastAPI's docs advise: it takes the router's 404 and
// 405 too. FastAPI's HTTPException, the one raised below, derives from it.
using StarletteHTTPException = fastcpp::starlette::HTTPException;

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response http_exception_handler(const fastcpp::Request& /*request*/,
                                                const StarletteHTTPException& exc) {
  // Python's str(exc.detail).
  return fastcpp::PlainTextResponse(fastcpp::py_str(exc.detail()), exc.status_code());
}

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response validation_exception_handler(const fastcpp::Request& /*request*/,
                                                      const fastcpp::RequestValidationError& exc) {
  return fastcpp::PlainTextResponse(exc.what(), 400);
}

FASTCPP_GET("/items/{item_id}")
static json read_item(int item_id) {
  if (item_id == 3) throw HTTPException(418, "Nope! I don't like 3.");
  return {{"item_id", item_id}};
}
