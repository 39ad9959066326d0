// fastcpp/testclient.hpp: Starlette's TestClient, for a user's own tests of their service.
//
//   #include <fastcpp/testclient.hpp>
//
//   TEST(Items, ReadItem) {
//     fastcpp::TestClient client(fastcpp_generated::service());
//     auto response = client.get("/items/foo", {{"X-Token", "coneofsilence"}});
//     EXPECT_EQ(response.status_code, 200);
//     EXPECT_EQ(response.json(), fastcpp::json({{"item", "The Foo Wrestlers"}}));
//   }
//
// Requests go through the service's router, parameter binding, handlers and exception handlers,
// and its middleware, exactly as the server runs them, without a socket.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fastcpp/app.hpp"
#include "fastcpp/exceptions.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"

namespace fastcpp_generated {
/// The service fastcpp-gen generated; linked in from the library `fastcpp_add_service(...
/// LIBRARY <name>)` builds (or from a service built with NO_MAIN).
fastcpp::Service service();
}  // namespace fastcpp_generated

namespace fastcpp {

/// What a TestClient request sends beside its method and path (httpx's keyword arguments).
class RequestOptions {
 public:
  RequestOptions() = default;

  /// `headers=`: sent after the client's own (`host`, `accept`, `accept-encoding`,
  /// `connection`, `user-agent: testclient`), in this order.
  Headers headers;
  /// `params=`: the query, percent-encoded as httpx encodes it (a space as `+`); when given, it
  /// replaces a query written in the path.
  Request::Pairs params;
  /// `cookies=`: sent with the client's cookie jar in one `cookie` header.
  Request::Pairs cookies;
  /// `json=`: the body as compact JSON, `content-type: application/json`.
  std::optional<fastcpp::json> json;
  /// `data=`: a form body, `content-type: application/x-www-form-urlencoded`, its fields
  /// percent-encoded as httpx encodes them (a space as `+`). Empty: no form; when given it wins
  /// over `json`, as in httpx.
  Request::Pairs data;
  /// `content=`: the body as it is, with no content type of its own; it wins over both.
  std::optional<std::string> content;
};

/// httpx's Response, as TestClient gives it.
class TestResponse {
 public:
  int status_code = 0;
  /// As the service answered them, in order, names lower-cased.
  Headers headers;
  /// The body (empty for HEAD, as on the wire).
  std::string content;
  /// The URL of the request this answers (after redirects).
  std::string url;

  /// The body as text.
  const std::string& text() const noexcept { return content; }
  /// The body parsed as JSON; throws `json::parse_error` for a body that is not JSON.
  fastcpp::json json() const;
  /// httpx's `headers[name]`: every value of `name` (case-insensitive) joined with ", ", or
  /// nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

/// Starlette's `WebSocketDenialResponse`: `websocket_connect` was answered with an HTTP response
/// instead of the 101, as the server answers it: a close (or a `WebSocketException`) before
/// `accept()` is uvicorn's 403, an `HTTPException` its handler's answer. A `WebSocketDisconnect`
/// with code 1006, what a browser reports for a refused handshake.
class WebSocketDenialResponse : public WebSocketDisconnect {
 public:
  explicit WebSocketDenialResponse(TestResponse response);
  const TestResponse& response() const noexcept { return response_; }
  int status_code() const noexcept { return response_.status_code; }

 private:
  TestResponse response_;
};

/// One WebSocket session of a TestClient (Starlette's `WebSocketTestSession`). The endpoint runs
/// on a thread of its own; each `receive_*` blocks until it sends. The destructor closes the
/// session (code 1000) if neither side has, and waits for the endpoint to return. It must not
/// outlive its TestClient.
class WebSocketTestSession {
 public:
  struct State;
  explicit WebSocketTestSession(std::unique_ptr<State> state);
  WebSocketTestSession(WebSocketTestSession&&) noexcept;
  WebSocketTestSession& operator=(WebSocketTestSession&&) noexcept;
  ~WebSocketTestSession();

  /// Send one message to the endpoint. Throw `WebSocketDisconnect` once the endpoint has
  /// closed.
  void send_text(std::string_view data);
  void send_bytes(std::string_view data);
  void send_json(const json& data);
  /// The endpoint's next message. Throw `WebSocketDisconnect` with its close code and reason
  /// once it has closed.
  std::string receive_text();
  std::string receive_bytes();
  json receive_json();
  /// The client's close frame: the endpoint's `receive_*` throws `WebSocketDisconnect(code,
  /// reason)`.
  void close(int code = 1000, std::string_view reason = {});

 private:
  std::unique_ptr<State> state_;
};

/// Starlette's `TestClient(app)`: requests answered by the service in process.
class TestClient {
 public:
  /// `raise_server_exceptions` (Starlette's default, true): an exception that reaches the
  /// server-error layer (the plain 500, or the `std::exception` handler's answer) is rethrown
  /// from the request call, so a test sees it; false: the 500 is returned. `base_url` gives the
  /// scheme and the `host` header.
  explicit TestClient(Service service, bool raise_server_exceptions = true,
                      const std::string& base_url = "http://testserver");
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  /// `client.get(path, headers=...)` and the other methods. `path` may carry a query.
  TestResponse get(std::string_view path, Headers headers = {});
  TestResponse get(std::string_view path, const RequestOptions& options);
  TestResponse head(std::string_view path, Headers headers = {});
  TestResponse head(std::string_view path, const RequestOptions& options);
  TestResponse options(std::string_view path, Headers headers = {});
  TestResponse options(std::string_view path, const RequestOptions& options);
  TestResponse delete_(std::string_view path, Headers headers = {});
  TestResponse delete_(std::string_view path, const RequestOptions& options);
  /// `client.post(path, json=body, headers=...)`.
  TestResponse post(std::string_view path, const json& body, Headers headers = {});
  /// `client.post(path, data={...}, headers=...)`: a form, as `RequestOptions::data`.
  TestResponse post_form(std::string_view path, Request::Pairs data, Headers headers = {});
  TestResponse post(std::string_view path, const RequestOptions& options);
  TestResponse put(std::string_view path, const json& body, Headers headers = {});
  TestResponse put(std::string_view path, const RequestOptions& options);
  TestResponse patch(std::string_view path, const json& body, Headers headers = {});
  TestResponse patch(std::string_view path, const RequestOptions& options);
  /// Any method.
  TestResponse request(std::string_view method, std::string_view path,
                       const RequestOptions& options = {});

  /// `client.websocket_connect(path, headers=...)`: runs the endpoint until it accepts. Throws
  /// `WebSocketDenialResponse` when it answers the upgrade with an HTTP response instead.
  WebSocketTestSession websocket_connect(std::string_view path, Headers headers = {},
                                         const Request::Pairs& cookies = {});

  /// httpx's `follow_redirects` (TestClient's default: true): a redirect to this client's own
  /// origin is followed (307 and 308 keep the method and body; 301, 302 and 303 become a GET
  /// without a body, except HEAD), up to 20 times.
  bool follow_redirects = true;
  /// The cookie jar: sent with every request; a `set-cookie` in an answer sets one (`Max-Age=0`
  /// deletes it).
  Request::Pairs cookies;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fastcpp
