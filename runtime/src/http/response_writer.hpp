// The one place a response becomes bytes on the wire: a handler's answer, a refusal by the server
// itself, a WebSocket handshake's denial. Nothing here touches a socket.
#pragma once

#include <string>
#include <string_view>

#include "fastcpp/response.hpp"

namespace fastcpp::detail {

/// Why the server refused a request before any route saw it; each has one status (kStatus).
enum class Refusal {
  kBadRequest,          ///< malformed request line, header or framing: 400
  kBodyTooLarge,        ///< 413
  kUriTooLong,          ///< 414
  kHeadersTooLarge,     ///< 431
  kTimeout,             ///< the head did not arrive in time: 408
  kTooManyQueryFields,  ///< 400 `{"detail":"Too many query parameters"}`
  kUnavailable,         ///< no room for another WebSocket session: 503
};

/// The status a refusal is answered with.
int refusal_status(Refusal refusal) noexcept;

/// The answer to a refusal, in FastAPI's shape: `{"detail": "<phrase>"}` as JSON.
Response refusal_response(Refusal refusal);

/// The response as it may be sent: one with a header that would break the framing (CR, LF or NUL
/// in a value, a name that is not a token) becomes the plain 500, logged.
Response checked_response(Response response, std::string_view method, std::string_view path);

/// An HTTP/1.1 response, byte for byte: the status line, `date`, the response's headers in its
/// order with the body's own `content-length` (added after them if it had none; never for 1xx,
/// 204 and 304, whose body is dropped whatever the handler gave: it would be read as the next
/// response), `connection: close` when `close`. A response to HEAD keeps its length, not its
/// body.
std::string serialize(const Response& response, bool close, bool head_request = false);

/// The `Date` header's value now (RFC 9110's IMF-fixdate), formatted at most once a second.
std::string_view http_date();

}  // namespace fastcpp::detail
