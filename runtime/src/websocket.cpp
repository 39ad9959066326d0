#include "fastcpp/websocket.hpp"

#include <stdexcept>

#include "fastcpp/exceptions.hpp"

namespace fastcpp {
namespace {

// RFC 6455 leaves 125 bytes for a close frame's payload: 2 for the code, 123 for the reason.
// Cut at a character boundary so the reason stays valid UTF-8.
std::string_view cut_reason(std::string_view reason) {
  constexpr std::size_t kMaxReason = 123;
  if (reason.size() <= kMaxReason) return reason;
  std::size_t end = kMaxReason;
  while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
  return reason.substr(0, end);
}

// What uvicorn answers when the endpoint closes before accepting: 403, empty, text/plain.
Response forbidden() { return Response({}, 403, {{"content-type", "text/plain"}}); }

}  // namespace

void WebSocket::accept() {
  if (accepted_) return;
  if (closed_)
    throw std::runtime_error("Cannot call \"accept\" once a close message has been sent.");
  if (!transport_.accept()) {
    closed_ = true;
    throw WebSocketDisconnect(1006);
  }
  accepted_ = true;
}

void WebSocket::send_denial_response(const Response& response) {
  if (accepted_ || closed_) {
    throw std::runtime_error(
        "Expected ASGI message \"websocket.http.response.start\" before accepting or closing.");
  }
  closed_ = true;
  transport_.deny(response);
}

std::string WebSocket::receive(detail::WebSocketTransport::Kind expected) {
  using Kind = detail::WebSocketTransport::Kind;
  if (!accepted_)
    throw std::runtime_error(R"(WebSocket is not connected. Need to call "accept" first.)");
  if (closed_)
    throw WebSocketDisconnect(transport_.peer_close_code(), transport_.peer_close_reason());
  std::string message;
  auto kind = transport_.read(message);
  if (kind == Kind::kClosed) {
    closed_ = true;
    throw WebSocketDisconnect(transport_.peer_close_code(), transport_.peer_close_reason());
  }
  (void)expected;  // Starlette hands over text and bytes alike; so do we.
  return message;
}

std::string WebSocket::receive_text() { return receive(detail::WebSocketTransport::Kind::kText); }

std::string WebSocket::receive_bytes() {
  return receive(detail::WebSocketTransport::Kind::kBinary);
}

json WebSocket::receive_json() {
  return json::parse(receive(detail::WebSocketTransport::Kind::kText));
}

void WebSocket::send(std::string_view data, bool binary) {
  if (!accepted_ && !closed_) {
    // Starlette's words for a send in the CONNECTING state.
    throw std::runtime_error(R"(Expected ASGI message "websocket.accept", "websocket.close" or )"
                             R"("websocket.http.response.start" but got 'websocket.send')");
  }
  if (closed_ || !transport_.send(data, binary)) throw WebSocketDisconnect(1006);
}

void WebSocket::send_text(std::string_view data) { send(data, false); }

void WebSocket::send_bytes(std::string_view data) { send(data, true); }

void WebSocket::send_json(const json& data) { send_text(json_dumps(data)); }

void WebSocket::close(int code, std::string_view reason) {
  if (closed_) return;
  closed_ = true;
  if (!accepted_) {
    transport_.deny(forbidden());
    return;
  }
  transport_.close(code, cut_reason(reason));
}

}  // namespace fastcpp
