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

  /// Routes and answers one request; never throws.
  Response handle(Request& request) const noexcept;

  /// Runs the WebSocket endpoint for an upgrade request whose handshake checks passed; the
  /// endpoint's `accept()` sends the 101. Before it, every outcome is an HTTP answer through
  /// `transport.deny`: a close or `WebSocketException` (a validation error, an unknown path
  /// included) 403, an exception a handler answers (`HTTPException`) that answer, anything else
  /// 500; after it, a close frame (1011 for an exception). Never throws.
  void handle_websocket(Request& request, WebSocketTransport& transport) const noexcept;

 private:
  /// Starlette's layers: the route wrapper and ExceptionMiddleware each look the exception up
  /// in the handler tables (`layers` of them), then ServerErrorMiddleware answers 500.
  Response respond_to_exception(const Request& request, std::exception_ptr error,
                                int layers) const noexcept;
  Response dispatch(const Request& request, const std::exception_ptr& error) const;
  /// The HTTP answer to an exception a WebSocket endpoint raised before accepting.
  Response deny_websocket(const Request& request, std::exception_ptr error) const noexcept;
  Response server_error(const Request& request, const std::exception_ptr& error) const noexcept;
  Response route_not_found(const Request& request) const noexcept;
  Response raise_in_router(const Request& request, const starlette::HTTPException& error) const;

  Service service_;
  Router router_;
};

}  // namespace fastcpp::detail
