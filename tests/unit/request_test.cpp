// The request as Starlette decodes it: the query as parse_qsl, the path as uvicorn, cookies as
// Starlette's cookie_parser, headers case-insensitive.
#include "fastcpp/request.hpp"

#include <gtest/gtest.h>

namespace fastcpp {
namespace {

TEST(RequestTest, QueryAsParseQsl) {
  Request request("GET", "/q?a=1&a=2&b&c=&d=x+y&e=%C3%BC&&f=%zz", {});
  EXPECT_EQ(*request.query_param("a"), "2");
  EXPECT_EQ(request.query_values("a").size(), 2u);
  EXPECT_EQ(*request.query_param("b"), "");
  EXPECT_EQ(*request.query_param("c"), "");
  EXPECT_EQ(*request.query_param("d"), "x y");
  EXPECT_EQ(*request.query_param("e"), "\xC3\xBC");
  EXPECT_EQ(*request.query_param("f"), "%zz");
  EXPECT_EQ(request.query_param("g"), nullptr);
}

TEST(RequestTest, PathDecodingKeepsInvalidEscapesAndReplacesInvalidUtf8) {
  EXPECT_EQ(Request("GET", "/a%20b/%zz/+", {}).path(), "/a b/%zz/+");
  EXPECT_EQ(Request("GET", "/%FF", {}).path(), "/\xEF\xBF\xBD");
  // One U+FFFD per maximal ill-formed part, as urllib.parse.unquote: E2 82 is one, ED A0 80 three.
  EXPECT_EQ(Request("GET", "/%E2%82A", {}).path(),
            "/\xEF\xBF\xBD"
            "A");
  EXPECT_EQ(Request("GET", "/%ED%A0%80", {}).path(), "/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(RequestTest, CookiesAsStarlette) {
  Request request("GET", "/", {{"Cookie", "a=1; b=\"quoted\"; a=3; lone; c = spaced "}});
  EXPECT_EQ(*request.cookie("a"), "3");
  EXPECT_EQ(*request.cookie("b"), "quoted");
  EXPECT_EQ(*request.cookie(""), "lone");
  EXPECT_EQ(*request.cookie("c"), "spaced");
}

TEST(RequestTest, QuotedCookieEscapesNameCharacters) {
  // http.cookies._unquote: an octal escape is the character of that code, and a backslash
  // quotes a whole (here two-byte) character; both stay valid UTF-8.
  Request request("GET", "/", {{"Cookie", "a=\"\\254\"; b=\"\\\xC3\xA9x\"; c=\"\\101\\\"\""}});
  EXPECT_EQ(*request.cookie("a"), "\xC2\xAC");
  EXPECT_EQ(*request.cookie("b"), "\xC3\xA9x");
  EXPECT_EQ(*request.cookie("c"), "A\"");
}

TEST(RequestTest, HeadersAreCaseInsensitive) {
  Request request("GET", "/", {{"X-Token", "a"}, {"x-token", "b"}});
  EXPECT_EQ(*request.header("X-TOKEN"), "a");
  EXPECT_EQ(request.header_values("x-token").size(), 2u);
}

}  // namespace
}  // namespace fastcpp
