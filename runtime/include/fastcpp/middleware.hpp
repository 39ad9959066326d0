// fastcpp/middleware.hpp: FastAPI's middleware: `@app.middleware("http")` and
// `app.add_middleware(CORSMiddleware, ...)`, run around every HTTP request in FastAPI's order
// (the last added is the outermost), the router's 404/405 and the 422s included, and, for the
// two that Starlette applies to them, around WebSocket handshakes.
//
// In a service's source, each FASTCPP_MIDDLEWARE function is one `app.add_middleware` call, in
// the order of the sources and, within one, of the functions:
//
//   FASTCPP_MIDDLEWARE                    // @app.middleware("http")
//   static fastcpp::Response add_process_time_header(fastcpp::Request& request,
//                                                    const fastcpp::CallNext& call_next) {
//     auto response = call_next(request);
//     response.set_header("X-Process-Time", "0.5");
//     return response;
//   }
//
//   FASTCPP_MIDDLEWARE                    // app.add_middleware(CORSMiddleware, ...)
//   static fastcpp::CORSMiddleware cors() {
//     fastcpp::CORSMiddleware cors;
//     cors.allow_origins = {"http://localhost:8080"};
//     cors.allow_credentials = true;
//     return cors;
//   }
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"

namespace fastcpp {

namespace detail {
class Dispatcher;
}  // namespace detail

/// FastAPI's `call_next`: the rest of the stack, the next middleware inward and, at the end,
/// the router with the exception handlers. An exception none of them answered (one that would
/// be the plain 500) propagates out of it, as Starlette's call_next re-raises it.
class CallNext {
 public:
  Response operator()(Request& request) const;

 private:
  friend class detail::Dispatcher;
  CallNext(const detail::Dispatcher& dispatcher, std::size_t next, bool streaming)
      : dispatcher_(&dispatcher), next_(next), streaming_(streaming) {}
  const detail::Dispatcher* dispatcher_;
  std::size_t next_;
  bool streaming_;  // for a user middleware: the answer is streamed to it
};

/// Starlette's `CORSMiddleware`, with its options and their defaults. Beyond Starlette, the
/// headers of a simple request are also on the plain 500 and on the server's own refusals
/// (413, 431), so that a browser shows the real error rather than a CORS failure.
struct CORSMiddleware {
  std::vector<std::string> allow_origins;            ///< `"*"`: any origin
  std::vector<std::string> allow_methods = {"GET"};  ///< `"*"`: every method
  std::vector<std::string> allow_headers;            ///< `"*"`: any header
  bool allow_credentials = false;
  /// Python's `re.fullmatch` of the origin (RE2 syntax, the same for the usual patterns).
  std::optional<std::string> allow_origin_regex;
  std::vector<std::string> expose_headers;
  int max_age = 600;
};

/// Starlette's `GZipMiddleware`: a body of at least `minimum_size` bytes is gzip-compressed when
/// the request's `accept-encoding` mentions gzip.
struct GZipMiddleware {
  int minimum_size = 500;
  int compresslevel = 9;  ///< zlib's: 0 to 9, or -1 for zlib's default (6)
};

/// Starlette's `TrustedHostMiddleware`: a request whose `host` matches none of `allowed_hosts`
/// (`"*.example.com"` a subdomain, `"*"` any) is answered 400 "Invalid host header";
/// `www_redirect` sends `example.com` to `www.example.com` when only the latter is allowed.
/// WebSocket handshakes are checked too.
struct TrustedHostMiddleware {
  std::vector<std::string> allowed_hosts = {"*"};
  bool www_redirect = true;
};

/// Starlette's `HTTPSRedirectMiddleware`: an `http` request is redirected (307) to `https`, a
/// `ws` handshake to `wss`.
struct HTTPSRedirectMiddleware {};

/// One entry of Service::middleware: one `app.add_middleware(...)`.
class Middleware {
 public:
  /// `@app.middleware("http")`: reads and may change the request, calls `call_next` (or
  /// answers itself), and may change the response.
  using Function = std::function<Response(Request& request, const CallNext& call_next)>;

  Middleware(Function function);  // NOLINT(google-explicit-constructor): a list of middleware
  /// Throws `std::invalid_argument` for an `allow_origin_regex` RE2 cannot compile.
  Middleware(const CORSMiddleware& options);  // NOLINT(google-explicit-constructor)
  /// Throws `std::invalid_argument` for a `compresslevel` zlib refuses (outside -1 to 9), which
  /// Starlette only finds out at the first compressed answer, a 500.
  Middleware(const GZipMiddleware& options);  // NOLINT(google-explicit-constructor)
  /// Throws `std::invalid_argument` for a wildcard other than a leading `*.` (Starlette's
  /// assertion).
  Middleware(const TrustedHostMiddleware& options);    // NOLINT(google-explicit-constructor)
  Middleware(const HTTPSRedirectMiddleware& options);  // NOLINT(google-explicit-constructor)

  Response operator()(Request& request, const CallNext& call_next) const {
    return function_(request, call_next);
  }
  /// What this middleware adds to an answer that did not pass through it: the plain 500 from
  /// the outermost layer, a refusal by the server. CORS headers only; nothing for the others.
  void add_error_headers(const Request& request, Response& response) const {
    if (error_headers_) error_headers_(request, response);
  }
  /// What this middleware answers to a WebSocket handshake instead of letting it reach the
  /// endpoint, nullopt to let it pass. As in Starlette, TrustedHostMiddleware checks the
  /// handshake (400 "Invalid host header", or its `www` redirect to `ws://www...`) and
  /// HTTPSRedirectMiddleware redirects `ws` to `wss`; CORS, GZip and a user middleware let every
  /// WebSocket pass untouched.
  std::optional<Response> websocket_answer(const Request& request) const {
    if (!websocket_answer_) return std::nullopt;
    return websocket_answer_(request);
  }
  /// True for a user middleware (`@app.middleware("http")`, Starlette's BaseHTTPMiddleware),
  /// whose `call_next` streams the answer (Response::streaming).
  bool streams_call_next() const noexcept { return streams_call_next_; }

 private:
  Function function_;
  bool streams_call_next_ = false;
  std::function<void(const Request&, Response&)> error_headers_;
  std::function<std::optional<Response>(const Request&)> websocket_answer_;
};

}  // namespace fastcpp
