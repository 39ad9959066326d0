// The request head as the server reads it, below cpp-httplib: limits on its size, a copy of its
// bytes as sent, and the checks that decide whether a request is well framed. server.cpp answers
// what these find in FastAPI's shape; nothing here includes httplib.h, so the fuzzers reach it.
#pragma once

#include <cstddef>
#include <optional>
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

/// RFC 9110's `tchar`: the characters of a header name (a token).
bool is_token_char(char ch) noexcept;

/// A request the server can answer straight from the bytes it has read ahead, without
/// cpp-httplib's parser: the common case, kept on a short path because it is most of the work.
struct SimpleRequest {
  std::string_view method;
  std::string_view target;
  Request::Pairs headers;  ///< in wire order, names as sent, values trimmed
  std::string_view body;
  bool close = false;       ///< the client sent `Connection: close`
  std::size_t size = 0;     ///< bytes of the request: head and body
};

/// `buffered` parsed as one complete, unremarkable HTTP/1.1 request at its start: GET, POST,
/// PUT, PATCH, DELETE or OPTIONS; a request-target within the limits; tokens for header names
/// and visible ASCII for values; a Host; no Transfer-Encoding, Upgrade, Expect or Range; an Accept
/// only if plainly well-formed; at most one Content-Length, whose body has arrived (none for GET
/// and OPTIONS). Anything else, including every request the server would refuse, is nullopt: the
/// full parser handles it.
std::optional<SimpleRequest> parse_simple_request(std::string_view buffered,
                                                  const HeadLimits& limits,
                                                  std::size_t max_uri_bytes,
                                                  std::size_t max_query_params,
                                                  std::size_t max_body_bytes);

}  // namespace fastcpp::detail
