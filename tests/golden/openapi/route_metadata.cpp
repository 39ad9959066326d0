// The document's per-route metadata, as FastAPI's summary=, tags=, deprecated= and docstring:
// FASTCPP_SUMMARY, FASTCPP_TAGS, FASTCPP_DEPRECATED and the doc comment; and struct fields'
// default member initializers as their defaults.
#include <fastcpp/fastcpp.hpp>

#include <optional>
#include <string>
#include <vector>

enum class Size { small, large };

struct Item {
  std::string name;
  int count = 1;
  double price = 9.5;
  bool active = true;
  Size size = Size::small;
  std::vector<std::string> labels = {"new", "hot"};
  std::optional<std::string> note;
};

/// Creates an item.
///
/// The item is stored as sent.
FASTCPP_POST("/items")
FASTCPP_STATUS_CODE(201)
FASTCPP_TAGS("items", "write")
static Item create_item(Item item) { return item; }

FASTCPP_GET("/items/old")
FASTCPP_SUMMARY("The old listing")
FASTCPP_DEPRECATED
FASTCPP_TAGS("items")
static std::vector<Item> old_items(int limit = 10, Size size = Size::large) {
  return std::vector<Item>(static_cast<std::size_t>(limit), Item{"x"});
}
