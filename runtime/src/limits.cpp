#include "limits.hpp"

#include <algorithm>

#include "internal.hpp"

namespace fastcpp::detail {
namespace {

std::string_view trim_spaces_and_tabs(std::string_view text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

bool is_decimal(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void HeadMeter::reset() {
  raw_.clear();
  lines_ = 0;
  line_bytes_ = 0;
  previous_ = '\0';
  complete_ = false;
  error_ = HeadError::kNone;
}

bool HeadMeter::feed(char byte) {
  if (error_ != HeadError::kNone) return false;
  if (complete_) return true;
  // A limit crossed on the request line is the URI's fault: it is all the line holds of size.
  auto refuse = [this] {
    error_ = lines_ == 0 ? HeadError::kUriTooLong : HeadError::kHeadersTooLarge;
    return false;
  };
  if (raw_.size() + 1 > limits_.max_head_bytes || line_bytes_ + 1 > limits_.max_line_bytes) {
    return refuse();
  }
  ++line_bytes_;
  if (byte == '\n' && previous_ == '\r') {
    bool empty_line = line_bytes_ == 2;
    if (empty_line && lines_ > 0) {
      complete_ = true;
    } else {
      // Completing header line number `lines_` (the request line is line 0).
      if (lines_ > limits_.max_header_count) return refuse();
      ++lines_;
    }
    line_bytes_ = 0;
  }
  raw_ += byte;
  previous_ = byte;
  return true;
}

Request::Pairs parse_header_fields(std::string_view head) {
  Request::Pairs fields;
  auto end = head.find("\r\n");  // the request line
  while (end != std::string_view::npos) {
    head.remove_prefix(end + 2);
    end = head.find("\r\n");
    auto line = head.substr(0, end);
    auto colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) continue;
    fields.emplace_back(latin1_to_utf8(line.substr(0, colon)),
                        latin1_to_utf8(trim_spaces_and_tabs(line.substr(colon + 1))));
  }
  return fields;
}

std::string latin1_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
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

bool is_token_char(char ch) noexcept {
  auto c = static_cast<unsigned char>(ch);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos;
}

namespace {

bool is_plain_value(std::string_view value) noexcept {
  return std::all_of(value.begin(), value.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c >= 0x20 && c < 0x7F) || c == '\t';
  });
}

// A quality value cpp-httplib certainly takes: 0 to 1, with at most three decimals.
bool is_plain_quality(std::string_view q) noexcept {
  if (q == "0" || q == "1") return true;
  if (q.size() < 3 || q.size() > 5 || q[1] != '.') return false;
  auto decimals = q.substr(2);
  if (q[0] == '0') return is_decimal(decimals);
  return q[0] == '1' && decimals.find_first_not_of('0') == std::string_view::npos;
}

// An Accept value cpp-httplib certainly parses: entries of `*` or `type/subtype`, each with
// parameters, any q among them plain. cpp-httplib answers some other values with a 400 before
// the request reaches fastcpp (docs/fastapi-compat.md); the full path answers them all as it does.
bool is_plain_accept(std::string_view value) noexcept {
  if (value.empty()) return true;
  if (value.front() == ',' || value.back() == ',' || value.find(",,") != std::string_view::npos) {
    return false;
  }
  for (std::size_t begin = 0; begin <= value.size();) {
    auto end = std::min(value.find(',', begin), value.size());
    auto entry = value.substr(begin, end - begin);
    begin = end + 1;
    auto semicolon = entry.find(';');
    auto media_type = trim_spaces_and_tabs(entry.substr(0, semicolon));
    if (media_type.empty() ||
        (media_type != "*" && media_type.find('/') == std::string_view::npos)) {
      return false;
    }
    while (semicolon != std::string_view::npos) {
      auto next = entry.find(';', semicolon + 1);
      auto parameter = trim_spaces_and_tabs(entry.substr(semicolon + 1, next - semicolon - 1));
      semicolon = next;
      bool is_quality = parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
                        parameter[1] == '=';
      if (is_quality && !is_plain_quality(trim_spaces_and_tabs(parameter.substr(2)))) return false;
    }
  }
  return true;
}

}  // namespace

std::optional<SimpleRequest> parse_simple_request(std::string_view buffered,
                                                  const HeadLimits& limits,
                                                  std::size_t max_uri_bytes,
                                                  std::size_t max_query_params,
                                                  std::size_t max_body_bytes) {
  auto head_end = buffered.find("\r\n\r\n");
  if (head_end == std::string_view::npos || head_end + 4 > limits.max_head_bytes) {
    return std::nullopt;
  }
  auto head = buffered.substr(0, head_end + 2);  // every line with its CRLF

  SimpleRequest request;
  auto line_end = head.find("\r\n");
  auto line = head.substr(0, line_end);
  if (line.size() + 2 > limits.max_line_bytes) return std::nullopt;
  auto first_space = line.find(' ');
  auto second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos ||
      line.substr(second_space + 1) != "HTTP/1.1") {
    return std::nullopt;
  }
  request.method = line.substr(0, first_space);
  request.target = line.substr(first_space + 1, second_space - first_space - 1);
  constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  if (std::find(std::begin(kMethods), std::end(kMethods), request.method) == std::end(kMethods) ||
      request.target.empty() || request.target.front() != '/' ||
      !is_valid_request_target(request.target) || request.target.size() > max_uri_bytes) {
    return std::nullopt;
  }
  auto question = request.target.find('?');
  if (question != std::string_view::npos &&
      count_query_fields(request.target.substr(question + 1)) > max_query_params) {
    return std::nullopt;
  }

