// The runtime's answers to requests, in process: routing (404, 405 + allow, redirect_slashes),
// FastAPI's default handlers byte for byte, and Starlette's exception layers.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "fastcpp/app.hpp"
#include "fastcpp/exception_handlers.hpp"

namespace fastcpp {
namespace {

Request get(std::string target, Request::Pairs headers = {{"Host", "testserver"}}) {
  return Request("GET", target, std::move(headers));
}

std::string header_of(const Response& response, std::string_view name) {
  const auto* value = response.header(name);
  return value ? *value : "<absent>";
}

Service items_service() {
  Service service;
  service.routes.push_back({"/items/{item_id}", {"GET"}, [](const Request& request) -> Response {
                              if (*request.path_param("item_id") != "foo") {
                                throw HTTPException(404, "Item not found",
                                                    {{"X-Error", "There goes my error"}});
                              }
                              return JSONResponse({{"item", "The Foo Wrestlers"}});
                            }});
  service.routes.push_back({"/things", {"GET"}, [](const Request&) { return Response(); }});
  service.routes.push_back({"/things", {"POST"}, [](const Request&) { return Response(); }});
  service.routes.push_back({"/files/{file_path:path}", {"GET"}, [](const Request& request) {
                              return PlainTextResponse(*request.path_param("file_path"));
                            }});
  service.routes.push_back({"/numbers/{n:int}", {"GET"}, [](const Request& request) {
                              return PlainTextResponse(*request.path_param("n"));
                            }});
  return service;
}

TEST(RoutingTest, MatchesAPathParameter) {
  App app(items_service());
  auto request = get("/items/foo");
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.body, R"({"item":"The Foo Wrestlers"})");
  EXPECT_EQ(header_of(response, "content-type"), "application/json");
  EXPECT_EQ(header_of(response, "content-length"), "28");
}

TEST(RoutingTest, PercentDecodesThePathBeforeMatching) {
  App app(items_service());
  auto request = get("/items/%66oo");
  EXPECT_EQ(app.handle(request).status_code, 200);
}

TEST(RoutingTest, AnHttpExceptionBecomesItsDetailAndHeaders) {
  App app(items_service());
  auto request = get("/items/bar");
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.body, R"({"detail":"Item not found"})");
  EXPECT_EQ(header_of(response, "x-error"), "There goes my error");
  ASSERT_EQ(response.headers.size(), 3u);
  EXPECT_EQ(response.headers[0].first, "x-error");  // lower-cased, first, as Starlette sends them
}

TEST(RoutingTest, UnknownPathIsNotFound) {
  App app(items_service());
  auto request = get("/nowhere");
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.body, R"({"detail":"Not Found"})");
  EXPECT_EQ(header_of(response, "content-length"), "22");
}

TEST(RoutingTest, WrongMethodIs405WithTheFirstMatchingRoutesMethods) {
  App app(items_service());
  Request request("DELETE", "/things", {});
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 405);
  EXPECT_EQ(response.body, R"({"detail":"Method Not Allowed"})");
  EXPECT_EQ(header_of(response, "allow"), "GET");
}

TEST(RoutingTest, HeadAndOptionsAreNotAddedToGetRoutes) {
  App app(items_service());
  for (const char* method : {"HEAD", "OPTIONS"}) {
    Request request(method, "/items/foo", {});
    auto response = app.handle(request);
    EXPECT_EQ(response.status_code, 405) << method;
    EXPECT_EQ(header_of(response, "allow"), "GET") << method;
  }
}

TEST(RoutingTest, LaterRouteWithTheMethodWinsOverAnEarlierPartialMatch) {
  App app(items_service());
  Request request("POST", "/things", {});
  EXPECT_EQ(app.handle(request).status_code, 200);
}

TEST(RoutingTest, TrailingSlashRedirectsWithTheHostAndQuery) {
  App app(items_service());
  auto request = get("/items/foo/?q=1&r=%20");
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 307);
  EXPECT_EQ(header_of(response, "location"), "http://testserver/items/foo?q=1&r=%20");
  EXPECT_EQ(header_of(response, "content-length"), "0");
  EXPECT_EQ(header_of(response, "content-type"), "<absent>");
  EXPECT_EQ(response.body, "");
}

