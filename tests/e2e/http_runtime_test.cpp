// The runtime over a real socket, with routes registered by hand: what a client sees on the wire,
// and that errors keep the connection open as FastAPI's do.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "fastcpp/app.hpp"
#include "items_service.hpp"
#include "raw_http.hpp"

namespace fastcpp {
namespace {

using testing::build_request;
using testing::exchange;
using testing::RawConnection;

class HttpRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<App>(testing::items_service());
    Config config;
    config.port = 0;
    config.access_log = false;
    config.max_body_bytes = 1024;
    ASSERT_TRUE(app_->start(config));
  }

  testing::Exchange get(const std::string& target, testing::HeaderList headers = {}) {
    headers.insert(headers.begin(), {"Host", "testserver"});
    return exchange(app_->port(), build_request("GET", target, headers, ""), false);
  }

  std::unique_ptr<App> app_;
};

// A request that arrives whole and one whose head arrives in pieces (the connection then waits
// in the event loop between them) get the same answer. (`date` may tick between the two.)
TEST_F(HttpRuntimeTest, ARequestInPiecesIsAnsweredAsTheSameRequestWhole) {
  auto sorted = [](testing::HeaderList headers) {
    auto date = std::find_if(headers.begin(), headers.end(),
                             [](const auto& header) { return header.first == "date"; });
    EXPECT_NE(date, headers.end());
    if (date != headers.end()) headers.erase(date);
    std::sort(headers.begin(), headers.end());
    return headers;
  };
  const std::string requests[] = {
      build_request("GET", "/items/foo", {{"Host", "x"}}, ""),
      build_request("GET", "/items/bar?q=1", {{"Host", "x"}}, ""),
      build_request("GET", "/nowhere", {{"Host", "x"}}, ""),
      build_request("GET", "/crash", {{"Host", "x"}}, ""),
      build_request("GET", "/inject", {{"Host", "x"}}, ""),
      build_request("POST", "/items/foo", {{"Host", "x"}, {"Content-Length", "0"}}, ""),
      build_request("POST", "/echo", {{"Host", "x"}, {"Content-Length", "5"}}, "hello"),
      build_request("DELETE", "/empty", {{"Host", "x"}}, ""),
      build_request("GET", "/items/foo", {{"Host", "x"}, {"Connection", "close"}}, ""),
  };
  for (const auto& request : requests) {
    SCOPED_TRACE(request);
    RawConnection whole(app_->port());
    ASSERT_TRUE(whole.send(request));
    auto expected = whole.read_response();
    ASSERT_TRUE(expected.ok) << expected.error;

    RawConnection pieces(app_->port());
    auto cut = request.find("\r\n") + 2;  // the request line, then the rest
    ASSERT_TRUE(pieces.send(request.substr(0, cut)));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(pieces.send(request.substr(cut)));
    auto actual = pieces.read_response();
    ASSERT_TRUE(actual.ok) << actual.error;

    EXPECT_EQ(actual.status, expected.status);
    EXPECT_EQ(actual.reason, expected.reason);
    EXPECT_EQ(sorted(actual.headers), sorted(expected.headers));
    EXPECT_EQ(actual.body, expected.body);
    EXPECT_EQ(pieces.kept_open(), whole.kept_open());
  }
}

TEST_F(HttpRuntimeTest, SuccessKeepsTheConnectionOpen) {
  auto result = get("/items/foo");
  ASSERT_TRUE(result.response.ok) << result.response.error;
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.body, R"({"item":"The Foo Wrestlers"})");
  EXPECT_EQ(*result.response.header("content-type"), "application/json");
  EXPECT_EQ(*result.response.header("content-length"), "28");
  EXPECT_TRUE(result.kept_open);
}

TEST_F(HttpRuntimeTest, ErrorsKeepTheConnectionOpenToo) {
  for (const char* target : {"/items/bar", "/nowhere", "/crash"}) {
    auto result = get(target);
    ASSERT_TRUE(result.response.ok) << target;
    EXPECT_FALSE(result.response.has_header("connection")) << target;
    EXPECT_TRUE(result.kept_open) << target;
  }
}

