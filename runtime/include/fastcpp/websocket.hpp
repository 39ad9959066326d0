// fastcpp/websocket.hpp: the WebSocket an endpoint receives.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"

namespace fastcpp {

namespace detail {
/// The connection under a WebSocket, from the upgrade request on: the runtime's session
/// (runtime/src/http/websocket_session.cpp) implements it over the socket. Until `accept` or
/// `deny`, the client is still waiting for the answer to its upgrade request.
class WebSocketTransport {
 public:
  enum class Kind { kText, kBinary, kClosed };
  virtual ~WebSocketTransport() = default;
  /// Completes the opening handshake: sends the 101. False when the connection is gone.
  virtual bool accept() = 0;
  /// Answers the upgrade request with `response` instead of the 101 and ends the connection
  /// (before `accept` only).
  virtual void deny(const Response& response) = 0;
  /// Blocks for the next message; `kClosed` when the peer closed or the connection broke (or
  /// broke the protocol: the transport has then sent the close frame it calls for).
  virtual Kind read(std::string& message) = 0;
  /// Sends one message; false when the connection is gone.
  virtual bool send(std::string_view data, bool binary) = 0;
  /// Sends a close frame with `code` and `reason` (at most 123 bytes) and ends the connection.
  virtual void close(int code, std::string_view reason) = 0;
  /// The close code and reason the peer sent, once `read` returned `kClosed`: 1005 for a close
  /// frame without a code, 1006 when the connection ended without one, the code the transport
  /// sent when it failed the connection (1002, 1007, 1009).
  virtual int peer_close_code() const { return 1005; }
  virtual std::string peer_close_reason() const { return {}; }
};
}  // namespace detail

/// Starlette's WebSocket, synchronous. The endpoint runs before the handshake is answered:
/// `accept()` sends the 101; closing (or raising `WebSocketException`) before it answers 403,
/// as uvicorn does, and `send_denial_response` answers any HTTP response. See
/// docs/fastapi-compat.md.
class WebSocket {
 public:
  WebSocket(const Request& request, detail::WebSocketTransport& transport)
      : request_(request), transport_(transport) {}

  const Request& request() const noexcept { return request_; }
  bool accepted() const noexcept { return accepted_; }
  /// True once the connection is closed, or the upgrade was denied.
  bool closed() const noexcept { return closed_; }

  /// Sends the 101. A second call does nothing. Throws `WebSocketDisconnect(1006)` when the
  /// client is gone, `std::runtime_error` after `close()` or a denial.
  void accept();
  /// Starlette's `send_denial_response`: answers the upgrade request with `response` instead
  /// of accepting it. Throws `std::runtime_error` once accepted or closed.
  void send_denial_response(const Response& response);
  /// Each throws `WebSocketDisconnect` once the client has closed (its code and reason), and
  /// `std::runtime_error` before `accept()`, as Starlette raises RuntimeError.
  std::string receive_text();
  std::string receive_bytes();
  json receive_json();
  /// Each throws `WebSocketDisconnect` when the connection is gone, and `std::runtime_error`
  /// before `accept()`.
  void send_text(std::string_view data);
  void send_bytes(std::string_view data);
  void send_json(const json& data);
  /// Sends a close frame; `reason` is cut to 123 bytes at a UTF-8 boundary. Before `accept()`:
  /// denies the upgrade with uvicorn's 403 (code and reason are not sent). Does nothing once
  /// closed.
  void close(int code = 1000, std::string_view reason = {});

 private:
  std::string receive(detail::WebSocketTransport::Kind expected);
  void send(std::string_view data, bool binary);

  const Request& request_;
  detail::WebSocketTransport& transport_;
  bool accepted_ = false;
  bool closed_ = false;
};

}  // namespace fastcpp
