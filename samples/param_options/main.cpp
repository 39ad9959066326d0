// FastAPI's parameter options beyond the constraints (issue 15): `Body(embed=True)` on a single
// body parameter is FASTCPP_EMBED, `Header(convert_underscores=False)` FASTCPP_KEEP_UNDERSCORES,
// `alias=` on query, header and cookie parameters FASTCPP_ALIAS, and pydantic's custom
// validators (`field_validator`, `model_validator(mode="after")`, `AfterValidator`)
// FASTCPP_VALIDATOR. tests/reference/param_options.py is the FastAPI app.
#include <fastcpp/fastcpp.hpp>

#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using fastcpp::json;

// ---- Body(embed=True) ------------------------------------------------------------------------

struct Item {
  std::string name;
  double price;
  std::vector<std::string> tags = {};
};

FASTCPP_PUT("/embed/items/{item_id}")
static json embed_item(int item_id, FASTCPP_EMBED Item item) {
  return {{"item_id", item_id}, {"item", item}};
}

FASTCPP_POST("/embed/optional")
static json embed_optional(FASTCPP_EMBED std::optional<Item> item = std::nullopt) {
  return {{"item", item}};
}

FASTCPP_POST("/embed/scalar")
static json embed_scalar(FASTCPP_EMBED fastcpp::Body<int> importance) {
  return {{"importance", importance.value()}};
}

// ---- Header(convert_underscores=False), aliases ----------------------------------------------

FASTCPP_GET("/headers/underscores")
static json header_underscores(
    FASTCPP_KEEP_UNDERSCORES fastcpp::Header<std::optional<std::string>> strange_header) {
  return {{"strange_header", strange_header.value()}};
}

FASTCPP_GET("/headers/underscores/required")
static json header_underscores_required(
    FASTCPP_KEEP_UNDERSCORES fastcpp::Header<std::vector<std::string>> x_token) {
  return {{"x_token", x_token.value()}};
}

FASTCPP_GET("/aliases")
static json aliases(
    FASTCPP_ALIAS("item-query") std::optional<std::string> q,
    FASTCPP_ALIAS("X-Api-Token") fastcpp::Header<std::optional<std::string>> token,
    FASTCPP_ALIAS("session-id") fastcpp::Cookie<std::optional<std::string>> session) {
  return {{"q", q}, {"token", token.value()}, {"session", session.value()}};
}

// ---- Custom validators -----------------------------------------------------------------------

// Python's str.title() on ASCII text.
static std::string title_case(std::string text) {
  bool start = true;
  for (char& ch : text) {
    auto byte = static_cast<unsigned char>(ch);
    ch = static_cast<char>(start ? std::toupper(byte) : std::tolower(byte));
    start = std::isalpha(byte) == 0;
  }
  return text;
}

static std::string name_has_space(std::string value) {
  if (value.find(' ') == std::string::npos) throw std::invalid_argument("must contain a space");
  return title_case(std::move(value));
}

static int age_is_adult(int value) {
  if (value < 18) throw std::invalid_argument(std::to_string(value) + " is under 18");
  return value;
}

struct User;
static User passwords_match(User user);

struct FASTCPP_VALIDATOR(passwords_match) User {
  FASTCPP_VALIDATOR(name_has_space) std::string name;
  FASTCPP_VALIDATOR(age_is_adult) int age = 0;
  std::string password;
  std::string password_repeat;
};

static User passwords_match(User user) {
  if (user.password != user.password_repeat) {
    throw std::invalid_argument("passwords do not match");
  }
  return user;
}

FASTCPP_POST("/users")
static json create_user(User user) { return {{"name", user.name}, {"age", user.age}}; }

static int check_even(int value) {
  if (value % 2 != 0) throw std::invalid_argument("not even");
  return value;
}

static std::string check_isbn(const std::string& value) {
  if (value.rfind("isbn-", 0) != 0) {
    throw std::invalid_argument("Invalid ID format, it must start with \"isbn-\"");
  }
  return value;
}

FASTCPP_GET("/validated/{n}")
static json validated(FASTCPP_VALIDATOR(check_even) int n,
                      FASTCPP_VALIDATOR(check_isbn) std::string id = "isbn-0",
                      FASTCPP_VALIDATOR(check_even) fastcpp::Header<int> x_count = 0) {
  return {{"n", n}, {"id", id}, {"x_count", x_count.value()}};
}
