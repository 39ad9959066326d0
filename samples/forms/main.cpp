// FastAPI's Form() parameters (issue 16): `fastcpp::Form<T>` is a field of an
// `application/x-www-form-urlencoded` body, read under its name as FastAPI reads a form.
// fastcpp::security's OAuth2PasswordRequestForm reads the form of OAuth2's password flow.
// tests/reference/forms.py is the FastAPI app.
#include <fastcpp/fastcpp.hpp>

#include <fastcpp/security.hpp>
#include <optional>
#include <string>
#include <vector>

using fastcpp::json;

// FastAPI's tutorial "Form Data".
FASTCPP_POST("/login/")
static json login(fastcpp::Form<std::string> username, fastcpp::Form<std::string> password) {
  return {{"username", username}, {"password", password}};
}

FASTCPP_POST("/items/")
static json create_item(FASTCPP_MIN_LENGTH(3) fastcpp::Form<std::string> name,
                        fastcpp::Form<double> price,
                        fastcpp::Form<std::vector<std::string>> tags = {},
                        fastcpp::Form<std::optional<std::string>> note = std::nullopt,
                        FASTCPP_ALIAS("item-code") fastcpp::Form<std::string> code = "none",
                        int q = 0) {
  return {{"name", name},         {"price", price.value()}, {"tags", tags},
          {"note", note.value()}, {"code", code},           {"q", q}};
}

FASTCPP_POST("/count/")
static json count(fastcpp::Form<int> n) { return {{"n", n.value()}}; }

FASTCPP_POST("/optional/")
static json optional(fastcpp::Form<std::optional<int>> n = std::nullopt,
                     fastcpp::Form<std::optional<std::string>> s = "given",
                     fastcpp::Form<std::optional<std::vector<int>>> ids = std::nullopt) {
  return {{"n", n.value()}, {"s", s.value()}, {"ids", ids.value()}};
}

static json form_json(const fastcpp::security::OAuth2PasswordRequestForm& form) {
  return {{"grant_type", form.grant_type}, {"username", form.username},
          {"password", form.password},     {"scopes", form.scopes},
          {"client_id", form.client_id},   {"client_secret", form.client_secret}};
}

FASTCPP_POST("/oauth2/form")
static json oauth2_form(
    fastcpp::Depends<fastcpp::security::oauth2_password_request_form> form_data) {
  return form_json(*form_data);
}

FASTCPP_POST("/oauth2/form-strict")
static json oauth2_form_strict(
    fastcpp::Depends<fastcpp::security::oauth2_password_request_form_strict> form_data) {
  return form_json(*form_data);
}
