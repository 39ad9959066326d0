// FastAPI's tutorial "Simple OAuth2 with Password and Bearer" (issue 16): `/token` reads the
// OAuth2 password flow's form and answers a token; `/users/me` takes it from
// `Authorization: Bearer`, through get_current_user (401 with `WWW-Authenticate: Bearer`) and
// get_current_active_user (400 "Inactive user"). tests/reference/security.py is the FastAPI app.
#include <fastcpp/fastcpp.hpp>

#include <fastcpp/security.hpp>
#include <map>
#include <optional>
#include <string>

using fastcpp::Depends;
using fastcpp::HTTPException;
using fastcpp::json;

struct UserInDB {
  std::string username;
  std::optional<std::string> email = std::nullopt;
  std::optional<std::string> full_name = std::nullopt;
  std::optional<bool> disabled = std::nullopt;
  std::string hashed_password;
};

static const std::map<std::string, UserInDB> fake_users_db = {
    {"johndoe", {"johndoe", "johndoe@example.com", "John Doe", false, "fakehashedsecret"}},
    {"alice", {"alice", "alice@example.com", "Alice Wonderson", true, "fakehashedsecret2"}},
};

static std::string fake_hash_password(const std::string& password) {
  return "fakehashed" + password;
}

static const fastcpp::security::OAuth2PasswordBearer oauth2_scheme("token");

static std::optional<UserInDB> get_user(const std::string& username) {
  auto found = fake_users_db.find(username);
  if (found == fake_users_db.end()) return std::nullopt;
  return found->second;
}

// This doesn't provide any security at all: the token is the user name.
static std::optional<UserInDB> fake_decode_token(const std::string& token) {
  return get_user(token);
}

static UserInDB get_current_user(Depends<&oauth2_scheme> token) {
  auto user = fake_decode_token(**token);
  if (!user) {
    throw HTTPException(401, "Invalid authentication credentials",
                        {{"WWW-Authenticate", "Bearer"}});
  }
  return *user;
}

static UserInDB get_current_active_user(Depends<get_current_user> current_user) {
  if (current_user->disabled.value_or(false)) throw HTTPException(400, "Inactive user");
  return *current_user;
}

FASTCPP_POST("/token")
static json login(Depends<fastcpp::security::oauth2_password_request_form> form_data) {
  auto user = get_user(form_data->username);
  if (!user) throw HTTPException(400, "Incorrect username or password");
  if (fake_hash_password(form_data->password) != user->hashed_password) {
    throw HTTPException(400, "Incorrect username or password");
  }
  return {{"access_token", user->username}, {"token_type", "bearer"}};
}

// As the tutorial's, the answer is the stored user, its hashed_password included.
FASTCPP_GET("/users/me")
static json read_users_me(Depends<get_current_active_user> current_user) {
  return {{"username", current_user->username},
          {"email", current_user->email},
          {"full_name", current_user->full_name},
          {"disabled", current_user->disabled},
          {"hashed_password", current_user->hashed_password}};
}
