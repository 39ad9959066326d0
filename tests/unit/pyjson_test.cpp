// python_json_loads against the real thing: every expectation in kCases was produced by running
// the input through `json.loads(bytes)` of the reference Python 3.13.5
// (`../shared/tools/fastapi-reference python`); the nesting limits were measured through the
// reference FastAPI served by uvicorn.
#include "fastcpp/detail/pyjson.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fastcpp::detail {
namespace {

using namespace std::string_view_literals;
using Status = JsonLoadResult::Status;
constexpr Status kOk = Status::kOk;
constexpr Status kDecodeError = Status::kDecodeError;
constexpr Status kNotText = Status::kNotText;

const char* status_name(Status status) {
  switch (status) {
    case kOk:
      return "kOk";
    case kDecodeError:
      return "kDecodeError";
    case kNotText:
      return "kNotText";
  }
  return "?";
}

// A rendering that keeps apart what json's == and dump() blur: integer, `123u` (unsigned) and
// `float(...)`, including float(-0), float(nan) and float(inf). Floats use the fewest %g digits
// that read back exactly; strings are JSON with raw UTF-8.
void describe(const json& value, std::string* out) {
  switch (value.type()) {
    case json::value_t::object: {
      *out += '{';
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) *out += ',';
        first = false;
        *out += json(key).dump();
        *out += ':';
        describe(member, out);
      }
      *out += '}';
      return;
    }
    case json::value_t::array: {
      *out += '[';
      bool first = true;
      for (const auto& element : value) {
        if (!first) *out += ',';
        first = false;
        describe(element, out);
      }
      *out += ']';
      return;
    }
    case json::value_t::number_unsigned:
      *out += std::to_string(value.get<std::uint64_t>()) + "u";
      return;
    case json::value_t::number_float: {
      const double number = value.get<double>();
      std::string text;
      if (std::isnan(number)) {
        text = "nan";
      } else if (std::isinf(number)) {
        text = number > 0 ? "inf" : "-inf";
      } else {
        char buffer[64];
        for (int precision = 1; precision <= 17; ++precision) {
          std::snprintf(buffer, sizeof buffer, "%.*g", precision, number);
          if (std::strtod(buffer, nullptr) == number) break;
        }
        text = buffer;
      }
      *out += "float(" + text + ")";
      return;
    }
    default:
      *out += value.dump();
      return;
  }
}

std::string describe(const json& value) {
  std::string out;
  describe(value, &out);
  return out;
}

struct Case {
  std::string_view input;
  Status status;
  std::string_view message;  // kDecodeError
  std::size_t position;      // kDecodeError
  std::string_view value;    // kOk: describe() of the value Python returns
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << json(std::string(c.input)).dump(-1, ' ', true, json::error_handler_t::replace);
}

