// The generated samples on a real port, for what the recorded FastAPI fixtures cannot show:
// the WebSocket sample, C++-only throws, and that the server outlives every error.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp::testing {
namespace {

std::string sample(const std::string& name) {
  const char* dir = std::getenv("FASTCPP_SAMPLES_DIR");
  return std::string(dir ? dir : ".") + "/" + name;
}

RawResponse get(int port, const std::string& target) {
  return exchange(port, build_request("GET", target, {{"Host", "testserver"}}, ""), false, false)
      .response;
}

TEST(WebSocketsSampleTest, WithoutTheCookieTheEndpointClosesWith1008) {
  ServiceProcess service(sample("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws");
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 1008);
  EXPECT_EQ(client.close_info().reason, "");
}

TEST(WebSocketsSampleTest, EchoesTheSessionCookieQueryAndItemId) {
  ServiceProcess service(sample("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?q=3", {{"Cookie", "session=fake-cookie"}});
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_text("Hello"));
  EXPECT_EQ(client.receive(), "Session cookie is: fake-cookie");
  EXPECT_EQ(client.receive(), "Query parameter q is: 3");
  EXPECT_EQ(client.receive(), "Message text was: Hello, for item ID: foo");
  client.close(1000);
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_TRUE(service.alive());
}

TEST(WebSocketsSampleTest, AnInvalidQueryClosesWith1008AndTheErrors) {
  ServiceProcess service(sample("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?q=abc", {{"Cookie", "session=x"}});
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 1008);
  // The errors as JSON, cut to the 123 bytes a close frame can carry.
  std::string errors =
      R"([{"type":"int_parsing","loc":["query","q"],"msg":"Input should be a valid )"
      R"(integer, unable to parse string as an integer","input":"abc"}])";
  EXPECT_EQ(client.close_info().reason, errors.substr(0, 123));
}

TEST(WebSocketsSampleTest, WebSocketExceptionAfterAcceptSendsItsCodeAndReason) {
  ServiceProcess service(sample("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/close");
  ASSERT_TRUE(client.send_text("4003 not today"));
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4003);
  EXPECT_EQ(client.close_info().reason, "not today");
}

TEST(WebSocketsSampleTest, AFailingEndpointClosesWith1011AndTheServiceLives) {
  ServiceProcess service(sample("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  {
    WsClient client(service.port(), "/broken");
    ASSERT_TRUE(client.send_text("x"));
    EXPECT_EQ(client.receive(), std::nullopt);
    EXPECT_EQ(client.close_info().code, 1011);
  }
  EXPECT_TRUE(service.alive());
  // An HTTP request to a WebSocket-only path is a 404, as in FastAPI.
  EXPECT_EQ(get(service.port(), "/items/foo/ws").status, 404);
}

TEST(KitchenSinkSampleTest, AThrowThatIsNotAStdExceptionIsAPlain500) {
  ServiceProcess service(sample("kitchen_sink"));
  ASSERT_TRUE(service.started()) << service.error();
  auto response = get(service.port(), "/errors/non-std");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, "Internal Server Error");  // the std::exception handler never sees it
  EXPECT_TRUE(service.alive());
}

TEST(KitchenSinkSampleTest, ErrorsKeepTheConnectionOpen) {
  ServiceProcess service(sample("kitchen_sink"));
  ASSERT_TRUE(service.started()) << service.error();
  for (const char* target : {"/errors/base", "/errors/runtime", "/path/int/abc", "/nowhere"}) {
    auto result =
        exchange(service.port(), build_request("GET", target, {{"Host", "x"}}, ""), false, true);
    EXPECT_TRUE(result.kept_open) << target;
  }
}

}  // namespace
}  // namespace fastcpp::testing
