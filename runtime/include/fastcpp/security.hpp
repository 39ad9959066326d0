// fastcpp/security.hpp: FastAPI's security utilities (fastapi.security), with FastAPI 0.115.11's
// exact answers (tests/conformance/security_utilities.json). Each is an object called with the
// request, from a dependency of your own:
//
//   static const fastcpp::security::OAuth2PasswordBearer oauth2_scheme("token");
//   static std::string get_token(const fastcpp::Request& request) {
//     return *oauth2_scheme(request);  // no bearer token: 401, WWW-Authenticate: Bearer
//   }
//   FASTCPP_GET("/items/")
//   static json read_items(fastcpp::Depends<get_token> token);
//
// With `auto_error` false, a missing credential is std::nullopt instead of the refusal.
#pragma once

#include <optional>
#include <string>

#include "fastcpp/request.hpp"

namespace fastcpp::security {

/// `OAuth2PasswordBearer(tokenUrl=...)`: the token of `Authorization: Bearer <token>` (the
/// scheme in any case); otherwise 401 "Not authenticated" with `WWW-Authenticate: Bearer`.
class OAuth2PasswordBearer {
 public:
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
  explicit HTTPBearer(bool auto_error = true);
  std::optional<HTTPAuthorizationCredentials> operator()(const Request& request) const;

 private:
  bool auto_error_;
};

/// `APIKeyHeader(name=...)`, `APIKeyQuery(name=...)`, `APIKeyCookie(name=...)`: the key; missing
/// or empty: 403 "Not authenticated".
class APIKeyHeader {
 public:
  explicit APIKeyHeader(std::string name, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;

 private:
  std::string name_;
  bool auto_error_;
};

class APIKeyQuery {
 public:
  explicit APIKeyQuery(std::string name, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;

 private:
  std::string name_;
  bool auto_error_;
};

class APIKeyCookie {
 public:
  explicit APIKeyCookie(std::string name, bool auto_error = true);
  std::optional<std::string> operator()(const Request& request) const;

 private:
  std::string name_;
  bool auto_error_;
};

}  // namespace fastcpp::security
