// Routing, the endpoint, and Starlette's exception layers around it: what a request becomes
// whatever the transport (the server in http/, TestClient-style calls of App::handle).
#include "dispatcher.hpp"

#include <fmt/format.h>

#include "fastcpp/exception_handlers.hpp"
#include "internal.hpp"

namespace fastcpp::detail {
namespace {

constexpr int kRouteLayers = 2;   // the route wrapper, then ExceptionMiddleware
constexpr int kRouterLayers = 1;  // the router's 404/405 are raised inside ExceptionMiddleware

}  // namespace

Dispatcher::Dispatcher(Service service)
    : service_(std::move(service)), router_(service_.routes, service_.websocket_routes) {}

Response Dispatcher::handle(Request& request, std::exception_ptr* unhandled) const noexcept {
  try {
    return call_middleware(service_.middleware.size(), request);
  } catch (...) {
    auto error = std::current_exception();
    if (unhandled) *unhandled = error;
    auto response = server_error(request, error);
    add_error_headers(request, response);
    return response;
  }
}

Response Dispatcher::call_middleware(std::size_t count, Request& request) const {
  if (count == 0) return route(request);
  const auto& middleware = service_.middleware[count - 1];
  return middleware(request, CallNext(*this, count - 1, middleware.streams_call_next()));
}

// Beyond Starlette, whose ServerErrorMiddleware is outside every middleware: the 500 (and the
// server's refusals) carry what the middleware adds to every answer, CORS headers above all, so
// that a browser shows the error instead of a CORS failure.
void Dispatcher::add_error_headers(const Request& request, Response& response) const noexcept {
  try {
    for (const auto& middleware : service_.middleware)
      middleware.add_error_headers(request, response);
  } catch (...) {
    log_line("ERROR", "Exception in a middleware's error headers: " + describe_current_exception());
  }
}

Response Dispatcher::route(Request& request) const {
  auto match = router_.match(request.method(), request.path());
  if (match.route) {
    request.set_path_params(std::move(match.params));
    try {
      return match.route->endpoint(request);
    } catch (...) {
      // An endpoint of fastcpp-gen's has been its own route wrapper already.
      int layers = service_.endpoints_handle_exceptions ? kRouteLayers - 1 : kRouteLayers;
      return respond_to_exception(request, std::current_exception(), layers);
    }
  }
  if (match.partial) {
    std::string allow;
    for (const auto& method : match.partial->methods) {
      allow += (allow.empty() ? "" : ", ") + method;
    }
    return raise_in_router(request,
                           starlette::HTTPException(405, nullptr, {{"Allow", std::move(allow)}}));
  }
  return route_not_found(request);
}

// What the router raises meets ExceptionMiddleware's handlers only: without a throw when the
// service has a direct handler, else through handle_exception.
Response Dispatcher::raise_in_router(const Request& request,
                                     const starlette::HTTPException& error) const {
  if (service_.handle_http_exception) return service_.handle_http_exception(request, error);
  return respond_to_exception(request, std::make_exception_ptr(error), kRouterLayers);
}

// Starlette's Router.not_found after redirect_slashes: the other spelling of the path (with or
// without the trailing slashes) matching some route gives a 307 to it.
Response Dispatcher::route_not_found(const Request& request) const {
  const auto& path = request.path();
  if (service_.redirect_slashes && path != "/") {
    std::string other = path;
    if (!other.empty() && other.back() == '/') {
      while (!other.empty() && other.back() == '/') other.pop_back();
    } else {
      other += '/';
    }
    if (router_.matches_path(other)) {
      auto url = request.scheme() + "://" + request.host() + other;
      if (!request.query_string().empty()) url += "?" + request.query_string();
      return RedirectResponse(url, 307);
    }
  }
  return raise_in_router(request, starlette::HTTPException(404));
}

Response Dispatcher::respond_to_exception(const Request& request, std::exception_ptr error,
                                          int layers) const {
  for (int layer = 0; layer < layers; ++layer) {
    try {
      return dispatch(request, error);
    } catch (...) {
      error = std::current_exception();
    }
  }
  std::rethrow_exception(error);
}

Response Dispatcher::dispatch(const Request& request, const std::exception_ptr& error) const {
  if (service_.handle_exception) return service_.handle_exception(request, error);
  // FastAPI's defaults, for a service that registered no handler of its own.
  try {
    std::rethrow_exception(error);
  } catch (const starlette::HTTPException& exc) {
    return exception_handlers::http_exception_handler(request, exc);
  } catch (const RequestValidationError& exc) {
    return exception_handlers::request_validation_exception_handler(request, exc);
  }
}

// ServerErrorMiddleware: the `Exception` handler's answer if there is one, else the plain 500;
// the exception is logged either way, and its message never reaches the client.
Response Dispatcher::server_error(const Request& request,
                                  const std::exception_ptr& error) const noexcept {
  std::string what;
  try {
    std::rethrow_exception(error);
  } catch (...) {
    what = describe_current_exception();
  }
  log_line("ERROR", fmt::format("Exception in {} {}: {}", request.method(), request.path(), what));
  if (service_.handle_server_error) {
    // The handler takes std::exception, as FastAPI's takes Exception; `error` keeps the object
    // alive past the catch.
    const std::exception* std_error = nullptr;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& exc) {
      std_error = &exc;
    } catch (...) {
    }
    if (std_error) {
      try {
        return service_.handle_server_error(request, *std_error);
      } catch (...) {
        log_line("ERROR", "Exception in the server error handler: " + describe_current_exception());
      }
    }
  }
  return exception_handlers::internal_server_error();
}

