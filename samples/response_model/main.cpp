// FastAPI's response_model=: an answer validated and filtered through a model, with
// response_model_exclude_unset and response_model_exclude_none, and a plain 500 (a logged
// ResponseValidationError) for an answer that does not fit. tests/reference/response_model.py
// is the FastAPI app.
#include <fastcpp/fastcpp.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using fastcpp::HTTPException;
using fastcpp::json;
using fastcpp::ResponseModel;

struct UserIn {
  std::string username;
  std::string password;
  std::string email;
  std::optional<std::string> full_name;
};

struct UserOut {
  std::string username;
  std::string email;
  std::optional<std::string> full_name;
};

struct Item {
  std::string name;
  std::optional<std::string> description;
  double price;
  double tax = 10.5;
  std::vector<std::string> tags = {};
};

static const std::map<std::string, json> items = {
    {"foo", {{"name", "Foo"}, {"price", 50.2}}},
    {"bar", {{"name", "Bar"}, {"description", "The bartenders"}, {"price", 62}, {"tax", 20.2}}},
    {"baz",
     {{"name", "Baz"},
      {"description", nullptr},
      {"price", 50.2},
      {"tax", 10.5},
      {"tags", json::array()}}},
    // Answers that do not fit Item: each is a ResponseValidationError, a plain 500.
    {"no-price", {{"name", "Nope"}}},
    {"bad-price", {{"name", "Nope"}, {"price", "cheap"}, {"tags", {1, nullptr}}}},
    {"string-price", {{"name", "Cheap"}, {"price", "5"}, {"secret", "filtered out"}}},
    {"not-an-object", json::array({"name", "price"})},
};

static const json& find(const std::string& item_id) {
  auto it = items.find(item_id);
  if (it == items.end()) throw HTTPException(404, "Item not found");
  return it->second;
}

// The password is in what the handler gives, not in what it answers.
FASTCPP_POST("/user/")
static ResponseModel<UserOut, UserIn> create_user(UserIn user) { return user; }

FASTCPP_GET("/items/{item_id}")
static ResponseModel<Item> read_item(std::string item_id) { return find(item_id); }

FASTCPP_GET("/items-unset/{item_id}")
FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET
static ResponseModel<Item> read_item_unset(std::string item_id) { return find(item_id); }

FASTCPP_GET("/items-none/{item_id}")
FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE
static ResponseModel<Item> read_item_none(std::string item_id) { return find(item_id); }

FASTCPP_GET("/items-list")
FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET
static ResponseModel<std::vector<Item>> read_items() {
  return json::array({items.at("foo"), items.at("bar")});
}
