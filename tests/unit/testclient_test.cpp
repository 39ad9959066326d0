// TestClient: requests as Starlette's TestClient (httpx 0.28) sends them, answers as the
// dispatcher gives them, and WebSocket sessions. The requests' headers, query encoding and
// client address below are what Starlette 0.46's TestClient sent to an echoing FastAPI app.
#include "fastcpp/testclient.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "items_service.hpp"

namespace fastcpp {
namespace {

// A route that answers what it received, as the echo app of the recording did.
Service echo_service() {
  Service service;
  service.routes.push_back(
      {"/echo", {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}, [](const Request& request) {
         json headers = json::array();
         for (const auto& [name, value] : request.headers()) headers.push_back({name, value});
         json query = json::array();
         for (const auto& [name, value] : request.query_params()) query.push_back({name, value});
         return JSONResponse({{"method", request.method()},
                              {"headers", headers},
                              {"query", request.query_string()},
                              {"params", query},
                              {"client", {request.client_host(), request.client_port()}},
                              {"body", request.body()}});
       }});
  service.routes.push_back({"/set-cookie", {"GET"}, [](const Request&) {
                              return JSONResponse(
                                  json::object(), 200,
                                  {{"set-cookie", "sid=abc; Path=/; SameSite=lax"}});
                            }});
  service.routes.push_back(
      {"/delete-cookie", {"GET"}, [](const Request&) {
         return JSONResponse(json::object(), 200, {{"set-cookie", "sid=\"\"; Max-Age=0; Path=/"}});
       }});
  service.routes.push_back(
      {"/see-other", {"POST"}, [](const Request&) { return RedirectResponse("/echo", 303); }});
  service.routes.push_back({"/elsewhere", {"GET"}, [](const Request&) {
                              return RedirectResponse("https://example.com/", 307);
                            }});
  return service;
}

json headers_of(const TestResponse& response) { return response.json()["headers"]; }

TEST(TestClientTest, AnswersAsTheServiceDoes) {
  TestClient client(testing::items_service());
  auto found = client.get("/items/foo");
  EXPECT_EQ(found.status_code, 200);
  EXPECT_EQ(found.json(), json({{"item", "The Foo Wrestlers"}}));
  EXPECT_EQ(found.text(), R"({"item":"The Foo Wrestlers"})");
  EXPECT_EQ(found.header("Content-Type"), "application/json");

  auto missing = client.get("/items/bar");
  EXPECT_EQ(missing.status_code, 404);
  EXPECT_EQ(missing.json(), json({{"detail", "Item not found"}}));
  EXPECT_EQ(missing.header("x-error"), "There goes my error");
  EXPECT_EQ(missing.header("x-absent"), std::nullopt);

  auto not_allowed = client.request("PUT", "/items/foo");
  EXPECT_EQ(not_allowed.status_code, 405);
  EXPECT_EQ(not_allowed.header("allow"), "GET");
}

TEST(TestClientTest, SendsTheHeadersStarlettesTestClientSends) {
  TestClient client(echo_service());
  RequestOptions options;
  options.headers = {{"X-A", "1"}};
  options.cookies = {{"k", "v"}};
  auto response = client.get("/echo", options);
  EXPECT_EQ(headers_of(response), json::parse(R"([["host","testserver"],["accept","*/*"],
      ["accept-encoding","gzip, deflate"],["connection","keep-alive"],
      ["user-agent","testclient"],["X-A","1"],["cookie","k=v"]])"));
  EXPECT_EQ(response.json()["client"], json::parse(R"(["testclient",50000])"));
  EXPECT_EQ(response.url, "http://testserver/echo");
}

TEST(TestClientTest, SendsJsonCompactWithItsLengthAndType) {
  TestClient client(echo_service());
  auto response = client.post("/echo", {{"a", "\u00e9"}, {"b", {1, 2}}}, {{"X-A", "1"}});
  EXPECT_EQ(response.json()["body"], "{\"a\":\"\u00e9\",\"b\":[1,2]}");
  auto headers = headers_of(response);
  ASSERT_EQ(headers.size(), 8u);
  EXPECT_EQ(headers[5], json::parse(R"(["X-A","1"])"));
  EXPECT_EQ(headers[6], json::parse(R"(["content-length","20"])"));
  EXPECT_EQ(headers[7], json::parse(R"(["content-type","application/json"])"));
}

// `data=` as Starlette's TestClient (httpx) sent it to the echoing FastAPI app: quote_plus'ed,
// its length and type after the caller's headers; a form wins over `json=`, an empty one not.
TEST(TestClientTest, SendsFormDataUrlencoded) {
  TestClient client(echo_service());
  auto response = client.post_form(
      "/echo", {{"username", "johndoe"}, {"password", "sec ret/\u00e9&=+~*"}}, {{"X-A", "1"}});
  EXPECT_EQ(response.json()["body"], "username=johndoe&password=sec+ret%2F%C3%A9%26%3D%2B~%2A");
  auto headers = headers_of(response);
  ASSERT_EQ(headers.size(), 8u);
  EXPECT_EQ(headers[5], json::parse(R"(["X-A","1"])"));
  EXPECT_EQ(headers[6], json::parse(R"(["content-length","55"])"));
  EXPECT_EQ(headers[7], json::parse(R"(["content-type","application/x-www-form-urlencoded"])"));

  RequestOptions both;
  both.data = {{"a", "1"}};
  both.json = json({{"a", 1}});
  EXPECT_EQ(client.post("/echo", both).json()["body"], "a=1");
  both.data.clear();
  EXPECT_EQ(client.post("/echo", both).json()["body"], "{\"a\":1}");
}

TEST(TestClientTest, SendsRawContentWithoutAType) {
  TestClient client(echo_service());
  RequestOptions options;
  options.content = "raw";
  auto response = client.request("PATCH", "/echo", options);
  EXPECT_EQ(response.json()["method"], "PATCH");
  EXPECT_EQ(response.json()["body"], "raw");
  EXPECT_EQ(headers_of(response).back(), json::parse(R"(["content-length","3"])"));
}

TEST(TestClientTest, EncodesParamsAsHttpxDoesAndTheyReplaceThePathsQuery) {
  TestClient client(echo_service());
  RequestOptions options;
  options.params = {{"a", "b c"}, {"d", "\u00e9/&"}};
  auto response = client.get("/echo?x=1", options);
  EXPECT_EQ(response.json()["query"], "a=b+c&d=%C3%A9%2F%26");
  EXPECT_EQ(response.json()["params"], json::parse(R"([["a","b c"],["d","\u00e9/&"]])"));

  auto written = client.get("/echo?q=1&q=2");
  EXPECT_EQ(written.json()["query"], "q=1&q=2");
}

TEST(TestClientTest, RaisesWhatReachesTheServerErrorLayer) {
  TestClient client(testing::items_service());
  EXPECT_THROW(
      {
        try {
          client.get("/crash");
        } catch (const std::runtime_error& error) {
          EXPECT_STREQ(error.what(), "secret internals");
          throw;
        }
      },
      std::runtime_error);

  TestClient quiet(testing::items_service(), /*raise_server_exceptions=*/false);
  auto response = quiet.get("/crash");
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.text(), "Internal Server Error");
  EXPECT_EQ(response.header("content-type"), "text/plain; charset=utf-8");
}

TEST(TestClientTest, FollowsRedirectsToItsOwnOrigin) {
  TestClient client(testing::items_service());
  auto response = client.get("/items/foo/?q=1");
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.url, "http://testserver/items/foo?q=1");

