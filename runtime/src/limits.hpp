// The request head as the server reads it, below cpp-httplib: limits on its size, a copy of its
// bytes as sent, and the checks that decide whether a request is well framed. server.cpp answers
// what these find in FastAPI's shape; nothing here includes httplib.h, so the fuzzers reach it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fastcpp/request.hpp"

namespace fastcpp::detail {

/// Why a request head was refused before it was complete.
enum class HeadError {
  kNone,
  kUriTooLong,       ///< the request line crossed a limit: 414
  kHeadersTooLarge,  ///< a header line, their count or the whole head did: 431
  kTimeout,          ///< the head did not arrive in time: 408
};

struct HeadLimits {
  std::size_t max_head_bytes = 32 * 1024;  ///< request line + header lines + blank line
  std::size_t max_line_bytes = 64 * 1024;  ///< any one line, CRLF included
  std::size_t max_header_count = 100;      ///< header lines
};

/// Follows one request head byte by byte, keeps a copy of it, and stops at the first limit it
/// crosses. A line ends with CRLF (a bare LF is not a line end, as in cpp-httplib); the head
/// ends with the first empty line after the request line.
class HeadMeter {
 public:
  explicit HeadMeter(HeadLimits limits = {}) : limits_(limits) {}

  /// Starts a new request.
  void reset();
  /// Takes the next byte. False, with error() set, when it would cross a limit: the byte must
  /// not be handed on, and no further byte is taken.
  bool feed(char byte);

  bool complete() const noexcept { return complete_; }
  HeadError error() const noexcept { return error_; }
  /// The bytes taken so far: the request line and header lines as sent.
  const std::string& raw() const noexcept { return raw_; }

 private:
  HeadLimits limits_;
  std::string raw_;
  std::size_t lines_ = 0;       // completed lines, the request line included
  std::size_t line_bytes_ = 0;  // bytes of the current line so far
  char previous_ = '\0';
  bool complete_ = false;
  HeadError error_ = HeadError::kNone;
};

/// The header fields of a raw head (its request line skipped), in wire order, as Starlette reads
/// them: names as sent, values without surrounding spaces and tabs, both decoded as latin-1 (so
/// bytes >= 0x80 become the characters U+0080..U+00FF: always valid UTF-8). Lines without a
/// colon are skipped (cpp-httplib has refused such a head already).
Request::Pairs parse_header_fields(std::string_view head);

/// Each byte as the latin-1 character of that code, in UTF-8.
std::string latin1_to_utf8(std::string_view text);

/// Whether a request-target holds only visible ASCII (RFC 9112 §3.2, RFC 3986): no control
/// characters, spaces or bytes >= 0x80, and is not empty.
bool is_valid_request_target(std::string_view target) noexcept;

/// The number of fields `parse_qsl` makes of a query string (its non-empty `&`-separated parts).
std::size_t count_query_fields(std::string_view query) noexcept;

/// RFC 9112 §6.1-6.3, read strictly so that no proxy in front can frame a request otherwise:
/// at most one Transfer-Encoding line, whose value is exactly `chunked` (any case), never
/// together with Content-Length; every Content-Length a plain decimal number, all of them equal.
bool has_unambiguous_framing(const Request::Pairs& fields) noexcept;

}  // namespace fastcpp::detail
