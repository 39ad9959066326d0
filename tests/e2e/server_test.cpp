// The connection layer over real sockets: what no number of idle clients or WebSockets can
// stall, the headers every response carries, the port it listens on, and the proxy headers it
// trusts. Counts are small enough for CI; bench/connections.py measures the large ones.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "fastcpp/app.hpp"
#include "raw_http.hpp"
#include "ws_client.hpp"

namespace fastcpp {
namespace {

using testing::build_request;
using testing::RawConnection;
using testing::RawResponse;
using testing::WsClient;

Service make_service() {
  Service service;
  service.routes.push_back(
      {"/items/{item_id}", {"GET"}, [](const Request& request) {
         return JSONResponse(json{{"item_id", *request.path_param("item_id")}});
       }});
  service.routes.push_back(
      {"/client", {"GET"}, [](const Request& request) {
         return JSONResponse(json{{"scheme", request.scheme()}, {"host", request.client_host()}});
       }});
  service.routes.push_back({"/folder/", {"GET"}, [](const Request&) { return Response("ok"); }});
  // A handler that gives content with a bodyless status: it must never reach the wire.
  service.routes.push_back({"/no-content", {"GET"}, [](const Request&) {
                              Response response("stray bytes", 204);
                              return response;
                            }});
  service.routes.push_back(
      {"/not-modified", {"GET"}, [](const Request&) { return Response("stray bytes", 304); }});
  service.websocket_routes.push_back({"/ws", [](WebSocket& websocket) {
                                        websocket.accept();
                                        for (;;) websocket.send_text(websocket.receive_text());
                                      }});
  return service;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { start(Config{}); }

  void start(Config config) {
    config.port = 0;
    config.access_log = false;
    app_ = std::make_unique<App>(make_service());
    ASSERT_TRUE(app_->start(config)) << app_->error();
  }

  RawResponse get(const std::string& target, testing::HeaderList headers = {}) {
    headers.insert(headers.begin(), {"Host", "x"});
    RawConnection connection(app_->port());
    connection.send(build_request("GET", target, headers, ""));
    return connection.read_response();
  }

  std::unique_ptr<App> app_;
};

TEST_F(ServerTest, IdleConnectionsDoNotDelayANewClient) {
  // More idle connections than the server has worker threads, many times over: they wait in the
  // event loop, not in a worker. Half have sent part of a request head, half nothing at all.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(std::make_unique<RawConnection>(app_->port()));
    ASSERT_TRUE(idle.back()->connected());
    if (i % 2) {
      ASSERT_TRUE(idle.back()->send("GET /items/x HTTP/1.1\r\nHo"));
    }
  }
  auto started = std::chrono::steady_clock::now();
  auto response = get("/items/fresh");
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"item_id":"fresh"})");
  // Not a timing test: a stalled server would take the whole keep-alive timeout (5 s).
  EXPECT_LT(elapsed, std::chrono::seconds(2));
  // And each of them is still served once it completes its request.
  ASSERT_TRUE(idle[1]->send("st: x\r\n\r\n"));
  EXPECT_EQ(idle[1]->read_response().status, 200);
}

TEST_F(ServerTest, OpenWebSocketsDoNotStarveHttp) {
  std::vector<std::unique_ptr<WsClient>> sockets;
  for (int i = 0; i < 300; ++i) {
    sockets.push_back(std::make_unique<WsClient>(app_->port(), "/ws"));
    ASSERT_TRUE(sockets.back()->connected()) << i;
  }
  auto response = get("/items/during");
  EXPECT_EQ(response.status, 200);
  // Every session is alive and its own.
  ASSERT_TRUE(sockets.front()->send_text("first"));
  ASSERT_TRUE(sockets.back()->send_text("last"));
  EXPECT_EQ(sockets.front()->receive(), "first");
  EXPECT_EQ(sockets.back()->receive(), "last");
}

