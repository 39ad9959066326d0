#include "fastcpp/exception_handlers.hpp"

namespace fastcpp::exception_handlers {

Response http_exception_handler(const Request& /*request*/, const HTTPException& exc) {
  auto status = exc.status_code();
  // FastAPI's is_body_allowed_for_status_code: 205 is bodyless here, but Starlette still gives it
  // `content-length: 0` (only 1xx, 204 and 304 go without).
  if (status < 200 || status == 204 || status == 205 || status == 304) {
    return Response(std::string{}, status, exc.headers());
  }
  json body = json::object();
  body["detail"] = exc.detail();
  return JSONResponse(body, status, exc.headers());
}

Response request_validation_exception_handler(const Request& /*request*/,
                                              const RequestValidationError& exc) {
  json body = json::object();
  body["detail"] = exc.errors();
  return JSONResponse(body, 422);
}

void websocket_request_validation_exception_handler(WebSocket& websocket,
                                                    const WebSocketRequestValidationError& exc) {
  websocket.close(1008, json_dumps(exc.errors()));
}

Response internal_server_error() { return PlainTextResponse("Internal Server Error", 500); }

}  // namespace fastcpp::exception_handlers
