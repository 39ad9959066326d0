// Declarative constraints and metadata (docs/constraints.md): FastAPI's Path/Query/Header/
// Cookie/Body/Field(gt=..., max_length=..., pattern=..., title=..., alias=...) as annotations
// beside the parameters and members. Mirrors tests/reference/constraints.py route by route.
#include <fastcpp/fastcpp.hpp>

#include <fastcpp/detail/binding.hpp>
#include <optional>
#include <string>
#include <vector>

using fastcpp::json;

// A value as the route answers it (null for an empty optional), as FastAPI renders what a
// route returns; a struct through the traits fastcpp-gen generates for it. The routes return
// fastcpp::json, as constraints.py's return what their annotations do not declare (so that the
// documents' response schemas are FastAPI's `{}`).
template <class T>
static json echo(const T& value) {
  return fastcpp::detail::encode(value);
}

// ---- Numbers in the path: one constraint per parameter, and one with several. ----------------

FASTCPP_GET("/int/path/{gt}/{ge}/{lt}/{le}/{mul}/{all}")
static json int_path(FASTCPP_GT(1) long long gt, FASTCPP_GE(1) long long ge,
                     FASTCPP_LT(10) long long lt, FASTCPP_LE(10) long long le,
                     FASTCPP_MULTIPLE_OF(3) long long mul,
                     FASTCPP_GT(0) FASTCPP_GE(10) FASTCPP_LT(30) FASTCPP_LE(20)
                         FASTCPP_MULTIPLE_OF(5) long long all) {
  return {gt, ge, lt, le, mul, all};
}

FASTCPP_GET("/float/path/{gt}/{ge}/{ge_half}/{lt}/{le}/{mul}")
static json float_path(FASTCPP_GT(0.5) double gt, FASTCPP_GE(1) double ge,
                       FASTCPP_GE(1.5) double ge_half, FASTCPP_LT(10.5) double lt,
                       FASTCPP_LE(10) double le, FASTCPP_MULTIPLE_OF(0.1) double mul) {
  return {gt, ge, ge_half, lt, le, mul};
}

// ---- Numbers in the query, optional: a case sends only the ones it is about. -----------------

