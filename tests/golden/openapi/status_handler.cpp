// Raised errors rule: an HTTPException whose status has a status handler is documented as that
// handler answers (here text/plain); the other statuses keep FastAPI's `{"detail": ...}`.
#include <fastcpp/fastcpp.hpp>

#include <string>

FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)
static fastcpp::Response not_found(const fastcpp::Request& request, const fastcpp::starlette::HTTPException&) {
  return fastcpp::PlainTextResponse("nothing at " + request.path(), 404);
}

FASTCPP_GET("/items/{item_id}")
static fastcpp::json read_item(std::string item_id) {
  if (item_id == "bar") throw fastcpp::HTTPException(404, "Item not found");
  if (item_id == "baz") throw fastcpp::HTTPException(409, "Item locked");
  return {{"item", item_id}};
}
