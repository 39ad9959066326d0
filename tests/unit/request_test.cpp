// The request as Starlette decodes it: the query as parse_qsl, the path as uvicorn, cookies as
// Starlette's cookie_parser, headers case-insensitive.
#include "fastcpp/request.hpp"

#include <gtest/gtest.h>

#include <string>

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

// Starlette's FormParser over python-multipart's QuerystringParser (the cases of
// tests/conformance/forms.json, recorded from FastAPI, replay these end to end).
TEST(RequestTest, FormAsStarlettesFormParser) {
  using Pairs = Request::Pairs;
  EXPECT_EQ(detail::parse_form("a=1&a=2&b=x+y%21&&c=").fields,
            (Pairs{{"a", "1"}, {"a", "2"}, {"b", "x y!"}, {"c", ""}}));
  // A name without `=` is a field only when a separator follows it.
  EXPECT_EQ(detail::parse_form("a&b=1&c").fields, (Pairs{{"a", ""}, {"b", "1"}}));
  // `;` separates only where no `&` follows.
  EXPECT_EQ(detail::parse_form("a=1;b=2&c=3;d=4").fields,
            (Pairs{{"a", "1;b=2"}, {"c", "3"}, {"d", "4"}}));
  EXPECT_EQ(detail::parse_form("=x&k=a=b").fields, (Pairs{{"", "x"}, {"k", "a=b"}}));
  // Raw bytes are latin-1; escapes are UTF-8, U+FFFD where they are not.
  EXPECT_EQ(detail::parse_form("n=\xC3\xA9%C3%A9%FF").fields,
            (Pairs{{"n", "\xC3\x83\xC2\xA9\xC3\xA9\xEF\xBF\xBD"}}));
  EXPECT_TRUE(detail::parse_form("").fields.empty());
}

TEST(RequestTest, FormLimitsAsStarlette) {
  std::string fields;
  for (int i = 0; i < 1000; ++i) fields += "f=1&";
  EXPECT_EQ(detail::parse_form(fields).fields.size(), 1000u);
  EXPECT_EQ(detail::parse_form(fields + "f=1").error,
            "Too many fields. Maximum number of fields is 1000.");
  auto large = "n=" + std::string(detail::kFormMaxPartSize - 1, '1');
  EXPECT_TRUE(detail::parse_form(large).error.empty());
  EXPECT_EQ(detail::parse_form(large + "1").error, "Field exceeded maximum size of 1024KB.");
}

// python-multipart's parse_options_header: lower-cased without options, as written with them.
TEST(RequestTest, FormContentTypes) {
  EXPECT_TRUE(detail::is_form_content_type("application/x-www-form-urlencoded"));
  EXPECT_TRUE(detail::is_form_content_type(" Application/X-WWW-Form-Urlencoded "));
  EXPECT_TRUE(detail::is_form_content_type("application/x-www-form-urlencoded ; charset=utf-8"));
  EXPECT_FALSE(detail::is_form_content_type("Application/X-WWW-Form-Urlencoded; charset=utf-8"));
  EXPECT_FALSE(detail::is_form_content_type("application/x-www-form-urlencodedx"));
  EXPECT_FALSE(detail::is_form_content_type("multipart/form-data; boundary=x"));
  EXPECT_FALSE(detail::is_form_content_type(""));
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
