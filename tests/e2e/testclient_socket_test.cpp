// TestClient and the real server give the same answers: each request goes once through
// TestClient and once, with the very headers TestClient sends, over a socket to the same service
// behind App::start. Services: the items sample (linked as the library fastcpp_add_service's
// LIBRARY builds), its conformance fixture's requests; the hand-registered items service; and a
// service with middleware (CORS, GZip, a user middleware).
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fastcpp/testclient.hpp"
#include "items_service.hpp"
#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp {
namespace {

struct Case {
  std::string method;
  std::string target;
  Headers headers;  // beside TestClient's own
  std::string body;
};

// The headers every TestClient request starts with (Starlette's TestClient over httpx).
Headers testclient_headers() {
  return {{"host", "testserver"},
          {"accept", "*/*"},
          {"accept-encoding", "gzip, deflate"},
          {"connection", "keep-alive"},
          {"user-agent", "testclient"}};
}

// A gzip member's bytes 4 to 7 are the time it was written.
std::string without_gzip_time(std::string body) {
  if (body.size() > 8 && body.compare(0, 2, "\x1f\x8b") == 0) body.replace(4, 4, 4, '\0');
  return body;
}

void expect_same_answers(const std::function<Service()>& make_service,
                         const std::vector<Case>& cases) {
  App app(make_service());
  Config config;
  config.port = 0;
  config.access_log = false;
  ASSERT_TRUE(app.start(config)) << app.error();
  TestClient client(make_service(), /*raise_server_exceptions=*/false);
  client.follow_redirects = false;

  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.target);
    RequestOptions options;
    options.headers = c.headers;
    if (!c.body.empty()) options.content = c.body;
    auto in_process = client.request(c.method, c.target, options);

    auto headers = testclient_headers();
    headers.insert(headers.end(), c.headers.begin(), c.headers.end());
    if (!c.body.empty()) headers.emplace_back("content-length", std::to_string(c.body.size()));
    auto wire =
        testing::exchange(app.port(), testing::build_request(c.method, c.target, headers, c.body),
                          c.method == "HEAD", /*probe_keep_alive=*/false)
            .response;
    ASSERT_TRUE(wire.ok) << wire.error;

    EXPECT_EQ(in_process.status_code, wire.status);
    EXPECT_EQ(without_gzip_time(in_process.content), without_gzip_time(wire.body));
    Headers wire_headers;
    for (const auto& [name, value] : wire.headers) {
      // A streamed answer has no length of its own (uvicorn would send it chunked).
      bool streamed = name == "content-length" && !in_process.header("content-length");
      if (name != "date" && name != "connection" && !streamed)
        wire_headers.emplace_back(name, value);
    }
    EXPECT_EQ(in_process.headers, wire_headers);
  }
}

// Every request of the items sample's conformance fixture, recorded from FastAPI.
std::vector<Case> items_fixture_cases() {
  std::ifstream file(FASTCPP_CONFORMANCE_DIR "/items.json");
  std::stringstream text;
  text << file.rdbuf();
  auto fixture = nlohmann::json::parse(text.str());
  std::vector<Case> cases;
  for (const auto& entry : fixture["cases"]) {
    const auto& request = entry["request"];
    Case c{request["method"], request["target"], {}, request.value("body", "")};
    for (const auto& header : request["headers"]) {
      auto name = header[0].get<std::string>();
      // TestClient sends its own host and length.
      if (name == "Host" || name == "Content-Length") continue;
      c.headers.emplace_back(name, header[1].get<std::string>());
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(TestClientSocketTest, TheItemsSampleAnswersAlike) {
  auto cases = items_fixture_cases();
  ASSERT_GT(cases.size(), 20u);
  expect_same_answers(fastcpp_generated::service, cases);
}

TEST(TestClientSocketTest, TheHandRegisteredServiceAnswersAlike) {
  expect_same_answers(testing::items_service, {{"GET", "/items/foo", {}, ""},
                                               {"GET", "/items/bar", {}, ""},
                                               {"GET", "/numbers/12", {}, ""},
                                               {"GET", "/numbers/x", {}, ""},
                                               {"POST", "/echo", {}, "some body"},
                                               {"DELETE", "/empty", {}, ""},
                                               {"HEAD", "/things", {}, ""},
                                               {"GET", "/crash", {}, ""},
                                               {"GET", "/inject", {}, ""}});
}

Service middleware_service() {
  auto service = testing::items_service();
  service.routes.push_back(
      {"/big", {"GET"}, [](const Request&) { return PlainTextResponse(std::string(2000, 'x')); }});
  service.middleware.emplace_back([](Request& request, const CallNext& call_next) -> Response {
    if (request.path() == "/answer") return PlainTextResponse("from the middleware", 202);
    auto response = call_next(request);
    response.set_header("x-middleware", "seen");
    return response;
  });
  service.middleware.emplace_back(GZipMiddleware{});
  CORSMiddleware cors;
  cors.allow_origins = {"https://example.com"};
  cors.allow_credentials = true;
  service.middleware.emplace_back(cors);
  return service;
}

TEST(TestClientSocketTest, AServiceWithMiddlewareAnswersAlike) {
  Headers origin = {{"Origin", "https://example.com"}};
  Headers preflight = {{"Origin", "https://example.com"}, {"Access-Control-Request-Method", "GET"}};
  expect_same_answers(middleware_service, {{"GET", "/items/foo", origin, ""},
                                           {"GET", "/nothing", origin, ""},
                                           {"GET", "/answer", origin, ""},
                                           {"OPTIONS", "/items/foo", preflight, ""},
                                           {"GET", "/big", {}, ""},
                                           {"GET", "/crash", origin, ""}});
}

TEST(TestClientSocketTest, AWebSocketToNoRouteIsRefusedAlike) {
  App app(testing::items_service());
  Config config;
  config.port = 0;
  config.access_log = false;
  ASSERT_TRUE(app.start(config)) << app.error();
  testing::WsClient wire(app.port(), "/nowhere");
  TestClient client(testing::items_service());
  try {
    client.websocket_connect("/nowhere");
    FAIL() << "the handshake was refused";
  } catch (const WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), wire.handshake_status());
    EXPECT_EQ(denial.response().content, wire.handshake_body());
  }
}

}  // namespace
}  // namespace fastcpp
