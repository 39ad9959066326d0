// The request head as the server reads it: the request line, header fields as sent, framing,
// the limits and which status each refusal gets, and chunked bodies arriving in any pieces.
#include "http/request_head.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fastcpp::detail {
namespace {

using Status = HeadResult::Status;

RequestLimits small_limits() {
  RequestLimits limits;
  limits.max_uri_bytes = 100;
  limits.max_query_params = 3;
  limits.max_body_bytes = 16;
  return limits;
}

HeadResult parse(std::string_view bytes, RequestLimits limits = small_limits()) {
  return parse_request_head(bytes, limits);
}

Refusal refusal_of(std::string_view bytes, RequestLimits limits = small_limits()) {
  auto result = parse(bytes, limits);
  EXPECT_EQ(result.status, Status::kRefused) << bytes;
  return result.refusal;
}

TEST(RequestHeadTest, ReadsARequestLineAndFieldsAsSent) {
  std::string bytes = "GET /items/foo?q=1 HTTP/1.1\r\nHost: x\r\nX-Token:  a b \t\r\n\r\nrest";
  auto result = parse(bytes);
  ASSERT_EQ(result.status, Status::kComplete);
  const auto& head = result.head;
  EXPECT_EQ(head.method, "GET");
  EXPECT_EQ(head.target, "/items/foo?q=1");
  EXPECT_FALSE(head.http_1_0);
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.headers[1], (std::pair<std::string, std::string>{"X-Token", "a b"}));
  EXPECT_EQ(head.framing, Framing::kNone);
  EXPECT_TRUE(head.keep_alive);
  EXPECT_EQ(head.size, bytes.size() - 4);  // "rest" belongs to what follows
}

TEST(RequestHeadTest, ValuesAreLatin1AndNamesKeepTheirCase) {
  auto result = parse("GET / HTTP/1.1\r\nX-Bytes: a\xff\r\n\r\n");
  ASSERT_EQ(result.status, Status::kComplete);
  EXPECT_EQ(result.head.headers[0].first, "X-Bytes");
  EXPECT_EQ(result.head.headers[0].second, "a\xC3\xBF");
}

TEST(RequestHeadTest, BareLineFeedsEndLines) {
  auto result = parse("GET /a HTTP/1.1\nHost: x\r\nB: 2\n\n");
  ASSERT_EQ(result.status, Status::kComplete);
  ASSERT_EQ(result.head.headers.size(), 2u);
  EXPECT_EQ(result.head.headers[1].second, "2");
}

TEST(RequestHeadTest, AnIncompleteHeadWaitsForMore) {
  for (const char* bytes : {"", "GET", "GET /a HTTP/1.1\r\n", "GET /a HTTP/1.1\r\nHost: x\r\n",
                            "GET /a HTTP/1.1\r\nHost: x\r\n\r"}) {
    EXPECT_EQ(parse(bytes).status, Status::kIncomplete) << bytes;
  }
}

