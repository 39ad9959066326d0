// fastcpp/websocket.hpp: the WebSocket an endpoint receives.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"

namespace fastcpp {

namespace detail {
/// The connection under a WebSocket; the runtime implements it over cpp-httplib.
class WebSocketTransport {
 public:
  enum class Kind { kText, kBinary, kClosed };
  virtual ~WebSocketTransport() = default;
  /// Blocks for the next message; `kClosed` when the peer closed or the connection broke.
  virtual Kind read(std::string& message) = 0;
  virtual bool send(std::string_view data, bool binary) = 0;
  virtual void close(int code, std::string_view reason) = 0;
  /// The close code and reason the peer sent, once `read` returned `kClosed`.
  virtual int peer_close_code() const { return 1005; }
  virtual std::string peer_close_reason() const { return {}; }
};
}  // namespace detail

/// Starlette's WebSocket, synchronous. cpp-httplib completes the handshake before the endpoint
/// runs, so `accept()` only records that the endpoint accepted; see docs/fastapi-compat.md.
class WebSocket {
 public:
  WebSocket(const Request& request, detail::WebSocketTransport& transport)
      : request_(request), transport_(transport) {}

  const Request& request() const noexcept { return request_; }
  bool accepted() const noexcept { return accepted_; }
  bool closed() const noexcept { return closed_; }

  void accept() noexcept { accepted_ = true; }
  /// Each throws `WebSocketDisconnect` once the client has closed.
  std::string receive_text();
  std::string receive_bytes();
  json receive_json();
  /// Each throws `WebSocketDisconnect` when the connection is gone.
  void send_text(std::string_view data);
  void send_bytes(std::string_view data);
  void send_json(const json& data);
  /// Sends a close frame; `reason` is cut to 123 bytes at a UTF-8 boundary.
  void close(int code = 1000, std::string_view reason = {});

 private:
  std::string receive(detail::WebSocketTransport::Kind expected);

  const Request& request_;
  detail::WebSocketTransport& transport_;
  bool accepted_ = false;
  bool closed_ = false;
};

}  // namespace fastcpp
