// fastcpp/exceptions.hpp: the exceptions a handler throws, and the ones fastcpp throws for it.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// Response headers in the order given. Names are sent lower-cased, as Starlette sends them.
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace starlette {

/// Starlette's `HTTPException(status_code, detail=None, headers=None)`: what the router (404,
/// 405) raises, and the class to register a handler for to answer every HTTPException, as
/// FastAPI's docs advise. Answered by `exception_handlers::http_exception_handler` as
/// `{"detail": <detail>}` with `headers`. A null `detail` becomes the status phrase; like
/// Python, a null detail with a status code that has no phrase (e.g. 299) throws
/// `std::invalid_argument` from the constructor (→ 500).
class HTTPException : public std::exception {
 public:
  explicit HTTPException(int status_code, json detail = nullptr, Headers headers = {});

  int status_code() const noexcept { return status_code_; }
  const json& detail() const noexcept { return detail_; }
  const Headers& headers() const noexcept { return headers_; }

  /// Python's `str(exc)`: `"404: Item not found"`. Written at the first call (most
  /// HTTPExceptions are answered without it), so that first call must not race another.
  const char* what() const noexcept override;
  /// Python's `repr(exc)`: `HTTPException(status_code=404, detail='Item not found')`.
  std::string repr() const;

 private:
  int status_code_;
  json detail_;
  Headers headers_;
  mutable std::string message_;
};

}  // namespace starlette

/// FastAPI's `HTTPException`, a subclass of Starlette's: the one to throw (and the one FastAPI
/// raises for a body that is not text). A handler registered for it takes only this class: the
/// router's 404 and 405 are Starlette's, and keep FastAPI's default answer.
class HTTPException : public starlette::HTTPException {
 public:
  using starlette::HTTPException::HTTPException;
};

/// FastAPI's `WebSocketException(code, reason=None)`: closes the WebSocket with `code` and
/// `reason`.
class WebSocketException : public std::exception {
 public:
  explicit WebSocketException(int code, std::string reason = {});

  int code() const noexcept { return code_; }
  const std::string& reason() const noexcept { return reason_; }
  /// Python's `str(exc)`: `"1008: "`.
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  int code_;
  std::string reason_;
  std::string message_;
};

/// Raised when a request's parameters or body fail validation; answered with 422 by
/// `exception_handlers::request_validation_exception_handler`. Not an `HTTPException`.
class RequestValidationError : public std::exception {
 public:
  /// `errors` is a JSON array of pydantic v2 error objects (`type`, `loc`, `msg`, `input`,
  /// optional `ctx`); `body` is the received body as FastAPI keeps it.
  explicit RequestValidationError(json errors, json body = nullptr);

  const json& errors() const noexcept { return errors_; }
  const json& body() const noexcept { return body_; }
  /// Python's `str(exc)`: the repr of the error list,
  /// `[{'type': 'missing', 'loc': ('body',), 'msg': 'Field required', 'input': None}]`.
  /// Written at the first call, like HTTPException's.
  const char* what() const noexcept override;

 private:
  json errors_;
  json body_;
  mutable std::string message_;
};

/// Validation failure of a WebSocket endpoint's parameters; closes with 1008.
class WebSocketRequestValidationError : public std::exception {
 public:
  explicit WebSocketRequestValidationError(json errors);

  const json& errors() const noexcept { return errors_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  json errors_;
  std::string message_;
};

/// A handler's return value did not fit its declared response type: a bug on the server,
/// answered with the plain 500 and logged.
class ResponseValidationError : public std::exception {
 public:
  explicit ResponseValidationError(json errors, json body = nullptr);

  const json& errors() const noexcept { return errors_; }
  const json& body() const noexcept { return body_; }
  /// `"1 validation errors:\n  {...}\n"`, as FastAPI words it.
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  json errors_;
  json body_;
  std::string message_;
};

/// Thrown by `WebSocket::receive_*` when the client has closed the connection.
class WebSocketDisconnect : public std::exception {
 public:
  explicit WebSocketDisconnect(int code = 1000, std::string reason = {});

  int code() const noexcept { return code_; }
  const std::string& reason() const noexcept { return reason_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  int code_;
  std::string reason_;
  std::string message_;
};

}  // namespace fastcpp
