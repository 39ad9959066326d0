// Raised errors rule: a throw in any function of the service's sources that the handler calls,
// transitively, is documented on the route; one a `catch` around it takes is not.
#include <fastcpp/fastcpp.hpp>

#include <map>
#include <stdexcept>
#include <string>

using fastcpp::HTTPException;

static const std::map<std::string, std::string> items = {{"foo", "The Foo Wrestlers"}};

static const std::string& find_item(const std::string& item_id) {
  auto it = items.find(item_id);
  if (it == items.end()) {
    throw HTTPException(404, "Item not found", {{"X-Error", "There goes my error"}});
  }
  return it->second;
}

static void check_access(const std::string& token) {
  if (token.empty()) throw HTTPException(403);  // no detail: the status's phrase
}

static std::string lookup(const std::string& item_id, const std::string& token) {
  check_access(token);
  return find_item(item_id);
}

static int parse_or_zero(const std::string& text) {
  try {
    if (text.empty()) throw HTTPException(400, "taken by the catch below");
    return std::stoi(text);
  } catch (const HTTPException&) {
    return 0;
  }
}

FASTCPP_GET("/items/{item_id}")
static fastcpp::json read_item(std::string item_id, std::string token = "",
                               std::string page = "1") {
  if (item_id == "teapot") throw HTTPException(418, "I'm a teapot");
  if (item_id == "gone") throw HTTPException(404, "Item gone");  // a second example for 404
  return {{"item", lookup(item_id, token)}, {"page", parse_or_zero(page)}};
}

FASTCPP_GET("/health")
static fastcpp::json health() { return {{"ok", true}}; }