  client.follow_redirects = false;
  auto redirect = client.get("/items/foo/");
  EXPECT_EQ(redirect.status_code, 307);
  EXPECT_EQ(redirect.header("location"), "http://testserver/items/foo");
}

TEST(TestClientTest, A303BecomesAGetAndAnotherOriginIsNotFollowed) {
  TestClient client(echo_service());
  auto response = client.post("/see-other", {{"a", 1}});
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.json()["method"], "GET");
  EXPECT_EQ(response.json()["body"], "");

  auto elsewhere = client.get("/elsewhere");
  EXPECT_EQ(elsewhere.status_code, 307);
  EXPECT_EQ(elsewhere.header("location"), "https://example.com/");
}

TEST(TestClientTest, KeepsCookiesTheServiceSets) {
  TestClient client(echo_service());
  client.get("/set-cookie");
  ASSERT_EQ(client.cookies.size(), 1u);
  EXPECT_EQ(headers_of(client.get("/echo")).back(), json::parse(R"(["cookie","sid=abc"])"));
  client.get("/delete-cookie");
  EXPECT_TRUE(client.cookies.empty());
}

TEST(TestClientTest, AHeadAnswerKeepsItsLengthNotItsBody) {
  Service service;
  service.routes.push_back({"/h", {"HEAD"}, [](const Request&) {
                              return JSONResponse({{"a", 1}});
                            }});
  TestClient client(std::move(service));
  auto response = client.head("/h");
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.content, "");
  EXPECT_EQ(response.header("content-length"), "7");
}

// ---- WebSocket sessions --------------------------------------------------------------------

Service websocket_service() {
  Service service;
  service.websocket_routes.push_back({"/ws", [](WebSocket& websocket) {
                                        websocket.accept();
                                        json headers = json::array();
                                        for (const auto& [name, value] :
                                             websocket.request().headers()) {
                                          headers.push_back({name, value});
                                        }
                                        websocket.send_json({{"headers", headers}});
                                        auto text = websocket.receive_text();
                                        websocket.send_text("echo: " + text);
                                        websocket.close(1001, "bye");
                                      }});
  service.websocket_routes.push_back(
      {"/deny", [](WebSocket& websocket) { websocket.close(1008); }});
  service.websocket_routes.push_back(
      {"/teapot", [](WebSocket&) { throw HTTPException(418, "I'm a teapot"); }});
  return service;
}

