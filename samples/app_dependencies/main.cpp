// FastAPI's "Global Dependencies" tutorial in C++ (tests/reference/app_dependencies.py is the
// FastAPI app): `FastAPI(dependencies=[Depends(verify_token), Depends(verify_key)])` is
// FASTCPP_DEPENDENCIES on the FASTCPP_APP. Every route and WebSocket endpoint calls them first,
// before its own FASTCPP_DEPENDENCIES and its parameters' Depends, in FastAPI's order.
#include <fastcpp/fastcpp.hpp>

#include <string>

using fastcpp::Depends;
using fastcpp::HTTPException;
using fastcpp::json;

static void verify_token(fastcpp::Header<std::string> x_token) {
  if (x_token != "fake-super-secret-token") throw HTTPException(400, "X-Token header invalid");
}

static std::string verify_key(fastcpp::Header<std::string> x_key) {
  if (x_key != "fake-super-secret-key") throw HTTPException(400, "X-Key header invalid");
  return x_key;
}

FASTCPP_DEPENDENCIES(verify_token, verify_key)
FASTCPP_APP(fastcpp::FastAPI());

FASTCPP_GET("/items/")
static json read_items() { return json::array({{{"item", "Portal Gun"}}, {{"item", "Plumbus"}}}); }

FASTCPP_GET("/users/")
static json read_users() { return json::array({{{"username", "Rick"}}, {{"username", "Morty"}}}); }

// ---- The order: the service's, the route's, the parameters' --------------------------------

static void verify_route(fastcpp::Header<std::string> x_route) {
  if (x_route != "route") throw HTTPException(400, "X-Route header invalid");
}

static std::string verify_param(fastcpp::Header<std::string> x_param) {
  if (x_param != "param") throw HTTPException(400, "X-Param header invalid");
  return x_param;
}

FASTCPP_GET("/order/")
FASTCPP_DEPENDENCIES(verify_route)
static json read_order(Depends<verify_param> param, int q) { return {{"param", *param}, {"q", q}}; }

// ---- verify_key twice: one call per request (use_cache), its errors reported for each use ---

FASTCPP_GET("/key/")
static json read_key(Depends<verify_key> key) { return {{"key", *key}}; }

// ---- WebSocket endpoints run the service's dependencies too ---------------------------------

FASTCPP_WEBSOCKET("/ws")
static void websocket_endpoint(fastcpp::WebSocket& websocket) {
  websocket.accept();
  websocket.send_text("hello");
  websocket.close();
}
