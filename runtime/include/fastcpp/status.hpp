// fastcpp/status.hpp: HTTP and WebSocket status codes, named as in FastAPI's `status` module.
#pragma once

#include <string_view>

namespace fastcpp {

/// Python 3.13's `http.HTTPStatus(code).phrase`, or an empty view for a code it does not know.
std::string_view status_phrase(int status_code) noexcept;

/// True when a response with this status carries no body (Starlette: 1xx, 204, 304), so no
/// `content-length` either.
constexpr bool is_bodyless_status(int status_code) noexcept {
  return status_code < 200 || status_code == 204 || status_code == 304;
}

/// FastAPI's `is_body_allowed_for_status_code`: false for 1xx, 204, 205 and 304, the statuses
/// whose route results and HTTPException details FastAPI does not render. 205 is the one
/// difference from is_bodyless_status: its empty body still gets `content-length: 0`.
constexpr bool is_body_allowed_for_status(int status_code) noexcept {
  return !is_bodyless_status(status_code) && status_code != 205;
}

namespace status {
// clang-format off
inline constexpr int HTTP_100_CONTINUE = 100;
inline constexpr int HTTP_101_SWITCHING_PROTOCOLS = 101;
inline constexpr int HTTP_102_PROCESSING = 102;
inline constexpr int HTTP_103_EARLY_HINTS = 103;
inline constexpr int HTTP_200_OK = 200;
inline constexpr int HTTP_201_CREATED = 201;
inline constexpr int HTTP_202_ACCEPTED = 202;
inline constexpr int HTTP_203_NON_AUTHORITATIVE_INFORMATION = 203;
inline constexpr int HTTP_204_NO_CONTENT = 204;
inline constexpr int HTTP_205_RESET_CONTENT = 205;
inline constexpr int HTTP_206_PARTIAL_CONTENT = 206;
inline constexpr int HTTP_207_MULTI_STATUS = 207;
inline constexpr int HTTP_208_ALREADY_REPORTED = 208;
inline constexpr int HTTP_226_IM_USED = 226;
inline constexpr int HTTP_300_MULTIPLE_CHOICES = 300;
inline constexpr int HTTP_301_MOVED_PERMANENTLY = 301;
inline constexpr int HTTP_302_FOUND = 302;
inline constexpr int HTTP_303_SEE_OTHER = 303;
inline constexpr int HTTP_304_NOT_MODIFIED = 304;
inline constexpr int HTTP_305_USE_PROXY = 305;
inline constexpr int HTTP_306_RESERVED = 306;
inline constexpr int HTTP_307_TEMPORARY_REDIRECT = 307;
inline constexpr int HTTP_308_PERMANENT_REDIRECT = 308;
inline constexpr int HTTP_400_BAD_REQUEST = 400;
inline constexpr int HTTP_401_UNAUTHORIZED = 401;
inline constexpr int HTTP_402_PAYMENT_REQUIRED = 402;
inline constexpr int HTTP_403_FORBIDDEN = 403;
inline constexpr int HTTP_404_NOT_FOUND = 404;
inline constexpr int HTTP_405_METHOD_NOT_ALLOWED = 405;
inline constexpr int HTTP_406_NOT_ACCEPTABLE = 406;
inline constexpr int HTTP_407_PROXY_AUTHENTICATION_REQUIRED = 407;
inline constexpr int HTTP_408_REQUEST_TIMEOUT = 408;
inline constexpr int HTTP_409_CONFLICT = 409;
inline constexpr int HTTP_410_GONE = 410;
inline constexpr int HTTP_411_LENGTH_REQUIRED = 411;
inline constexpr int HTTP_412_PRECONDITION_FAILED = 412;
inline constexpr int HTTP_413_REQUEST_ENTITY_TOO_LARGE = 413;
inline constexpr int HTTP_413_CONTENT_TOO_LARGE = 413;
inline constexpr int HTTP_414_REQUEST_URI_TOO_LONG = 414;
inline constexpr int HTTP_414_URI_TOO_LONG = 414;
inline constexpr int HTTP_415_UNSUPPORTED_MEDIA_TYPE = 415;
inline constexpr int HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE = 416;
inline constexpr int HTTP_416_RANGE_NOT_SATISFIABLE = 416;
inline constexpr int HTTP_417_EXPECTATION_FAILED = 417;
inline constexpr int HTTP_418_IM_A_TEAPOT = 418;
inline constexpr int HTTP_421_MISDIRECTED_REQUEST = 421;
inline constexpr int HTTP_422_UNPROCESSABLE_ENTITY = 422;
inline constexpr int HTTP_422_UNPROCESSABLE_CONTENT = 422;
inline constexpr int HTTP_423_LOCKED = 423;
inline constexpr int HTTP_424_FAILED_DEPENDENCY = 424;
inline constexpr int HTTP_425_TOO_EARLY = 425;
inline constexpr int HTTP_426_UPGRADE_REQUIRED = 426;
inline constexpr int HTTP_428_PRECONDITION_REQUIRED = 428;
inline constexpr int HTTP_429_TOO_MANY_REQUESTS = 429;
inline constexpr int HTTP_431_REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
inline constexpr int HTTP_451_UNAVAILABLE_FOR_LEGAL_REASONS = 451;
inline constexpr int HTTP_500_INTERNAL_SERVER_ERROR = 500;
inline constexpr int HTTP_501_NOT_IMPLEMENTED = 501;
inline constexpr int HTTP_502_BAD_GATEWAY = 502;
inline constexpr int HTTP_503_SERVICE_UNAVAILABLE = 503;
inline constexpr int HTTP_504_GATEWAY_TIMEOUT = 504;
inline constexpr int HTTP_505_HTTP_VERSION_NOT_SUPPORTED = 505;
inline constexpr int HTTP_506_VARIANT_ALSO_NEGOTIATES = 506;
inline constexpr int HTTP_507_INSUFFICIENT_STORAGE = 507;
inline constexpr int HTTP_508_LOOP_DETECTED = 508;
inline constexpr int HTTP_510_NOT_EXTENDED = 510;
inline constexpr int HTTP_511_NETWORK_AUTHENTICATION_REQUIRED = 511;
inline constexpr int WS_1000_NORMAL_CLOSURE = 1000;
inline constexpr int WS_1001_GOING_AWAY = 1001;
inline constexpr int WS_1002_PROTOCOL_ERROR = 1002;
inline constexpr int WS_1003_UNSUPPORTED_DATA = 1003;
inline constexpr int WS_1005_NO_STATUS_RCVD = 1005;
inline constexpr int WS_1006_ABNORMAL_CLOSURE = 1006;
inline constexpr int WS_1007_INVALID_FRAME_PAYLOAD_DATA = 1007;
inline constexpr int WS_1008_POLICY_VIOLATION = 1008;
inline constexpr int WS_1009_MESSAGE_TOO_BIG = 1009;
inline constexpr int WS_1010_MANDATORY_EXT = 1010;
inline constexpr int WS_1011_INTERNAL_ERROR = 1011;
inline constexpr int WS_1012_SERVICE_RESTART = 1012;
inline constexpr int WS_1013_TRY_AGAIN_LATER = 1013;
inline constexpr int WS_1014_BAD_GATEWAY = 1014;
inline constexpr int WS_1015_TLS_HANDSHAKE = 1015;
// clang-format on
}  // namespace status

}  // namespace fastcpp
