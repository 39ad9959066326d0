#include "request_head.hpp"

#include <algorithm>
#include <cstring>

#include "text.hpp"

namespace fastcpp::detail {
namespace {

using Status = HeadResult::Status;

bool is_decimal(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A header value may hold visible characters, spaces, tabs and obs-text (bytes >= 0x80), never
// another control character (NUL, a bare CR, DEL).
bool is_field_value(std::string_view value) noexcept {
  return std::all_of(value.begin(), value.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 ? c != 0x7F : c == '\t';
  });
}

// Whether a comma-separated header value lists `token` (any case), as `Connection: keep-alive,
// Upgrade` lists `upgrade`.
bool lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    auto comma = value.find(',');
    if (iequals(trim_spaces_and_tabs(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

HeadResult refused(Refusal refusal) {
  HeadResult result;
  result.status = Status::kRefused;
  result.refusal = refusal;
  return result;
}

// `METHOD SP request-target SP HTTP-version`, exactly one space each.
bool parse_request_line(std::string_view line, RequestHead& head) {
  auto first_space = line.find(' ');
  if (first_space == std::string_view::npos || first_space == 0) return false;
  auto second_space = line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos) return false;
  auto method = line.substr(0, first_space);
  auto target = line.substr(first_space + 1, second_space - first_space - 1);
  auto version = line.substr(second_space + 1);
  if (!std::all_of(method.begin(), method.end(), is_token_char)) return false;
  if (!is_valid_request_target(target) || (target.front() != '/' && target != "*")) return false;
  if (version == "HTTP/1.0") {
    head.http_1_0 = true;
  } else if (version != "HTTP/1.1") {
    return false;
  }
  head.method = std::string(method);
  head.target = std::string(target);
  return true;
}

}  // namespace

HeadResult parse_request_head(std::string_view bytes, const RequestLimits& limits) {
  HeadResult result;
  RequestHead& head = result.head;
  // A limit crossed on the request line is the URI's fault: it is all the line holds of size.
  auto over_limit = [&](std::size_t line) {
    return refused(line == 0 ? Refusal::kUriTooLong : Refusal::kHeadersTooLarge);
  };
  std::size_t line_start = 0;
  std::size_t line_number = 0;  // the request line is line 0
  bool has_length = false;
  bool asks_close = false;
  bool asks_keep_alive = false;
  for (;;) {
    const void* found = std::memchr(bytes.data() + line_start, '\n', bytes.size() - line_start);
    auto line_end = found ? static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data())
                          : std::string_view::npos;
    std::size_t line_bytes = (found ? line_end + 1 : bytes.size()) - line_start;
    std::size_t head_bytes = found ? line_end + 1 : bytes.size();
    if (line_bytes > limits.max_line_bytes || head_bytes > limits.max_head_bytes) {
      return over_limit(line_number);
    }
    if (!found) return result;  // incomplete, within the limits so far
    auto line = bytes.substr(line_start, line_end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line_start = line_end + 1;

    if (line_number == 0) {
      if (line.empty()) return refused(Refusal::kBadRequest);
      if (!parse_request_line(line, head)) return refused(Refusal::kBadRequest);
      if (head.target.size() > limits.max_uri_bytes) return refused(Refusal::kUriTooLong);
      ++line_number;
      continue;
    }
    if (line.empty()) break;  // the end of the head
    if (line_number > limits.max_header_count) return refused(Refusal::kHeadersTooLarge);
    ++line_number;
    auto colon = line.find(':');
    // No colon, an empty name, a name with spaces (or an obs-fold continuation line): 400.
    if (colon == std::string_view::npos || colon == 0 ||
        !std::all_of(line.begin(), line.begin() + colon, is_token_char)) {
      return refused(Refusal::kBadRequest);
    }
    auto value = trim_spaces_and_tabs(line.substr(colon + 1));
    if (!is_field_value(value)) return refused(Refusal::kBadRequest);
    auto name = line.substr(0, colon);
    head.headers.emplace_back(decode_latin1(name), decode_latin1(value));
    if (iequals(name, "content-length")) {
      has_length = true;
    } else if (iequals(name, "connection")) {
      asks_close = asks_close || lists_token(value, "close");
      asks_keep_alive = asks_keep_alive || lists_token(value, "keep-alive");
    } else if (iequals(name, "expect")) {
      head.expect_continue = iequals(value, "100-continue");
    }
  }
  head.size = line_start;

  // HTTP/1.0 closes unless it asks otherwise; `close` wins over `keep-alive`.
  head.keep_alive = !asks_close && (!head.http_1_0 || asks_keep_alive);

  if (!has_unambiguous_framing(head.headers)) return refused(Refusal::kBadRequest);
  for (const auto& [name, value] : head.headers) {
    if (iequals(name, "transfer-encoding")) {
      head.framing = Framing::kChunked;
    } else if (has_length && iequals(name, "content-length")) {
      head.framing = Framing::kLength;
      head.content_length = std::stoull(value);
      if (head.content_length > limits.max_body_bytes) return refused(Refusal::kBodyTooLarge);
    }
  }
  auto question = head.target.find('?');
  if (question != std::string::npos &&
      count_query_fields(std::string_view(head.target).substr(question + 1)) >
          limits.max_query_params) {
    return refused(Refusal::kTooManyQueryFields);
  }
  result.status = Status::kComplete;
  return result;
}

bool has_unambiguous_framing(const Request::Pairs& fields) noexcept {
  int transfer_encodings = 0;
  bool chunked = false;
  const std::string* length = nullptr;
  for (const auto& [name, value] : fields) {
    if (iequals(name, "transfer-encoding")) {
      ++transfer_encodings;
      chunked = iequals(value, "chunked");
    } else if (iequals(name, "content-length")) {
      // More than 19 digits cannot be a length anyone means (nor fit the parser's integer).
      if (!is_decimal(value) || value.size() > 19 || (length && *length != value)) return false;
      length = &value;
    }
  }
  if (transfer_encodings == 0) return true;
  return transfer_encodings == 1 && chunked && !length;
}

bool is_valid_request_target(std::string_view target) noexcept {
  return !target.empty() && std::all_of(target.begin(), target.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7F;
  });
}

std::size_t count_query_fields(std::string_view query) noexcept {
  std::size_t count = 0;
  while (!query.empty()) {
    auto end = query.find('&');
    if (end != 0) ++count;
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return count;
}

bool is_token_char(char ch) noexcept {
  auto c = static_cast<unsigned char>(ch);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

ChunkedDecoder::ChunkedDecoder(std::size_t max_body_bytes, std::size_t max_line_bytes,
                               std::size_t max_trailer_lines)
    : max_body_bytes_(max_body_bytes),
      max_line_bytes_(max_line_bytes),
      max_trailer_lines_(max_trailer_lines) {}

ChunkedDecoder::Status ChunkedDecoder::refuse(Refusal refusal) {
  refusal_ = refusal;
  state_ = State::kDone;
  return Status::kRefused;
}

ChunkedDecoder::Status ChunkedDecoder::feed(std::string_view bytes, std::string& body,
                                            std::size_t& consumed) {
  std::size_t pos = 0;
  auto status = Status::kIncomplete;
  // Appends bytes up to the next LF to line_; true once the line is whole (LF taken, CR dropped).
  auto take_line = [&]() -> std::optional<bool> {
    auto lf = bytes.find('\n', pos);
    auto end = lf == std::string_view::npos ? bytes.size() : lf;
    line_.append(bytes.substr(pos, end - pos));
    pos = lf == std::string_view::npos ? bytes.size() : lf + 1;
    if (line_.size() + 1 > max_line_bytes_) return std::nullopt;
    if (lf == std::string_view::npos) return false;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    return true;
  };
  while (pos < bytes.size() && status == Status::kIncomplete) {
    switch (state_) {
      case State::kSize: {
        auto whole = take_line();
        if (!whole) return refuse(Refusal::kBadRequest);
        if (!*whole) break;
        std::string_view line = line_;
        line = trim_spaces_and_tabs(line.substr(0, line.find(';')));  // chunk extensions
        std::size_t size = 0;
        if (line.empty() || line.size() > 15) return refuse(Refusal::kBadRequest);
        for (char c : line) {
          int digit = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
          if (digit < 0) return refuse(Refusal::kBadRequest);
          size = size * 16 + static_cast<std::size_t>(digit);
        }
        line_.clear();
        if (size > max_body_bytes_ - body.size()) return refuse(Refusal::kBodyTooLarge);
        remaining_ = size;
        state_ = size == 0 ? State::kTrailer : State::kData;
        break;
      }
      case State::kData: {
        auto n = std::min(remaining_, bytes.size() - pos);
        body.append(bytes.substr(pos, n));
        pos += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::kDataEnd;
        break;
      }
      case State::kDataEnd: {
        auto whole = take_line();
        if (!whole) return refuse(Refusal::kBadRequest);
        if (!*whole) break;
        if (!line_.empty()) return refuse(Refusal::kBadRequest);  // data longer than its size
        state_ = State::kSize;
        break;
      }
      case State::kTrailer: {
        auto whole = take_line();
        if (!whole) return refuse(Refusal::kBadRequest);
        if (!*whole) break;
        if (line_.empty()) {
          state_ = State::kDone;
          status = Status::kComplete;
        } else if (++trailer_lines_ > max_trailer_lines_) {
          return refuse(Refusal::kBadRequest);
        }
        line_.clear();
        break;
      }
      case State::kDone:
        status = Status::kComplete;
        break;
    }
  }
  consumed = pos;
  return status;
}

}  // namespace fastcpp::detail
