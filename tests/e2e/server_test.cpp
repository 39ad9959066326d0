// The connection layer over real sockets: what no number of idle clients or WebSockets can
// stall, the headers every response carries, the port it listens on, and the proxy headers it
// trusts. Counts are small enough for CI; bench/connections.py measures the large ones.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
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

// Holds the requests of /blocked until the test opens it: a handler blocked on I/O.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  bool wait_for_waiting(int count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return waiting_ >= count; });
  }
  int waiting() {
    std::lock_guard lock(mutex_);
    return waiting_;
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

Service make_service(Gate& gate) {
  Service service;
  service.routes.push_back({"/blocked", {"GET"}, [&gate](const Request&) {
                              gate.wait();
                              return Response("done");
                            }});
  service.routes.push_back(
      {"/items/{item_id}", {"GET"}, [](const Request& request) {
         return JSONResponse(json{{"item_id", *request.path_param("item_id")}});
       }});
  service.routes.push_back(
      {"/client", {"GET"}, [](const Request& request) {
         return JSONResponse(json{{"scheme", request.scheme()}, {"host", request.client_host()}});
       }});
  service.routes.push_back({"/folder/", {"GET"}, [](const Request&) { return Response("ok"); }});
  service.routes.push_back({"/request-id", {"GET"}, [](const Request& request) {
                              const auto* id = request.header("x-request-id");
                              return Response(id ? *id : "none");
                            }});
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
  void TearDown() override { gate_.open(); }

  void start(Config config) {
    config.port = 0;
    config.access_log = false;
    app_ = std::make_unique<App>(make_service(gate_));
    ASSERT_TRUE(app_->start(config)) << app_->error();
  }

  RawResponse get(const std::string& target, testing::HeaderList headers = {}) {
    headers.insert(headers.begin(), {"Host", "x"});
    RawConnection connection(app_->port());
    connection.send(build_request("GET", target, headers, ""));
    return connection.read_response();
  }

  // Sends GET /blocked on a connection of its own; the answer is read on another thread.
  std::future<RawResponse> get_blocked() {
    auto connection = std::make_shared<RawConnection>(app_->port());
    connection->send(build_request("GET", "/blocked", {{"Host", "x"}}, ""));
    return std::async(std::launch::async, [connection] { return connection->read_response(); });
  }

  Gate gate_;
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

TEST_F(ServerTest, DeadlinesHoldForEveryConnectionWhateverItsDescriptor) {
  // The reaper scans the connection table up to its high-water mark: a connection on a later
  // descriptor than the first ever opened must be in it (it was not, once).
  app_->stop();
  Config config;
  config.request_head_timeout_seconds = 1;
  start(config);
  std::vector<std::unique_ptr<RawConnection>> earlier;
  for (int i = 0; i < 3; ++i) {
    earlier.push_back(std::make_unique<RawConnection>(app_->port()));
    earlier.back()->send(build_request("GET", "/items/a", {{"Host", "x"}}, ""));
    ASSERT_EQ(earlier.back()->read_response().status, 200);
  }
  RawConnection slow(app_->port());
  ASSERT_TRUE(slow.send("GET /items/slow HTTP/1.1\r\nHost: x\r\n"));
  auto started = std::chrono::steady_clock::now();
  auto response = slow.read_response();
  EXPECT_EQ(response.status, 408);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ServerTest, HandlersThatBlockDoNotStallTheOthers) {
  // One worker, and three handlers blocked on I/O: threads are added while handlers block, so
  // a quick request is still answered, and the blocked ones are once they return.
  app_->stop();
  Config config;
  config.threads = 1;
  start(config);
  std::vector<std::future<RawResponse>> blocked;
  for (int i = 0; i < 3; ++i) blocked.push_back(get_blocked());
  ASSERT_TRUE(gate_.wait_for_waiting(3)) << gate_.waiting() << " of 3 handlers started";
  auto response = get("/items/quick");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"item_id":"quick"})");
  gate_.open();
  for (auto& answer : blocked) EXPECT_EQ(answer.get().body, "done");
}

