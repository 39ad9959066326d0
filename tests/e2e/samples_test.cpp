// The generated samples on a real port, for what the recorded FastAPI fixtures cannot show:
// the WebSocket sample, C++-only throws, and that the server outlives every error.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp::testing {
namespace {

RawResponse get(int port, const std::string& target) {
  return exchange(port, build_request("GET", target, {{"Host", "testserver"}}, ""), false, false)
      .response;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What fastcpp-gen computed is what the service serves: the golden document (raised errors
// included), which tests/golden holds to fastcpp-gen's --dump-openapi.
TEST(DocsSampleTest, EachSampleServesItsDocument) {
  for (const char* name : {"items", "unicorns", "kitchen_sink", "websockets", "dependencies"}) {
    ServiceProcess service(sample_executable(name));
    ASSERT_TRUE(service.started()) << service.error();
    auto response = get(service.port(), "/openapi.json");
    EXPECT_EQ(response.status, 200) << name;
    EXPECT_EQ(response.joined_header("content-type"), "application/json") << name;
    EXPECT_EQ(response.body,
              read_file(std::string(FASTCPP_SOURCE_DIR "/tests/golden/") + name + ".openapi.json"))
        << name;
  }
}

TEST(DocsSampleTest, TheItemsSampleServesSwaggerUiReDocAndTheirAssets) {
  ServiceProcess service(sample_executable("items"));
  ASSERT_TRUE(service.started()) << service.error();
  auto docs = get(service.port(), "/docs");
  EXPECT_EQ(docs.status, 200);
  EXPECT_EQ(docs.joined_header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(docs.body.find("<script src=\"/docs/swagger-ui-bundle.js\"></script>"),
            std::string::npos);
  EXPECT_NE(docs.body.find("url: '/openapi.json'"), std::string::npos);
  auto bundle = get(service.port(), "/docs/swagger-ui-bundle.js");
  EXPECT_EQ(bundle.status, 200);
  EXPECT_GT(bundle.body.size(), 1000000U);  // the whole bundle, from libfastcpp itself
  auto redoc = get(service.port(), "/redoc");
  EXPECT_EQ(redoc.status, 200);
  EXPECT_NE(redoc.body.find("<redoc spec-url=\"/openapi.json\"></redoc>"), std::string::npos);
  EXPECT_EQ(get(service.port(), "/redoc/redoc.standalone.js").status, 200);
  EXPECT_EQ(get(service.port(), "/docs/oauth2-redirect").status, 200);
  // The service's own routes are unchanged.
  EXPECT_EQ(get(service.port(), "/items/bar").body, R"({"detail":"Item not found"})");
}

// fastcpp_add_service(... TITLE "Items" VERSION "2.0" DESCRIPTION ... OPENAPI_URL
// /api/openapi.json DOCS_URL /help NO_REDOC NO_RAISED_ERRORS), tests/e2e/CMakeLists.txt.
TEST(DocsSampleTest, TheServicesOptionsMoveAndTurnOffTheRoutes) {
  ServiceProcess service(sample_executable("../tests/e2e/items_docs_options"));
  ASSERT_TRUE(service.started()) << service.error();
  auto document = get(service.port(), "/api/openapi.json");
  EXPECT_EQ(document.status, 200);
  EXPECT_NE(
      document.body.find(
          R"("info":{"title":"Items","description":"The items, documented","version":"2.0"})"),
      std::string::npos);
  EXPECT_EQ(document.body.find(R"("404")"), std::string::npos);  // FastAPI's: no raised errors
  auto help = get(service.port(), "/help");
  EXPECT_EQ(help.status, 200);
  EXPECT_NE(help.body.find("<title>Items - Swagger UI</title>"), std::string::npos);
  EXPECT_NE(help.body.find("url: '/api/openapi.json'"), std::string::npos);
  EXPECT_EQ(get(service.port(), "/help/swagger-ui.css").status, 200);
  EXPECT_EQ(get(service.port(), "/openapi.json").status, 404);
  EXPECT_EQ(get(service.port(), "/docs").status, 404);
  EXPECT_EQ(get(service.port(), "/redoc").status, 404);
}

// FASTCPP_APP(fastcpp::FastAPI().title("Extras")...docs_url("/api/docs").redoc_url(nullptr)
// .redirect_slashes(false)) in tests/e2e/fastapi_extras/main.cpp; its conformance fixture has
// the rest. FastAPI's OAuth2 redirect page stays at /docs/oauth2-redirect.
TEST(DocsSampleTest, TheSourcesAppOptionsMoveTheDocs) {
  ServiceProcess service(sample_executable("../tests/e2e/fastapi_extras"));
  ASSERT_TRUE(service.started()) << service.error();
  auto docs = get(service.port(), "/api/docs");
  EXPECT_EQ(docs.status, 200);
  EXPECT_NE(docs.body.find("<title>Extras - Swagger UI</title>"), std::string::npos);
  EXPECT_NE(docs.body.find("url: '/api/openapi.json'"), std::string::npos);
  EXPECT_NE(docs.body.find("oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect'"),
            std::string::npos);
  EXPECT_EQ(get(service.port(), "/api/docs/swagger-ui.css").status, 200);
  EXPECT_EQ(get(service.port(), "/docs/oauth2-redirect").status, 200);
  EXPECT_EQ(get(service.port(), "/redoc").status, 404);
}

// The same source with fastcpp_add_service(... TITLE "Overridden" OPENAPI_URL /openapi.json):
// each option given there wins over FASTCPP_APP's; the others are the source's.
TEST(DocsSampleTest, TheServicesOptionsWinOverTheSources) {
  ServiceProcess service(sample_executable("../tests/e2e/fastapi_extras_overridden"));
  ASSERT_TRUE(service.started()) << service.error();
  auto document = get(service.port(), "/openapi.json");
  EXPECT_EQ(document.status, 200);
  EXPECT_NE(document.body.find(R"("info":{"title":"Overridden","description":"FastAPI's extras, )"
                               R"(in C++","version":"1.2.3"})"),
            std::string::npos)
      << document.body.substr(0, 200);
  EXPECT_EQ(get(service.port(), "/api/openapi.json").status, 404);
  auto docs = get(service.port(), "/api/docs");
  EXPECT_EQ(docs.status, 200);
  EXPECT_NE(docs.body.find("url: '/openapi.json'"), std::string::npos);
  EXPECT_EQ(get(service.port(), "/redoc").status, 404);
  EXPECT_EQ(get(service.port(), "/limit/").status, 404);  // redirect_slashes=False still
}

// tests/reference/fastapi_extras.py's quit_handler after accept(): FastAPI's answer, recorded
// with the websockets client, is the handler's close frame, (4000, "quit: Resign"). Before
// accept() it is a 403, and GameOver's handler (it takes a Request) answers the upgrade with its
// response: the conformance fixture.
TEST(WebSocketHandlersTest, AHandlerThatTakesTheWebSocketClosesItAfterAccept) {
  ServiceProcess service(sample_executable("../tests/e2e/fastapi_extras"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/ws/quit-after");
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_text("hi"));
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4000);
  EXPECT_EQ(client.close_info().reason, "quit: Resign");
}

TEST(WebSocketsSampleTest, WithoutTheCookieTheUpgradeIsRefusedWith403) {
  ServiceProcess service(sample_executable("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws");
  EXPECT_FALSE(client.connected());  // the WebSocketException came before accept(): no 101
  EXPECT_EQ(client.handshake_status(), 403);
}

TEST(WebSocketsSampleTest, EchoesTheSessionCookieQueryAndItemId) {
  ServiceProcess service(sample_executable("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?q=3", {{"Cookie", "session=fake-cookie"}});
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_text("Hello"));
  EXPECT_EQ(client.receive(), "Session cookie is: fake-cookie");
  EXPECT_EQ(client.receive(), "Query parameter q is: 3");
  EXPECT_EQ(client.receive(), "Message text was: Hello, for item ID: foo");
  client.close(1000);
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_TRUE(service.alive());
}

TEST(WebSocketsSampleTest, AnInvalidQueryIsRefusedWith403) {
  ServiceProcess service(sample_executable("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?q=abc", {{"Cookie", "session=x"}});
  EXPECT_FALSE(client.connected());  // the errors are not sent: uvicorn's 403 has no body
  EXPECT_EQ(client.handshake_status(), 403);
  EXPECT_EQ(client.handshake_body(), "");
}

TEST(WebSocketsSampleTest, TheClientsCloseCodeIsEchoed) {
  ServiceProcess service(sample_executable("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws", {{"Cookie", "session=x"}});
  ASSERT_TRUE(client.connected());
  client.close(4004, "leaving");
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4004);
  EXPECT_EQ(client.close_info().reason, "leaving");
  EXPECT_TRUE(service.alive());
}

TEST(WebSocketsSampleTest, WebSocketExceptionAfterAcceptSendsItsCodeAndReason) {
  ServiceProcess service(sample_executable("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/close");
  ASSERT_TRUE(client.send_text("4003 not today"));
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_EQ(client.close_info().code, 4003);
  EXPECT_EQ(client.close_info().reason, "not today");
}

TEST(WebSocketsSampleTest, AFailingEndpointClosesWith1011AndTheServiceLives) {
  ServiceProcess service(sample_executable("websockets"));
  ASSERT_TRUE(service.started()) << service.error();
  {
    WsClient client(service.port(), "/broken");
    ASSERT_TRUE(client.send_text("x"));
    EXPECT_EQ(client.receive(), std::nullopt);
    EXPECT_EQ(client.close_info().code, 1011);
  }
  EXPECT_TRUE(service.alive());
  // An HTTP request to a WebSocket-only path is a 404, as in FastAPI.
  EXPECT_EQ(get(service.port(), "/items/foo/ws").status, 404);
}

// Beyond Starlette: the server's own refusals carry the service's CORS headers, so that a
// browser shows the 413 or the 431 instead of a CORS failure.
TEST(CorsSampleTest, TheServersRefusalsHaveCorsHeaders) {
  ServiceProcess service(sample_executable("cors"));
  ASSERT_TRUE(service.started()) << service.error();
  const HeaderList origin = {{"Host", "testserver"}, {"Origin", "http://localhost:8080"}};
  auto too_large = origin;
  too_large.emplace_back("Content-Length", "999999999");
  auto body =
      exchange(service.port(), build_request("POST", "/items/", too_large, ""), false, false)
          .response;
  EXPECT_EQ(body.status, 413);
  EXPECT_EQ(body.joined_header("access-control-allow-origin"), "http://localhost:8080");
  EXPECT_EQ(body.joined_header("access-control-allow-credentials"), "true");
  EXPECT_EQ(body.joined_header("vary"), "Origin");

  auto huge = origin;
  huge.emplace_back("X-Big", std::string(40 * 1024, 'x'));
  auto head = exchange(service.port(), build_request("GET", "/", huge, ""), false, false).response;
  EXPECT_EQ(head.status, 431);
  EXPECT_EQ(head.joined_header("access-control-allow-origin"), "http://localhost:8080");

  auto other = exchange(service.port(),
                        build_request("POST", "/items/",
                                      {{"Host", "testserver"},
                                       {"Origin", "https://evil.example"},
                                       {"Content-Length", "999999999"}},
                                      ""),
                        false, false)
                   .response;
  EXPECT_EQ(other.status, 413);
  EXPECT_FALSE(other.has_header("access-control-allow-origin"));
}

TEST(KitchenSinkSampleTest, AThrowThatIsNotAStdExceptionIsAPlain500) {
  ServiceProcess service(sample_executable("kitchen_sink"));
  ASSERT_TRUE(service.started()) << service.error();
  auto response = get(service.port(), "/errors/non-std");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, "Internal Server Error");  // the std::exception handler never sees it
  EXPECT_TRUE(service.alive());
}

TEST(KitchenSinkSampleTest, ErrorsKeepTheConnectionOpen) {
  ServiceProcess service(sample_executable("kitchen_sink"));
  ASSERT_TRUE(service.started()) << service.error();
  for (const char* target : {"/errors/base", "/errors/runtime", "/path/int/abc", "/nowhere"}) {
    auto result =
        exchange(service.port(), build_request("GET", target, {{"Host", "x"}}, ""), false, true);
    EXPECT_TRUE(result.kept_open) << target;
  }
}

// The WebSocket tutorial's get_cookie_or_token (samples/dependencies), answered as FastAPI 0.115.11
// answers tests/reference/dependencies.py (checked with the websockets client against it); the
// refusals are conformance cases (tests/conformance/dependencies.json, "ws-*").
TEST(DependenciesSampleTest, AWebSocketDependencyReadsTheQueryToken) {
  ServiceProcess service(sample_executable("dependencies"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?token=some-token");
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_text("Hello"));
  EXPECT_EQ(client.receive(), "Session cookie or query token value is: some-token");
  EXPECT_EQ(client.receive(), "Message text was: Hello, for item ID: foo");
  client.close(1000);
  EXPECT_EQ(client.receive(), std::nullopt);
}

TEST(DependenciesSampleTest, AWebSocketDependencyPrefersTheSessionCookie) {
  ServiceProcess service(sample_executable("dependencies"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?token=tok&q=5", {{"Cookie", "session=cook"}});
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_text("Hello"));
  EXPECT_EQ(client.receive(), "Session cookie or query token value is: cook");
  EXPECT_EQ(client.receive(), "Query parameter q is: 5");
  EXPECT_EQ(client.receive(), "Message text was: Hello, for item ID: foo");
  client.close(1000);
  EXPECT_EQ(client.receive(), std::nullopt);
  EXPECT_TRUE(service.alive());
}

TEST(DependenciesSampleTest, WithoutCookieOrTokenTheUpgradeIsRefusedWith403) {
  ServiceProcess service(sample_executable("dependencies"));
  ASSERT_TRUE(service.started()) << service.error();
  WsClient client(service.port(), "/items/foo/ws?q=3");
  EXPECT_FALSE(client.connected());
  EXPECT_EQ(client.handshake_status(), 403);
}

}  // namespace
}  // namespace fastcpp::testing
