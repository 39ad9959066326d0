// The seed's first examples: HTTPException with a detail, and with custom headers.
#include <fastcpp/fastcpp.hpp>

#include <map>
#include <string>

using fastcpp::HTTPException;
using fastcpp::json;

static const std::map<std::string, std::string> items = {{"foo", "The Foo Wrestlers"}};

FASTCPP_GET("/items/{item_id}")
static json read_item(std::string item_id) {
  auto it = items.find(item_id);
  if (it == items.end()) throw HTTPException(404, "Item not found");
  return {{"item", it->second}};
}

FASTCPP_GET("/items-header/{item_id}")
static json read_item_header(std::string item_id) {
  auto it = items.find(item_id);
  if (it == items.end()) {
    throw HTTPException(404, "Item not found", {{"X-Error", "There goes my error"}});
  }
  return {{"item", it->second}};
}
