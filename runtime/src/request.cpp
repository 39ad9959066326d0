#include "fastcpp/request.hpp"

#include <algorithm>

#include "internal.hpp"
#include "text.hpp"

namespace fastcpp {
namespace detail {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// urllib.parse.unquote: runs of %XX become bytes decoded as UTF-8 (errors="replace"); other
// characters stay. With `latin1`, raw bytes >= 0x80 are latin-1 characters (as Starlette decodes
// the query string) rather than UTF-8.
std::string unquote(std::string_view text, bool plus_is_space, bool latin1) {
  std::string out;
  out.reserve(text.size());
  std::string run;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      run += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 3;
      continue;
    }
    if (!run.empty()) {
      append_decoded_utf8(out, run);
      run.clear();
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (plus_is_space && c == '+') {
      out += ' ';
    } else if (latin1 && c >= 0x80) {
      append_utf8(out, c);
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  if (!run.empty()) append_decoded_utf8(out, run);
  return out;
}

// http.cookies._unquote: a "quoted" value loses its quotes and backslash escapes.
std::string unquote_cookie(std::string_view value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
  value = value.substr(1, value.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 3 < value.size() && value[i + 1] >= '0' && value[i + 1] <= '3' &&
        value[i + 2] >= '0' && value[i + 2] <= '7' && value[i + 3] >= '0' && value[i + 3] <= '7') {
      // The escape names a character (U+0000..U+00FF), as in http.cookies._unquote.
      append_utf8(out, static_cast<char32_t>((value[i + 1] - '0') * 64 + (value[i + 2] - '0') * 8 +
                                             (value[i + 3] - '0')));
      i += 3;
    } else if (value[i] == '\\' && i + 1 < value.size()) {
      // A backslash quotes the whole character after it, however many bytes it takes.
      auto length = std::max<std::size_t>(1, utf8_sequence_length(value, i + 1));
      out.append(value.substr(i + 1, length));
      i += length;
    } else {
      out += value[i];
    }
  }
  return out;
}

}  // namespace

std::string quote(std::string_view text, std::string_view safe) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-' || c == '~';
    if (unreserved || (c < 0x80 && safe.find(ch) != std::string_view::npos)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string decode_path(std::string_view text) { return unquote(text, false, false); }

// Starlette's FormParser over python-multipart's QuerystringParser (non-strict), the body read
// as one chunk: a field ends at the next `&` or, when no `&` follows, at the next `;`; a field
// without `=` counts only when a separator follows it (`a&b=1` has `a` empty, a last `b` is
// dropped); names and values are latin-1 decoded, then `unquote_plus`.
FormParse parse_form(std::string_view body) {
  FormParse parsed;
  std::size_t i = 0;
  while (i < body.size()) {
    if (body[i] == '&' || body[i] == ';') {  // separators before a field are skipped
      ++i;
      continue;
    }
    auto separator = body.find('&', i);
    if (separator == std::string_view::npos) separator = body.find(';', i);
    auto end = separator == std::string_view::npos ? body.size() : separator;
    auto equals = body.substr(0, end).find('=', i);
    if (equals == std::string_view::npos && separator == std::string_view::npos) break;
    auto name = body.substr(i, (equals == std::string_view::npos ? end : equals) - i);
    auto value = equals == std::string_view::npos ? std::string_view{}
                                                  : body.substr(equals + 1, end - equals - 1);
    if (name.size() + value.size() > kFormMaxPartSize) {
      parsed.error = "Field exceeded maximum size of 1024KB.";
      return parsed;
    }
    if (parsed.fields.size() == kFormMaxFields) {
      parsed.error = "Too many fields. Maximum number of fields is 1000.";
      return parsed;
    }
    parsed.fields.emplace_back(unquote(name, true, true), unquote(value, true, true));
    i = end;
  }
  return parsed;
}

bool is_form_content_type(std::string_view content_type) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  // python-multipart's parse_options_header: without options the type is lower-cased; with them
  // email.message reads it, as written.
  auto semicolon = content_type.find(';');
  if (semicolon == std::string_view::npos)
    return iequals(trim_ascii_whitespace(content_type), kForm);
  return trim_ascii_whitespace(content_type.substr(0, semicolon)) == kForm;
}

Request::Pairs parse_query(std::string_view text) {
  Request::Pairs pairs;
  while (!text.empty()) {
    auto end = text.find('&');
    auto field = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (field.empty()) continue;
    auto eq = field.find('=');
    auto key = field.substr(0, eq);
    auto value = eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1);
    pairs.emplace_back(unquote(key, true, true), unquote(value, true, true));
  }
  return pairs;
}

Request::Pairs parse_cookies(std::string_view text) {
  Request::Pairs cookies;
  while (true) {
    auto end = text.find(';');
    auto chunk = text.substr(0, end);
    auto eq = chunk.find('=');
    auto key = eq == std::string_view::npos ? std::string_view{}
                                            : trim_ascii_whitespace(chunk.substr(0, eq));
    auto value = trim_ascii_whitespace(eq == std::string_view::npos ? chunk : chunk.substr(eq + 1));
    if (!key.empty() || !value.empty()) {
      auto unquoted = unquote_cookie(value);
      auto same = std::find_if(cookies.begin(), cookies.end(),
                               [&](const auto& pair) { return pair.first == key; });
      if (same != cookies.end()) {
        same->second = std::move(unquoted);  // a dict: the last duplicate wins
      } else {
        cookies.emplace_back(std::string(key), std::move(unquoted));
      }
    }
    if (end == std::string_view::npos) break;
    text = text.substr(end + 1);
  }
  return cookies;
}

}  // namespace detail

namespace {

const std::string* find_last(const Request::Pairs& pairs, std::string_view name) {
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

}  // namespace

Request::Request(std::string method, std::string_view target, Pairs headers, std::string body)
    : method_(std::move(method)), body_(std::move(body)), headers_(std::move(headers)) {
  auto question = target.find('?');
  path_ = detail::decode_path(target.substr(0, question));
  if (question != std::string_view::npos) {
    query_string_ = std::string(target.substr(question + 1));
    query_ = detail::parse_query(query_string_);
  }
  if (const auto* cookie_header = header("cookie"))
    cookies_ = detail::parse_cookies(*cookie_header);
}

void Request::add_header(std::string name, std::string value) {
  bool first_cookie = detail::iequals(name, "cookie") && header("cookie") == nullptr;
  headers_.emplace_back(std::move(name), std::move(value));
  if (first_cookie) cookies_ = detail::parse_cookies(headers_.back().second);
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers_) {
    if (detail::iequals(key, name)) return &value;
  }
  return nullptr;
}

std::vector<std::string_view> Request::header_values(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : headers_) {
    if (detail::iequals(key, name)) values.emplace_back(value);
  }
  return values;
}

const std::string* Request::query_param(std::string_view name) const {
  return find_last(query_, name);
}

std::vector<std::string_view> Request::query_values(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : query_) {
    if (key == name) values.emplace_back(value);
  }
  return values;
}

const std::string* Request::path_param(std::string_view name) const {
  return find_last(path_params_, name);
}

const std::string* Request::cookie(std::string_view name) const {
  return find_last(cookies_, name);
}

std::string Request::host() const {
  if (const auto* host = header("host"); host && !host->empty()) return *host;
  return server_address_;
}

}  // namespace fastcpp
