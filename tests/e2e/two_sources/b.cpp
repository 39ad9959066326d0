// Source B of a service of two sources (see split_service_test.cpp and a.cpp): the same
// `static` names as a.cpp's, an exception class of its own that a.cpp's routes raise through
// fail_in_b(), and the service's 404 handler, all static.
#include <fastcpp/fastcpp.hpp>

#include <string>

#include "two_sources/item.hpp"

void fail_in_a(const std::string& message);  // throws a class of a.cpp's

namespace {

struct ConflictError {
  int code;
};

}  // namespace

static const char* const kSource = "b";

void fail_in_b() { throw ConflictError{7}; }

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response conflict_handler(const fastcpp::Request& request,
                                          const ConflictError& exc) {
  return fastcpp::JSONResponse(
      409, {{"handled_by", kSource}, {"code", exc.code}, {"path", request.path()}});
}

FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)
static fastcpp::Response not_found(const fastcpp::Request& request,
                                   const fastcpp::starlette::HTTPException& exc) {
  return fastcpp::JSONResponse(
      404, {{"handled_by", kSource}, {"detail", exc.detail()}, {"path", request.path()}});
}

// a.cpp's class, which only a.cpp's file can name, raised after accept(): a.cpp's handler that
// takes the WebSocket closes it.
FASTCPP_WEBSOCKET("/b/ws-teapot")
static void ws_teapot(fastcpp::WebSocket& websocket) {
  websocket.accept();
  websocket.receive_text();
  fail_in_a("from b's endpoint");
}

FASTCPP_GET("/b/hello")
static fastcpp::json hello() { return {{"from", kSource}}; }

FASTCPP_GET("/b/teapot")
static fastcpp::json teapot() {
  fail_in_a("from b");
  return nullptr;
}

FASTCPP_GET("/b/fail")
static fastcpp::json fail() {
  fail_in_b();
  return nullptr;
}

FASTCPP_POST("/b/items")
static fastcpp::json create_item(Item item) {
  return {{"from", kSource}, {"name", item.name}, {"size", item.size}};
}
