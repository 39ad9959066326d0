// The dispatcher's answers to requests, in process: routing (404, 405 + allow, redirect_slashes)
// and Starlette's exception layers.
#include "dispatcher.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "fastcpp/exception_handlers.hpp"
#include "items_service.hpp"

namespace fastcpp {
namespace {

Request get(std::string target, Request::Pairs headers = {{"Host", "testserver"}}) {
  return Request("GET", target, std::move(headers));
}

std::string header_of(const Response& response, std::string_view name) {
  const auto* value = response.header(name);
  return value ? *value : "<absent>";
}

TEST(RoutingTest, MatchesAPathParameter) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto request = get("/items/foo");
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.body, R"({"item":"The Foo Wrestlers"})");
  EXPECT_EQ(header_of(response, "content-type"), "application/json");
  EXPECT_EQ(header_of(response, "content-length"), "28");
}

TEST(RoutingTest, PercentDecodesThePathBeforeMatching) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto request = get("/items/%66oo");
  EXPECT_EQ(dispatcher.handle(request).status_code, 200);
}

TEST(RoutingTest, AnHttpExceptionBecomesItsDetailAndHeaders) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto request = get("/items/bar");
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.body, R"({"detail":"Item not found"})");
  EXPECT_EQ(header_of(response, "x-error"), "There goes my error");
  ASSERT_EQ(response.headers.size(), 3u);
  EXPECT_EQ(response.headers[0].first, "x-error");  // lower-cased, first, as Starlette sends them
}

TEST(RoutingTest, UnknownPathIsNotFound) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto request = get("/nowhere");
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.body, R"({"detail":"Not Found"})");
  EXPECT_EQ(header_of(response, "content-length"), "22");
}

TEST(RoutingTest, WrongMethodIs405WithTheFirstMatchingRoutesMethods) {
  detail::Dispatcher dispatcher(testing::items_service());
  Request request("DELETE", "/things", {});
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 405);
  EXPECT_EQ(response.body, R"({"detail":"Method Not Allowed"})");
  EXPECT_EQ(header_of(response, "allow"), "GET");
}

TEST(RoutingTest, HeadAndOptionsAreNotAddedToGetRoutes) {
  detail::Dispatcher dispatcher(testing::items_service());
  for (const char* method : {"HEAD", "OPTIONS"}) {
    Request request(method, "/items/foo", {});
    auto response = dispatcher.handle(request);
    EXPECT_EQ(response.status_code, 405) << method;
    EXPECT_EQ(header_of(response, "allow"), "GET") << method;
  }
}

TEST(RoutingTest, LaterRouteWithTheMethodWinsOverAnEarlierPartialMatch) {
  detail::Dispatcher dispatcher(testing::items_service());
  Request request("POST", "/things", {});
  EXPECT_EQ(dispatcher.handle(request).status_code, 200);
}

TEST(RoutingTest, TrailingSlashRedirectsWithTheHostAndQuery) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto request = get("/items/foo/?q=1&r=%20");
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 307);
  EXPECT_EQ(header_of(response, "location"), "http://testserver/items/foo?q=1&r=%20");
  EXPECT_EQ(header_of(response, "content-length"), "0");
  EXPECT_EQ(header_of(response, "content-type"), "<absent>");
  EXPECT_EQ(response.body, "");
}

TEST(RoutingTest, EveryTrailingSlashIsStrippedAndAMissingOneAdded) {
  Service service = testing::items_service();
  service.routes.push_back({"/slash/", {"POST"}, [](const Request&) { return Response(); }});
  detail::Dispatcher dispatcher(std::move(service));
  auto stripped = get("/things///");
  EXPECT_EQ(header_of(dispatcher.handle(stripped), "location"), "http://testserver/things");
  Request added("POST", "/slash", {{"Host", "example.com:8080"}});
  auto response = dispatcher.handle(added);
  EXPECT_EQ(response.status_code, 307);
  EXPECT_EQ(header_of(response, "location"), "http://example.com:8080/slash/");
}

TEST(RoutingTest, PercentInTheDecodedPathIsNotReescaped) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto request = get("/items/%2541/");
  EXPECT_EQ(header_of(dispatcher.handle(request), "location"), "http://testserver/items/%41");
}

TEST(RoutingTest, PathConverterTakesTheRestAndIntConverterOnlyDigits) {
  detail::Dispatcher dispatcher(testing::items_service());
  auto file = get("/files/a/b/c.txt");
  EXPECT_EQ(dispatcher.handle(file).body, "a/b/c.txt");
  auto number = get("/numbers/42");
  EXPECT_EQ(dispatcher.handle(number).body, "42");
  auto not_a_number = get("/numbers/x");
  // A converter mismatch is a 404, not a 422.
  EXPECT_EQ(dispatcher.handle(not_a_number).status_code, 404);
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
  detail::Dispatcher dispatcher(
      throwing_service([] { throw std::runtime_error("secret internals"); }));
  auto request = get("/boom");
  auto response = dispatcher.handle(request);
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.body, "Internal Server Error");
}

TEST(ExceptionLayersTest, NonStandardThrowsAreAPlain500Too) {
  auto service = throwing_service([] { throw 42; });
  service.handle_server_error = [](const Request&, const std::exception&) {
    return PlainTextResponse("handled", 500);
  };
  detail::Dispatcher dispatcher(std::move(service));
  auto request = get("/boom");
  EXPECT_EQ(dispatcher.handle(request).body, "Internal Server Error");
}

TEST(ExceptionLayersTest, TheServerErrorHandlerAnswersStandardExceptions) {
  auto service = throwing_service([] { throw std::logic_error("x"); });
  service.handle_server_error = [](const Request&, const std::exception& exc) {
    return JSONResponse(500, {{"error", exc.what()}});
  };
  detail::Dispatcher dispatcher(std::move(service));
  auto request = get("/boom");
  EXPECT_EQ(dispatcher.handle(request).body, R"({"error":"x"})");
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
  detail::Dispatcher dispatcher(std::move(service));
  auto request = get("/boom");
  auto response = dispatcher.handle(request);
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
  detail::Dispatcher dispatcher(std::move(service));
  auto request = get("/boom");
  EXPECT_EQ(dispatcher.handle(request).status_code, 500);
  EXPECT_EQ(calls, 2);
}

TEST(ExceptionLayersTest, RouterErrorsGoThroughTheHandlersToo) {
  Service service = testing::items_service();
  service.handle_exception = [](const Request& request, std::exception_ptr error) -> Response {
    try {
      std::rethrow_exception(error);
    } catch (const starlette::HTTPException& exc) {  // the router's class, FastAPI's base
      return PlainTextResponse(
          "custom " + std::to_string(exc.status_code()) + " at " + request.path(),
          exc.status_code());
    }
  };
  detail::Dispatcher dispatcher(std::move(service));
  auto request = get("/nowhere");
  EXPECT_EQ(dispatcher.handle(request).body, "custom 404 at /nowhere");
  Request wrong("PUT", "/things", {});
  EXPECT_EQ(dispatcher.handle(wrong).body, "custom 405 at /things");
}

TEST(ExceptionLayersTest, UnrenderableJsonIsA500) {
  detail::Dispatcher dispatcher(throwing_service([] { throw HTTPException(400, std::nan("")); }));
  auto request = get("/boom");
  EXPECT_EQ(dispatcher.handle(request).status_code, 500);
}

}  // namespace
}  // namespace fastcpp
