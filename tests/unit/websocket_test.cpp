// The WebSocket an endpoint holds, over a transport that records what it sends: Starlette's
// state rules (what may be called before accept() and after a close, with its error messages),
// uvicorn's 403 for a close before accept(), and the close reason's limit.
#include "fastcpp/websocket.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "fake_transport.hpp"

namespace fastcpp {
namespace {

using testing::FakeTransport;

class WebSocketTest : public ::testing::Test {
 protected:
  Request request_{"GET", "/ws?q=1", {{"Host", "testserver"}}};
  FakeTransport transport_;
  WebSocket websocket_{request_, transport_};
};

// The message of the std::runtime_error a call throws, or "no error".
template <class Call>
std::string runtime_error_of(Call call) {
  try {
    call();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST_F(WebSocketTest, AcceptSendsThe101Once) {
  EXPECT_FALSE(websocket_.accepted());
  websocket_.accept();
  websocket_.accept();
  EXPECT_EQ(transport_.accepts, 1);
  EXPECT_TRUE(websocket_.accepted());
  EXPECT_EQ(&websocket_.request(), &request_);
  EXPECT_EQ(*websocket_.request().query_param("q"), "1");
}

TEST_F(WebSocketTest, AcceptWhenTheClientIsGoneIsADisconnect) {
  transport_.client_connected = false;
  try {
    websocket_.accept();
    FAIL() << "accept() returned";
  } catch (const WebSocketDisconnect& disconnect) {
    EXPECT_EQ(disconnect.code(), 1006);
  }
  EXPECT_TRUE(websocket_.closed());
}

TEST_F(WebSocketTest, BeforeAcceptReceiveAndSendFailAsStarlette) {
  EXPECT_EQ(runtime_error_of([&] { websocket_.receive_text(); }),
            R"(WebSocket is not connected. Need to call "accept" first.)");
  EXPECT_EQ(runtime_error_of([&] { websocket_.send_text("x"); }),
            R"(Expected ASGI message "websocket.accept", "websocket.close" or )"
            R"("websocket.http.response.start" but got 'websocket.send')");
  EXPECT_TRUE(transport_.sent.empty());
  EXPECT_EQ(transport_.accepts, 0);
}

TEST_F(WebSocketTest, MessagesBothWays) {
  transport_.incoming = {"hello", R"({"a": [1, 2]})", "bytes"};
  websocket_.accept();
  EXPECT_EQ(websocket_.receive_text(), "hello");
  EXPECT_EQ(websocket_.receive_json(), json({{"a", {1, 2}}}));
  EXPECT_EQ(websocket_.receive_bytes(), "bytes");
  websocket_.send_text("é");
  websocket_.send_bytes(std::string("\0\1", 2));
  websocket_.send_json({{"b", nullptr}});
  ASSERT_EQ(transport_.sent.size(), 3u);
  EXPECT_EQ(transport_.sent[0].data, "é");
  EXPECT_FALSE(transport_.sent[0].binary);
  EXPECT_EQ(transport_.sent[1].data, std::string("\0\1", 2));
  EXPECT_TRUE(transport_.sent[1].binary);
  EXPECT_EQ(transport_.sent[2].data, R"({"b":null})");  // rendered as JSONResponse renders
  EXPECT_FALSE(transport_.sent[2].binary);
}

TEST_F(WebSocketTest, TheClientsCloseIsADisconnectWithItsCodeAndReasonEveryTime) {
  transport_.peer_code = 1001;
  transport_.peer_reason = "going away";
  websocket_.accept();
  for (int i = 0; i < 2; ++i) {
    try {
      websocket_.receive_text();
      FAIL() << "receive_text() returned";
    } catch (const WebSocketDisconnect& disconnect) {
      EXPECT_EQ(disconnect.code(), 1001);
      EXPECT_EQ(disconnect.reason(), "going away");
    }
  }
  EXPECT_TRUE(websocket_.closed());
}

TEST_F(WebSocketTest, ASendToAGoneClientIsADisconnect) {
  websocket_.accept();
  transport_.client_connected = false;
  EXPECT_THROW(websocket_.send_text("x"), WebSocketDisconnect);
}

TEST_F(WebSocketTest, CloseBeforeAcceptIsUvicornsEmpty403) {
  websocket_.close(1008, "ignored");
  ASSERT_TRUE(transport_.denial);
  EXPECT_EQ(transport_.denial->status_code, 403);
  EXPECT_EQ(transport_.denial->body, "");
  EXPECT_EQ(*transport_.denial->header("content-type"), "text/plain");
  EXPECT_FALSE(transport_.closed_with);
  EXPECT_TRUE(websocket_.closed());
  EXPECT_EQ(runtime_error_of([&] { websocket_.accept(); }),
            R"(Cannot call "accept" once a close message has been sent.)");
}

TEST_F(WebSocketTest, CloseSendsItsCodeAndReasonOnce) {
  websocket_.accept();
  websocket_.close(4000, "bye");
  websocket_.close(1000);
  ASSERT_TRUE(transport_.closed_with);
  EXPECT_EQ(*transport_.closed_with, std::make_pair(4000, std::string("bye")));
  EXPECT_THROW(websocket_.send_text("x"), WebSocketDisconnect);
}

TEST_F(WebSocketTest, ALongCloseReasonIsCutAtACharacterBoundary) {
  websocket_.accept();
  // 122 ASCII bytes, then a two-byte character that would end at byte 124: it is left out.
  websocket_.close(1000, std::string(122, 'a') + "é" + "tail");
  ASSERT_TRUE(transport_.closed_with);
  EXPECT_EQ(transport_.closed_with->second, std::string(122, 'a'));
}

TEST_F(WebSocketTest, ADenialResponseIsSentAsGivenBeforeAcceptOnly) {
  websocket_.send_denial_response(PlainTextResponse("no", 401));
  ASSERT_TRUE(transport_.denial);
  EXPECT_EQ(transport_.denial->status_code, 401);
  EXPECT_EQ(transport_.denial->body, "no");
  EXPECT_TRUE(websocket_.closed());
  EXPECT_EQ(runtime_error_of([&] { websocket_.send_denial_response(Response()); }),
            R"(Expected ASGI message "websocket.http.response.start" before accepting or )"
            R"(closing.)");
}

}  // namespace
}  // namespace fastcpp
