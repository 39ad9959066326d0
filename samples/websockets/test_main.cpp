// The websockets service tested as FastAPI's "Testing WebSockets" page tests an app: a
// TestClient session runs the endpoint in process. The answers are Starlette's TestClient's
// (tests/reference/websockets_testclient.py), but for the refusal before accept(), which is the
// server's 403 here (docs/fastapi-compat.md, TestClient).
#include <gtest/gtest.h>

#include <fastcpp/testclient.hpp>

class WebSockets : public ::testing::Test {
 protected:
  fastcpp::TestClient client{fastcpp_generated::service()};
};

TEST_F(WebSockets, ChatsWithTheSessionCookie) {
  auto websocket = client.websocket_connect("/items/foo/ws", {}, {{"session", "fake-cookie"}});
  websocket.send_text("Hello");
  EXPECT_EQ(websocket.receive_text(), "Session cookie is: fake-cookie");
  EXPECT_EQ(websocket.receive_text(), "Message text was: Hello, for item ID: foo");
}

TEST_F(WebSockets, ChatsWithAQueryParameter) {
  auto websocket = client.websocket_connect("/items/foo/ws?q=3", {}, {{"session", "fake-cookie"}});
  websocket.send_text("Hello");
  EXPECT_EQ(websocket.receive_text(), "Session cookie is: fake-cookie");
  EXPECT_EQ(websocket.receive_text(), "Query parameter q is: 3");
  EXPECT_EQ(websocket.receive_text(), "Message text was: Hello, for item ID: foo");
}

TEST_F(WebSockets, WithoutTheCookieTheHandshakeIsRefused) {
  try {
    client.websocket_connect("/items/foo/ws");
    FAIL() << "the endpoint raised WebSocketException(1008) before accepting";
  } catch (const fastcpp::WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), 403);
  }
}

TEST_F(WebSockets, TheEndpointsCloseCodeAndReason) {
  auto websocket = client.websocket_connect("/close");
  websocket.send_text("1003 not today");
  try {
    websocket.receive_text();
    FAIL() << "the endpoint closed";
  } catch (const fastcpp::WebSocketDisconnect& disconnect) {
    EXPECT_EQ(disconnect.code(), 1003);
    EXPECT_EQ(disconnect.reason(), "not today");
  }
}

TEST_F(WebSockets, AnHttpExceptionBeforeAcceptIsTheAnswer) {
  try {
    client.websocket_connect("/teapot");
    FAIL() << "the endpoint raised HTTPException(418) before accepting";
  } catch (const fastcpp::WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), 418);
    EXPECT_EQ(denial.response().header("x-brew"), "tea");
    EXPECT_EQ(denial.response().text(), R"({"detail":"No coffee here"})");
  }
}