TEST_F(ServerTest, MaxWorkersBoundsTheThreadsThatBlock) {
  app_->stop();
  Config config;
  config.threads = 1;
  config.max_threads = 2;
  start(config);
  std::vector<std::future<RawResponse>> blocked;
  for (int i = 0; i < 3; ++i) blocked.push_back(get_blocked());
  ASSERT_TRUE(gate_.wait_for_waiting(2));
  // The third waits for a thread: it has not started (nothing answers it) until the gate opens.
  EXPECT_EQ(blocked[2].wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  EXPECT_EQ(gate_.waiting(), 2);
  gate_.open();
  for (auto& answer : blocked) EXPECT_EQ(answer.get().body, "done");
}

TEST_F(ServerTest, RequestIdsAreTheClientsOrNewOnesWhenAsked) {
  EXPECT_FALSE(get("/request-id").has_header("x-request-id"));  // off by default, as FastAPI
  app_->stop();
  Config config;
  config.request_ids = true;
  start(config);
  auto given = get("/request-id", {{"X-Request-ID", "trace-42"}});
  EXPECT_EQ(given.body, "trace-42");  // the handler sees it
  EXPECT_EQ(given.joined_header("x-request-id"), "trace-42");
  auto made = get("/request-id");
  EXPECT_TRUE(std::regex_match(made.joined_header("x-request-id"), std::regex("[0-9a-f]{32}")));
  EXPECT_EQ(made.body, made.joined_header("x-request-id"));
  // One that could forge a log line is replaced.
  auto forged = get("/request-id", {{"X-Request-ID", "a b\" 200"}});
  EXPECT_TRUE(std::regex_match(forged.joined_header("x-request-id"), std::regex("[0-9a-f]{32}")));
  EXPECT_EQ(forged.body, forged.joined_header("x-request-id"));
  EXPECT_NE(get("/request-id").joined_header("x-request-id"), made.joined_header("x-request-id"));
}

// ---- Graceful shutdown (uvicorn's, on SIGTERM) ----------------------------------------------

TEST_F(ServerTest, AGracefulShutdownAnswersTheRequestInFlightAndClosesIdleConnections) {
  RawConnection idle(app_->port());
  idle.send(build_request("GET", "/items/before", {{"Host", "x"}}, ""));
  ASSERT_EQ(idle.read_response().status, 200);
  auto in_flight = get_blocked();
  ASSERT_TRUE(gate_.wait_for_waiting(1));

  app_->shut_down(std::chrono::seconds(10));
  auto started = std::chrono::steady_clock::now();
  // The idle connection is closed (not left to its keep-alive timeout, 5 s)...
  auto nothing = idle.read_response();
  EXPECT_FALSE(nothing.ok);
  EXPECT_TRUE(idle.peer_closed());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  // ...no new connection is taken...
  EXPECT_FALSE(testing::port_accepts(app_->port()));
  // ...and the request in flight gets its answer, the last on its connection.
  gate_.open();
  auto answer = in_flight.get();
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "done");
  ASSERT_TRUE(answer.has_header("connection"));
  EXPECT_EQ(*answer.header("connection"), "close");
  // Then the server has stopped on its own.
  auto stopped = std::async(std::launch::async, [this] { app_->wait(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(2)), std::future_status::ready);
}

TEST_F(ServerTest, AGracefulShutdownEndsWithinItsGracePeriod) {
  // A client in the middle of its request head is not idle: the shutdown waits for it, up to
  // the grace period.
  RawConnection slow(app_->port());
  ASSERT_TRUE(slow.send("GET /items/slow HTTP/1.1\r\nHost: x\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto started = std::chrono::steady_clock::now();
  app_->shut_down(std::chrono::milliseconds(500));
  auto stopped = std::async(std::launch::async, [this] { app_->wait(); });
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(3)), std::future_status::ready);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, std::chrono::milliseconds(450));  // it did wait for the slow client
  EXPECT_FALSE(slow.read_response().ok);
  EXPECT_TRUE(slow.peer_closed());
}

TEST_F(ServerTest, AGracefulShutdownClosesWebSocketsWith1012) {
  // uvicorn's code on shutdown (recorded: a websockets client sees 1012, the endpoint
  // WebSocketDisconnect(1012)).
  WsClient socket(app_->port(), "/ws");
  ASSERT_TRUE(socket.connected());
  ASSERT_TRUE(socket.send_text("hello"));
  EXPECT_EQ(socket.receive(), "hello");
  app_->shut_down(std::chrono::seconds(5));
  EXPECT_EQ(socket.receive(), std::nullopt);
  EXPECT_EQ(socket.close_info().code, 1012);
  auto stopped = std::async(std::launch::async, [this] { app_->wait(); });
  EXPECT_EQ(stopped.wait_for(std::chrono::seconds(3)), std::future_status::ready);
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
  App second(make_service(gate_));
  EXPECT_FALSE(second.start(config));
  EXPECT_EQ(second.error(),
            "127.0.0.1:" + std::to_string(app_->port()) + ": address already in use");

  // Both with --reuse-port: both listen, and the kernel shares the connections between them.
  Config shared;
  shared.port = 0;
  shared.access_log = false;
  shared.reuse_port = true;
  App first(make_service(gate_));
  ASSERT_TRUE(first.start(shared)) << first.error();
  shared.port = first.port();
  App other(make_service(gate_));
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