TEST_F(HttpRuntimeTest, HttpExceptionOnTheWire) {
  auto result = get("/items/bar");
  EXPECT_EQ(result.response.status, 404);
  EXPECT_EQ(result.response.body, R"({"detail":"Item not found"})");
  EXPECT_EQ(*result.response.header("x-error"), "There goes my error");
}

TEST_F(HttpRuntimeTest, AClientThatAsksToCloseGetsItsWay) {
  auto result = get("/items/bar", {{"Connection", "close"}});
  EXPECT_EQ(result.response.status, 404);
  EXPECT_FALSE(result.kept_open);
}

TEST_F(HttpRuntimeTest, HeadOnAGetRouteIs405WithTheLengthButNoBody) {
  auto result = exchange(app_->port(), build_request("HEAD", "/items/foo", {{"Host", "x"}}, ""),
                         /*head_request=*/true);
  EXPECT_EQ(result.response.status, 405);
  EXPECT_EQ(*result.response.header("allow"), "GET");
  EXPECT_EQ(*result.response.header("content-length"), "31");
  EXPECT_EQ(result.response.body, "");
  EXPECT_TRUE(result.kept_open);
}

TEST_F(HttpRuntimeTest, NoContentHasNoLengthAndNoBody) {
  auto result =
      exchange(app_->port(), build_request("DELETE", "/empty", {{"Host", "x"}}, ""), false);
  EXPECT_EQ(result.response.status, 204);
  EXPECT_FALSE(result.response.has_header("content-length"));
  EXPECT_TRUE(result.kept_open);
}

TEST_F(HttpRuntimeTest, UnhandledExceptionsAreAPlain500ThatLeaksNothing) {
  auto result = get("/crash");
  EXPECT_EQ(result.response.status, 500);
  EXPECT_EQ(result.response.body, "Internal Server Error");
  EXPECT_EQ(*result.response.header("content-type"), "text/plain; charset=utf-8");
}

TEST_F(HttpRuntimeTest, AHeaderWithCrLfIsNeverWritten) {
  auto result = get("/inject");
  EXPECT_EQ(result.response.status, 500);
  EXPECT_FALSE(result.response.has_header("set-cookie"));
  EXPECT_FALSE(result.response.has_header("x-evil"));
  // A NUL is no token character either, in a name as in a value.
  EXPECT_EQ(get("/inject-name").response.status, 500);
}

TEST_F(HttpRuntimeTest, ABodyOverTheLimitIs413InFastApisShape) {
  auto result = exchange(app_->port(),
                         build_request("POST", "/echo", {{"Host", "x"}, {"Content-Length", "4096"}},
                                       std::string(4096, 'a')),
                         false, /*probe_keep_alive=*/false);
  EXPECT_EQ(result.response.status, 413);
  EXPECT_EQ(result.response.body, R"({"detail":"Content Too Large"})");
}

TEST_F(HttpRuntimeTest, AMalformedRequestLineIs400AndTheServerLives) {
  auto result = exchange(app_->port(), "NONSENSE\r\n\r\n", false, /*probe_keep_alive=*/false);
  EXPECT_EQ(result.response.status, 400);
  EXPECT_EQ(get("/items/foo").response.status, 200);
}

TEST_F(HttpRuntimeTest, ManyRequestsOnOneConnectionMixingErrors) {
  RawConnection connection(app_->port());
  ASSERT_TRUE(connection.connected());
  for (int i = 0; i < 50; ++i) {
    auto target = i % 2 ? "/items/foo" : "/items/bar";
    ASSERT_TRUE(connection.send(build_request("GET", target, {{"Host", "x"}}, "")));
    auto response = connection.read_response();
    ASSERT_TRUE(response.ok) << i << ": " << response.error;
    EXPECT_EQ(response.status, i % 2 ? 200 : 404);
  }
}

}  // namespace
}  // namespace fastcpp