TEST(TestClientWebSocketTest, ExchangesMessagesAndSeesTheClose) {
  TestClient client(websocket_service());
  auto session = client.websocket_connect("/ws", {{"X-B", "2"}});
  EXPECT_EQ(session.receive_json()["headers"], json::parse(R"([["host","testserver"],
      ["accept","*/*"],["accept-encoding","gzip, deflate"],["user-agent","testclient"],
      ["X-B","2"],["connection","upgrade"],["sec-websocket-key","testserver=="],
      ["sec-websocket-version","13"]])"));
  session.send_text("hello");
  EXPECT_EQ(session.receive_text(), "echo: hello");
  try {
    session.receive_text();
    FAIL() << "the endpoint closed";
  } catch (const WebSocketDisconnect& disconnect) {
    EXPECT_EQ(disconnect.code(), 1001);
    EXPECT_EQ(disconnect.reason(), "bye");
  }
}

TEST(TestClientWebSocketTest, TheClientsCloseEndsTheEndpointsReceive) {
  auto seen = std::make_shared<std::pair<int, std::string>>();
  Service service;
  service.websocket_routes.push_back({"/listen", [seen](WebSocket& websocket) {
                                        websocket.accept();
                                        try {
                                          websocket.receive_text();
                                        } catch (const WebSocketDisconnect& disconnect) {
                                          *seen = {disconnect.code(), disconnect.reason()};
                                        }
                                      }});
  TestClient client(std::move(service));
  {
    auto session = client.websocket_connect("/listen");
    session.close(1000, "done");
  }  // the session waits for its endpoint to return
  EXPECT_EQ(*seen, std::make_pair(1000, std::string("done")));
}

TEST(TestClientWebSocketTest, ACloseBeforeAcceptIsTheServers403) {
  TestClient client(websocket_service());
  try {
    client.websocket_connect("/deny");
    FAIL() << "the handshake was refused";
  } catch (const WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), 403);
    EXPECT_EQ(denial.code(), 1006);
    EXPECT_EQ(denial.response().header("content-type"), "text/plain");
  }
  EXPECT_THROW(client.websocket_connect("/nowhere"), WebSocketDenialResponse);
}

TEST(TestClientWebSocketTest, AnHttpExceptionBeforeAcceptIsItsHandlersAnswer) {
  TestClient client(websocket_service());
  try {
    client.websocket_connect("/teapot");
    FAIL() << "the handshake was refused";
  } catch (const WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), 418);
    EXPECT_EQ(denial.response().json(), json({{"detail", "I'm a teapot"}}));
  }
}

// Starlette's middleware on a WebSocket: TrustedHost and HTTPSRedirect answer the handshake, as
// tests/conformance/middleware.json records them; CORS, GZip and a user middleware let it pass.
TEST(TestClientWebSocketTest, TrustedHostAndHttpsRedirectAnswerTheHandshake) {
  auto service = [] {
    auto service = websocket_service();
    service.middleware.emplace_back(HTTPSRedirectMiddleware{});
    TrustedHostMiddleware trusted;
    trusted.allowed_hosts = {"example.com"};
    service.middleware.emplace_back(trusted);
    return service;
  };
  TestClient untrusted(service());
  try {
    untrusted.websocket_connect("/ws");
    FAIL() << "the handshake was refused";
  } catch (const WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), 400);
    EXPECT_EQ(denial.response().text(), "Invalid host header");
  }
  TestClient trusted(service(), true, "http://example.com");
  try {
    trusted.websocket_connect("/ws?x=1");
    FAIL() << "the handshake was redirected";
  } catch (const WebSocketDenialResponse& denial) {
    EXPECT_EQ(denial.status_code(), 307);
    EXPECT_EQ(denial.response().header("location"), "wss://example.com/ws?x=1");
  }
  TestClient secure(service(), true, "https://example.com");
  auto session = secure.websocket_connect("/ws");
  session.receive_json();
}

TEST(TestClientWebSocketTest, CorsGzipAndAUserMiddlewareLetItPass) {
  auto service = websocket_service();
  auto seen = std::make_shared<int>(0);
  service.middleware.emplace_back([seen](Request& request, const CallNext& call_next) {
    ++*seen;
    return call_next(request);
  });
  service.middleware.emplace_back(GZipMiddleware{});
  CORSMiddleware cors;
  cors.allow_origins = {"https://example.com"};
  service.middleware.emplace_back(cors);
  TestClient client(std::move(service), true, "https://example.com");
  auto session = client.websocket_connect("/ws", {{"origin", "https://evil.com"}});
  session.receive_json();
  session.send_text("hello");
  EXPECT_EQ(session.receive_text(), "echo: hello");
  EXPECT_EQ(*seen, 0);
}

}  // namespace
}  // namespace fastcpp
