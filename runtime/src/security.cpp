#include "fastcpp/security.hpp"

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "fastcpp/exceptions.hpp"
#include "text.hpp"

namespace fastcpp::security {
namespace {

// fastapi.security.utils.get_authorization_scheme_param: split at the first space.
std::pair<std::string_view, std::string_view> scheme_and_param(const std::string* header) {
  if (header == nullptr || header->empty()) return {};
  std::string_view value(*header);
  auto space = value.find(' ');
  if (space == std::string_view::npos) return {value, {}};
  return {value.substr(0, space), value.substr(space + 1)};
}

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Python's base64.b64decode without validate=True (binascii.a2b_base64, not strict): characters
// outside the alphabet are skipped, the padding that completes a quantum ends the data, and a
// quantum left incomplete is an error.
std::optional<std::string> b64decode(std::string_view text) {
  std::string out;
  unsigned bits = 0;
  int bit_count = 0;
  int quad_pos = 0;
  int pads = 0;
  for (char c : text) {
    if (c == '=') {
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) return out;
      continue;
    }
    int value = sextet(c);
    if (value < 0) continue;
    pads = 0;
    bits = (bits << 6) | static_cast<unsigned>(value);
    bit_count += 6;
    quad_pos = (quad_pos + 1) % 4;
    if (bit_count >= 8) {
      bit_count -= 8;
      out += static_cast<char>((bits >> bit_count) & 0xFF);
    }
  }
  if (quad_pos != 0) return std::nullopt;
  return out;
}

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

HTTPException not_authenticated(int status_code, Headers headers = {}) {
  return HTTPException(status_code, "Not authenticated", std::move(headers));
}

std::optional<std::string> check_api_key(const std::string* key, bool auto_error) {
  if (key == nullptr || key->empty()) {
    if (auto_error) throw not_authenticated(403);
    return std::nullopt;
  }
  return *key;
}

}  // namespace

OAuth2PasswordBearer::OAuth2PasswordBearer(std::string token_url, bool auto_error)
    : token_url_(std::move(token_url)), auto_error_(auto_error) {}

std::optional<std::string> OAuth2PasswordBearer::operator()(const Request& request) const {
  const auto* authorization = request.header("authorization");
  auto [scheme, param] = scheme_and_param(authorization);
  if (authorization == nullptr || authorization->empty() || !detail::iequals(scheme, "bearer")) {
    if (auto_error_) throw not_authenticated(401, {{"WWW-Authenticate", "Bearer"}});
    return std::nullopt;
  }
  return std::string(param);
}

HTTPBasic::HTTPBasic(std::string realm, bool auto_error)
    : realm_(std::move(realm)), auto_error_(auto_error) {}

std::optional<HTTPBasicCredentials> HTTPBasic::operator()(const Request& request) const {
  const auto* authorization = request.header("authorization");
  auto [scheme, param] = scheme_and_param(authorization);
  Headers headers = {
      {"WWW-Authenticate", realm_.empty() ? "Basic" : "Basic realm=\"" + realm_ + "\""}};
  if (authorization == nullptr || authorization->empty() || !detail::iequals(scheme, "basic")) {
    if (auto_error_) throw not_authenticated(401, std::move(headers));
    return std::nullopt;
  }
  auto data = b64decode(param);
  auto colon = data ? data->find(':') : std::string::npos;
  if (!data || !is_ascii(*data) || colon == std::string::npos) {
    throw HTTPException(401, "Invalid authentication credentials", std::move(headers));
  }
  return HTTPBasicCredentials{data->substr(0, colon), data->substr(colon + 1)};
}

HTTPBearer::HTTPBearer(bool auto_error) : auto_error_(auto_error) {}

std::optional<HTTPAuthorizationCredentials> HTTPBearer::operator()(const Request& request) const {
  const auto* authorization = request.header("authorization");
  auto [scheme, credentials] = scheme_and_param(authorization);
  if (scheme.empty() || credentials.empty()) {
    if (auto_error_) throw not_authenticated(403);
    return std::nullopt;
  }
  if (!detail::iequals(scheme, "bearer")) {
    if (auto_error_) throw HTTPException(403, "Invalid authentication credentials");
    return std::nullopt;
  }
  return HTTPAuthorizationCredentials{std::string(scheme), std::string(credentials)};
}

APIKeyHeader::APIKeyHeader(std::string name, bool auto_error)
    : name_(std::move(name)), auto_error_(auto_error) {}

std::optional<std::string> APIKeyHeader::operator()(const Request& request) const {
  return check_api_key(request.header(name_), auto_error_);
}

APIKeyQuery::APIKeyQuery(std::string name, bool auto_error)
    : name_(std::move(name)), auto_error_(auto_error) {}

std::optional<std::string> APIKeyQuery::operator()(const Request& request) const {
  return check_api_key(request.query_param(name_), auto_error_);
}

APIKeyCookie::APIKeyCookie(std::string name, bool auto_error)
    : name_(std::move(name)), auto_error_(auto_error) {}

std::optional<std::string> APIKeyCookie::operator()(const Request& request) const {
  return check_api_key(request.cookie(name_), auto_error_);
}

namespace {

// Python's str.isspace(), what `str.split()` splits at.
bool is_python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

std::vector<std::string> split_scopes(std::string_view scope) {
  std::vector<std::string> scopes;
  std::string word;
  for (std::size_t pos = 0; pos < scope.size();) {
    auto start = pos;
    if (is_python_space(detail::decode_utf8(scope, pos))) {
      if (!word.empty()) scopes.push_back(std::move(word));
      word.clear();
    } else {
      word.append(scope.substr(start, pos - start));
    }
  }
  if (!word.empty()) scopes.push_back(std::move(word));
  return scopes;
}

}  // namespace

OAuth2PasswordRequestForm oauth2_password_request_form(
    Form<std::optional<std::string>> grant_type, Form<std::string> username,
    Form<std::string> password, Form<std::string> scope, Form<std::optional<std::string>> client_id,
    Form<std::optional<std::string>> client_secret) {
  return {std::move(grant_type.value()), std::move(username.value()),
          std::move(password.value()),   split_scopes(scope.value()),
          std::move(client_id.value()),  std::move(client_secret.value())};
}

OAuth2PasswordRequestForm oauth2_password_request_form_strict(
    Form<std::string> grant_type, Form<std::string> username, Form<std::string> password,
    Form<std::string> scope, Form<std::optional<std::string>> client_id,
    Form<std::optional<std::string>> client_secret) {
  return oauth2_password_request_form(std::move(grant_type.value()), std::move(username),
                                      std::move(password), std::move(scope), std::move(client_id),
                                      std::move(client_secret));
}

}  // namespace fastcpp::security
