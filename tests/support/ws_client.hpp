// A WebSocket client for the end-to-end tests, over a plain socket, so that it can report
// exactly what the server sent: the handshake status, messages, close code and reason.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fastcpp::testing {

/// What the client saw when the connection ended.
struct CloseInfo {
  int code = 0;  ///< the server's close code; 1006 when it closed without a close frame
  std::string reason;
};

class WsClient {
 public:
  /// Connects to ws://127.0.0.1:port<target> with the extra request headers given.
  WsClient(int port, const std::string& target,
           const std::vector<std::pair<std::string, std::string>>& headers = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  /// True once the handshake succeeded (the server answered 101).
  bool connected() const;
  /// The handshake response's status (101, or e.g. 403 when the server refused).
  int handshake_status() const;
  /// The handshake response's head (status line and headers) and, when it is not a 101, its
  /// body (read by its content-length).
  const std::string& handshake_head() const;
  const std::string& handshake_body() const;
  /// Sends a ping with `payload`; the server's pong is returned by receive_pong().
  bool send_ping(const std::string& payload);
  /// The payload of the next pong, skipping other frames; nothing when the connection closed.
  std::optional<std::string> receive_pong();
  bool send_text(const std::string& text);
  /// The next text message, or nothing when the connection closed (see close_info()).
  std::optional<std::string> receive();
  /// Sends a close frame with `code` and `reason` (code 1005: an empty close frame).
  void close(int code, const std::string& reason = {});
  /// How the server closed the connection, once receive() returned nothing.
  CloseInfo close_info() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fastcpp::testing