TEST_F(ServerTest, EveryResponseHasADate) {
  static const std::regex imf_fixdate(
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
      "\\d{4} \\d\\d:\\d\\d:\\d\\d GMT");
  for (const char* target : {"/items/a", "/nowhere", "/no-content"}) {
    SCOPED_TRACE(target);
    auto response = get(target);
    ASSERT_TRUE(response.header("date"));
    EXPECT_TRUE(std::regex_match(*response.header("date"), imf_fixdate))
        << *response.header("date");
  }
  RawConnection refused(app_->port());
  refused.send("NONSENSE\r\n\r\n");
  auto response = refused.read_response();
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(response.header("date"));
}

TEST_F(ServerTest, BodylessStatusesSendNoBodyWhateverTheHandlerGave) {
  // On one kept-alive connection: a stray body would be read as the start of the next response.
  RawConnection connection(app_->port());
  connection.send(build_request("GET", "/no-content", {{"Host", "x"}}, "") +
                  build_request("GET", "/not-modified", {{"Host", "x"}}, "") +
                  build_request("GET", "/items/after", {{"Host", "x"}}, ""));
  auto no_content = connection.read_response();
  EXPECT_EQ(no_content.status, 204);
  EXPECT_FALSE(no_content.has_header("content-length"));
  auto not_modified = connection.read_response();
  EXPECT_EQ(not_modified.status, 304);
  auto after = connection.read_response();
  ASSERT_TRUE(after.ok) << after.error;
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, R"({"item_id":"after"})");
}

TEST_F(ServerTest, ATakenPortIsAnErrorUnlessReusePortIsAsked) {
  Config config;
  config.port = app_->port();
  config.access_log = false;
  App second(make_service());
  EXPECT_FALSE(second.start(config));
  EXPECT_EQ(second.error(),
            "127.0.0.1:" + std::to_string(app_->port()) + ": address already in use");

  // Both with --reuse-port: both listen, and the kernel shares the connections between them.
  Config shared;
  shared.port = 0;
  shared.access_log = false;
  shared.reuse_port = true;
  App first(make_service());
  ASSERT_TRUE(first.start(shared)) << first.error();
  shared.port = first.port();
  App other(make_service());
  EXPECT_TRUE(other.start(shared)) << other.error();
  RawConnection connection(first.port());
  connection.send(build_request("GET", "/items/shared", {{"Host", "x"}}, ""));
  EXPECT_EQ(connection.read_response().status, 200);
}

TEST_F(ServerTest, ProxyHeadersFromATrustedPeerSetSchemeAndClient) {
  auto response = get(
      "/client", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.7, 127.0.0.1"}});
  EXPECT_EQ(response.body, R"({"scheme":"https","host":"203.0.113.7"})");
  // The trailing-slash redirect says where the client came from.
  auto redirect = get("/folder", {{"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(redirect.status, 307);
  ASSERT_TRUE(redirect.header("location"));
  EXPECT_EQ(*redirect.header("location"), "https://x/folder/");
}

TEST_F(ServerTest, ProxyHeadersFromAnyOtherPeerAreIgnored) {
  Config config;
  config.forwarded_allow_ips = {"192.0.2.1"};  // not the test's loopback address
  start(config);
  auto response =
      get("/client", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(response.body, R"({"scheme":"http","host":"127.0.0.1"})");
  auto redirect = get("/folder", {{"X-Forwarded-Proto", "https"}});
  EXPECT_EQ(*redirect.header("location"), "http://x/folder/");

  Config off;
  off.proxy_headers = false;
  start(off);
  EXPECT_EQ(get("/client", {{"X-Forwarded-Proto", "https"}}).body,
            R"({"scheme":"http","host":"127.0.0.1"})");
}

TEST_F(ServerTest, StopEndsOpenWebSocketsAndIdleConnections) {
  WsClient socket(app_->port(), "/ws");
  ASSERT_TRUE(socket.connected());
  RawConnection idle(app_->port());
  ASSERT_TRUE(idle.connected());
  auto started = std::chrono::steady_clock::now();
  app_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_EQ(socket.receive(), std::nullopt);
}

}  // namespace
}  // namespace fastcpp
