// The request path of a service without the network: routing, the endpoint, and Starlette's
// exception layers. http/server.cpp puts it behind a socket; App::handle calls it directly.
#pragma once

#include <exception>

#include "fastcpp/app.hpp"
#include "router.hpp"

namespace fastcpp::detail {

class Dispatcher {
 public:
  explicit Dispatcher(Service service);
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  /// Answers one request through the middleware (Service::middleware, the last added
  /// outermost), the router and the exception layers; never throws. What no layer answers is
  /// ServerErrorMiddleware's: the `std::exception` handler's answer or the plain 500, with the
  /// middleware's error headers (CORS). `unhandled`, when given, receives that exception, as
  /// Starlette re-raises it after answering (TestClient's raise_server_exceptions).
  Response handle(Request& request, std::exception_ptr* unhandled = nullptr) const noexcept;

  /// The innermost `count` middleware around the router (the router alone for 0); what
  /// CallNext calls.
  Response call_middleware(std::size_t count, Request& request) const;

  /// What the service's middleware adds to an answer the server gives itself (a refusal).
  void add_error_headers(const Request& request, Response& response) const noexcept;

  /// Runs the WebSocket endpoint for an upgrade request whose handshake checks passed, unless a
  /// middleware answers the handshake (TrustedHost, HTTPSRedirect); the endpoint's `accept()`
  /// sends the 101. Before it, every outcome is an HTTP answer through
  /// `transport.deny`: a close or `WebSocketException` (a validation error, an unknown path
  /// included) 403, an exception a handler answers (`HTTPException`) that answer, anything else
  /// 500; after it, a close frame (1011 for an exception). Never throws.
  void handle_websocket(Request& request, WebSocketTransport& transport) const noexcept;

 private:
  /// The router and the exception layers inside the middleware; throws what no handler
  /// answers.
  Response route(Request& request) const;
  /// Starlette's layers: the route wrapper and ExceptionMiddleware each look the exception up
  /// in the handler tables (`layers` of them); what they leave is rethrown.
  Response respond_to_exception(const Request& request, std::exception_ptr error, int layers) const;
  Response dispatch(const Request& request, const std::exception_ptr& error) const;
  /// The HTTP answer to an exception a WebSocket endpoint raised before accepting.
  Response deny_websocket(const Request& request, std::exception_ptr error) const noexcept;
  Response server_error(const Request& request, const std::exception_ptr& error) const noexcept;
  Response route_not_found(const Request& request) const;
  Response raise_in_router(const Request& request, const starlette::HTTPException& error) const;

  Service service_;
  Router router_;
};

}  // namespace fastcpp::detail
