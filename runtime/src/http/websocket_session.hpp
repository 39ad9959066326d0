// One WebSocket connection, from its upgrade request to its last byte, on the calling thread:
// the handshake's checks, the endpoint (through the Dispatcher) and the frames both ways.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "fastcpp/request.hpp"
#include "http/websocket_codec.hpp"

namespace fastcpp::detail {

class Dispatcher;

/// What a session allows; the defaults are uvicorn's (`--ws-max-size`, `--ws-ping-interval`,
/// `--ws-ping-timeout`) and websockets' close timeout where it has one.
struct WebSocketLimits {
  /// A longer message (all its fragments) is refused with close 1009 at the frame header that
  /// crosses it, its payload unread.
  std::size_t max_message_bytes = ws::kMaxMessageBytes;
  /// After this much silence while the endpoint waits for a message, the server pings; 0: never.
  std::chrono::milliseconds ping_interval{20000};
  /// No frame within this time after a ping: close 1011 and the connection ends.
  std::chrono::milliseconds ping_timeout{20000};
  /// How long the server waits for the client's close frame after sending its own, and for the
  /// client to close after an HTTP refusal, before it closes the TCP connection.
  std::chrono::milliseconds close_timeout{1000};
  /// No progress writing (a client that does not read): the connection ends.
  std::chrono::milliseconds write_timeout{10000};
};

/// Raised once, when the server shuts down gracefully: every open session then closes with 1012
/// (Service Restart) as uvicorn's do, the endpoint's next receive or send seeing that code.
struct ShutdownSignal {
  int fd = -1;  ///< an eventfd, readable once raised: polled beside the socket
  std::atomic<bool> raised{false};
};

/// Runs one WebSocket connection to its end and closes `fd`, which it owns from the call on
/// (it may arrive non-blocking; the session waits with poll()). `leftover`: the bytes read after
/// the request head, which may hold the first frames. A request that fails the handshake's
/// checks (ws::check_handshake) gets websockets' 400 or 426; any other goes to
/// `dispatcher.handle_websocket`, whose endpoint answers it: the 101 when it accepts, an HTTP
/// answer when it does not. The session answers pings, echoes the client's close, fails the
/// connection on a protocol violation (1002, 1007, 1009) and reports the client's close code
/// and reason to the endpoint. Never throws.
void run_websocket_session(int fd, std::string_view leftover, Request request,
                           const Dispatcher& dispatcher, const WebSocketLimits& limits = {},
                           const ShutdownSignal* shutdown = nullptr);

}  // namespace fastcpp::detail
