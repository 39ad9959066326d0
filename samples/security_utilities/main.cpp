// FastAPI's security utilities (fastapi.security), each with and without auto_error, as
// dependencies (tests/reference/security_utilities.py is the FastAPI app). Each utility is an
// object called with the request from a dependency, as FastAPI's Depends(oauth2_scheme) calls it.
#include <fastcpp/fastcpp.hpp>

#include <fastcpp/security.hpp>
#include <optional>
#include <string>

using fastcpp::Depends;
using fastcpp::json;
using fastcpp::Request;
namespace security = fastcpp::security;

namespace {

const security::OAuth2PasswordBearer oauth2("token");
const security::OAuth2PasswordBearer oauth2_optional("token", /*auto_error=*/false);
const security::HTTPBasic basic;
const security::HTTPBasic basic_realm("simple");
const security::HTTPBasic basic_optional({}, /*auto_error=*/false);
const security::HTTPBearer bearer;
const security::HTTPBearer bearer_optional(/*auto_error=*/false);
const security::APIKeyHeader key_header("X-API-Key");
const security::APIKeyHeader key_header_optional("X-API-Key", /*auto_error=*/false);
const security::APIKeyQuery key_query("api_key");
const security::APIKeyQuery key_query_optional("api_key", /*auto_error=*/false);
const security::APIKeyCookie key_cookie("session");
const security::APIKeyCookie key_cookie_optional("session", /*auto_error=*/false);

json or_null(const std::optional<std::string>& value) { return value ? json(*value) : json(); }

json credentials(const std::optional<security::HTTPBasicCredentials>& c) {
  if (!c) return nullptr;
  return {{"username", c->username}, {"password", c->password}};
}

json authorization(const std::optional<security::HTTPAuthorizationCredentials>& c) {
  if (!c) return nullptr;
  return {{"scheme", c->scheme}, {"credentials", c->credentials}};
}

std::optional<std::string> get_oauth2(const Request& request) { return oauth2(request); }
std::optional<std::string> get_oauth2_optional(const Request& request) {
  return oauth2_optional(request);
}
std::optional<security::HTTPBasicCredentials> get_basic(const Request& request) {
  return basic(request);
}
std::optional<security::HTTPBasicCredentials> get_basic_realm(const Request& request) {
  return basic_realm(request);
}
std::optional<security::HTTPBasicCredentials> get_basic_optional(const Request& request) {
  return basic_optional(request);
}
std::optional<security::HTTPAuthorizationCredentials> get_bearer(const Request& request) {
  return bearer(request);
}
std::optional<security::HTTPAuthorizationCredentials> get_bearer_optional(const Request& request) {
  return bearer_optional(request);
}
std::optional<std::string> get_key_header(const Request& request) { return key_header(request); }
std::optional<std::string> get_key_header_optional(const Request& request) {
  return key_header_optional(request);
}
std::optional<std::string> get_key_query(const Request& request) { return key_query(request); }
std::optional<std::string> get_key_query_optional(const Request& request) {
  return key_query_optional(request);
}
std::optional<std::string> get_key_cookie(const Request& request) { return key_cookie(request); }
std::optional<std::string> get_key_cookie_optional(const Request& request) {
  return key_cookie_optional(request);
}

FASTCPP_GET("/oauth2")
json read_oauth2(Depends<get_oauth2> token) { return {{"token", or_null(*token)}}; }

FASTCPP_GET("/oauth2-optional")
json read_oauth2_optional(Depends<get_oauth2_optional> token) {
  return {{"token", or_null(*token)}};
}

FASTCPP_GET("/basic")
json read_basic(Depends<get_basic> c) { return credentials(*c); }

FASTCPP_GET("/basic-realm")
json read_basic_realm(Depends<get_basic_realm> c) { return credentials(*c); }

FASTCPP_GET("/basic-optional")
json read_basic_optional(Depends<get_basic_optional> c) { return credentials(*c); }

FASTCPP_GET("/bearer")
json read_bearer(Depends<get_bearer> c) { return authorization(*c); }

FASTCPP_GET("/bearer-optional")
json read_bearer_optional(Depends<get_bearer_optional> c) { return authorization(*c); }

FASTCPP_GET("/key-header")
json read_key_header(Depends<get_key_header> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-header-optional")
json read_key_header_optional(Depends<get_key_header_optional> key) {
  return {{"key", or_null(*key)}};
}

FASTCPP_GET("/key-query")
json read_key_query(Depends<get_key_query> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-query-optional")
json read_key_query_optional(Depends<get_key_query_optional> key) {
  return {{"key", or_null(*key)}};
}

FASTCPP_GET("/key-cookie")
json read_key_cookie(Depends<get_key_cookie> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-cookie-optional")
json read_key_cookie_optional(Depends<get_key_cookie_optional> key) {
  return {{"key", or_null(*key)}};
}

}  // namespace