TEST(RoutingTest, EveryTrailingSlashIsStrippedAndAMissingOneAdded) {
  Service service = items_service();
  service.routes.push_back({"/slash/", {"POST"}, [](const Request&) { return Response(); }});
  App app(std::move(service));
  auto stripped = get("/things///");
  EXPECT_EQ(header_of(app.handle(stripped), "location"), "http://testserver/things");
  Request added("POST", "/slash", {{"Host", "example.com:8080"}});
  auto response = app.handle(added);
  EXPECT_EQ(response.status_code, 307);
  EXPECT_EQ(header_of(response, "location"), "http://example.com:8080/slash/");
}

TEST(RoutingTest, PercentInTheDecodedPathIsNotReescaped) {
  App app(items_service());
  auto request = get("/items/%2541/");
  EXPECT_EQ(header_of(app.handle(request), "location"), "http://testserver/items/%41");
}

TEST(RoutingTest, PathConverterTakesTheRestAndIntConverterOnlyDigits) {
  App app(items_service());
  auto file = get("/files/a/b/c.txt");
  EXPECT_EQ(app.handle(file).body, "a/b/c.txt");
  auto number = get("/numbers/42");
  EXPECT_EQ(app.handle(number).body, "42");
  auto not_a_number = get("/numbers/x");
  EXPECT_EQ(app.handle(not_a_number).status_code, 404);  // a converter mismatch is a 404, not 422
}

// ---- Default handlers ------------------------------------------------------------------------

TEST(DefaultHandlersTest, DetailMayBeAnyJson) {
  Request request;
  HTTPException exc(400, {{"a", 1}, {"b", {true, nullptr, 1.5}}});
  auto response = exception_handlers::http_exception_handler(request, exc);
  EXPECT_EQ(response.body, R"({"detail":{"a":1,"b":[true,null,1.5]}})");
}