// Python keeps lone surrogates in its str; in `value` they are U+FFFD, reported exactly in
// `unrepresentable` (see LoneSurrogatesAreReportedWhereTheyAre), so the values of those rows show
// \ufffd where Python shows '\ud800'. Everything else is Python's verbatim.
const Case kCases[] = {
    {"{\"title\": \"x\","sv, kDecodeError, "Expecting property name enclosed in double quotes", 14,
     ""},
    {"{bad}"sv, kDecodeError, "Expecting property name enclosed in double quotes", 1, ""},
    {"[1,]"sv, kDecodeError, "Illegal trailing comma before end of array", 2, ""},
    {"{\"a\":1,}"sv, kDecodeError, "Illegal trailing comma before end of object", 6, ""},
    {"\"\\ud83d\\ude00\""sv, kOk, "", 0, "\"😀\""},
    {"tru"sv, kDecodeError, "Expecting value", 0, ""},
    {"01"sv, kDecodeError, "Extra data", 1, ""},
    {"1."sv, kDecodeError, "Extra data", 1, ""},
    {".5"sv, kDecodeError, "Expecting value", 0, ""},
    {"-"sv, kDecodeError, "Expecting value", 0, ""},
    {"\"abc"sv, kDecodeError, "Unterminated string starting at", 0, ""},
    {"\"a\x01"
     "b\""sv,
     kDecodeError, "Invalid control character at", 2, ""},
    {"{\"a\" 1}"sv, kDecodeError, "Expecting ':' delimiter", 5, ""},
    {"[1 2]"sv, kDecodeError, "Expecting ',' delimiter", 3, ""},
    {"  "sv, kDecodeError, "Expecting value", 2, ""},
    {""sv, kDecodeError, "Expecting value", 0, ""},
    {"{}x"sv, kDecodeError, "Extra data", 2, ""},
    {"{\"title\": \"x\", \"size\": 3}"sv, kOk, "", 0, "{\"title\":\"x\",\"size\":3}"},
    {"["sv, kDecodeError, "Expecting value", 1, ""},
    {"[1"sv, kDecodeError, "Expecting ',' delimiter", 2, ""},
    {"[1,"sv, kDecodeError, "Expecting value", 3, ""},
    {"{"sv, kDecodeError, "Expecting property name enclosed in double quotes", 1, ""},
    {"{\"a\""sv, kDecodeError, "Expecting ':' delimiter", 4, ""},
    {"{\"a\":"sv, kDecodeError, "Expecting value", 5, ""},
    {"{\"a\":1"sv, kDecodeError, "Expecting ',' delimiter", 6, ""},
    {"{\"a\":}"sv, kDecodeError, "Expecting value", 5, ""},
    {"{,}"sv, kDecodeError, "Expecting property name enclosed in double quotes", 1, ""},
    {"{\"a\":1 \"b\":2}"sv, kDecodeError, "Expecting ',' delimiter", 7, ""},
    {"[,1]"sv, kDecodeError, "Expecting value", 1, ""},
    {"[1,,2]"sv, kDecodeError, "Expecting value", 3, ""},
    {"{\"a\":1,,\"b\":2}"sv, kDecodeError, "Expecting property name enclosed in double quotes", 7,
     ""},
    {"{ }"sv, kOk, "", 0, "{}"},
    {"[ ]"sv, kOk, "", 0, "[]"},
    {"[[]"sv, kDecodeError, "Expecting ',' delimiter", 3, ""},
    {"[]]"sv, kDecodeError, "Extra data", 2, ""},
    {"{\"a\":[1,{\"b\":null}],\"c\":{}}"sv, kOk, "", 0, "{\"a\":[1,{\"b\":null}],\"c\":{}}"},
    {"{\"a\":1}}"sv, kDecodeError, "Extra data", 7, ""},
    {"{1:2}"sv, kDecodeError, "Expecting property name enclosed in double quotes", 1, ""},
    {"{'a':1}"sv, kDecodeError, "Expecting property name enclosed in double quotes", 1, ""},
    {"[1,\n]"sv, kDecodeError, "Illegal trailing comma before end of array", 2, ""},
    {"{\"a\":1 ,\t}"sv, kDecodeError, "Illegal trailing comma before end of object", 7, ""},
    {"[1]x"sv, kDecodeError, "Extra data", 3, ""},
    {"[1] [2]"sv, kDecodeError, "Extra data", 4, ""},
    {"{\"a\":1,\"b\":2,\"a\":3}"sv, kOk, "", 0, "{\"a\":3,\"b\":2}"},
    {"{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\""
     ":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":"
     "12,\"k0\":13,\"k1\":14,\"k2\":15,\"k3\":16,\"k4\":17,\"k5\":"
     "18,\"k6\":19,\"k7\":20,\"k8\":21,\"k9\":22,\"k10\":23,\"k11\""
     ":24,\"k12\":25,\"k0\":26,\"k1\":27,\"k2\":28,\"k3\":29}"sv,
     kOk, "", 0,
     "{\"k0\":26,\"k1\":27,\"k2\":28,\"k3\":29,\"k4\":17,\"k5\":18"
     ",\"k6\":19,\"k7\":20,\"k8\":21,\"k9\":22,\"k10\":23,\"k11\":"
     "24,\"k12\":25}"},
    {"null"sv, kOk, "", 0, "null"},
    {"true"sv, kOk, "", 0, "true"},
    {"false"sv, kOk, "", 0, "false"},
    {"nul"sv, kDecodeError, "Expecting value", 0, ""},
    {"truex"sv, kDecodeError, "Extra data", 4, ""},
    {"[null,true,false]"sv, kOk, "", 0, "[null,true,false]"},
    {"NaN"sv, kOk, "", 0, "float(nan)"},
    {"Infinity"sv, kOk, "", 0, "float(inf)"},
    {"-Infinity"sv, kOk, "", 0, "float(-inf)"},
    {"-Inf"sv, kDecodeError, "Expecting value", 0, ""},
    {"nan"sv, kDecodeError, "Expecting value", 0, ""},
    {"infinity"sv, kDecodeError, "Expecting value", 0, ""},
    {"[NaN,-Infinity]"sv, kOk, "", 0, "[float(nan),float(-inf)]"},
    {"None"sv, kDecodeError, "Expecting value", 0, ""},
    {"True"sv, kDecodeError, "Expecting value", 0, ""},
    {"0"sv, kOk, "", 0, "0"},
    {"-0"sv, kOk, "", 0, "0"},
    {"-0.0"sv, kOk, "", 0, "float(-0)"},
    {"1.5"sv, kOk, "", 0, "float(1.5)"},
    {"-12.5e-3"sv, kOk, "", 0, "float(-0.0125)"},
    {"1E5"sv, kOk, "", 0, "float(1e+05)"},
    {"1e+2"sv, kOk, "", 0, "float(1e+02)"},
    {"1e"sv, kDecodeError, "Extra data", 1, ""},
    {"1e+"sv, kDecodeError, "Extra data", 1, ""},
    {"1.e5"sv, kDecodeError, "Extra data", 1, ""},
    {"-x"sv, kDecodeError, "Expecting value", 0, ""},
    {"--1"sv, kDecodeError, "Expecting value", 0, ""},
    {"+1"sv, kDecodeError, "Expecting value", 0, ""},
    {"0x10"sv, kDecodeError, "Extra data", 1, ""},
    {"00"sv, kDecodeError, "Extra data", 1, ""},
    {"-01"sv, kDecodeError, "Extra data", 2, ""},
    {"1.5.2"sv, kDecodeError, "Extra data", 3, ""},
    {"0.1"sv, kOk, "", 0, "float(0.1)"},
    {"1e400"sv, kOk, "", 0, "float(inf)"},
    {"-1e400"sv, kOk, "", 0, "float(-inf)"},
    {"1e-400"sv, kOk, "", 0, "float(0)"},
    {"5e-324"sv, kOk, "", 0, "float(5e-324)"},
    {"2e-324"sv, kOk, "", 0, "float(0)"},
    {"1.7976931348623157e308"sv, kOk, "", 0, "float(1.7976931348623157e+308)"},
    {"1.7976931348623159e308"sv, kOk, "", 0, "float(inf)"},
    {"9223372036854775807"sv, kOk, "", 0, "9223372036854775807"},
    {"-9223372036854775808"sv, kOk, "", 0, "-9223372036854775808"},
    {"9223372036854775808"sv, kOk, "", 0, "9223372036854775808u"},
    {"18446744073709551615"sv, kOk, "", 0, "18446744073709551615u"},
    {"18446744073709551616"sv, kOk, "", 0, "float(1.8446744073709552e+19)"},
    {"-9223372036854775809"sv, kOk, "", 0, "float(-9.223372036854776e+18)"},
    {"123456789012345678901234567890"sv, kOk, "", 0, "float(1.2345678901234568e+29)"},
    {"[1.0, 100000.0, 1e16]"sv, kOk, "", 0, "[float(1),float(1e+05),float(1e+16)]"},
    {"\"\""sv, kOk, "", 0, "\"\""},
    {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""sv, kOk, "", 0, "\"\\\"\\\\/\\b\\f\\n\\r\\t\""},
    {"\"\\u00e9\\u00E9\""sv, kOk, "", 0, "\"éé\""},
    {"\"\\u0000\""sv, kOk, "", 0, "\"\\u0000\""},
    {"\"\\ud800\""sv, kOk, "", 0, "\"\ufffd\""},
    {"\"\\udc00\\ud800\""sv, kOk, "", 0, "\"\ufffd\ufffd\""},
    {"\"\\ud800\\u0041\""sv, kOk, "", 0, "\"\ufffdA\""},
    {"\"\\ud800x\""sv, kOk, "", 0, "\"\ufffdx\""},
    {"\"\\x\""sv, kDecodeError, "Invalid \\escape", 1, ""},
    {"\"ab\\"sv, kDecodeError, "Unterminated string starting at", 0, ""},
    {"\"\\u12\""sv, kDecodeError, "Invalid \\uXXXX escape", 2, ""},
    {"\"\\u12x4\""sv, kDecodeError, "Invalid \\uXXXX escape", 2, ""},
    {"\"\\u0041"sv, kDecodeError, "Invalid \\uXXXX escape", 2, ""},
    {"\"\\ud800\\u12\""sv, kDecodeError, "Invalid \\uXXXX escape", 8, ""},
    {"\"\\ud800\\udc00"sv, kDecodeError, "Invalid \\uXXXX escape", 8, ""},
    {"\"\\ud800\\\""sv, kDecodeError, "Unterminated string starting at", 0, ""},
    {"\"a\tb\""sv, kDecodeError, "Invalid control character at", 2, ""},
    {"\"a\nb\""sv, kDecodeError, "Invalid control character at", 2, ""},
    {"\"a\x00"
     "b\""sv,
     kDecodeError, "Invalid control character at", 2, ""},
    {"\"\x7f\""sv, kOk, "", 0, "\"\x7f\""},
    {"\"\x1f\""sv, kDecodeError, "Invalid control character at", 1, ""},
    {"\"\\a\""sv, kDecodeError, "Invalid \\escape", 1, ""},
    {"\"\\U00e9\""sv, kDecodeError, "Invalid \\escape", 1, ""},
    {"\"café 日本 😀\""sv, kOk, "", 0, "\"café 日本 😀\""},
    {"\"\\/\""sv, kOk, "", 0, "\"/\""},
    {"\"\u2028\""sv, kOk, "", 0, "\"\u2028\""},
    {" \t\n\r1 \t\n\r"sv, kOk, "", 0, "1"},
    {"\x0c"
     "1"sv,
     kDecodeError, "Expecting value", 0, ""},
    {"\u00a01"sv, kDecodeError, "Expecting value", 0, ""},
    {"1\u00a0"sv, kDecodeError, "Extra data", 1, ""},
    {"\n\n  [1,\n  2,,]"sv, kDecodeError, "Expecting value", 12, ""},
    {"\x0b"sv, kDecodeError, "Expecting value", 0, ""},
    {"{\"é\": \"ü\" x}"sv, kDecodeError, "Expecting ',' delimiter", 10, ""},
    {"[\"日本語\", 1 2]"sv, kDecodeError, "Expecting ',' delimiter", 10, ""},
    {"\"😀😀\" x"sv, kDecodeError, "Extra data", 5, ""},
    {"{\"ключ\": \"значение\",}"sv, kDecodeError, "Illegal trailing comma before end of object", 19,
     ""},
    {"[\"é\", \"\x01\"]"sv, kDecodeError, "Invalid control character at", 7, ""},
    {"{\"😀\":1, \"\\q\":2}"sv, kDecodeError, "Invalid \\escape", 9, ""},
    {"\ufeff{\"a\": 1}"sv, kOk, "", 0, "{\"a\":1}"},
    {"\ufeff\ufeff{}"sv, kDecodeError, "Expecting value", 0, ""},
    {"\ufeff"sv, kDecodeError, "Expecting value", 0, ""},
    {"\ufeff[1,]"sv, kDecodeError, "Illegal trailing comma before end of array", 2, ""},
    {"\xff\xfe{\x00\"\x00\xe9\x00\"\x00:\x00 \x00"
     "1\x00,\x00}\x00"sv,
     kDecodeError, "Illegal trailing comma before end of object", 7, ""},
    {"{\x00\"\x00\xe9\x00\"\x00:\x00 \x00"
     "1\x00,\x00}\x00"sv,
     kDecodeError, "Illegal trailing comma before end of object", 7, ""},
    {"\x00{\x00\"\x00\xe9\x00\"\x00:\x00 \x00"
     "1\x00,\x00}"sv,
     kDecodeError, "Illegal trailing comma before end of object", 7, ""},
    {"[\x00\"\x00=\xd8\x00\xde\"\x00,\x00 \x00x\x00]\x00"sv, kDecodeError, "Expecting value", 6,
     ""},
    {"\xff\xfe\x00\x00[\x00\x00\x00"
     "1\x00\x00\x00,\x00\x00\x00 \x00\x00\x00"
     "2\x00\x00\x00]\x00\x00\x00"sv,
     kOk, "", 0, "[1,2]"},
    {"[\x00\x00\x00"
     "1\x00\x00\x00,\x00\x00\x00 \x00\x00\x00"
     "2\x00\x00\x00]\x00\x00\x00 \x00\x00\x00x\x00\x00\x00"sv,
     kDecodeError, "Extra data", 7, ""},
    {"\x00\x00\x00\"\x00\x00\x00\xfc\x00\x00\x00\""sv, kOk, "", 0, "\"ü\""},
    {"\"\x00\x00\xd8\"\x00"sv, kOk, "", 0, "\"\ufffd\""},
    {"\"\x00\x00\x00\x00\xdc\x00\x00\"\x00\x00\x00"sv, kOk, "", 0, "\"\ufffd\""},
    {"1\x00"sv, kOk, "", 0, "1"},
    {"\x00"
     "1"sv,
     kOk, "", 0, "1"},
    {"\x00"sv, kDecodeError, "Expecting value", 0, ""},
    {"\x00\x00\x00"sv, kDecodeError, "Expecting value", 0, ""},
    {"\xff\xfe"sv, kDecodeError, "Expecting value", 0, ""},
    {"\xfe\xff\x00[\x00]"sv, kOk, "", 0, "[]"},
    {"\"\xff\""sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\"\xc3\""sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\"\xc0\xaf\""sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\"\xe0\x80\xaf\""sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\"\xed\xa0\x80\""sv, kOk, "", 0, "\"\ufffd\""},
    {"\"\xed\xb0\x80\xed\xa0\x80\""sv, kOk, "", 0, "\"\ufffd\ufffd\""},
    {"\"\xf4\x90\x80\x80\""sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\"\xf0\x9f\x98\""sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\xff\xfe\"\x00"
     "a"sv,
     kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\"\x00"
     "a\x00\x00"sv,
     kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\xff\xfe\x00\x00\x00\x00\x11\x00"sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
    {"\x80"sv, kNotText, "", 0, "" /* UnicodeDecodeError */},
};

class PythonJsonLoadsTest : public testing::TestWithParam<Case> {};

TEST_P(PythonJsonLoadsTest, MatchesPython) {
  const Case& expected = GetParam();
  const JsonLoadResult result = python_json_loads(expected.input);
  ASSERT_STREQ(status_name(result.status), status_name(expected.status)) << result.message;
  if (expected.status == kDecodeError) {
    EXPECT_EQ(result.message, expected.message);
    EXPECT_EQ(result.position, expected.position);
  }
  if (expected.status == kOk) {
    EXPECT_EQ(describe(result.value), expected.value);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, PythonJsonLoadsTest, testing::ValuesIn(kCases));

TEST(PythonJsonLoads, DecodeErrorKeepsTheDecodedTextAsUtf8) {
  const std::u16string source = u"{\"\u00e9\": \"\U0001F600\",}";
  std::string utf16le;
  for (char16_t unit : source) {
    utf16le += static_cast<char>(unit & 0xFF);
    utf16le += static_cast<char>(unit >> 8);
  }
  const JsonLoadResult result = python_json_loads(utf16le);
  ASSERT_STREQ(status_name(result.status), "kDecodeError");
  EXPECT_EQ(result.message, "Illegal trailing comma before end of object");
  EXPECT_EQ(result.position, 9u);
  EXPECT_EQ(result.text, "{\"\u00e9\": \"\U0001F600\",}");

  const JsonLoadResult with_bom = python_json_loads("\xEF\xBB\xBF[\"\xED\xA0\x80\", x]"sv);
  ASSERT_STREQ(status_name(with_bom.status), "kDecodeError");
  EXPECT_EQ(with_bom.message, "Expecting value");
  EXPECT_EQ(with_bom.position, 6u);
  EXPECT_EQ(with_bom.text, "[\"\xED\xA0\x80\", x]");  // the surrogate as sent, one character
  EXPECT_TRUE(with_bom.unrepresentable.empty());
}

const char* status_of(const std::string& input) {
  return status_name(python_json_loads(input).status);
}

std::string repeat(std::string_view part, std::size_t count) {
  std::string text;
  text.reserve(part.size() * count);
  for (std::size_t i = 0; i < count; ++i) text += part;
  return text;
}

// Measured through the reference FastAPI/uvicorn: a RecursionError (-> 400) once the nesting plus
// what raising the error costs exceeds CPython's budget of 9985 levels.
TEST(PythonJsonLoads, NestingFollowsCPythonsRecursionBudget) {
  EXPECT_STREQ(status_of(repeat("[", 9985) + repeat("]", 9985)), "kOk");
  EXPECT_STREQ(status_of(repeat("[", 9986) + repeat("]", 9986)), "kNotText");
  EXPECT_STREQ(status_of(repeat("{\"a\":", 9984) + "{}" + repeat("}", 9984)), "kOk");
  EXPECT_STREQ(status_of(repeat("{\"a\":", 9985) + "{}" + repeat("}", 9985)), "kNotText");
  EXPECT_STREQ(status_of(repeat("[", 9984) + "NaN" + repeat("]", 9984)), "kOk");
  EXPECT_STREQ(status_of(repeat("[", 9985) + "NaN" + repeat("]", 9985)), "kNotText");

  JsonLoadResult result = python_json_loads(repeat("[", 9984) + "x");
  EXPECT_STREQ(status_name(result.status), "kDecodeError");
  EXPECT_EQ(result.message, "Expecting value");
  EXPECT_EQ(result.position, 9984u);
  EXPECT_STREQ(status_of(repeat("[", 9985) + "x"), "kNotText");

  result = python_json_loads(repeat("[", 9981) + "1 2");
  EXPECT_STREQ(status_name(result.status), "kDecodeError");
  EXPECT_EQ(result.message, "Expecting ',' delimiter");
  EXPECT_EQ(result.position, 9983u);
  EXPECT_STREQ(status_of(repeat("[", 9982) + "1 2"), "kNotText");
  EXPECT_STREQ(status_of(repeat("[", 9980) + "{x"), "kDecodeError");
  EXPECT_STREQ(status_of(repeat("[", 9981) + "{x"), "kNotText");
  EXPECT_STREQ(status_of(repeat("[", 9983) + "{\"a\":x"), "kDecodeError");
  EXPECT_STREQ(status_of(repeat("[", 9984) + "{\"a\":x"), "kNotText");
}

TEST(PythonJsonLoads, HugeNestingNeitherCrashesNorRecurses) {
  EXPECT_STREQ(status_of(repeat("[", 1000000)), "kNotText");
  EXPECT_STREQ(status_of(repeat("{\"a\":[", 200000)), "kNotText");
}

// int() refuses more than 4300 digits: a ValueError, which FastAPI answers like a
// UnicodeDecodeError. Floats have no such limit.
TEST(PythonJsonLoads, IntegerDigitLimit) {
  const JsonLoadResult longest = python_json_loads(repeat("1", 4300));
  ASSERT_STREQ(status_name(longest.status), "kOk");
  EXPECT_EQ(describe(longest.value), "float(inf)");  // Python: the exact int
  EXPECT_STREQ(status_of(repeat("1", 4301)), "kNotText");
  EXPECT_STREQ(status_of("-" + repeat("1", 4300)), "kOk");
  EXPECT_STREQ(status_of("-" + repeat("1", 4301)), "kNotText");
  EXPECT_STREQ(status_of("[" + repeat("1", 4301) + "x"), "kNotText");
  EXPECT_EQ(describe(python_json_loads(repeat("1", 4301) + ".0").value), "float(inf)");
  EXPECT_EQ(describe(python_json_loads("0." + repeat("0", 5000) + "1").value), "float(0)");
  EXPECT_EQ(describe(python_json_loads(repeat("1", 400)).value), "float(inf)");
  EXPECT_EQ(describe(python_json_loads("-" + repeat("9", 300) + "e-10").value), "float(-1e+290)");
}

TEST(PythonJsonLoads, ManyKeysKeepFirstPositionAndLastValue) {
  std::string text = "{";
  for (int i = 0; i < 2000; ++i)
    text += "\"k" + std::to_string(i % 1000) + "\":" + std::to_string(i) + ",";
  text.back() = '}';
  const JsonLoadResult result = python_json_loads(text);
  ASSERT_STREQ(status_name(result.status), "kOk");
  ASSERT_EQ(result.value.size(), 1000u);
  int index = 0;
  for (const auto& [key, value] : result.value.items()) {
    EXPECT_EQ(key, "k" + std::to_string(index));
    EXPECT_EQ(value, index + 1000);
    ++index;
  }
}

// No input may crash or read out of bounds (run under AddressSanitizer), and errors point inside
// the text.
TEST(PythonJsonLoads, SurvivesEveryPrefixAndByteFlip) {
  const std::string_view documents[] = {
      "{\"a\": [1, -2.5e-3, \"\\u00e9\\ud83d\\ude00\", true, null, NaN], \"\xC3\xA9\": {}}"sv,
      "\xEF\xBB\xBF[\"x\\\"y\", -Infinity, 1e400, {\"k\":\"v\"}]"sv,
      "\xFF\xFE[\x00\"\x00=\xD8\x00\xDE\"\x00]\x00"sv,
  };
  for (std::string_view document : documents) {
    for (std::size_t length = 0; length <= document.size(); ++length) {
      std::string mutated(document.substr(0, length));
      for (std::size_t i = 0; i <= mutated.size(); ++i) {
        for (int byte : {0x00, 0x22, 0x5C, 0x7B, 0x5D, 0x80, 0xFF}) {
          std::string input = mutated;
          if (i < input.size()) input[i] = static_cast<char>(byte);
          const JsonLoadResult result = python_json_loads(input);
          if (result.status != kDecodeError) continue;
          std::size_t characters = 0;
          for (unsigned char c : result.text) characters += (c & 0xC0) != 0x80;
          EXPECT_LE(result.position, characters);
        }
      }
    }
  }
}

std::string describe(const JsonUnrepresentable& value) {
  const char* kind =
      value.kind == JsonUnrepresentable::Kind::kLoneSurrogate ? "surrogate" : "overflow";
  return std::string(kind) + " at " + json_dumps(value.loc) + ": " + json_dumps(value.input);
}

std::vector<std::string> unrepresentable(std::string_view input) {
  const JsonLoadResult result = python_json_loads(input);
  EXPECT_STREQ(status_name(result.status), "kOk") << result.message;
  std::vector<std::string> out;
  for (const auto& value : result.unrepresentable) out.push_back(describe(value));
  // The text is kept for the error's body whenever there is something to report.
  if (!out.empty()) {
    EXPECT_FALSE(result.text.empty());
  }
  return out;
}

using Reports = std::vector<std::string>;

TEST(PythonJsonLoads, LoneSurrogatesAreReportedWhereTheyAre) {
  EXPECT_EQ(unrepresentable(R"({"title": "\ud800", "size": 1})"),
            Reports{R"(surrogate at ["title"]: "\ud800")"});
  EXPECT_EQ(
      unrepresentable(R"({"a": [1, {"b": "x\udc00y"}], "c": "\ud800\u0041"})"),
      (Reports{R"(surrogate at ["a",1,"b"]: "x\udc00y")", R"(surrogate at ["c"]: "\ud800A")"}));
  EXPECT_EQ(unrepresentable(R"("\udfff")"), Reports{R"(surrogate at []: "\udfff")"});
  // A key: the object's location, the key, then "[key]", as pydantic locates a dict key; what is
  // inside it is located by the key as sent.
  EXPECT_EQ(unrepresentable(R"({"k": {"\ud800": "\udc00"}})"),
            (Reports{R"(surrogate at ["k","\ud800","[key]"]: "\ud800")",
                     R"(surrogate at ["k","\ud800"]: "\udc00")"}));
  // The three bytes "surrogatepass" decodes, and a UTF-16 unit without its pair.
  EXPECT_EQ(unrepresentable("[\"a\xED\xA0\x80\"]"), Reports{R"(surrogate at [0]: "a\ud800")"});
  EXPECT_EQ(unrepresentable("\"\x00\x00\xD8\"\x00"sv), Reports{R"(surrogate at []: "\ud800")"});
}

TEST(PythonJsonLoads, LoneSurrogatesAreUFFFDInTheValue) {
  const JsonLoadResult result = python_json_loads(R"({"\ud800": ["\udc00", "ok"]})");
  EXPECT_EQ(describe(result.value), "{\"\ufffd\":[\"\ufffd\",\"ok\"]}");
  EXPECT_EQ(result.text, R"({"\ud800": ["\udc00", "ok"]})");
}

TEST(PythonJsonLoads, PairsAndOtherTextAreNotReported) {
  for (std::string_view input : {R"("\ud83d\ude00")"sv, R"("\ud7ff\ue000\ufffd")"sv,
                                 "\"\xED\x9F\xBF\""sv, R"({"a": "b"})"sv}) {
    const JsonLoadResult result = python_json_loads(input);
    EXPECT_TRUE(result.unrepresentable.empty()) << input;
    EXPECT_TRUE(result.text.empty()) << input;
  }
}

TEST(PythonJsonLoads, NumbersBeyondADoubleAreReportedWithTheirText) {
  EXPECT_EQ(unrepresentable(R"({"title": "x", "size": 1e999999})"),
            Reports{R"(overflow at ["size"]: "1e999999")"});
  EXPECT_EQ(
      unrepresentable("[-1e400, 1.7976931348623159e308, 2]"),
      (Reports{R"(overflow at [0]: "-1e400")", R"(overflow at [1]: "1.7976931348623159e308")"}));
  EXPECT_EQ(unrepresentable(repeat("9", 400)),
            Reports{"overflow at []: \"" + repeat("9", 400) + "\""});
  // Infinity spelled out is what the client meant; tiny numbers round to zero in Python too.
  for (std::string_view input :
       {"[Infinity, -Infinity, NaN]"sv, "1e-999999"sv, "1.7976931348623157e308"sv}) {
    EXPECT_TRUE(python_json_loads(input).unrepresentable.empty()) << input;
  }
}

TEST(PythonJsonLoads, ASyntaxErrorWinsOverWhatWouldBeReported) {
  const JsonLoadResult result = python_json_loads(R"({"a": "\ud800", "b": 1e999,})");
  ASSERT_STREQ(status_name(result.status), "kDecodeError");
  EXPECT_TRUE(result.unrepresentable.empty());
}

}  // namespace
}  // namespace fastcpp::detail
