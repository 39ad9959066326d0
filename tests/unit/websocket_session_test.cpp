// run_websocket_session on one end of a socketpair, a raw client on the other: the handshake's
// HTTP answers, the 101 only once the endpoint accepts, pings, closes both ways with the peer's
// code reported, protocol violations, and frames that arrived with the request head.
#include "http/websocket_session.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "dispatcher.hpp"
#include "fastcpp/app.hpp"
#include "fastcpp/middleware.hpp"

namespace fastcpp::detail {
namespace {

constexpr const char* kKey = "dGhlIHNhbXBsZSBub25jZQ==";

std::string client_frame(unsigned opcode, std::string_view payload, bool fin = true,
                         std::uint64_t length = ~0ull) {
  if (length == ~0ull) length = payload.size();
  std::string frame;
  frame += static_cast<char>((fin ? 0x80 : 0) | opcode);
  if (length < 126) {
    frame += static_cast<char>(0x80 | length);
  } else if (length < 65536) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(length >> 8);
    frame += static_cast<char>(length & 0xFF);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>(length >> shift);
  }
  const char mask[4] = {0x01, 0x02, 0x03, 0x04};
  frame.append(mask, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame += payload[i] ^ mask[i % 4];
  return frame;
}

std::string close_payload(int code, std::string_view reason = {}) {
  std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  return payload + std::string(reason);
}

struct ServerFrame {
  unsigned opcode = 0;
  std::string payload;
};

// The bytes after the response head, as server frames.
std::vector<ServerFrame> frames_after_head(const std::string& bytes) {
  std::vector<ServerFrame> frames;
  auto at = bytes.find("\r\n\r\n");
  if (at == std::string::npos) return frames;
  for (std::size_t i = at + 4; i + 2 <= bytes.size();) {
    ServerFrame frame;
    frame.opcode = static_cast<unsigned char>(bytes[i]) & 0x0F;
    std::size_t length = static_cast<unsigned char>(bytes[i + 1]) & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      length =
          static_cast<unsigned char>(bytes[i + 2]) << 8 | static_cast<unsigned char>(bytes[i + 3]);
      header = 4;
    }
    frame.payload = bytes.substr(i + header, length);
    frames.push_back(frame);
    i += header + length;
  }
  return frames;
}

int close_code(const ServerFrame& frame) {
  if (frame.payload.size() < 2) return 1005;
  return static_cast<unsigned char>(frame.payload[0]) << 8 |
         static_cast<unsigned char>(frame.payload[1]);
}

class WebSocketSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Service service;
    service.websocket_routes.push_back({"/echo", [this](WebSocket& websocket) {
                                          websocket.accept();
                                          try {
                                            for (;;) {
                                              auto text = websocket.receive_text();
                                              websocket.send_text("echo: " + text);
                                            }
                                          } catch (const WebSocketDisconnect& exc) {
                                            std::lock_guard lock(mutex_);
                                            disconnect_code_ = exc.code();
                                            disconnect_reason_ = exc.reason();
                                            throw;
                                          }
                                        }});
    service.websocket_routes.push_back(
        {"/reject", [](WebSocket&) { throw WebSocketException(1008, "no session"); }});
    service.websocket_routes.push_back(
        {"/teapot", [](WebSocket&) {
           throw HTTPException(418, "No coffee here", {{"X-Brew", "tea"}});
         }});
    service.websocket_routes.push_back(
        {"/crash", [](WebSocket&) { throw std::runtime_error("before accept"); }});
    service.websocket_routes.push_back({"/returns", [](WebSocket&) {}});
    service.websocket_routes.push_back({"/bye", [](WebSocket& websocket) {
                                          websocket.accept();
                                          websocket.close(4000, "bye");
                                        }});
    dispatcher_ = std::make_unique<Dispatcher>(std::move(service));
  }

  // Runs a session for an upgrade request to `target` with `headers`; `leftover` arrives with
  // the head, `sent` after it. Returns everything the server sent until it closed.
  std::string run(const std::string& target, const std::string& leftover = {},
                  const std::string& sent = {}, Request::Pairs headers = {},
                  WebSocketLimits limits = {}) {
    if (headers.empty()) {
      headers = {{"Host", "testserver"},
                 {"Connection", "Upgrade"},
                 {"Upgrade", "websocket"},
                 {"Sec-WebSocket-Key", kKey},
                 {"Sec-WebSocket-Version", "13"}};
    }
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);  // as the event loop hands it over
    Request request("GET", target, std::move(headers));
    std::thread server([&, fd = fds[0], request = std::move(request)]() mutable {
      run_websocket_session(fd, leftover, std::move(request), *dispatcher_, limits);
    });
    if (!sent.empty()) {
      EXPECT_EQ(::send(fds[1], sent.data(), sent.size(), MSG_NOSIGNAL),
                static_cast<ssize_t>(sent.size()));
    }
    std::string out;
    char buffer[65536];
    for (;;) {
      pollfd waiting{fds[1], POLLIN, 0};
      if (::poll(&waiting, 1, 5000) <= 0) break;
      auto n = ::recv(fds[1], buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fds[1]);
    server.join();
    return out;
  }

  std::unique_ptr<Dispatcher> dispatcher_;
  std::mutex mutex_;
  int disconnect_code_ = 0;
  std::string disconnect_reason_;
};

