// The server's short path takes only requests it can answer exactly as the full path would;
// everything else must be declined (nullopt), never answered differently.
#include <gtest/gtest.h>

#include <string>

#include "limits.hpp"

namespace fastcpp::detail {
namespace {

constexpr std::size_t kMaxUri = 100;
constexpr std::size_t kMaxQuery = 3;
constexpr std::size_t kMaxBody = 16;

std::optional<SimpleRequest> parse(std::string_view bytes, HeadLimits limits = {}) {
  return parse_simple_request(bytes, limits, kMaxUri, kMaxQuery, kMaxBody);
}

TEST(SimpleRequestTest, ReadsAPlainGet) {
  std::string bytes = "GET /items/foo?q=1 HTTP/1.1\r\nHost: x\r\nX-Token:  a b \t\r\n\r\n";
  auto request = parse(bytes);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->method, "GET");
  EXPECT_EQ(request->target, "/items/foo?q=1");
  ASSERT_EQ(request->headers.size(), 2u);
  EXPECT_EQ(request->headers[1], (std::pair<std::string, std::string>{"X-Token", "a b"}));
  EXPECT_EQ(request->body, "");
  EXPECT_FALSE(request->close);
  EXPECT_EQ(request->size, bytes.size());
}

TEST(SimpleRequestTest, TakesOneRequestOfSeveralPipelined) {
  std::string first = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
  auto request = parse(first + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->body, "hello");
  EXPECT_EQ(request->size, first.size());
}

TEST(SimpleRequestTest, NotesConnectionClose) {
  auto request = parse("DELETE /a HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n");
  ASSERT_TRUE(request);
  EXPECT_TRUE(request->close);
}

TEST(SimpleRequestTest, DeclinesWhatTheFullParserMustJudge) {
  const char* cases[] = {
      "GET /a HTTP/1.1\r\nHost: x\r\n",                                // head not complete
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel",   // body not complete
      "GET /a HTTP/1.0\r\nHost: x\r\n\r\n",                            // not HTTP/1.1
      "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n",                           // HEAD
      "GET /a HTTP/1.1\r\n\r\n",                                       // no Host
      "GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",                 // two Hosts
      "GET  /a HTTP/1.1\r\nHost: x\r\n\r\n",                           // two spaces
      "GET a HTTP/1.1\r\nHost: x\r\n\r\n",                             // not origin-form
      "GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n",                        // control byte
      "GET /a HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",             // name not a token
      "GET /a HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",                 // obs-fold
      "GET /a HTTP/1.1\r\nHost: x\r\nX: caf\xc3\xa9\r\n\r\n",          // non-ASCII value
      "GET /a HTTP/1.1\r\nHost: x\r\nX: a\nb\r\n\r\n",                 // bare LF
      "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n",
      "POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nRange: pages=1\r\n\r\n",
      "GET /a HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\n\r\n",
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\na",
      "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n01234567890123456",  // > max body
      "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na",      // a GET with a body
      "GET /a?a&b&c&d HTTP/1.1\r\nHost: x\r\n\r\n",                    // too many query fields
  };
  for (const char* bytes : cases) {
    EXPECT_FALSE(parse(bytes)) << bytes;
  }
  std::string long_target = "GET /" + std::string(kMaxUri, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_FALSE(parse(long_target));
}

TEST(SimpleRequestTest, DeclinesHeadsOverTheLimits) {
  std::string request = "GET /a HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n";
  HeadLimits limits;
  EXPECT_TRUE(parse(request, limits));
  limits.max_header_count = 2;
  EXPECT_FALSE(parse(request, limits));
  limits = {};
  limits.max_head_bytes = request.size() - 1;
  EXPECT_FALSE(parse(request, limits));
  limits = {};
  limits.max_line_bytes = 16;  // the request line is 17 bytes with its CRLF
  EXPECT_FALSE(parse(request, limits));
}

}  // namespace
}  // namespace fastcpp::detail
