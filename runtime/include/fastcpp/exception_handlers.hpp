// fastcpp/exception_handlers.hpp: FastAPI's default exception handlers, for re-use from your own.
#pragma once

#include "fastcpp/exceptions.hpp"
#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"
#include "fastcpp/websocket.hpp"

namespace fastcpp::exception_handlers {

/// `{"detail": <exc.detail>}` with `exc.headers`; no body for 1xx, 204 and 304.
Response http_exception_handler(const Request& request, const starlette::HTTPException& exc);

/// 422 `{"detail": <exc.errors()>}`.
Response request_validation_exception_handler(const Request& request,
                                              const RequestValidationError& exc);

/// Closes the WebSocket with 1008 and the errors as the reason.
void websocket_request_validation_exception_handler(WebSocket& websocket,
                                                    const WebSocketRequestValidationError& exc);

/// The answer to anything unhandled: 500 `Internal Server Error`, text/plain.
Response internal_server_error();

}  // namespace fastcpp::exception_handlers
