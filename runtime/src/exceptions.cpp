#include "fastcpp/exceptions.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "fastcpp/detail/pyrepr.hpp"
#include "fastcpp/status.hpp"

namespace fastcpp {
namespace {

json detail_or_phrase(int status_code, json detail) {
  if (!detail.is_null()) return detail;
  auto phrase = status_phrase(status_code);
  // Python's http.HTTPStatus(299) raises ValueError inside the constructor: a 500.
  if (phrase.empty())
    throw std::invalid_argument(fmt::format("{} is not a valid HTTPStatus", status_code));
  return std::string(phrase);
}

}  // namespace

starlette::HTTPException::HTTPException(int status_code, json detail, Headers headers)
    : status_code_(status_code),
      detail_(detail_or_phrase(status_code, std::move(detail))),
      headers_(std::move(headers)) {}

const char* starlette::HTTPException::what() const noexcept {
  if (message_.empty()) {
    try {
      message_ = fmt::format("{}: {}", status_code_, detail::py_str(detail_));
    } catch (...) {
      return "HTTPException";  // out of memory
    }
  }
  return message_.c_str();
}

std::string starlette::HTTPException::repr() const {
  return fmt::format("HTTPException(status_code={}, detail={})", status_code_,
                     detail::py_repr(detail_));
}

WebSocketException::WebSocketException(int code, std::string reason)
    : code_(code), reason_(std::move(reason)), message_(fmt::format("{}: {}", code_, reason_)) {}

RequestValidationError::RequestValidationError(json errors, json body)
    : errors_(std::move(errors)), body_(std::move(body)) {}

const char* RequestValidationError::what() const noexcept {
  if (message_.empty()) {
    try {
      message_ = detail::validation_errors_repr(errors_);
    } catch (...) {
      return "RequestValidationError";  // out of memory
    }
  }
  return message_.c_str();
}

WebSocketRequestValidationError::WebSocketRequestValidationError(json errors)
    : errors_(std::move(errors)), message_(detail::validation_errors_repr(errors_)) {}

ResponseValidationError::ResponseValidationError(json errors, json body)
    : errors_(std::move(errors)), body_(std::move(body)) {
  message_ = fmt::format("{} validation errors:\n", errors_.size());
  for (const auto& error : errors_) message_ += "  " + detail::validation_error_repr(error) + "\n";
}

WebSocketDisconnect::WebSocketDisconnect(int code, std::string reason)
    : code_(code), reason_(std::move(reason)), message_(fmt::format("{}: {}", code_, reason_)) {}

}  // namespace fastcpp