TEST_F(WebSocketSessionTest, AnAcceptedSessionEchoesAndReportsThePeersCloseCode) {
  auto bytes = run("/echo", client_frame(0x1, "early"),
                   client_frame(0x9, "ping!") + client_frame(0x1, "caf\xc3", false) +
                       client_frame(0x0, "\xa9") + client_frame(0x8, close_payload(4001, "done")));
  ASSERT_EQ(bytes.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u) << bytes;
  EXPECT_NE(bytes.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
            std::string::npos);
  auto frames = frames_after_head(bytes);
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frames[0].payload, "echo: early");  // a frame sent with the head
  EXPECT_EQ(frames[1].opcode, 0xAu);
  EXPECT_EQ(frames[1].payload, "ping!");
  EXPECT_EQ(frames[2].payload, "echo: caf\xc3\xa9");
  EXPECT_EQ(frames[3].opcode, 0x8u);
  EXPECT_EQ(frames[3].payload, close_payload(4001, "done"));  // the client's close, echoed
  std::lock_guard lock(mutex_);
  EXPECT_EQ(disconnect_code_, 4001);
  EXPECT_EQ(disconnect_reason_, "done");
}

TEST_F(WebSocketSessionTest, BeforeAcceptTheAnswersAreHttp) {
  auto forbidden = run("/reject");
  EXPECT_EQ(forbidden.rfind("HTTP/1.1 403 Forbidden\r\n", 0), 0u) << forbidden;
  EXPECT_NE(forbidden.find("content-type: text/plain\r\n"), std::string::npos);
  EXPECT_NE(forbidden.find("content-length: 0\r\n"), std::string::npos);
  auto unknown = run("/nowhere");
  EXPECT_EQ(unknown.rfind("HTTP/1.1 403 Forbidden\r\n", 0), 0u) << unknown;
  auto teapot = run("/teapot");
  EXPECT_EQ(teapot.rfind("HTTP/1.1 418 ", 0), 0u) << teapot;
  EXPECT_NE(teapot.find("x-brew: tea\r\n"), std::string::npos);
  EXPECT_EQ(teapot.substr(teapot.size() - 27), R"({"detail":"No coffee here"})");
  for (const char* target : {"/crash", "/returns"}) {
    auto crash = run(target);
    EXPECT_EQ(crash.rfind("HTTP/1.1 500 Internal Server Error\r\n", 0), 0u) << crash;
    EXPECT_EQ(crash.substr(crash.size() - 21), "Internal Server Error");
  }
}

