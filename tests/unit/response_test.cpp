// Starlette's responses: the headers its init_headers adds (content-length unless the status is
// bodyless, content-type with a charset for text), names lower-cased, the caller's headers first
// and winning, and RedirectResponse's quoting of the URL.
#include "fastcpp/response.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace fastcpp {
namespace {

TEST(ResponseTest, AddsTheLengthAndTheMediaTypeAfterTheCallersHeaders) {
  Response response("hello", 201, {{"X-Token", "a"}}, "application/octet-stream");
  EXPECT_EQ(response.status_code, 201);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(response.headers, (Headers{{"x-token", "a"},
                                       {"content-length", "5"},
                                       {"content-type", "application/octet-stream"}}));
}

TEST(ResponseTest, NoMediaTypeNoContentType) {
  Response response("x");
  EXPECT_EQ(response.headers, (Headers{{"content-length", "1"}}));
  EXPECT_EQ(Response().headers, (Headers{{"content-length", "0"}}));
}

TEST(ResponseTest, TextMediaTypesGetTheCharset) {
  EXPECT_EQ(*Response("x", 200, {}, "text/csv").header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(*Response("x", 200, {}, "application/json").header("content-type"), "application/json");
}

TEST(ResponseTest, BodylessStatusesHaveNoLength) {
  for (int status : {100, 101, 204, 304}) {
    EXPECT_EQ(Response(std::string{}, status).header("content-length"), nullptr) << status;
  }
  // Starlette only leaves it out for those: 205 still says 0.
  EXPECT_EQ(*Response(std::string{}, 205).header("content-length"), "0");
}

TEST(ResponseTest, TheCallersLengthAndTypeWin) {
  Response response("hello", 200, {{"Content-Length", "3"}, {"Content-Type", "text/x"}},
                    "text/plain");
  EXPECT_EQ(response.headers, (Headers{{"content-length", "3"}, {"content-type", "text/x"}}));
}

TEST(ResponseTest, HeaderLookupIgnoresCaseAndSetHeaderReplacesTheFirst) {
  Response response("x", 200, {{"X-A", "1"}, {"x-a", "2"}});
  EXPECT_EQ(*response.header("X-a"), "1");
  EXPECT_EQ(response.header("x-b"), nullptr);
  response.set_header("X-A", "3");
  response.set_header("X-B", "4");
  EXPECT_EQ(response.headers,
            (Headers{{"x-a", "3"}, {"x-a", "2"}, {"content-length", "1"}, {"x-b", "4"}}));
}

TEST(ResponseTest, TheResponseClassesMediaTypes) {
  PlainTextResponse text("hi", 418);
  EXPECT_EQ(text.status_code, 418);
  EXPECT_EQ(*text.header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(*HTMLResponse("<p>").header("content-type"), "text/html; charset=utf-8");
  JSONResponse json_response(json{{"a", nullptr}});
  EXPECT_EQ(json_response.body, R"({"a":null})");
  EXPECT_EQ(json_response.headers,
            (Headers{{"content-length", "10"}, {"content-type", "application/json"}}));
}

TEST(JSONResponseTest, ContentJsonCannotRenderThrows) {
  EXPECT_THROW(JSONResponse(json(std::numeric_limits<double>::infinity())), std::domain_error);
}

TEST(JSONResponseTest, WithAStatusTakesObjectBracesWithoutCopying) {
  json errors = {{{"type", "missing"}, {"loc", {"body"}}}};
  JSONResponse with_status(422, {{"detail", errors}, {"body", nullptr}});
  EXPECT_EQ(with_status.status_code, 422);
  EXPECT_EQ(with_status.body, json_dumps(json{{"detail", errors}, {"body", nullptr}}));
  EXPECT_EQ(*with_status.header("content-type"), "application/json");
  EXPECT_EQ(JSONResponse(201, {{"a", 1}, {"a", 2}}).body, R"({"a":1})");
  EXPECT_EQ(JSONResponse(201, {}).body, "{}");  // as JSONResponse({}) and Python's {}
  // Braces that are not an object's are a json value.
  EXPECT_EQ(JSONResponse(418, {1, 2}).body, "[1,2]");
  EXPECT_EQ(JSONResponse(418, {{"a", 1}, {"b"}}).body, R"([["a",1],["b"]])");
  EXPECT_EQ(JSONResponse(200, json{}).body, "null");
  // The content first takes the same braces.
  EXPECT_EQ(JSONResponse({{"item", "foo"}}).body, R"({"item":"foo"})");
  EXPECT_EQ(JSONResponse({1, 2}).body, "[1,2]");
  EXPECT_EQ(JSONResponse({}).body, "{}");
}

TEST(RedirectResponseTest, QuotesTheUrlAsStarlette) {
  // quote(url, safe=":/%#?=@[]!$&'()*+,;"): what is already escaped stays, the rest is encoded.
  RedirectResponse response("/a b/\xC3\xBC?q=1&r=%20#top");
  EXPECT_EQ(response.status_code, 307);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.headers,
            (Headers{{"content-length", "0"}, {"location", "/a%20b/%C3%BC?q=1&r=%20#top"}}));
  EXPECT_EQ(*RedirectResponse("http://x/{y}|\"\\", 302).header("location"),
            "http://x/%7By%7D%7C%22%5C");
}

TEST(RedirectResponseTest, TheCallersLocationIsReplaced) {
  RedirectResponse response("/new", 301, {{"Location", "/old"}, {"X-A", "1"}});
  EXPECT_EQ(response.headers,
            (Headers{{"location", "/new"}, {"x-a", "1"}, {"content-length", "0"}}));
}

}  // namespace
}  // namespace fastcpp