TEST(RequestHeadTest, KeepAliveFollowsTheVersionAndConnection) {
  EXPECT_FALSE(parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").head.keep_alive);
  EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").head.keep_alive);
  EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").head.keep_alive);
  EXPECT_TRUE(parse("GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n\r\n").head.keep_alive);
  EXPECT_FALSE(parse("GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n").head.keep_alive);
}

TEST(RequestHeadTest, FramingIsReadStrictly) {
  auto length = parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(length.head.framing, Framing::kLength);
  EXPECT_EQ(length.head.content_length, 5u);
  EXPECT_EQ(parse("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n").head.framing,
            Framing::kChunked);
  EXPECT_TRUE(parse("POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n").head.expect_continue);
  for (const char* fields :
       {"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "Content-Length: +3\r\n",
        "Content-Length: 3\r\nContent-Length: 4\r\n", "Content-Length: 3, 3\r\n"}) {
    EXPECT_EQ(refusal_of(std::string("POST / HTTP/1.1\r\n") + fields + "\r\n"),
              Refusal::kBadRequest)
        << fields;
  }
  // A declared length over the limit is refused before any of the body has come.
  EXPECT_EQ(refusal_of("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n"), Refusal::kBodyTooLarge);
}

TEST(RequestHeadTest, MalformedHeadsAreBadRequests) {
  for (const char* bytes :
       {"NONSENSE\r\n\r\n", "GET\r\n\r\n", "GET /a HTTP/9.9\r\n\r\n", "GET  /a HTTP/1.1\r\n\r\n",
        "GET a HTTP/1.1\r\n\r\n", "G@T /a HTTP/1.1\r\n\r\n", "\r\n\r\n",
        "GET /a\x01 HTTP/1.1\r\n\r\n", "GET /\xff HTTP/1.1\r\n\r\n",
        "GET /a HTTP/1.1\r\nBad Name: v\r\n\r\n", "GET /a HTTP/1.1\r\n: v\r\n\r\n",
        "GET /a HTTP/1.1\r\nNoColon\r\n\r\n", "GET /a HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET /a HTTP/1.1\r\nX: a\rb\r\n\r\n"}) {
    EXPECT_EQ(refusal_of(bytes), Refusal::kBadRequest) << bytes;
  }
  EXPECT_EQ(parse("OPTIONS * HTTP/1.1\r\n\r\n").status, Status::kComplete);
  EXPECT_EQ(parse("BREW /pot HTTP/1.1\r\n\r\n").head.method, "BREW");
}

TEST(RequestHeadTest, LimitsRefuseAsSoonAsTheyAreCrossed) {
  auto limits = small_limits();
  EXPECT_EQ(refusal_of("GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n", limits),
            Refusal::kUriTooLong);
  EXPECT_EQ(refusal_of("GET /?a&b&c&d HTTP/1.1\r\n\r\n", limits), Refusal::kTooManyQueryFields);

  std::string request = "GET /a HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n";
  EXPECT_EQ(parse(request, limits).status, Status::kComplete);
  limits.max_header_count = 2;
  EXPECT_EQ(refusal_of(request, limits), Refusal::kHeadersTooLarge);
  limits = small_limits();
  limits.max_head_bytes = request.size();
  EXPECT_EQ(parse(request, limits).status, Status::kComplete);
  limits.max_head_bytes = request.size() - 1;
  EXPECT_EQ(refusal_of(request, limits), Refusal::kHeadersTooLarge);
  // Crossed while the request line is still arriving, complete or not: the URI's fault.
  limits.max_head_bytes = 10;
  EXPECT_EQ(refusal_of("GET /abcdefgh", limits), Refusal::kUriTooLong);
  limits = small_limits();
  limits.max_line_bytes = 16;  // the request line is 17 bytes with its CRLF
  EXPECT_EQ(refusal_of(request, limits), Refusal::kUriTooLong);
  limits.max_line_bytes = 17;
  EXPECT_EQ(refusal_of("GET /a HTTP/1.1\r\nX-Long: 0123456789\r\n\r\n", limits),
            Refusal::kHeadersTooLarge);
}

// Feeds `body` to a decoder in pieces of `piece` bytes; returns the status and what it decoded.
std::pair<ChunkedDecoder::Status, std::string> decode(std::string_view body, std::size_t piece,
                                                      std::size_t* left_over = nullptr) {
  ChunkedDecoder decoder(16, 64, 2);
  std::string out;
  auto status = ChunkedDecoder::Status::kIncomplete;
  std::size_t pos = 0;
  while (pos < body.size() && status == ChunkedDecoder::Status::kIncomplete) {
    std::size_t consumed = 0;
    status = decoder.feed(body.substr(pos, piece), out, consumed);
    pos += consumed;
    if (consumed == 0 && status == ChunkedDecoder::Status::kIncomplete) break;
  }
  if (left_over) *left_over = body.size() - pos;
  return {status, out};
}

TEST(ChunkedDecoderTest, DecodesInAnyPieces) {
  std::string body = "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nNEXT";
  for (std::size_t piece : {1u, 2u, 7u, 1000u}) {
    std::size_t left_over = 0;
    auto [status, out] = decode(body, piece, &left_over);
    EXPECT_EQ(status, ChunkedDecoder::Status::kComplete) << piece;
    EXPECT_EQ(out, "abc0123456789") << piece;
    EXPECT_EQ(left_over, 4u) << piece;  // the next request's bytes are left alone
  }
}

TEST(ChunkedDecoderTest, RefusesBrokenAndOversizeBodies) {
  for (const char* body :
       {"zz\r\nabc\r\n0\r\n\r\n", "3\r\nabcdef\r\n0\r\n\r\n", "-1\r\nabc\r\n",
        "ffffffffffffffffff\r\na\r\n", "\r\n", "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"}) {
    ChunkedDecoder decoder(16, 64, 2);
    std::string out;
    std::size_t consumed = 0;
    EXPECT_EQ(decoder.feed(body, out, consumed), ChunkedDecoder::Status::kRefused) << body;
    EXPECT_EQ(decoder.refusal(), Refusal::kBadRequest) << body;
  }
  ChunkedDecoder decoder(16, 64, 2);
  std::string out;
  std::size_t consumed = 0;
  EXPECT_EQ(decoder.feed("11\r\n", out, consumed), ChunkedDecoder::Status::kRefused);
  EXPECT_EQ(decoder.refusal(), Refusal::kBodyTooLarge);
}

}  // namespace
}  // namespace fastcpp::detail
