// WebSocketException before and after accept(), cookies and query parameters on a WebSocket, and
// what becomes an HTTP answer before accept() (HTTPException, any other exception).
#include <fastcpp/fastcpp.hpp>

#include <optional>
#include <stdexcept>
#include <string>

FASTCPP_WEBSOCKET("/items/{item_id}/ws")
static void websocket_endpoint(fastcpp::WebSocket& websocket, std::string item_id,
                               fastcpp::Cookie<std::optional<std::string>> session,
                               std::optional<int> q) {
  if (!session) throw fastcpp::WebSocketException(fastcpp::status::WS_1008_POLICY_VIOLATION);
  websocket.accept();
  for (;;) {
    auto data = websocket.receive_text();  // throws WebSocketDisconnect when the client closes
    websocket.send_text("Session cookie is: " + *session);
    if (q) websocket.send_text("Query parameter q is: " + std::to_string(*q));
    websocket.send_text("Message text was: " + data + ", for item ID: " + item_id);
  }
}

// Accepts, answers one message, then closes with the code and reason the client asked for:
// "1003 not today" closes with 1003 and reason "not today".
FASTCPP_WEBSOCKET("/close")
static void close_on_request(fastcpp::WebSocket& websocket) {
  websocket.accept();
  auto request = websocket.receive_text();
  auto space = request.find(' ');
  auto code = std::stoi(request.substr(0, space));
  auto reason = space == std::string::npos ? std::string() : request.substr(space + 1);
  throw fastcpp::WebSocketException(code, reason);
}

// Fails inside the endpoint after accepting: the client sees close code 1011.
FASTCPP_WEBSOCKET("/broken")
static void broken(fastcpp::WebSocket& websocket) {
  websocket.accept();
  websocket.receive_text();
  throw std::runtime_error("the database is on fire");
}

// An HTTPException before accept(): the client gets its error response instead of the 101.
FASTCPP_WEBSOCKET("/teapot")
static void teapot(fastcpp::WebSocket&) {
  throw fastcpp::HTTPException(418, "No coffee here", {{"X-Brew", "tea"}});
}

// Any other exception before accept(): the client gets a 500.
FASTCPP_WEBSOCKET("/broken-before-accept")
static void broken_before_accept(fastcpp::WebSocket&) {
  throw std::runtime_error("the database is on fire");
}
