// FastAPI's security utilities (fastapi.security), each with and without auto_error, as
// dependencies (tests/reference/security_utilities.py is the FastAPI app). Each utility is an
// object that is itself the dependency, `Depends<&oauth2>` as FastAPI's `Depends(oauth2)`, so its
// security scheme is in the OpenAPI document as FastAPI writes it.
#include <fastcpp/fastcpp.hpp>

#include <fastcpp/security.hpp>
#include <optional>
#include <string>

using fastcpp::Depends;
using fastcpp::json;
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

FASTCPP_GET("/oauth2")
json read_oauth2(Depends<&oauth2> token) { return {{"token", or_null(*token)}}; }

FASTCPP_GET("/oauth2-optional")
json read_oauth2_optional(Depends<&oauth2_optional> token) { return {{"token", or_null(*token)}}; }

FASTCPP_GET("/basic")
json read_basic(Depends<&basic> c) { return credentials(*c); }

FASTCPP_GET("/basic-realm")
json read_basic_realm(Depends<&basic_realm> c) { return credentials(*c); }

FASTCPP_GET("/basic-optional")
json read_basic_optional(Depends<&basic_optional> c) { return credentials(*c); }

FASTCPP_GET("/bearer")
json read_bearer(Depends<&bearer> c) { return authorization(*c); }

FASTCPP_GET("/bearer-optional")
json read_bearer_optional(Depends<&bearer_optional> c) { return authorization(*c); }

FASTCPP_GET("/key-header")
json read_key_header(Depends<&key_header> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-header-optional")
json read_key_header_optional(Depends<&key_header_optional> key) {
  return {{"key", or_null(*key)}};
}

FASTCPP_GET("/key-query")
json read_key_query(Depends<&key_query> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-query-optional")
json read_key_query_optional(Depends<&key_query_optional> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-cookie")
json read_key_cookie(Depends<&key_cookie> key) { return {{"key", or_null(*key)}}; }

FASTCPP_GET("/key-cookie-optional")
json read_key_cookie_optional(Depends<&key_cookie_optional> key) {
  return {{"key", or_null(*key)}};
}

// FastAPI's `dependencies=[Depends(key_header)]`: the object runs, its value is not passed.
FASTCPP_GET("/listed-key")
FASTCPP_DEPENDENCIES(&key_header)
json read_listed_key() { return {{"listed", true}}; }

}  // namespace
