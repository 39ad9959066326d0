// The bytes of a response: status line, headers in the response's order, `date`, the length
// rule for bodyless statuses and HEAD, and the refusals' FastAPI shape.
#include "http/response_writer.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "fastcpp/exceptions.hpp"

namespace fastcpp::detail {
namespace {

// The bytes with the `date` line taken out, after checking it is there and well-formed.
std::string without_date(const std::string& bytes) {
  static const std::regex date(
      "date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|"
      "Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d GMT\r\n");
  std::smatch match;
  EXPECT_TRUE(std::regex_search(bytes, match, date)) << bytes;
  return match.empty() ? bytes : match.prefix().str() + match.suffix().str();
}

TEST(ResponseWriterTest, WritesTheResponseAsStarletteBuiltIt) {
  auto bytes = serialize(JSONResponse(json{{"item", "foo"}}, 200, {{"X-Error", "e"}}), false);
  EXPECT_EQ(without_date(bytes),
            "HTTP/1.1 200 OK\r\nx-error: e\r\ncontent-length: 14\r\n"
            "content-type: application/json\r\n\r\n{\"item\":\"foo\"}");
}

TEST(ResponseWriterTest, SaysCloseOnceWhenTheConnectionEnds) {
  Response response("x", 200, {{"Connection", "keep-alive"}});
  auto bytes = without_date(serialize(response, true));
  EXPECT_EQ(bytes, "HTTP/1.1 200 OK\r\ncontent-length: 1\r\nconnection: close\r\n\r\nx");
}

TEST(ResponseWriterTest, BodylessStatusesNeverCarryABody) {
  // A handler that returns content with 204 or 304 must not have it read as the next response.
  for (int status : {204, 304, 101}) {
    Response response("not sent", status, {{"content-length", "8"}});
    auto bytes = without_date(serialize(response, false));
    EXPECT_EQ(bytes.find("not sent"), std::string::npos) << status;
    EXPECT_EQ(bytes.find("content-length"), std::string::npos) << status;
    EXPECT_EQ(bytes.substr(bytes.size() - 4), "\r\n\r\n") << status;
  }
}

TEST(ResponseWriterTest, AnswersToHeadKeepTheLengthButNotTheBody) {
  auto bytes = without_date(serialize(Response("hello", 405), false, /*head_request=*/true));
  EXPECT_EQ(bytes, "HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 5\r\n\r\n");
}

TEST(ResponseWriterTest, RefusalsHaveFastApisShape) {
  struct Case {
    Refusal refusal;
    int status;
    const char* body;
  };
  for (const auto& [refusal, status, body] : {
           Case{Refusal::kBadRequest, 400, R"({"detail":"Bad Request"})"},
           Case{Refusal::kBodyTooLarge, 413, R"({"detail":"Content Too Large"})"},
           Case{Refusal::kUriTooLong, 414, R"({"detail":"URI Too Long"})"},
           Case{Refusal::kHeadersTooLarge, 431, R"({"detail":"Request Header Fields Too Large"})"},
           Case{Refusal::kTimeout, 408, R"({"detail":"Request Timeout"})"},
           Case{Refusal::kTooManyQueryFields, 400, R"({"detail":"Too many query parameters"})"},
           Case{Refusal::kUnavailable, 503, R"({"detail":"Service Unavailable"})"},
       }) {
    EXPECT_EQ(refusal_status(refusal), status);
    auto response = refusal_response(refusal);
    EXPECT_EQ(response.status_code, status);
    EXPECT_EQ(response.body, body);
  }
}

TEST(ResponseWriterTest, AnUnsafeHeaderBecomesThePlain500) {
  auto response = checked_response(Response("x", 200, {{"X-A", "a\r\nInjected: 1"}}), "GET", "/");
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(checked_response(Response("x", 200, {{"X A", "a"}}), "GET", "/").status_code, 500);
  EXPECT_EQ(checked_response(Response("x", 201), "GET", "/").status_code, 201);
}

TEST(ResponseWriterTest, TheDateIsFormattedOnceASecond) {
  auto first = http_date();
  auto second = http_date();
  EXPECT_EQ(first.data(), second.data());  // the same buffer, not a new string
  EXPECT_EQ(first.size(), 29u);
}

}  // namespace
}  // namespace fastcpp::detail