TEST(DefaultHandlersTest, NullDetailIsTheStatusPhrase) {
  Request request;
  EXPECT_EQ(exception_handlers::http_exception_handler(request, HTTPException(418)).body,
            R"({"detail":"I'm a Teapot"})");
  EXPECT_EQ(exception_handlers::http_exception_handler(request, HTTPException(422)).body,
            R"({"detail":"Unprocessable Content"})");
}

TEST(DefaultHandlersTest, UnknownStatusWithoutDetailFailsLikePython) {
  EXPECT_THROW(HTTPException(299), std::invalid_argument);
  EXPECT_NO_THROW(HTTPException(299, "fine"));
}

TEST(DefaultHandlersTest, BodylessStatuses) {
  Request request;
  auto no_content = exception_handlers::http_exception_handler(request, HTTPException(204));
  EXPECT_EQ(no_content.body, "");
  EXPECT_EQ(header_of(no_content, "content-length"), "<absent>");
  EXPECT_EQ(header_of(no_content, "content-type"), "<absent>");
  auto reset = exception_handlers::http_exception_handler(request, HTTPException(205));
  EXPECT_EQ(reset.body, "");
  EXPECT_EQ(header_of(reset, "content-length"), "0");
  auto not_modified = exception_handlers::http_exception_handler(
      request, HTTPException(304, nullptr, {{"ETag", "x"}}));
  EXPECT_EQ(header_of(not_modified, "content-length"), "<absent>");
  EXPECT_EQ(header_of(not_modified, "etag"), "x");
}

TEST(DefaultHandlersTest, ExceptionHeadersMayReplaceContentType) {
  Request request;
  auto response = exception_handlers::http_exception_handler(
      request, HTTPException(400, "x", {{"Content-Type", "text/x"}}));
  EXPECT_EQ(header_of(response, "content-type"), "text/x");
  EXPECT_EQ(response.headers.size(), 2u);
}

TEST(DefaultHandlersTest, ValidationErrorsAre422WithTheListOnly) {
  Request request;
  json errors = json::array({{{"type", "missing"},
                              {"loc", {"query", "n"}},
                              {"msg", "Field required"},
                              {"input", nullptr}}});
  auto response = exception_handlers::request_validation_exception_handler(
      request, RequestValidationError(errors, {{"ignored", true}}));
  EXPECT_EQ(response.status_code, 422);
  EXPECT_EQ(response.body,
            R"({"detail":[{"type":"missing","loc":["query","n"],"msg":"Field required","input":null}]})");
}

TEST(DefaultHandlersTest, InternalServerErrorIsPlainText) {
  auto response = exception_handlers::internal_server_error();
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.body, "Internal Server Error");
  EXPECT_EQ(header_of(response, "content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(header_of(response, "content-length"), "21");
}

TEST(ExceptionTextTest, StrAndReprAsPython) {
  HTTPException exc(404, "Item not found");
  EXPECT_STREQ(exc.what(), "404: Item not found");
  EXPECT_EQ(HTTPException(418, "Nope! I don't like 3.").repr(),
            R"(HTTPException(status_code=418, detail="Nope! I don't like 3."))");
  EXPECT_STREQ(WebSocketException(1008).what(), "1008: ");
}

// ---- Exception layers ------------------------------------------------------------------------

struct Boom {};

Service throwing_service(std::function<void()> thrower) {
  Service service;
  service.routes.push_back({"/boom", {"GET"}, [thrower](const Request&) -> Response {
                              thrower();
                              return Response();
                            }});
  return service;
}

TEST(ExceptionLayersTest, AnythingUnhandledIsAPlain500) {
  App app(throwing_service([] { throw std::runtime_error("secret internals"); }));
  auto request = get("/boom");
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.body, "Internal Server Error");
}

TEST(ExceptionLayersTest, NonStandardThrowsAreAPlain500Too) {
  auto service = throwing_service([] { throw 42; });
  service.handle_server_error = [](const Request&, const std::exception&) {
    return PlainTextResponse("handled", 500);
  };
  App app(std::move(service));
  auto request = get("/boom");
  EXPECT_EQ(app.handle(request).body, "Internal Server Error");
}

TEST(ExceptionLayersTest, TheServerErrorHandlerAnswersStandardExceptions) {
  auto service = throwing_service([] { throw std::logic_error("x"); });
  service.handle_server_error = [](const Request&, const std::exception& exc) {
    return JSONResponse(500, {{"error", exc.what()}});
  };
  App app(std::move(service));
  auto request = get("/boom");
  EXPECT_EQ(app.handle(request).body, R"({"error":"x"})");
}

TEST(ExceptionLayersTest, AnExceptionFromAHandlerIsLookedUpOnceMore) {
  auto service = throwing_service([] { throw Boom{}; });
  int calls = 0;
  service.handle_exception = [&calls](const Request& request, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const Boom&) {
      ++calls;
      throw HTTPException(409, "chained");
    } catch (const HTTPException& exc) {
      return exception_handlers::http_exception_handler(request, exc);
    }
  };
  App app(std::move(service));
  auto request = get("/boom");
  auto response = app.handle(request);
  EXPECT_EQ(response.status_code, 409);
  EXPECT_EQ(response.body, R"({"detail":"chained"})");
  EXPECT_EQ(calls, 1);
}

TEST(ExceptionLayersTest, AHandlerRethrowingItsOwnClassRunsTwiceThen500) {
  auto service = throwing_service([] { throw Boom{}; });
  int calls = 0;
  service.handle_exception = [&calls](const Request&, std::exception_ptr error) -> Response {
    ++calls;
    std::rethrow_exception(error);
  };
  App app(std::move(service));
  auto request = get("/boom");
  EXPECT_EQ(app.handle(request).status_code, 500);
  EXPECT_EQ(calls, 2);
}

TEST(ExceptionLayersTest, RouterErrorsGoThroughTheHandlersToo) {
  Service service = items_service();
  service.handle_exception = [](const Request& request, std::exception_ptr error) -> Response {
    try {
      std::rethrow_exception(error);
    } catch (const HTTPException& exc) {
      return PlainTextResponse("custom " + std::to_string(exc.status_code()) + " at " +
                               request.path(), exc.status_code());
    }
  };
  App app(std::move(service));
  auto request = get("/nowhere");
  EXPECT_EQ(app.handle(request).body, "custom 404 at /nowhere");
  Request wrong("PUT", "/things", {});
  EXPECT_EQ(app.handle(wrong).body, "custom 405 at /things");
}

TEST(ExceptionLayersTest, UnrenderableJsonIsA500) {
  App app(throwing_service([] { throw HTTPException(400, std::nan("")); }));
  auto request = get("/boom");
  EXPECT_EQ(app.handle(request).status_code, 500);
}

// ---- Request parsing -------------------------------------------------------------------------

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
