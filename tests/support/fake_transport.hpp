// A WebSocket transport without a socket: it records what the endpoint sends (the 101, a denial,
// messages, the close frame) and hands it the messages queued in `incoming`.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fastcpp/websocket.hpp"

namespace fastcpp::testing {

class FakeTransport final : public detail::WebSocketTransport {
 public:
  struct Sent {
    std::string data;
    bool binary;
  };

  bool accept() override {
    ++accepts;
    return client_connected;
  }
  void deny(const Response& response) override { denial = response; }
  Kind read(std::string& message) override {
    if (incoming.empty()) return Kind::kClosed;
    message = std::move(incoming.front());
    incoming.pop_front();
    return Kind::kText;
  }
  bool send(std::string_view data, bool binary) override {
    sent.push_back({std::string(data), binary});
    return client_connected;
  }
  void close(int code, std::string_view reason) override {
    closed_with = std::make_pair(code, std::string(reason));
  }
  int peer_close_code() const override { return peer_code; }
  std::string peer_close_reason() const override { return peer_reason; }

  /// What the client does: false makes accept() and send() find the connection gone.
  bool client_connected = true;
  /// The client's messages, then its close (`peer_code`, `peer_reason`).
  std::deque<std::string> incoming;
  int peer_code = 1000;
  std::string peer_reason;

  /// What the endpoint did.
  int accepts = 0;
  std::optional<Response> denial;
  std::vector<Sent> sent;
  std::optional<std::pair<int, std::string>> closed_with;
};

}  // namespace fastcpp::testing