  bool host = false;
  std::optional<std::size_t> content_length;
  for (auto rest = head.substr(line_end + 2); !rest.empty();) {
    line_end = rest.find("\r\n");
    line = rest.substr(0, line_end);
    rest.remove_prefix(line_end + 2);
    auto colon = line.find(':');
    if (line.size() + 2 > limits.max_line_bytes || colon == 0 ||
        colon == std::string_view::npos ||
        !std::all_of(line.begin(), line.begin() + colon, is_token_char) ||
        request.headers.size() >= limits.max_header_count) {
      return std::nullopt;
    }
    auto name = line.substr(0, colon);
    auto value = trim_spaces_and_tabs(line.substr(colon + 1));
    if (!is_plain_value(value) || (iequals(name, "accept") && !is_plain_accept(value))) {
      return std::nullopt;
    }
    // Ranges stay with cpp-httplib, which refuses one it cannot parse (docs/fastapi-compat.md).
    if (iequals(name, "transfer-encoding") || iequals(name, "upgrade") || iequals(name, "expect") ||
        iequals(name, "range")) {
      return std::nullopt;
    }
    if (iequals(name, "host")) {
      if (host) return std::nullopt;
      host = true;
    } else if (iequals(name, "content-length")) {
      if (content_length || !is_decimal(value) || value.size() > 15) return std::nullopt;
      content_length = std::stoull(std::string(value));
    } else if (iequals(name, "connection")) {
      if (iequals(value, "close")) {
        request.close = true;
      } else if (!iequals(value, "keep-alive")) {
        return std::nullopt;
      }
    }
    request.headers.emplace_back(std::string(name), std::string(value));
  }
  if (!host) return std::nullopt;

  std::size_t length = content_length.value_or(0);
  bool bodiless_method = request.method == "GET" || request.method == "OPTIONS";
  if (length > max_body_bytes || (bodiless_method && length > 0) ||
      head.size() + 2 + length > buffered.size()) {
    return std::nullopt;
  }
  request.body = buffered.substr(head.size() + 2, length);
  request.size = head.size() + 2 + length;
  return request;
}

}  // namespace fastcpp::detail
