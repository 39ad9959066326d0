// WebSocket outcomes over a real socket, with routes registered by hand: messages, close codes
// and reasons both ways, what the client gets in HTTP when the endpoint does not accept, refused
// paths, and exceptions that must never escape the endpoint.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

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
                                          const auto& name =
                                              *websocket.request().path_param("name");
                                          for (;;) {
                                            auto text = websocket.receive_text();
                                            websocket.send_text(name + ": " + text);
                                          }
                                        }});
    service.websocket_routes.push_back(
        {"/reject", [](WebSocket&) { throw WebSocketException(1008, "no session"); }});
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
    service.websocket_routes.push_back({"/crash-non-std", [](WebSocket& websocket) {
                                          websocket.accept();
                                          throw 7;
                                        }});
    service.websocket_routes.push_back(
        {"/crash-before-accept", [](WebSocket&) { throw std::runtime_error("internal detail"); }});
    service.websocket_routes.push_back(
        {"/crash-non-std-before-accept", [](WebSocket&) { throw 7; }});
    service.websocket_routes.push_back(
        {"/teapot", [](WebSocket&) {
           throw HTTPException(418, "No coffee here", {{"X-Brew", "tea"}});
         }});
    service.websocket_routes.push_back(
        {"/close-before-accept", [](WebSocket& websocket) { websocket.close(4000, "not sent"); }});
    service.websocket_routes.push_back({"/returns-without-accepting", [](WebSocket&) {}});
    service.websocket_routes.push_back(
        {"/denial", [](WebSocket& websocket) {
           websocket.send_denial_response(JSONResponse({{"why", "no"}}, 401));
         }});
    service.websocket_routes.push_back({"/records-disconnect", [this](WebSocket& websocket) {
                                          websocket.accept();
                                          try {
                                            websocket.receive_text();
                                          } catch (const WebSocketDisconnect& exc) {
                                            std::lock_guard lock(mutex_);
                                            disconnect_ = {exc.code(), exc.reason()};
                                            disconnected_.notify_all();
                                          }
                                        }});
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

  // The code and reason the endpoint's WebSocketDisconnect carried.
  std::pair<int, std::string> disconnect() {
    std::unique_lock lock(mutex_);
    disconnected_.wait_for(lock, std::chrono::seconds(5), [this] { return disconnect_.first; });
    return disconnect_;
  }

  std::unique_ptr<App> app_;
  std::mutex mutex_;
  std::condition_variable disconnected_;
  std::pair<int, std::string> disconnect_{0, {}};
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

TEST_F(WebSocketRuntimeTest, TheEndpointSeesTheCodeAndReasonTheClientClosedWith) {
  WsClient client(port(), "/records-disconnect");
  ASSERT_TRUE(client.connected());
  client.close(4001, "über");
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4001);  // echoed
  EXPECT_EQ(client.close_info().reason, "über");
  EXPECT_EQ(disconnect(), std::make_pair(4001, std::string("über")));
}

TEST_F(WebSocketRuntimeTest, AnEmptyCloseFrameIsReportedAs1005) {
  WsClient client(port(), "/records-disconnect");
  ASSERT_TRUE(client.connected());
  client.close(1005);
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(disconnect(), std::make_pair(1005, std::string()));
}

TEST_F(WebSocketRuntimeTest, AConnectionThatEndsWithoutACloseFrameIsReportedAs1006) {
  { WsClient client(port(), "/records-disconnect"); }
  EXPECT_EQ(disconnect(), std::make_pair(1006, std::string()));
}

TEST_F(WebSocketRuntimeTest, PingsAreAnsweredWithTheirPayload) {
  WsClient client(port(), "/echo/x");
  ASSERT_TRUE(client.send_ping("are you there"));
  EXPECT_EQ(client.receive_pong(), "are you there");
}

TEST_F(WebSocketRuntimeTest, WebSocketExceptionBeforeAcceptIsA403AsUvicornAnswers) {
  for (const char* path : {"/reject", "/close-before-accept"}) {
    WsClient client(port(), path);
    EXPECT_FALSE(client.connected()) << path;
    EXPECT_EQ(client.handshake_status(), 403) << path;
    EXPECT_EQ(client.handshake_body(), "") << path;  // the code and reason are not sent
  }
}

TEST_F(WebSocketRuntimeTest, HTTPExceptionBeforeAcceptIsItsErrorResponse) {
  WsClient client(port(), "/teapot");
  EXPECT_FALSE(client.connected());
  EXPECT_EQ(client.handshake_status(), 418);
  EXPECT_NE(client.handshake_head().find("\r\nx-brew: tea\r\n"), std::string::npos);
  EXPECT_EQ(client.handshake_body(), R"({"detail":"No coffee here"})");
  WsClient denied(port(), "/denial");
  EXPECT_EQ(denied.handshake_status(), 401);
  EXPECT_EQ(denied.handshake_body(), R"({"why":"no"})");
}

TEST_F(WebSocketRuntimeTest, AnyOtherExceptionBeforeAcceptIsAPlain500) {
  for (const char* path :
       {"/crash-before-accept", "/crash-non-std-before-accept", "/returns-without-accepting"}) {
    WsClient client(port(), path);
    EXPECT_FALSE(client.connected()) << path;
    EXPECT_EQ(client.handshake_status(), 500) << path;
    EXPECT_EQ(client.handshake_body(), "Internal Server Error") << path;  // nothing internal
  }
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