// Starlette's websocket_session and ExceptionMiddleware, then uvicorn: before accept(), every
// outcome is an HTTP answer to the upgrade request (a close is uvicorn's 403, what the handlers
// make of an exception is Starlette's denial response, anything else uvicorn's 500); after it,
// a close frame.
void Dispatcher::handle_websocket(Request& request, WebSocketTransport& transport) const noexcept {
  WebSocket websocket(request, transport);
  try {
    // The middleware Starlette runs for a WebSocket, outermost first: one may answer the
    // handshake itself (TrustedHost, HTTPSRedirect); the others let it pass.
    for (auto middleware = service_.middleware.rbegin(); middleware != service_.middleware.rend();
         ++middleware) {
      if (auto answer = middleware->websocket_answer(request)) {
        websocket.send_denial_response(*answer);
        return;
      }
    }
    Request::Pairs params;
    const auto* route = router_.match_websocket(request.path(), &params);
    if (!route) {
      websocket.close(1000);  // Starlette's WebSocketClose: uvicorn's 403 before accept
      return;
    }
    request.set_path_params(std::move(params));
    try {
      route->endpoint(websocket);
      if (!websocket.accepted() && !websocket.closed()) {
        log_line("ERROR", fmt::format("WebSocket {}: the endpoint returned without accepting",
                                      request.path()));
        websocket.send_denial_response(exception_handlers::internal_server_error());
      }
      websocket.close(1000);
    } catch (const WebSocketDisconnect&) {
      // The client went away: nothing left to say.
    } catch (const WebSocketException& exc) {
      websocket.close(exc.code(), exc.reason());
    } catch (const WebSocketRequestValidationError& exc) {
      exception_handlers::websocket_request_validation_exception_handler(websocket, exc);
    } catch (...) {
      if (websocket.accepted() || websocket.closed()) throw;
      websocket.send_denial_response(deny_websocket(request, std::current_exception()));
    }
  } catch (...) {
    log_line("ERROR", fmt::format("Exception in WebSocket {}: {}", request.path(),
                                  describe_current_exception()));
    try {
      websocket.close(1011);
    } catch (...) {
      // The connection is already gone.
    }
  }
}

// The route wrapper and ExceptionMiddleware look the exception up; ServerErrorMiddleware lets a
// WebSocket's pass, so what no handler answers is uvicorn's plain 500.
Response Dispatcher::deny_websocket(const Request& request,
                                    std::exception_ptr error) const noexcept {
  for (int layer = 0; layer < kRouteLayers; ++layer) {
    try {
      return dispatch(request, error);
    } catch (...) {
      error = std::current_exception();
    }
  }
  try {
    std::rethrow_exception(error);
  } catch (...) {
    log_line("ERROR", fmt::format("Exception in WebSocket {}: {}", request.path(),
                                  describe_current_exception()));
  }
  return exception_handlers::internal_server_error();
}

}  // namespace fastcpp::detail

namespace fastcpp {

Response CallNext::operator()(Request& request) const {
  auto response = dispatcher_->call_middleware(next_, request);
  if (streaming_) response.streaming = true;
  return response;
}

}  // namespace fastcpp