FASTCPP_GET("/int/query")
static json int_query(FASTCPP_GT(1) std::optional<int> gt, FASTCPP_GE(1) std::optional<int> ge,
                      FASTCPP_LT(10) std::optional<int> lt, FASTCPP_LE(10) std::optional<int> le,
                      FASTCPP_MULTIPLE_OF(3) std::optional<int> mul,
                      FASTCPP_GE(-10) FASTCPP_LT(-5) std::optional<int> neg,
                      FASTCPP_LE(1'000'000'000'000'000'000LL) FASTCPP_MULTIPLE_OF(1'000'000'000)
                          std::optional<long long>
                              big,
                      FASTCPP_LE(10) FASTCPP_LT(5) std::optional<int> le_lt,
                      FASTCPP_GE(5) FASTCPP_GT(10) std::optional<int> ge_gt,
                      FASTCPP_GT(0) FASTCPP_GE(10) FASTCPP_LT(30) FASTCPP_LE(20)
                          FASTCPP_MULTIPLE_OF(5) std::optional<int>
                              all) {
  return {{"gt", echo(gt)},       {"ge", echo(ge)},   {"lt", echo(lt)},   {"le", echo(le)},
          {"mul", echo(mul)},     {"neg", echo(neg)}, {"big", echo(big)}, {"le_lt", echo(le_lt)},
          {"ge_gt", echo(ge_gt)}, {"all", echo(all)}};
}

FASTCPP_GET("/float/query")
static json float_query(
    FASTCPP_GT(0.5) std::optional<double> gt, FASTCPP_GE(1) std::optional<double> ge,
    FASTCPP_GE(1.5) std::optional<double> ge_half, FASTCPP_LT(10.5) std::optional<double> lt,
    FASTCPP_LE(10) std::optional<double> le, FASTCPP_MULTIPLE_OF(0.1) std::optional<double> mul,
    FASTCPP_MULTIPLE_OF(2.5) std::optional<double> mul_half,
    FASTCPP_LE(1e20) std::optional<double> huge, FASTCPP_GT(1e-7) std::optional<double> tiny,
    FASTCPP_LT(-0.25) std::optional<double> neg,
    FASTCPP_GT(0) FASTCPP_GE(1) FASTCPP_LT(30) FASTCPP_LE(20) FASTCPP_MULTIPLE_OF(0.5)
        std::optional<double>
            all) {
  return {{"gt", echo(gt)},
          {"ge", echo(ge)},
          {"ge_half", echo(ge_half)},
          {"lt", echo(lt)},
          {"le", echo(le)},
          {"mul", echo(mul)},
          {"mul_half", echo(mul_half)},
          {"huge", echo(huge)},
          {"tiny", echo(tiny)},
          {"neg", echo(neg)},
          {"all", echo(all)}};
}

// ---- Strings in the query. --------------------------------------------------------------------

FASTCPP_GET("/str/query")
static json str_query(FASTCPP_MIN_LENGTH(3) std::optional<std::string> min,
                      FASTCPP_MAX_LENGTH(5) std::optional<std::string> max,
                      FASTCPP_MIN_LENGTH(1) FASTCPP_MAX_LENGTH(1) std::optional<std::string> one,
                      FASTCPP_PATTERN("^fixedquery$") std::optional<std::string> fixed,
                      FASTCPP_PATTERN(R"(\d{3})") std::optional<std::string> search,
                      FASTCPP_PATTERN(R"(^[A-Z]{2}-[0-9]{2,4}$)") std::optional<std::string> code,
                      FASTCPP_PATTERN(R"(^\w+$)") std::optional<std::string> word,
                      FASTCPP_PATTERN(R"(^\d+$)") std::optional<std::string> digits,
                      FASTCPP_PATTERN(R"(^a\sb$)") std::optional<std::string> space,
                      FASTCPP_PATTERN(R"(^.{2}$)") std::optional<std::string> dot,
                      FASTCPP_PATTERN(R"((?i)^abc$)") std::optional<std::string> nocase,
                      FASTCPP_PATTERN(R"(^(foo|bar)+$)") std::optional<std::string> alt,
                      FASTCPP_PATTERN(R"(^a\.b\\c$)") std::optional<std::string> escaped,
                      FASTCPP_PATTERN("^über$") std::optional<std::string> uber,
                      FASTCPP_PATTERN("^'\"$") std::optional<std::string> quote,
                      FASTCPP_MIN_LENGTH(3) FASTCPP_MAX_LENGTH(8) FASTCPP_PATTERN("^[a-z]+$")
                          std::optional<std::string>
                              all) {
  return {{"min", echo(min)},         {"max", echo(max)},       {"one", echo(one)},
          {"fixed", echo(fixed)},     {"search", echo(search)}, {"code", echo(code)},
          {"word", echo(word)},       {"digits", echo(digits)}, {"space", echo(space)},
          {"dot", echo(dot)},         {"nocase", echo(nocase)}, {"alt", echo(alt)},
          {"escaped", echo(escaped)}, {"uber", echo(uber)},     {"quote", echo(quote)},
          {"all", echo(all)}};
}

// constraints.py's /str/boundary has no counterpart: its pattern, `\bcat\b`, is refused at
// build time (`\b` is a Unicode word boundary in pydantic's engine, an ASCII one in RE2).

FASTCPP_GET("/str/path/{name}")
static json str_path(FASTCPP_MIN_LENGTH(2) FASTCPP_MAX_LENGTH(4) FASTCPP_PATTERN("^[a-z]+$")
                         std::string name) {
  return name;
}

// ---- Lists in the query. ----------------------------------------------------------------------

FASTCPP_GET("/list/query")
static json list_query(
    FASTCPP_MIN_LENGTH(2) FASTCPP_MAX_LENGTH(3) std::optional<std::vector<std::string>> tags,
    FASTCPP_MIN_LENGTH(1) FASTCPP_MAX_LENGTH(2) std::optional<std::vector<int>> ids) {
  return {{"tags", echo(tags)}, {"ids", echo(ids)}};
}

// ---- Headers and cookies. ---------------------------------------------------------------------

FASTCPP_GET("/headers")
static json headers(
    FASTCPP_GE(1) FASTCPP_LE(5) fastcpp::Header<std::optional<int>> x_count,
    FASTCPP_GT(0) FASTCPP_LT(1) fastcpp::Header<std::optional<double>> x_ratio,
    FASTCPP_MIN_LENGTH(4) FASTCPP_MAX_LENGTH(8) FASTCPP_PATTERN("^[0-9a-f]+$")
        fastcpp::Header<std::optional<std::string>>
            x_token,
    FASTCPP_MAX_LENGTH(2) fastcpp::Header<std::optional<std::vector<std::string>>> x_tag) {
  return {{"x_count", echo(x_count.value())},
          {"x_ratio", echo(x_ratio.value())},
          {"x_token", echo(x_token.value())},
          {"x_tag", echo(x_tag.value())}};
}

FASTCPP_GET("/cookies")
static json cookies(FASTCPP_GE(1) FASTCPP_LE(5) fastcpp::Cookie<std::optional<int>> count,
                    FASTCPP_MULTIPLE_OF(0.25) fastcpp::Cookie<std::optional<double>> ratio,
                    FASTCPP_MIN_LENGTH(4) FASTCPP_PATTERN("^s-")
                        fastcpp::Cookie<std::optional<std::string>>
                            session) {
  return {{"count", echo(count.value())},
          {"ratio", echo(ratio.value())},
          {"session", echo(session.value())}};
}

// ---- Bodies: model fields, nested models, lists of models, and embedded scalars. -------------

struct Line {
  FASTCPP_PATTERN(R"(^[A-Z]{3}\d{3}$)") std::string sku;
  FASTCPP_GE(1) FASTCPP_LE(99) int qty;
};

struct Address {
  FASTCPP_MIN_LENGTH(1) FASTCPP_MAX_LENGTH(10) std::string city;
  FASTCPP_PATTERN(R"(^\d{5}$)") std::optional<std::string> zip;
};

struct Order {
  FASTCPP_MIN_LENGTH(2) FASTCPP_MAX_LENGTH(10) std::string name;
  FASTCPP_GT(0) FASTCPP_LE(1000) double price;
  FASTCPP_GE(1) FASTCPP_MULTIPLE_OF(2) int quantity = 1;
  FASTCPP_MIN_LENGTH(1) FASTCPP_MAX_LENGTH(3) std::vector<std::string> tags = {};
  std::optional<Address> address;
  FASTCPP_MAX_LENGTH(2) std::vector<Line> lines = {};
};

FASTCPP_POST("/orders")
static json create_order(Order order) { return echo(order); }

FASTCPP_POST("/embedded")
static json embedded(
    Order order, FASTCPP_GE(1) FASTCPP_LT(10) fastcpp::Body<int> count,
    FASTCPP_MAX_LENGTH(5) fastcpp::Body<std::optional<std::string>> note,
    FASTCPP_MIN_LENGTH(2) fastcpp::Body<std::optional<std::vector<double>>> scores) {
  return {{"order", echo(order)},
          {"count", echo(count.value())},
          {"note", echo(note.value())},
          {"scores", echo(scores.value())}};
}

// ---- Every source at once, in FastAPI's order. ------------------------------------------------

FASTCPP_POST("/everything/{item_id}")
static json everything(FASTCPP_GE(1) int item_id, FASTCPP_MIN_LENGTH(3) std::string q,
                       FASTCPP_LE(3) fastcpp::Header<int> x_level,
                       FASTCPP_PATTERN("^t") fastcpp::Cookie<std::string> token,
                       FASTCPP_GT(0) fastcpp::Body<double> size,
                       FASTCPP_MAX_LENGTH(2) fastcpp::Body<std::string> label) {
  return {item_id, q, x_level.value(), token.value(), size.value(), label.value()};
}

// ---- The tutorial: "Query Parameters and String Validations" --------------------------------

static json items_with(const std::optional<std::string>& q) {
  json results = {{"items", {{{"item_id", "Foo"}}, {{"item_id", "Bar"}}}}};
  if (q && !q->empty()) results["q"] = *q;
  return results;
}

FASTCPP_GET("/tutorial/items/")
static json read_items(FASTCPP_MIN_LENGTH(3) FASTCPP_MAX_LENGTH(50) FASTCPP_PATTERN("^fixedquery$")
                           std::optional<std::string>
                               q = std::nullopt) {
  return items_with(q);
}

FASTCPP_GET("/tutorial/items-default/")
static json read_items_default(FASTCPP_MIN_LENGTH(3) std::string q = "fixedquery") {
  return {{"items", {{{"item_id", "Foo"}}, {{"item_id", "Bar"}}}}, {"q", q}};
}

FASTCPP_GET("/tutorial/items-required/")
static json read_items_required(FASTCPP_MIN_LENGTH(3) std::string q) {
  return {{"items", {{{"item_id", "Foo"}}, {{"item_id", "Bar"}}}}, {"q", q}};
}

FASTCPP_GET("/tutorial/items-list/")
static json read_items_list(std::vector<std::string> q = {"foo", "bar"}) { return {{"q", q}}; }

FASTCPP_GET("/tutorial/items-described/")
static json read_items_described(
    FASTCPP_TITLE("Query string")
        FASTCPP_DESCRIPTION("Query string for the items to search in the database that have a "
                            "good match") FASTCPP_MIN_LENGTH(3) std::optional<std::string>
            q = std::nullopt) {
  return items_with(q);
}

FASTCPP_GET("/tutorial/items-alias/")
static json read_items_alias(
    FASTCPP_ALIAS("item-query") std::optional<std::string> q = std::nullopt) {
  return items_with(q);
}

FASTCPP_GET("/tutorial/items-deprecated/")
static json read_items_deprecated(
    FASTCPP_ALIAS("item-query") FASTCPP_TITLE("Query string")
        FASTCPP_DESCRIPTION("Query string for the items to search in the database that have a "
                            "good match") FASTCPP_MIN_LENGTH(3) FASTCPP_MAX_LENGTH(50)
            FASTCPP_PATTERN("^fixedquery$") FASTCPP_DEPRECATED std::optional<std::string>
                q = std::nullopt) {
  return items_with(q);
}

FASTCPP_GET("/tutorial/items-hidden/")
static json read_items_hidden(
    FASTCPP_EXCLUDE_FROM_SCHEMA std::optional<std::string> hidden_query = std::nullopt) {
  if (hidden_query && !hidden_query->empty()) return {{"hidden_query", *hidden_query}};
  return {{"hidden_query", "Not found"}};
}

// ---- The tutorial: "Path Parameters and Numeric Validations" --------------------------------

FASTCPP_GET("/tutorial/path/{item_id}")
static json read_path_item(
    FASTCPP_TITLE("The ID of the item to get") int item_id,
    FASTCPP_ALIAS("item-query") std::optional<std::string> q = std::nullopt) {
  json results = {{"item_id", item_id}};
  if (q && !q->empty()) results["q"] = *q;
  return results;
}

FASTCPP_GET("/tutorial/path-ge/{item_id}")
static json read_path_ge(FASTCPP_TITLE("The ID of the item to get") FASTCPP_GE(1) int item_id,
                         std::string q) {
  json results = {{"item_id", item_id}};
  if (!q.empty()) results["q"] = q;
  return results;
}

FASTCPP_GET("/tutorial/path-gt-le/{item_id}")
static json read_path_gt_le(FASTCPP_TITLE("The ID of the item to get") FASTCPP_GT(0)
                                FASTCPP_LE(1000) int item_id,
                            std::string q) {
  json results = {{"item_id", item_id}};
  if (!q.empty()) results["q"] = q;
  return results;
}

FASTCPP_GET("/tutorial/path-float/{item_id}")
static json read_path_float(FASTCPP_TITLE("The ID of the item to get") FASTCPP_GE(0)
                                FASTCPP_LE(1000) int item_id,
                            std::string q, FASTCPP_GT(0) FASTCPP_LT(10.5) double size) {
  json results = {{"item_id", item_id}};
  if (!q.empty()) results["q"] = q;
  if (size != 0) results["size"] = size;
  return results;
}

// ---- Metadata on a model's fields and on headers and cookies --------------------------------

struct Note {
  FASTCPP_TITLE("The text")
  FASTCPP_DESCRIPTION("What the note says")
  FASTCPP_EXAMPLES(R"(["Buy milk"])") FASTCPP_MAX_LENGTH(20) std::string text;
  FASTCPP_DESCRIPTION("1 is the highest") FASTCPP_GE(1) FASTCPP_LE(5) int priority = 1;
};

FASTCPP_POST("/notes")
static json create_note(Note note,
                        FASTCPP_DESCRIPTION("Who sent it") FASTCPP_EXAMPLES(R"(["cli"])")
                            fastcpp::Header<std::optional<std::string>>
                                x_source = std::nullopt,
                        FASTCPP_DEPRECATED FASTCPP_MIN_LENGTH(2)
                            fastcpp::Cookie<std::optional<std::string>>
                                session = std::nullopt) {
  return {{"note", echo(note)},
          {"x_source", echo(x_source.value())},
          {"session", echo(session.value())}};
}
