// json_dumps against Python's `json.dumps(v, ensure_ascii=False, allow_nan=False,
// separators=(",", ":"))`: every expected text below is what Python 3.13 printed.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "fastcpp/json_value.hpp"
#include "fastcpp/response.hpp"

namespace fastcpp {
namespace {

TEST(JsonDumps, Scalars) {
  EXPECT_EQ(json_dumps(nullptr), "null");
  EXPECT_EQ(json_dumps(true), "true");
  EXPECT_EQ(json_dumps(false), "false");
  EXPECT_EQ(json_dumps(-1), "-1");
  EXPECT_EQ(json_dumps(0), "0");
  EXPECT_EQ(json_dumps(json(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(json_dumps(json(18446744073709551615ULL)), "18446744073709551615");
  EXPECT_EQ(json_dumps("x"), R"("x")");
  EXPECT_EQ(json_dumps(""), R"("")");
}

TEST(JsonDumps, FloatsUsePythonRepr) {
  EXPECT_EQ(json_dumps(1000.0), "1000.0");
  EXPECT_EQ(json_dumps(1.0), "1.0");
  EXPECT_EQ(json_dumps(-0.0), "-0.0");
  EXPECT_EQ(json_dumps(0.1), "0.1");
  EXPECT_EQ(json_dumps(1e16), "1e+16");
  EXPECT_EQ(json_dumps(1e22), "1e+22");
  EXPECT_EQ(json_dumps(1e308), "1e+308");
  EXPECT_EQ(json_dumps(1e-05), "1e-05");
  EXPECT_EQ(json_dumps(1.5e-07), "1.5e-07");
  EXPECT_EQ(json_dumps(1e-320), "1e-320");
  EXPECT_EQ(json_dumps(123456789.0), "123456789.0");
}

TEST(JsonDumps, CompactSeparatorsAndInsertionOrder) {
  json body = {
      {"detail",
       {{{"type", "missing"}, {"loc", {"body"}}, {"msg", "Field required"}, {"input", nullptr}}}}};
  EXPECT_EQ(
      json_dumps(body),
      R"({"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]})");
  json ordered = json::object();
  ordered["z"] = 1;
  ordered["a"] = {1.0, -0.0, 1e16, 1e-05, true, nullptr};
  EXPECT_EQ(json_dumps(ordered), R"({"z":1,"a":[1.0,-0.0,1e+16,1e-05,true,null]})");
  EXPECT_EQ(json_dumps(json::array({json::object(), json::array(), ""})), R"([{},[],""])");
}

TEST(JsonDumps, StringEscapesWithEnsureAsciiFalse) {
  // Quote, backslash, the five short escapes, \u00XX (lowercase) for other controls; DEL, C1,
  // U+2028, '/' and all other text are written as they are.
  constexpr char kText[] =
      "\x00\x01\x1f\x7f\xc2\x80\xe2\x80\xa8\"\\\b\f\n\r\t/\xc3\xa9\xf0\x9f\x98\x80";
  std::string text(kText, sizeof(kText) - 1);
  EXPECT_EQ(json_dumps(text),
            "\"\\u0000\\u0001\\u001f\x7f\xc2\x80\xe2\x80\xa8\\\"\\\\\\b\\f\\n\\r\\t/"
            "\xc3\xa9\xf0\x9f\x98\x80\"");
  EXPECT_EQ(json_dumps("\x1b\x0b"), R"("\u001b\u000b")");
  EXPECT_EQ(json_dumps({{"k\n\"", "v"}}), R"({"k\n\"":"v"})");
  EXPECT_EQ(json_dumps("\xEF\xBF\xBF\xF4\x8F\xBF\xBF"), "\"\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"");
}

TEST(JsonDumps, NonFiniteFloatsThrow) {
  // allow_nan=False: ValueError in Python, a 500 in FastAPI.
  EXPECT_THROW(json_dumps(std::numeric_limits<double>::quiet_NaN()), std::domain_error);
  EXPECT_THROW(json_dumps(std::numeric_limits<double>::infinity()), std::domain_error);
  EXPECT_THROW(json_dumps({{"detail", {{{"input", -std::numeric_limits<double>::infinity()}}}}}),
               std::domain_error);
  try {
    json_dumps(std::numeric_limits<double>::quiet_NaN());
  } catch (const std::domain_error& error) {
    EXPECT_STREQ(error.what(), "Out of range float values are not JSON compliant: nan");
  }
}

TEST(JsonDumps, InvalidUtf8Throws) {
  for (const char* text : {"\xFF", "a\xC3", "\xC0\xAF", "\xED\xA0", "\xED\xA0x", "\xF4\x90\x80\x80",
                           "\xE2\x82", "\xF0\x9F\x98", "\x80", "\xF5\x80\x80\x80"}) {
    EXPECT_THROW(json_dumps(text), std::domain_error) << text;
    EXPECT_THROW(json_dumps({{text, 1}}), std::domain_error) << text;
  }
}

// Only a request body's error carries one (pyjson.hpp): the client gets back the escape it sent.
TEST(JsonDumps, LoneSurrogatesAreWrittenAsTheirEscapes) {
  EXPECT_EQ(json_dumps("\xED\xA0\x80"), R"("\ud800")");
  EXPECT_EQ(json_dumps("a\xED\xBF\xBF\"\xC3\xA9"), "\"a\\udfff\\\"\xC3\xA9\"");
  EXPECT_EQ(json_dumps({{"\xED\xB0\x80", "\xED\xAF\xBF"}}), R"({"\udc00":"\udbff"})");
  // Two in a row read back as the pair they make, as Python's ensure_ascii output does.
  EXPECT_EQ(json_dumps("\xED\xA0\xBD\xED\xB8\x80"), R"("\ud83d\ude00")");
}

TEST(JsonDumps, BytesAreNotSerializable) {
  EXPECT_THROW(json_dumps(json::binary({1, 2})), std::domain_error);
}

TEST(JsonDumps, LargeDocuments) {
  json items = json::array();
  std::string expected = "[";
  for (int i = 0; i < 10000; ++i) {
    items.push_back({{"id", i}, {"name", "item \xC3\xBC"}, {"price", i + 0.5}});
    if (i > 0) {
      expected += ',';
    }
    expected += "{\"id\":" + std::to_string(i) +
                ",\"name\":\"item \xC3\xBC\",\"price\":" + std::to_string(i) + ".5}";
  }
  expected += ']';
  EXPECT_EQ(json_dumps(items), expected);
  std::string long_text(1 << 20, 'a');
  long_text[12345] = '\n';
  EXPECT_EQ(json_dumps(long_text).size(), long_text.size() + 3);
}

// Braces written once, rendered both ways: through json(...) and without building it.
#define EXPECT_OBJECT_RENDERS_ALIKE(...) \
  EXPECT_EQ(json_dumps_object(__VA_ARGS__), json_dumps(json(__VA_ARGS__)))

TEST(JsonDumpsObject, RendersWhatJsonsOwnBracesMake) {
  json errors = {{{"type", "int_parsing"}, {"loc", {"body", "size"}}, {"input", "XL"}}};
  json body = {{"title", "towel"}, {"size", "XL"}};
  EXPECT_OBJECT_RENDERS_ALIKE({{"detail", errors}, {"body", body}});
  EXPECT_EQ(json_dumps_object({{"detail", errors}, {"body", body}}),
            R"({"detail":[{"type":"int_parsing","loc":["body","size"],"input":"XL"}],)"
            R"("body":{"title":"towel","size":"XL"}})");
  EXPECT_OBJECT_RENDERS_ALIKE({{"a", 1}, {"b", {1, 2.5, nullptr}}, {"c", {{"d", true}}}});
  EXPECT_OBJECT_RENDERS_ALIKE({{"k\n\"", std::string("v\u00fc")}, {"", json::object()}});
  EXPECT_EQ(json_dumps_object({}), "{}");
}

TEST(JsonDumpsObject, ARepeatedKeyKeepsItsFirstValue) {
  EXPECT_OBJECT_RENDERS_ALIKE({{"a", 1}, {"b", 2}, {"a", 3}});
  EXPECT_EQ(json_dumps_object({{"a", 1}, {"b", 2}, {"a", 3}}), R"({"a":1,"b":2})");
}

TEST(JsonDumpsObject, ThrowsWhatJsonDumpsThrows) {
  EXPECT_THROW(json_dumps_object({{"value", std::numeric_limits<double>::quiet_NaN()}}),
               std::domain_error);
  EXPECT_THROW(json_dumps_object({{"\xff", 1}}), std::domain_error);
}

}  // namespace
}  // namespace fastcpp