// What uvicorn (its websockets server) sent for FastAPI 0.115.11 with these two middleware
// (tests/reference/websocket_middleware.py): the middleware's answer, as for an HTTP request, and
// `Content-Type: text/plain` added to the redirect, which has none.
TEST_F(WebSocketSessionTest, AMiddlewareAnswersTheHandshakeAsUvicornSendsIt) {
  Service service;
  service.websocket_routes.push_back({"/ws", [](WebSocket& websocket) { websocket.accept(); }});
  service.middleware.emplace_back(HTTPSRedirectMiddleware{});
  TrustedHostMiddleware trusted;
  trusted.allowed_hosts = {"example.com"};
  service.middleware.emplace_back(trusted);
  dispatcher_ = std::make_unique<Dispatcher>(std::move(service));
  auto handshake = [](const char* host) {
    return Request::Pairs{{"Host", host},
                          {"Connection", "Upgrade"},
                          {"Upgrade", "websocket"},
                          {"Sec-WebSocket-Key", kKey},
                          {"Sec-WebSocket-Version", "13"}};
  };
  auto untrusted = run("/ws?x=1", {}, {}, handshake("evil.com"));
  EXPECT_EQ(untrusted.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << untrusted;
  EXPECT_NE(untrusted.find("\r\ncontent-length: 19\r\ncontent-type: text/plain; "
                           "charset=utf-8\r\nconnection: close\r\n\r\nInvalid host header"),
            std::string::npos)
      << untrusted;
  auto redirected = run("/ws?x=1", {}, {}, handshake("example.com"));
  EXPECT_EQ(redirected.rfind("HTTP/1.1 307 Temporary Redirect\r\n", 0), 0u) << redirected;
  EXPECT_NE(redirected.find("\r\ncontent-length: 0\r\nlocation: wss://example.com/ws?x=1\r\n"
                            "content-type: text/plain\r\nconnection: close\r\n\r\n"),
            std::string::npos)
      << redirected;
  EXPECT_EQ(redirected.substr(redirected.size() - 4), "\r\n\r\n");
}

TEST_F(WebSocketSessionTest, AnInvalidHandshakeIsRefusedBeforeTheEndpointRuns) {
  auto bytes = run("/echo", {}, {},
                   {{"Connection", "Upgrade"},
                    {"Upgrade", "websocket"},
                    {"Sec-WebSocket-Key", kKey},
                    {"Sec-WebSocket-Version", "12"}});
  EXPECT_EQ(bytes.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << bytes;
  EXPECT_NE(bytes.find("connection: close\r\n"), std::string::npos);
  EXPECT_EQ(bytes.substr(bytes.find("\r\n\r\n") + 4),
            "Failed to open a WebSocket connection: invalid Sec-WebSocket-Version header: 12.\n");
}

TEST_F(WebSocketSessionTest, ProtocolViolationsCloseWithTheirCode) {
  struct Case {
    const char* name;
    std::string sent;
    int code;
  };
  const Case cases[] = {
      {"invalid UTF-8", client_frame(0x1, "bad \xff"), 1007},
      {"unmasked", std::string("\x81\x02hi", 4), 1002},
      {"oversize", client_frame(0x2, "", true, 16 * 1024 * 1024 + 1), 1009},
      {"bad close code", client_frame(0x8, close_payload(999)), 1002},
      {"one-byte close", client_frame(0x8, "\x03"), 1002},
  };
  for (const auto& c : cases) {
    auto bytes = run("/echo", {}, c.sent);
    auto frames = frames_after_head(bytes);
    ASSERT_EQ(frames.size(), 1u) << c.name;
    EXPECT_EQ(frames[0].opcode, 0x8u) << c.name;
    EXPECT_EQ(close_code(frames[0]), c.code) << c.name;
    std::lock_guard lock(mutex_);
    EXPECT_EQ(disconnect_code_, c.code) << c.name;
  }
}

TEST_F(WebSocketSessionTest, AServerCloseWaitsForTheClientsThenEnds) {
  auto started = std::chrono::steady_clock::now();
  auto bytes = run("/bye");  // the client never answers the close
  auto frames = frames_after_head(bytes);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].payload, close_payload(4000, "bye"));
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));
  EXPECT_LT(elapsed, std::chrono::milliseconds(3000));
}

TEST_F(WebSocketSessionTest, SilenceIsPingedAndAnUnansweredPingEndsTheSession) {
  WebSocketLimits limits;
  limits.ping_interval = std::chrono::milliseconds(100);
  limits.ping_timeout = std::chrono::milliseconds(100);
  auto bytes = run("/echo", {}, {}, {}, limits);
  auto frames = frames_after_head(bytes);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].opcode, 0x9u);
  EXPECT_EQ(close_code(frames[1]), 1011);
}

}  // namespace
}  // namespace fastcpp::detail
