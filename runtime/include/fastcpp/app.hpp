// fastcpp/app.hpp: a service's route table, and the server that runs it.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fastcpp/exceptions.hpp"
#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"
#include "fastcpp/websocket.hpp"

namespace fastcpp {

/// One path operation: FastAPI's `@app.get(path)`. `path` is a Starlette template: `{name}`
/// matches one segment, `{name:path}` the rest of the path, `{name:int}` digits only.
struct Route {
  std::string path;
  std::vector<std::string> methods;
  std::function<Response(const Request&)> endpoint;
};

/// One WebSocket endpoint: FastAPI's `@app.websocket(path)`.
struct WebSocketRoute {
  std::string path;
  std::function<void(WebSocket&)> endpoint;
};

/// Everything fastcpp-gen emits for a service (or a test writes by hand).
struct Service {
  std::vector<Route> routes;
  std::vector<WebSocketRoute> websocket_routes;
  /// The registered exception handlers, status handlers first, then classes most-derived first,
  /// then FastAPI's defaults. Rethrows what none of them handles. Unset: the defaults only.
  std::function<Response(const Request&, std::exception_ptr)> handle_exception;
  /// The handler registered for `std::exception` (FastAPI's `Exception`/500 slot), or unset.
  std::function<Response(const Request&, const std::exception&)> handle_server_error;
  /// The handler of the HTTPExceptions the router raises (404, 405), called without a throw.
  /// Unset: through handle_exception.
  std::function<Response(const Request&, const HTTPException&)> handle_http_exception;
  /// True when each endpoint answers its own exceptions with the handlers, as Starlette's route
  /// wrapper does (fastcpp-gen's routes do): what escapes an endpoint then meets only the
  /// ExceptionMiddleware layer of handle_exception, not both.
  bool endpoints_handle_exceptions = false;
  /// Starlette's `redirect_slashes`.
  bool redirect_slashes = true;
};

/// How to serve: uvicorn's options, where it has them, and the server's limits.
struct Config {
  std::string host = "127.0.0.1";
  int port = 8000;  ///< 0 picks a free port (see App::port()).
  /// Threads that run requests; 0: 4 per core, at least 4. They wait in one event loop: an
  /// idle or slow connection holds none of them, a request holds one while it runs.
  int workers = 0;
  bool access_log = true;  ///< One line per request on stderr.
  /// SO_REUSEPORT: let several processes share the port (gunicorn's --reuse-port). Off: a port
  /// in use makes the server fail to start with "address already in use".
  bool reuse_port = false;
  int backlog = 2048;  ///< Pending connections the kernel keeps (uvicorn's --backlog).
  /// uvicorn's --proxy-headers: from a trusted peer, `X-Forwarded-Proto` and `X-Forwarded-For`
  /// set the request's scheme (redirects) and client (access log, Request::client_host()).
  bool proxy_headers = true;
  /// uvicorn's --forwarded-allow-ips: the peers trusted to send proxy headers; "*" trusts all.
  std::vector<std::string> forwarded_allow_ips = {"127.0.0.1"};
  /// WebSocket sessions open at once; each runs its endpoint on a thread of its own. One more is
  /// refused with 503 before its endpoint runs.
  std::size_t max_websockets = 10000;
  std::size_t max_body_bytes = std::size_t{16} * 1024 * 1024;  ///< Larger bodies: 413.
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 5;

  // Limits on the request head (docs/reliability.md). A request past one is answered
  // `{"detail": "<phrase>"}` with the status named, and its connection is closed.
  std::size_t max_uri_bytes = std::size_t{8} * 1024;  ///< Longer request-target: 414 URI Too Long.
  /// Request line + header lines: past it, 431 Request Header Fields Too Large (414 while still
  /// in the request line). Also any one line past 64 KiB.
  std::size_t max_header_bytes = std::size_t{32} * 1024;
  std::size_t max_header_count = 100;  ///< More header lines: 431.
  /// More query fields: 400 `{"detail": "Too many query parameters"}`. FastAPI has no limit;
  /// this one bounds the work a single URI can ask for.
  std::size_t max_query_params = 1000;
  /// From its first byte, the whole request head must arrive within this time: 408 Request
  /// Timeout. 0: only the per-read timeout.
  int request_head_timeout_seconds = 10;
};

/// A service behind fastcpp's HTTP/1.1 + WebSocket server.
class App {
 public:
  explicit App(Service service);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  /// Answers one request in-process: routing, the endpoint, exception handling. Never throws.
  Response handle(Request& request) const;

  /// Binds and serves until `stop()` (or SIGINT/SIGTERM when `install_signal_handlers`).
  /// Returns false when it could not bind; error() says why.
  bool run(const Config& config, bool install_signal_handlers = false);
  /// Binds to `config.port` (0: any free port) and serves on a background thread.
  bool start(const Config& config);
  void stop();
  /// The port bound by run() or start().
  int port() const;
  /// Why run() or start() could not bind, e.g. "127.0.0.1:8000: address already in use".
  const std::string& error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `main` of a generated service: the command line of uvicorn's that applies (`--host`,
/// `--port`, `--workers`, `--reuse-port`, `--backlog`, `--proxy-headers`/`--no-proxy-headers`,
/// `--forwarded-allow-ips`, `--timeout-keep-alive`, `--no-access-log`); `--help` lists them.
int run_main(Service service, int argc, char** argv);

}  // namespace fastcpp
