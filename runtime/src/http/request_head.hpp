// A request as the server reads it off the wire: the head (request line and header fields) with
// its limits, the framing of the body, and a chunked-body decoder. Pure functions over bytes:
// no socket, so unit tests and the fuzzers reach all of it. The connection (connection.cpp)
// answers what these refuse through the response writer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "fastcpp/request.hpp"
#include "response_writer.hpp"

namespace fastcpp::detail {

/// The limits a request is read within (Config's, docs/reliability.md).
struct RequestLimits {
  /// The request line, the header lines and the empty line.
  std::size_t max_head_bytes = std::size_t{32} * 1024;
  /// Any one line, its line end included.
  std::size_t max_line_bytes = std::size_t{64} * 1024;
  std::size_t max_header_count = 100;                 ///< header lines
  std::size_t max_uri_bytes = std::size_t{8} * 1024;  ///< the request-target
  /// The fields parse_qsl would make of the query.
  std::size_t max_query_params = 1000;
  std::size_t max_body_bytes = std::size_t{16} * 1024 * 1024;
};

/// How the body of a request is delimited (RFC 9112 §6).
enum class Framing {
  kNone,     ///< neither Content-Length nor Transfer-Encoding: no body, whatever the method
  kLength,   ///< Content-Length
  kChunked,  ///< Transfer-Encoding: chunked
};

/// A request head, parsed.
struct RequestHead {
  std::string method;
  std::string target;  ///< as sent
  bool http_1_0 = false;
  /// In wire order; names as sent, values without surrounding spaces and tabs; both read as
  /// latin-1 (bytes >= 0x80 become U+0080..U+00FF), as Starlette reads them.
  Request::Pairs headers;
  Framing framing = Framing::kNone;
  std::size_t content_length = 0;
  /// The client keeps the connection after this request: HTTP/1.1 without `Connection: close`,
  /// or HTTP/1.0 with `Connection: keep-alive`.
  bool keep_alive = true;
  bool expect_continue = false;  ///< `Expect: 100-continue`
  std::size_t size = 0;          ///< bytes of the head, its empty line included
};

/// What parse_request_head made of the bytes at the start of a buffer.
struct HeadResult {
  enum class Status { kIncomplete, kComplete, kRefused } status = Status::kIncomplete;
  RequestHead head;                        ///< when kComplete
  Refusal refusal = Refusal::kBadRequest;  ///< when kRefused
};

/// Parses the request head at the start of `bytes`. A line ends with LF, a CR before it
/// dropped (h11 reads bare LF line ends too); the head ends with the first empty line. Refuses
/// as soon as the bytes show a limit is crossed (414 while still in the request line, 431
/// after), a malformed request line (not `METHOD SP target SP HTTP/1.x`, a method that is not a
/// token, a target that is not visible ASCII or does not start with `/` or is not `*`), a header
/// line that is not `token: value` or holds a control character, ambiguous framing
/// (has_unambiguous_framing), a declared length over the body limit (413, before any of it is
/// read) and too many query fields. Incomplete heads are never refused for their length alone
/// while they are within the limits.
HeadResult parse_request_head(std::string_view bytes, const RequestLimits& limits);

/// RFC 9112 §6.1-6.3, read strictly so that no proxy in front can frame a request otherwise:
/// at most one Transfer-Encoding line, whose value is exactly `chunked` (any case), never
/// together with Content-Length; every Content-Length a plain decimal number, all of them equal.
bool has_unambiguous_framing(const Request::Pairs& fields) noexcept;

/// Whether a request-target holds only visible ASCII (RFC 9112 §3.2, RFC 3986): no control
/// characters, spaces or bytes >= 0x80, and is not empty.
bool is_valid_request_target(std::string_view target) noexcept;

/// The number of fields `parse_qsl` makes of a query string (its non-empty `&`-separated parts).
std::size_t count_query_fields(std::string_view query) noexcept;

/// RFC 9110's `tchar`: the characters of a header name or a method (a token).
bool is_token_char(char ch) noexcept;

/// Decodes a chunked body (RFC 9112 §7.1) as its bytes arrive: chunk sizes in hex with optional
/// extensions, each chunk's CRLF, then trailer lines (read and dropped) up to the empty line.
class ChunkedDecoder {
 public:
  enum class Status { kIncomplete, kComplete, kRefused };

  /// `max_body_bytes` bounds the decoded body (413); trailers are bounded like a head's lines.
  ChunkedDecoder(std::size_t max_body_bytes, std::size_t max_line_bytes,
                 std::size_t max_trailer_lines);

  /// Takes what it can of `bytes`, appending decoded data to `body`; `consumed` is set to the
  /// bytes taken. kComplete once the last trailer line has been read (the rest of `bytes` is the
  /// next request's); kRefused with refusal() on a malformed body or one over the limit.
  Status feed(std::string_view bytes, std::string& body, std::size_t& consumed);
  Refusal refusal() const noexcept { return refusal_; }

 private:
  enum class State { kSize, kData, kDataEnd, kTrailer, kDone };
  Status refuse(Refusal refusal);

  std::size_t max_body_bytes_;
  std::size_t max_line_bytes_;
  std::size_t max_trailer_lines_;
  State state_ = State::kSize;
  std::string line_;           // the size or trailer line so far
  std::size_t remaining_ = 0;  // of the current chunk's data
  std::size_t trailer_lines_ = 0;
  Refusal refusal_ = Refusal::kBadRequest;
};

}  // namespace fastcpp::detail
