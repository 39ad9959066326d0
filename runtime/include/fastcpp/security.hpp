// fastcpp/security.hpp: FastAPI's security utilities (fastapi.security), with FastAPI 0.115.11's
// exact answers (tests/conformance/security_utilities.json). Each is an object at namespace
// scope, a dependency itself, as FastAPI's `Depends(oauth2_scheme)` is (its security scheme is
// then in the OpenAPI document):
//
//   static const fastcpp::security::OAuth2PasswordBearer oauth2_scheme("token");
//   FASTCPP_GET("/items/")
//   static json read_items(fastcpp::Depends<&oauth2_scheme> token);  // **token: the token
//
// or called with the request from a dependency of your own (`*oauth2_scheme(request)`), which
// the document does not see. With `auto_error` false, a missing credential is std::nullopt
// instead of the refusal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fastcpp/annotations.hpp"
#include "fastcpp/depends.hpp"
#include "fastcpp/params.hpp"
#include "fastcpp/request.hpp"

namespace fastcpp::security {

/// `OAuth2PasswordBearer(tokenUrl=...)`: the token of `Authorization: Bearer <token>` (the
/// scheme in any case); otherwise 401 "Not authenticated" with `WWW-Authenticate: Bearer`.
class OAuth2PasswordBearer {
 public:
  using result_type = std::optional<std::string>;  ///< the value of Depends<&object>
  explicit OAuth2PasswordBearer(std::string token_url, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;
  const std::string& token_url() const noexcept { return token_url_; }

 private:
  std::string token_url_;
  bool auto_error_;
};

/// What HTTPBasic reads: `HTTPBasicCredentials`.
struct HTTPBasicCredentials {
  std::string username;
  std::string password;
};

/// `HTTPBasic(realm=...)`: the credentials of `Authorization: Basic <base64 user:password>`;
/// otherwise 401 "Not authenticated" with `WWW-Authenticate: Basic` (`Basic realm="..."`).
/// Credentials that do not decode are 401 "Invalid authentication credentials", even with
/// `auto_error` false, as in FastAPI.
class HTTPBasic {
 public:
  using result_type = std::optional<HTTPBasicCredentials>;  ///< the value of Depends<&object>
  explicit HTTPBasic(std::string realm = {}, bool auto_error = true);
  std::optional<HTTPBasicCredentials> operator()(const Request& request) const;

 private:
  std::string realm_;
  bool auto_error_;
};

/// What HTTPBearer reads: `HTTPAuthorizationCredentials`.
struct HTTPAuthorizationCredentials {
  std::string scheme;  ///< as sent: `Bearer`, `bearer`
  std::string credentials;
};

/// `HTTPBearer()`: `Authorization: Bearer <credentials>`; no credentials: 403 "Not
/// authenticated"; another scheme: 403 "Invalid authentication credentials" (no
/// WWW-Authenticate: FastAPI 0.115's answer).
class HTTPBearer {
 public:
  using result_type =
      std::optional<HTTPAuthorizationCredentials>;  ///< the value of Depends<&object>
  explicit HTTPBearer(bool auto_error = true);
  std::optional<HTTPAuthorizationCredentials> operator()(const Request& request) const;

 private:
  bool auto_error_;
};

/// `APIKeyHeader(name=...)`, `APIKeyQuery(name=...)`, `APIKeyCookie(name=...)`: the key; missing
/// or empty: 403 "Not authenticated".
class APIKeyHeader {
 public:
  using result_type = std::optional<std::string>;  ///< the value of Depends<&object>
  explicit APIKeyHeader(std::string name, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;

 private:
  std::string name_;
  bool auto_error_;
};

class APIKeyQuery {
 public:
  using result_type = std::optional<std::string>;  ///< the value of Depends<&object>
  explicit APIKeyQuery(std::string name, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;

 private:
  std::string name_;
  bool auto_error_;
};

class APIKeyCookie {
 public:
  using result_type = std::optional<std::string>;  ///< the value of Depends<&object>
  explicit APIKeyCookie(std::string name, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;

 private:
  std::string name_;
  bool auto_error_;
};

/// `OAuth2PasswordRequestForm`: the form OAuth2's password flow posts to its token URL, read by
/// one of the two dependencies below (FastAPI's `Annotated[OAuth2PasswordRequestForm,
/// Depends()]`):
///
///   FASTCPP_POST("/token")
///   static json login(
///       fastcpp::Depends<fastcpp::security::oauth2_password_request_form> form_data);
struct OAuth2PasswordRequestForm {
  std::optional<std::string> grant_type;
  std::string username;
  std::string password;
  std::vector<std::string> scopes;  ///< the form's `scope`, split at whitespace (`str.split()`)
  std::optional<std::string> client_id;
  std::optional<std::string> client_secret;
};

/// FastAPI's OAuth2PasswordRequestForm: every field a form field; `grant_type` may be absent,
/// but when given it must be "password".
OAuth2PasswordRequestForm oauth2_password_request_form(
    FASTCPP_PATTERN("^password$") Form<std::optional<std::string>> grant_type,
    Form<std::string> username, Form<std::string> password, Form<std::string> scope = "",
    Form<std::optional<std::string>> client_id = std::nullopt,
    Form<std::optional<std::string>> client_secret = std::nullopt);

/// FastAPI's OAuth2PasswordRequestFormStrict: the same, with `grant_type=password` required.
OAuth2PasswordRequestForm oauth2_password_request_form_strict(
    FASTCPP_PATTERN("^password$") Form<std::string> grant_type, Form<std::string> username,
    Form<std::string> password, Form<std::string> scope = "",
    Form<std::optional<std::string>> client_id = std::nullopt,
    Form<std::optional<std::string>> client_secret = std::nullopt);

}  // namespace fastcpp::security

namespace fastcpp::detail {

/// A security object as a dependency, `Depends<&oauth2_scheme>`: what calling it with the
/// request returns.
template <class Object>
struct function_result<const Object*> {
  using type = typename Object::result_type;
};

}  // namespace fastcpp::detail
