// A service of two sources on a real port (tests/e2e/two_sources): each source's generated file
// is compiled on its own, so same-named statics do not clash, and an exception is answered by
// the handler registered for its class whichever source's route raised it and whichever source
// defines the class.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp::testing {
namespace {

std::string executable() {
  const char* path = std::getenv("FASTCPP_TWO_SOURCES");
  return path ? path : "two_sources";
}

RawResponse send(int port, const std::string& method, const std::string& target,
                 const std::string& body = "") {
  HeaderList headers = {{"Host", "testserver"}};
  if (!body.empty()) {
    headers.push_back({"Content-Type", "application/json"});
    headers.push_back({"Content-Length", std::to_string(body.size())});
  }
  return exchange(port, build_request(method, target, headers, body), false, false).response;
}

class SplitServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(service_.started()) << service_.error(); }
  ServiceProcess service_{executable()};
};

TEST_F(SplitServiceTest, SameNamedStaticsOfTwoSourcesAreEachTheirOwn) {
  auto a = send(service_.port(), "GET", "/a/hello");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, R"({"from":"a"})");
  auto b = send(service_.port(), "GET", "/b/hello");
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body, R"({"from":"b"})");
}

TEST_F(SplitServiceTest, AClassOfOneSourceRaisedInAnothersRouteMeetsItsHandler) {
  // b.cpp's route, a.cpp's class and handler.
  auto teapot = send(service_.port(), "GET", "/b/teapot");
  EXPECT_EQ(teapot.status, 418);
  EXPECT_EQ(teapot.body, R"({"handled_by":"a","message":"from b","path":"/b/teapot"})");
  // And the other way round.
  auto conflict = send(service_.port(), "GET", "/a/fail");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.body, R"({"handled_by":"b","code":7,"path":"/a/fail"})");
  // Each source's own class, raised in its own route.
  EXPECT_EQ(send(service_.port(), "GET", "/a/teapot").status, 418);
  EXPECT_EQ(send(service_.port(), "GET", "/b/fail").status, 409);
}

// FastAPI looks a WebSocket endpoint's exception up in the same handlers as a route's: a.cpp's
// handler that takes the WebSocket closes it for a.cpp's class, raised in b.cpp's endpoint
// (whose file cannot name the class) as in a.cpp's own.
TEST_F(SplitServiceTest, AWebSocketHandlerOfOneSourceClosesAnotherSourcesEndpoint) {
  for (const std::string source : {"b", "a"}) {
    WsClient client(service_.port(), "/" + source + "/ws-teapot");
    ASSERT_TRUE(client.connected()) << source;
    ASSERT_TRUE(client.send_text("hi"));
    EXPECT_EQ(client.receive(), std::nullopt);
    EXPECT_EQ(client.close_info().code, 4018) << source;
    EXPECT_EQ(client.close_info().reason, "handled by a: from " + source + "'s endpoint");
  }
}

// b.cpp's class, whose handler takes a Request, raised before accept() in a.cpp's endpoint:
// that handler's response answers the upgrade, as in FastAPI (fastapi_extras' recorded
// `ws-response-handler-before-accept-409`).
TEST_F(SplitServiceTest, ARequestHandlerOfAnotherSourceAnswersTheUpgrade) {
  WsClient client(service_.port(), "/a/ws-conflict");
  EXPECT_FALSE(client.connected());
  EXPECT_EQ(client.handshake_status(), 409);
  EXPECT_EQ(client.handshake_body(), R"({"handled_by":"b","code":7,"path":"/a/ws-conflict"})");
}

TEST_F(SplitServiceTest, TheDocumentListsWhatAnotherSourcesFunctionRaises) {
  auto document = send(service_.port(), "GET", "/openapi.json");
  ASSERT_EQ(document.status, 200);
  // The responses of a GET, as the document's text has them:
  // `"<path>":{"get":{...,"responses":{"200"...`.
  auto responses = [&](const std::string& path) {
    auto at = document.body.find("\"" + path + "\":{\"get\"");
    if (at == std::string::npos) return std::string();
    auto start = document.body.find("\"responses\":", at);
    auto next_path = document.body.find("\"/", start);
    return document.body.substr(start, next_path - start);
  };
  // a.cpp's route calls b.cpp's fail_in_b, whose ConflictError b.cpp's handler answers with 409;
  // b.cpp's route calls a.cpp's fail_in_a (TeapotError: 418).
  EXPECT_NE(responses("/a/fail").find("\"409\""), std::string::npos) << responses("/a/fail");
  EXPECT_NE(responses("/b/teapot").find("\"418\""), std::string::npos) << responses("/b/teapot");
  EXPECT_EQ(responses("/a/hello").find("\"409\""), std::string::npos) << responses("/a/hello");
}

TEST_F(SplitServiceTest, TheStaticStatusHandlerOfOneSourceAnswersEveryHttpException) {
  auto raised = send(service_.port(), "GET", "/a/missing");
  EXPECT_EQ(raised.status, 404);
  EXPECT_EQ(raised.body, R"({"handled_by":"b","detail":"no such thing in a","path":"/a/missing"})");
  auto router = send(service_.port(), "GET", "/nowhere");
  EXPECT_EQ(router.status, 404);
  EXPECT_EQ(router.body, R"({"handled_by":"b","detail":"Not Found","path":"/nowhere"})");
}

TEST_F(SplitServiceTest, AHeadersStructIsABodyInBothSources) {
  auto a = send(service_.port(), "POST", "/a/items", R"({"name":"x","size":"3"})");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, R"({"from":"a","name":"x","size":3})");
  auto b = send(service_.port(), "POST", "/b/items", R"({"name":"y","size":4})");
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body, R"({"from":"b","name":"y","size":4})");
  auto invalid = send(service_.port(), "POST", "/b/items", R"({"name":"y"})");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find(R"("type":"missing","loc":["body","size"])"), std::string::npos)
      << invalid.body;
  EXPECT_TRUE(service_.alive());
}

}  // namespace
}  // namespace fastcpp::testing
