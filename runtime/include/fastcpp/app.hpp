// fastcpp/app.hpp: a service's route table, and the server that runs it.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fastcpp/exceptions.hpp"
#include "fastcpp/middleware.hpp"
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
  std::function<Response(const Request&, const starlette::HTTPException&)> handle_http_exception;
  /// True when each endpoint answers its own exceptions with the handlers, as Starlette's route
  /// wrapper does (fastcpp-gen's routes do): what escapes an endpoint then meets only the
  /// ExceptionMiddleware layer of handle_exception, not both.
  bool endpoints_handle_exceptions = false;
  /// Starlette's `redirect_slashes`.
  bool redirect_slashes = true;
  /// `app.add_middleware(...)` in the order added: the last is the outermost. They run around
  /// every HTTP request (the router's 404/405 and the 422s included), inside
  /// ServerErrorMiddleware; WebSockets pass by them.
  std::vector<Middleware> middleware;
};

/// How to serve: uvicorn's options, where it has them, and the server's limits.
struct Config {
  std::string host = "127.0.0.1";
  int port = 8000;  ///< 0 picks a free port (see App::port()).
  /// uvicorn's --workers: processes serving the port together (SO_REUSEPORT), forked by run()
  /// from a supervisor that restarts one that dies and passes SIGTERM/SIGINT on; 1: this
  /// process serves alone. start() always serves in this process.
  int workers = 1;
  /// Threads of a process free to run requests; 0: one per core (with `workers` processes,
  /// the cores shared out between them, at least one each). They wait in one event loop:
  /// an idle or slow connection holds none of them, a request holds one while it runs. While
  /// handlers block (one running for over 10 ms), more threads are started so that `threads`
  /// stay free, up to `max_threads`; those beyond `threads` end after 5 s with nothing to do.
  int threads = 0;
  /// Threads at most, counting those added while handlers block (as anyio's thread limit bounds
  /// FastAPI's sync endpoints); 0: 64. Past it, requests wait for a handler to return.
  int max_threads = 0;
  bool access_log = true;  ///< One line per request on stderr.
  /// uvicorn's --log-level: critical, error, warning, info, debug or trace (the access log is
  /// at info).
  std::string log_level = "info";
  /// --log-format json: every log line one JSON object (time in UTC, level, message; an
  /// access line's client, method, path, status, duration_ms and request_id), for a log
  /// collector. Otherwise uvicorn's text lines.
  bool log_json = false;
  /// --request-id: each request gets an id, the client's `X-Request-ID` when it sends a plain
  /// token, else a new one; the handler reads it as that header, the response carries it and
  /// the access log shows it. Off by default, as FastAPI sends no such header.
  bool request_ids = false;
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
  /// uvicorn's --timeout-graceful-shutdown: after SIGTERM or SIGINT (or shut_down()), how long
  /// the requests and WebSockets still open may take before the server stops anyway; 0: no
  /// limit, as uvicorn's default. A second signal stops at once.
  int graceful_shutdown_timeout_seconds = 0;

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
  /// Stops at once: connections are closed, whatever they were doing (it waits only for
  /// handlers that are running).
  void stop();
  /// Begins a graceful shutdown and returns: no more connections are accepted, the requests
  /// already received are answered (with `connection: close`), idle connections are closed and
  /// open WebSockets get close 1012, as uvicorn's shutdown does; the server stops once none is
  /// left or `grace` has passed (0: no limit). wait() returns then.
  void shut_down(std::chrono::milliseconds grace = {});
  /// Blocks until the server started by start() has stopped.
  void wait();
  /// The port bound by run() or start().
  int port() const;
  /// Why run() or start() could not bind, e.g. "127.0.0.1:8000: address already in use".
  const std::string& error() const;

 private:
  // run() with config.workers > 1: binds, forks the workers and supervises them.
  bool supervise(const Config& config);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `main` of a generated service: the command line of uvicorn's that applies (`--host`,
/// `--port`, `--workers`, `--reuse-port`, `--backlog`, `--proxy-headers`/`--no-proxy-headers`,
/// `--forwarded-allow-ips`, `--timeout-keep-alive`, `--no-access-log`); `--help` lists them.
int run_main(Service service, int argc, char** argv);

}  // namespace fastcpp
