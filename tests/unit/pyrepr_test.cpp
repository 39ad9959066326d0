// Python's repr() and str(): every expected text below is what Python 3.13 printed.
#include "fastcpp/detail/pyrepr.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "fastcpp/exceptions.hpp"
#include "fastcpp/python.hpp"

namespace fastcpp::detail {
namespace {

// ---- float ----------------------------------------------------------------------------------

TEST(PyFloatRepr, FixedNotationAlwaysHasAFraction) {
  EXPECT_EQ(py_float_repr(1.5), "1.5");
  EXPECT_EQ(py_float_repr(1000.0), "1000.0");
  EXPECT_EQ(py_float_repr(100.0), "100.0");
  EXPECT_EQ(py_float_repr(0.0), "0.0");
  EXPECT_EQ(py_float_repr(-0.0), "-0.0");
  EXPECT_EQ(py_float_repr(-1234.5678), "-1234.5678");
  EXPECT_EQ(py_float_repr(123456789.123), "123456789.123");
  EXPECT_EQ(py_float_repr(123456789012345.6), "123456789012345.6");
  EXPECT_EQ(py_float_repr(9007199254740992.0), "9007199254740992.0");
}

TEST(PyFloatRepr, ShortestRoundTripDigits) {
  EXPECT_EQ(py_float_repr(0.1), "0.1");
  EXPECT_EQ(py_float_repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(py_float_repr(1.0 / 3.0), "0.3333333333333333");
}

TEST(PyFloatRepr, ExponentBelow1eMinus4AndFrom1e16) {
  EXPECT_EQ(py_float_repr(0.0001), "0.0001");
  EXPECT_EQ(py_float_repr(1e-05), "1e-05");
  EXPECT_EQ(py_float_repr(1.5e-05), "1.5e-05");
  EXPECT_EQ(py_float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(py_float_repr(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(py_float_repr(1e16), "1e+16");
  EXPECT_EQ(py_float_repr(2.5e16), "2.5e+16");
  EXPECT_EQ(py_float_repr(1e22), "1e+22");
  EXPECT_EQ(py_float_repr(12345678901234567890.0), "1.2345678901234567e+19");
  EXPECT_EQ(py_float_repr(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(py_float_repr(1e-320), "1e-320");
  EXPECT_EQ(py_float_repr(std::numeric_limits<double>::denorm_min()), "5e-324");
}

TEST(PyFloatRepr, NonFinite) {
  EXPECT_EQ(py_float_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(py_float_repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(py_float_repr(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(py_float_repr(-std::numeric_limits<double>::quiet_NaN()), "nan");
}

TEST(PyFloatRepr, AppendsToExistingText) {
  std::string out = "x=";
  append_py_float_repr(1e16, out);
  EXPECT_EQ(out, "x=1e+16");
}

// ---- str ------------------------------------------------------------------------------------

TEST(PyStrRepr, QuoteChoice) {
  EXPECT_EQ(py_str_repr("abc"), "'abc'");
  EXPECT_EQ(py_str_repr(""), "''");
  EXPECT_EQ(py_str_repr("it's"), R"("it's")");
  EXPECT_EQ(py_str_repr(R"(say "hi")"), R"('say "hi"')");
  EXPECT_EQ(py_str_repr(R"(both ' and ")"), R"('both \' and "')");
}

TEST(PyStrRepr, BackslashEscapes) {
  EXPECT_EQ(py_str_repr(R"(a\b)"), R"('a\\b')");
  EXPECT_EQ(py_str_repr("a\nb\rc\td"), R"('a\nb\rc\td')");
}

TEST(PyStrRepr, ControlCharactersAsHex) {
  EXPECT_EQ(py_str_repr(std::string_view("a\0\x1f\x7f", 4)), R"('a\x00\x1f\x7f')");
  EXPECT_EQ(py_str_repr("\x08\x0b\x0c\x1b"), R"('\x08\x0b\x0c\x1b')");
  // U+0080, U+009F (C1), U+00A0 (NBSP), U+00AD (soft hyphen)
  EXPECT_EQ(py_str_repr("\xC2\x80\xC2\x9F\xC2\xA0\xC2\xAD b"), R"('\x80\x9f\xa0\xad b')");
  EXPECT_EQ(py_str_repr("a\xC2\xA0"
                        "b\xE2\x80\x8B"
                        "c"),
            R"('a\xa0b\u200bc')");
}

TEST(PyStrRepr, NonPrintableCodePoints) {
  EXPECT_EQ(py_str_repr("\xE2\x80\x8B"), R"('\u200b')");          // U+200B (Cf)
  EXPECT_EQ(py_str_repr("\xEF\xBB\xBF"), R"('\ufeff')");          // U+FEFF (Cf)
  EXPECT_EQ(py_str_repr("\xE2\x80\xA8"), R"('\u2028')");          // U+2028 (Zl)
  EXPECT_EQ(py_str_repr("\xE3\x80\x80"), R"('\u3000')");          // U+3000 (Zs)
  EXPECT_EQ(py_str_repr("\xEF\xBF\xBE"), R"('\ufffe')");          // U+FFFE (Cn)
  EXPECT_EQ(py_str_repr("\xF3\xA0\x80\x81"), R"('\U000e0001')");  // U+E0001 (Cf)
  EXPECT_EQ(py_str_repr("\xF4\x8F\xBF\xBF"), R"('\U0010ffff')");  // U+10FFFF (Cn)
  EXPECT_EQ(py_str_repr("\xEE\x80\x80"), R"('\ue000')");          // U+E000 (Co)
}

TEST(PyStrRepr, PrintableNonAsciiKeptAsUtf8) {
  EXPECT_EQ(py_str_repr("\xC3\xBC"
                        "ber"),
            "'\xC3\xBC"
            "ber'");                                                 // über
  EXPECT_EQ(py_str_repr("\xF0\x9F\x98\x80"), "'\xF0\x9F\x98\x80'");  // U+1F600
  EXPECT_EQ(py_str_repr("\xE4\xB8\xAD\xE6\x96\x87"), "'\xE4\xB8\xAD\xE6\x96\x87'");
  EXPECT_EQ(py_str_repr("\xEF\xBF\xBD"), "'\xEF\xBF\xBD'");  // U+FFFD
  EXPECT_EQ(py_str_repr("\xC2\xA1"), "'\xC2\xA1'");          // U+00A1
}

// The three bytes of a lone surrogate, as pyjson keeps one from a body: Python's repr of it.
TEST(PyStrRepr, LoneSurrogatesAreEscaped) {
  EXPECT_EQ(py_str_repr("\xED\xA0\x80"), "'\\ud800'");
  EXPECT_EQ(py_str_repr("a\xED\xBF\xBF"
                        "b"),
            "'a\\udfffb'");
}

TEST(PyStrRepr, InvalidUtf8ReadsAsPythonsReplaceDecoding) {
  const std::string kReplacement = "\xEF\xBF\xBD";
  // repr(bytes.decode("utf-8", "replace")): one U+FFFD per maximal ill-formed subpart.
  EXPECT_EQ(py_str_repr("\xFF"), "'" + kReplacement + "'");
  EXPECT_EQ(py_str_repr("a\xE2\x82"
                        "b"),
            "'a" + kReplacement + "b'");
  EXPECT_EQ(py_str_repr("\xF0\x9F\x98"), "'" + kReplacement + "'");
  EXPECT_EQ(py_str_repr("\xED\xA0"), "'" + kReplacement + kReplacement + "'");
  EXPECT_EQ(py_str_repr("\xC0\xAF"), "'" + kReplacement + kReplacement + "'");
  EXPECT_EQ(py_str_repr("\xF4\x90\x80\x80"),
            "'" + kReplacement + kReplacement + kReplacement + kReplacement + "'");
  EXPECT_EQ(py_str_repr("\xC3"), "'" + kReplacement + "'");
}

// ---- values ---------------------------------------------------------------------------------

TEST(PyRepr, Scalars) {
  EXPECT_EQ(py_repr(nullptr), "None");
  EXPECT_EQ(py_repr(true), "True");
  EXPECT_EQ(py_repr(false), "False");
  EXPECT_EQ(py_repr(-7), "-7");
  EXPECT_EQ(py_repr(json(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(py_repr(json(18446744073709551615ULL)), "18446744073709551615");
  EXPECT_EQ(py_repr(1.0), "1.0");
  EXPECT_EQ(py_repr(1e16), "1e+16");
  EXPECT_EQ(py_repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(py_repr("it's"), R"("it's")");
}

TEST(PyRepr, DictsAndLists) {
  json detail = {{"a", 1}, {"b", {true, nullptr, 1.5}}, {"c", "it's"}};
  EXPECT_EQ(py_repr(detail), R"({'a': 1, 'b': [True, None, 1.5], 'c': "it's"})");
  json nested = {{"d", json::object()},
                 {"e", json::array()},
                 {"f", -7},
                 {"g", 18446744073709551615ULL},
                 {"h", {{"x", {1e16, "y\n"}}}}};
  EXPECT_EQ(
      py_repr(nested),
      R"({'d': {}, 'e': [], 'f': -7, 'g': 18446744073709551615, 'h': {'x': [1e+16, 'y\n']}})");
  EXPECT_EQ(py_repr(json::array({1, "a"})), "[1, 'a']");
}

TEST(PyRepr, KeysKeepInsertionOrder) {
  json value = json::object();
  value["z"] = 1;
  value["a"] = 2;
  EXPECT_EQ(py_repr(value), "{'z': 1, 'a': 2}");
}

TEST(PyRepr, Bytes) {
  EXPECT_EQ(py_repr(json::binary({'a', '\'', 'b', '"', 0x00, 0xFF, '\\', '\t'})),
            R"(b'a\'b"\x00\xff\\\t')");
  EXPECT_EQ(py_repr(json::binary({'i', 't', '\'', 's'})), R"(b"it's")");
  EXPECT_EQ(py_repr(json::binary({})), "b''");
}

TEST(PyStr, StringsAsTheyAreOthersAsRepr) {
  EXPECT_EQ(py_str("Item not found"), "Item not found");
  EXPECT_EQ(py_str("it's"), "it's");
  EXPECT_EQ(py_str(1.0), "1.0");
  EXPECT_EQ(py_str(nullptr), "None");
  EXPECT_EQ(py_str(true), "True");
  EXPECT_EQ(py_str(json::array({1, "a"})), "[1, 'a']");
  EXPECT_EQ(py_str({{"a", 1}}), "{'a': 1}");
}

// ---- str(RequestValidationError) ------------------------------------------------------------

TEST(ValidationErrorsRepr, LocIsATuple) {
  json path_error = json::array({{{"type", "int_parsing"},
                                  {"loc", {"path", "item_id"}},
                                  {"msg",
                                   "Input should be a valid integer, unable to parse "
                                   "string as an integer"},
                                  {"input", "foo"}}});
  EXPECT_EQ(validation_errors_repr(path_error),
            "[{'type': 'int_parsing', 'loc': ('path', 'item_id'), 'msg': 'Input should be a valid "
            "integer, unable to parse string as an integer', 'input': 'foo'}]");

  json missing = json::array(
      {{{"type", "missing"}, {"loc", {"body"}}, {"msg", "Field required"}, {"input", nullptr}}});
  EXPECT_EQ(validation_errors_repr(missing),
            "[{'type': 'missing', 'loc': ('body',), 'msg': 'Field required', 'input': None}]");

  json json_invalid = json::array({{{"type", "json_invalid"},
                                    {"loc", {"body", 10}},
                                    {"msg", "JSON decode error"},
                                    {"input", json::object()},
                                    {"ctx", {{"error", "Expecting value"}}}}});
  EXPECT_EQ(validation_errors_repr(json_invalid),
            "[{'type': 'json_invalid', 'loc': ('body', 10), 'msg': 'JSON decode error', 'input': "
            "{}, 'ctx': {'error': 'Expecting value'}}]");

  json not_finite = json::array({{{"type", "finite_number"},
                                  {"loc", {"body", "size"}},
                                  {"msg", "Input should be a finite number"},
                                  {"input", std::numeric_limits<double>::infinity()}}});
  EXPECT_EQ(validation_errors_repr(not_finite),
            "[{'type': 'finite_number', 'loc': ('body', 'size'), 'msg': 'Input should be a finite "
            "number', 'input': inf}]");
}

TEST(ValidationErrorsRepr, OnlyTheErrorsOwnLocBecomesATuple) {
  json errors = json::array({{{"type", "x"},
                              {"loc", json::array()},
                              {"msg", "m"},
                              {"input", nullptr},
                              {"ctx", {{"loc", {"a"}}}}}});
  EXPECT_EQ(validation_errors_repr(errors),
            "[{'type': 'x', 'loc': (), 'msg': 'm', 'input': None, 'ctx': {'loc': ['a']}}]");
}

TEST(ValidationErrorsRepr, SeveralErrorsAndNone) {
  json errors = json::array(
      {{{"type", "missing"},
        {"loc", {"query", "n"}},
        {"msg", "Field required"},
        {"input", nullptr}},
       {{"type", "missing"}, {"loc", {"body"}}, {"msg", "Field required"}, {"input", nullptr}}});
  EXPECT_EQ(validation_errors_repr(errors),
            "[{'type': 'missing', 'loc': ('query', 'n'), 'msg': 'Field required', 'input': None}, "
            "{'type': 'missing', 'loc': ('body',), 'msg': 'Field required', 'input': None}]");
  EXPECT_EQ(validation_errors_repr(json::array()), "[]");
}

TEST(ValidationErrorRepr, OneErrorAsResponseValidationErrorPrintsIt) {
  json error = {{"type", "int_parsing"},
                {"loc", {"response", "size"}},
                {"msg", "Input should be a valid integer, unable to parse string as an integer"},
                {"input", "big"}};
  EXPECT_EQ(validation_error_repr(error),
            "{'type': 'int_parsing', 'loc': ('response', 'size'), 'msg': 'Input should be a valid "
            "integer, unable to parse string as an integer', 'input': 'big'}");
  EXPECT_EQ(validation_error_repr("text"), "'text'");
}

}  // namespace
}  // namespace fastcpp::detail

// ---- The public names: fastcpp/python.hpp --------------------------------------------------

namespace fastcpp {
namespace {

struct UnicornException : std::exception {};
template <class T>
struct Box {};

TEST(PublicPython, StrAndReprOfADetail) {
  // str(exc.detail) and repr(exc.detail) of HTTPException(400, {"a": [1, None], "b": "it's"}).
  json detail = {{"a", {1, nullptr}}, {"b", "it's"}};
  EXPECT_EQ(py_str(detail), R"({'a': [1, None], 'b': "it's"})");
  EXPECT_EQ(py_repr(detail), R"({'a': [1, None], 'b': "it's"})");
  EXPECT_EQ(py_str(json("Item not found")), "Item not found");
  EXPECT_EQ(py_repr(json("Item not found")), "'Item not found'");
}

TEST(PublicPython, TypeNameIsTheDynamicClassesOwnName) {
  EXPECT_EQ(type_name(HTTPException(404)), "HTTPException");
  EXPECT_EQ(type_name(starlette::HTTPException(404)), "HTTPException");
  UnicornException unicorn;
  const std::exception& caught = unicorn;
  EXPECT_EQ(type_name(caught), "UnicornException");  // in an anonymous namespace
  EXPECT_EQ(type_name(Box<int>{}), "Box<int>");
  EXPECT_EQ(type_name(typeid(int)), "int");
}

}  // namespace
}  // namespace fastcpp
