// Raised errors rule: a validation handler answering 400 (as text) instead of FastAPI's 422
// changes the documented validation response of every route that takes parameters.
#include <fastcpp/fastcpp.hpp>

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response validation_handler(const fastcpp::Request&,
                                            const fastcpp::RequestValidationError& exc) {
  return fastcpp::PlainTextResponse(exc.what(), 400);
}

FASTCPP_GET("/items/{item_id}")
static fastcpp::json read_item(int item_id) { return {{"item_id", item_id}}; }

FASTCPP_GET("/items")
static fastcpp::json list_items() { return fastcpp::json::array(); }
