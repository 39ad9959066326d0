// Source A of a service of two sources (see split_service_test.cpp): a `static` of the same
// name as one of b.cpp's, an exception class of its own that b.cpp's routes and WebSocket
// endpoint raise through fail_in_a(), and its handlers (one takes the Request, one the
// WebSocket).
#include <fastcpp/fastcpp.hpp>

#include <string>

#include "two_sources/item.hpp"

namespace {

// Only this file knows it: b.cpp's routes raise it through fail_in_a().
struct TeapotError {
  std::string message;
};

}  // namespace

static const char* const kSource = "a";

void fail_in_a(const std::string& message) { throw TeapotError{message}; }

FASTCPP_EXCEPTION_HANDLER
static fastcpp::Response teapot_handler(const fastcpp::Request& request, const TeapotError& exc) {
  return fastcpp::JSONResponse(
      418, {{"handled_by", kSource}, {"message", exc.message}, {"path", request.path()}});
}

FASTCPP_EXCEPTION_HANDLER
static void teapot_closer(fastcpp::WebSocket& websocket, const TeapotError& exc) {
  websocket.close(4018, std::string("handled by ") + kSource + ": " + exc.message);
}

// b.cpp's class, whose handler takes a Request: it answers the upgrade before accept().
FASTCPP_WEBSOCKET("/a/ws-conflict")
static void ws_conflict(fastcpp::WebSocket& /*websocket*/) { fail_in_b(); }

FASTCPP_WEBSOCKET("/a/ws-teapot")
static void ws_teapot(fastcpp::WebSocket& websocket) {
  websocket.accept();
  websocket.receive_text();
  fail_in_a("from a's endpoint");
}

FASTCPP_GET("/a/hello")
static fastcpp::json hello() { return {{"from", kSource}}; }

FASTCPP_GET("/a/fail")
static fastcpp::json fail() {
  fail_in_b();
  return nullptr;
}

FASTCPP_GET("/a/teapot")
static fastcpp::json teapot() {
  fail_in_a("from a");
  return nullptr;
}

FASTCPP_GET("/a/missing")
static fastcpp::json missing() { throw fastcpp::HTTPException(404, "no such thing in a"); }

FASTCPP_POST("/a/items")
static fastcpp::json create_item(Item item) {
  return {{"from", kSource}, {"name", item.name}, {"size", item.size}};
}
