// WebSocket outcomes over a real socket, with routes registered by hand: messages, close codes
// and reasons, refused paths, and exceptions that must never escape the endpoint.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "fastcpp/app.hpp"
#include "ws_client.hpp"

namespace fastcpp {
namespace {

using testing::WsClient;

class WebSocketRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Service service;
    service.websocket_routes.push_back({"/echo/{name}", [](WebSocket& websocket) {
                                          websocket.accept();
                                          const auto& name = *websocket.request().path_param("name");
                                          for (;;) {
                                            auto text = websocket.receive_text();
                                            websocket.send_text(name + ": " + text);
                                          }
                                        }});
    service.websocket_routes.push_back({"/reject", [](WebSocket&) {
                                          throw WebSocketException(1008, "no session");
                                        }});
    service.websocket_routes.push_back({"/after-accept", [](WebSocket& websocket) {
                                          websocket.accept();
                                          websocket.receive_text();
                                          throw WebSocketException(4001, "über limit");
                                        }});
    service.websocket_routes.push_back({"/long-reason", [](WebSocket& websocket) {
                                          websocket.accept();
                                          // 100 two-byte characters: cut to 61 of them (122 bytes).
                                          std::string reason;
                                          for (int i = 0; i < 100; ++i) reason += "\xC3\xBC";
                                          throw WebSocketException(4000, reason);
                                        }});
    service.websocket_routes.push_back({"/crash", [](WebSocket& websocket) {
                                          websocket.accept();
                                          throw std::runtime_error("internal detail");
                                        }});
    service.websocket_routes.push_back({"/crash-non-std", [](WebSocket&) { throw 7; }});
    service.websocket_routes.push_back({"/returns", [](WebSocket& websocket) {
                                          websocket.accept();
                                          websocket.send_text("bye");
                                        }});
    service.routes.push_back({"/http", {"GET"}, [](const Request&) { return Response("ok"); }});
    app_ = std::make_unique<App>(std::move(service));
    Config config;
    config.port = 0;
    config.access_log = false;
    ASSERT_TRUE(app_->start(config));
  }

  int port() const { return app_->port(); }

  std::unique_ptr<App> app_;
};

TEST_F(WebSocketRuntimeTest, EchoesWithPathParametersAndEndsQuietlyWhenTheClientCloses) {
  WsClient client(port(), "/echo/caf%C3%A9");
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_text("hello"));
  EXPECT_EQ(client.receive(), "café: hello");
  ASSERT_TRUE(client.send_text("again"));
  EXPECT_EQ(client.receive(), "café: again");
  client.close(1000, "done");
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 1000);  // the server echoes the client's close
}

TEST_F(WebSocketRuntimeTest, WebSocketExceptionBeforeAcceptClosesWithItsCodeAndReason) {
  WsClient client(port(), "/reject");
  ASSERT_TRUE(client.connected());  // cpp-httplib answers 101 before the endpoint runs
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 1008);
  EXPECT_EQ(client.close_info().reason, "no session");
}

TEST_F(WebSocketRuntimeTest, WebSocketExceptionAfterAcceptClosesWithItsCodeAndReason) {
  WsClient client(port(), "/after-accept");
  ASSERT_TRUE(client.send_text("go"));
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4001);
  EXPECT_EQ(client.close_info().reason, "über limit");
}

TEST_F(WebSocketRuntimeTest, ALongReasonIsCutAtACharacterBoundary) {
  WsClient client(port(), "/long-reason");
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4000);
  EXPECT_EQ(client.close_info().reason.size(), 122u);
}

TEST_F(WebSocketRuntimeTest, AnyOtherExceptionClosesWith1011AndTheServerLives) {
  for (const char* path : {"/crash", "/crash-non-std"}) {
    WsClient client(port(), path);
    EXPECT_EQ(client.receive(), std::nullopt) << path;
    EXPECT_EQ(client.close_info().code, 1011) << path;
    EXPECT_EQ(client.close_info().reason, "") << path;  // nothing internal leaks
  }
  WsClient after(port(), "/echo/x");
  ASSERT_TRUE(after.send_text("still here"));
  EXPECT_EQ(after.receive(), "x: still here");
}

TEST_F(WebSocketRuntimeTest, AnEndpointThatReturnsClosesNormally) {
  WsClient client(port(), "/returns");
  EXPECT_EQ(client.receive(), "bye");
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 1000);
}

TEST_F(WebSocketRuntimeTest, UnknownPathsAndHttpRoutesRefuseTheUpgradeWith403) {
  for (const char* path : {"/nowhere", "/http"}) {
    WsClient client(port(), path);
    EXPECT_FALSE(client.connected()) << path;
    EXPECT_EQ(client.handshake_status(), 403) << path;
  }
}

}  // namespace
}  // namespace fastcpp
