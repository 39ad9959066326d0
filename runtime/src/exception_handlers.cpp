#include "fastcpp/exception_handlers.hpp"

#include "fastcpp/status.hpp"

namespace fastcpp::exception_handlers {
namespace {

// `{"detail": <detail>}` as JSONResponse renders it, without copying the detail into an object.
std::string detail_body(const json& detail) { return "{\"detail\":" + json_dumps(detail) + "}"; }

}  // namespace

Response http_exception_handler(const Request& /*request*/, const starlette::HTTPException& exc) {
  auto status = exc.status_code();
  if (!is_body_allowed_for_status(status)) {
    return Response(std::string{}, status, exc.headers());
  }
  return Response(detail_body(exc.detail()), status, exc.headers(), "application/json");
}

Response request_validation_exception_handler(const Request& /*request*/,
                                              const RequestValidationError& exc) {
  return Response(detail_body(exc.errors()), 422, {}, "application/json");
}

void websocket_request_validation_exception_handler(WebSocket& websocket,
                                                    const WebSocketRequestValidationError& exc) {
  websocket.close(1008, json_dumps(exc.errors()));
}

Response internal_server_error() { return PlainTextResponse("Internal Server Error", 500); }

}  // namespace fastcpp::exception_handlers
