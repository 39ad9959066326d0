// pydantic v2 (pydantic-core 2.27.2) lax conversions: every case below was checked against
// `TypeAdapter(int|float|bool|str).validate_python(...)` in the reference interpreter.
#include "fastcpp/detail/convert.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace fastcpp::detail {
namespace {

constexpr const char* kIntParsing =
    "Input should be a valid integer, unable to parse string as an integer";
constexpr const char* kIntParsingSize =
    "Unable to parse input string as an integer, exceeded maximum size";
constexpr const char* kFloatParsing =
    "Input should be a valid number, unable to parse string as a number";
constexpr const char* kBoolParsing = "Input should be a valid boolean, unable to interpret input";

// The value parse_string made of `text`; a test failure if it was rejected.
template <class T>
T parsed(std::string_view text) {
  T out{};
  ConversionError error;
  if (!parse_string(text, out, error)) {
    ADD_FAILURE() << "rejected '" << text << "': " << error.type;
  }
  return out;
}

// The error parse_string reported for `text`; a test failure if it was accepted.
template <class T>
ConversionError rejected(std::string_view text) {
  T out{};
  ConversionError error;
  if (parse_string(text, out, error)) {
    ADD_FAILURE() << "accepted '" << text << "'";
  }
  return error;
}

template <class T>
std::string error_type(std::string_view text) {
  return rejected<T>(text).type;
}

template <class T>
T parsed_json(const json& value) {
  T out{};
  ConversionError error;
  if (!parse_json(value, out, error)) {
    ADD_FAILURE() << "rejected " << value.dump() << ": " << error.type;
  }
  return out;
}

template <class T>
ConversionError rejected_json(const json& value) {
  T out{};
  ConversionError error;
  if (parse_json(value, out, error)) {
    ADD_FAILURE() << "accepted " << value.dump();
  }
  return error;
}

template <class T>
std::string json_error_type(const json& value) {
  return rejected_json<T>(value).type;
}

void expect_error(const ConversionError& error, const std::string& type, const std::string& msg,
                  const json& ctx = nullptr) {
  EXPECT_EQ(error.type, type);
  EXPECT_EQ(error.msg, msg);
  EXPECT_EQ(error.ctx.dump(), ctx.dump());
}

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

// ---- Integers from strings ------------------------------------------------------------------

TEST(ConvertIntString, PlainDigits) {
  EXPECT_EQ(parsed<int>("3"), 3);
  EXPECT_EQ(parsed<int>("0"), 0);
  EXPECT_EQ(parsed<int>("-7"), -7);
  EXPECT_EQ(parsed<int>("123456"), 123456);
}

TEST(ConvertIntString, SignsAndLeadingZeros) {
  EXPECT_EQ(parsed<int>("+3"), 3);
  EXPECT_EQ(parsed<int>("-0"), 0);
  EXPECT_EQ(parsed<int>("+0"), 0);
  EXPECT_EQ(parsed<int>("03"), 3);
  EXPECT_EQ(parsed<int>("00"), 0);
  EXPECT_EQ(parsed<int>("+03"), 3);
  EXPECT_EQ(parsed<int>("-03"), -3);
  EXPECT_EQ(parsed<int>("-00"), 0);
  EXPECT_EQ(parsed<int>("0000000000000000001"), 1);
  EXPECT_EQ(parsed<int>(repeat("0", 5000)), 0);
  EXPECT_EQ(parsed<int>("-" + repeat("0", 5000)), 0);
}

TEST(ConvertIntString, SurroundingUnicodeWhitespaceIsStripped) {
  EXPECT_EQ(parsed<int>(" 3 "), 3);
  EXPECT_EQ(parsed<int>("\t3\n"), 3);
  EXPECT_EQ(parsed<int>("\v3\f\r"), 3);
  EXPECT_EQ(parsed<int>("3.0 "), 3);
  EXPECT_EQ(parsed<int>("\xC2\xA0"
                        "3"),
            3);  // U+00A0
  EXPECT_EQ(parsed<int>("\xC2\x85"
                        "3"),
            3);  // U+0085
  EXPECT_EQ(parsed<int>("\xE2\x80\x80"
                        "3\xE3\x80\x80"),
            3);  // U+2000, U+3000
  EXPECT_EQ(parsed<int>("\xE1\x9A\x80"
                        "3\xE2\x80\xAF"),
            3);  // U+1680, U+202F
  EXPECT_EQ(parsed<int>("\xE2\x80\xA8"
                        "3\xE2\x81\x9F"),
            3);  // U+2028, U+205F
}

TEST(ConvertIntString, WhitespacePythonStripsButRustDoesNot) {
  EXPECT_EQ(error_type<int>("\xE2\x80\x8B"
                            "3"),
            "int_parsing");  // U+200B
  EXPECT_EQ(error_type<int>("\xEF\xBB\xBF"
                            "3"),
            "int_parsing");  // U+FEFF
  EXPECT_EQ(error_type<int>("\x1C"
                            "3"),
            "int_parsing");
  EXPECT_EQ(error_type<int>("\x1F"
                            "3"),
            "int_parsing");
}

TEST(ConvertIntString, ZeroFractions) {
  EXPECT_EQ(parsed<int>("3.0"), 3);
  EXPECT_EQ(parsed<int>("4.00"), 4);
  EXPECT_EQ(parsed<int>("-0.0"), 0);
  EXPECT_EQ(parsed<int>("+3.0"), 3);
  EXPECT_EQ(parsed<int>("0.0"), 0);
  EXPECT_EQ(parsed<int>("03.0"), 3);
  EXPECT_EQ(parsed<int>("-03.0"), -3);
  EXPECT_EQ(parsed<int>("1.0000000000000000000000000"), 1);
  EXPECT_EQ(parsed<int>("1." + repeat("0", 5000)), 1);
}

TEST(ConvertIntString, Underscores) {
  EXPECT_EQ(parsed<int>("1_000"), 1000);
  EXPECT_EQ(parsed<int>("1_0_0"), 100);
  EXPECT_EQ(parsed<int>("1_000.0"), 1000);
  EXPECT_EQ(parsed<int>("0_3"), 3);
  EXPECT_EQ(parsed<int>("-1_0"), -10);
  EXPECT_EQ(parsed<int>("+0_3"), 3);
  EXPECT_EQ(parsed<long long>("1_" + repeat("1", 18)), 1111111111111111111LL);
}

// pydantic-core skips any run of zeros and underscores after a leading zero, and parses what
// follows even when that is a sign.
TEST(ConvertIntString, PydanticLeadingZeroQuirks) {
  EXPECT_EQ(parsed<int>("0__3"), 3);
  EXPECT_EQ(parsed<int>("0___3"), 3);
  EXPECT_EQ(parsed<int>("0__0"), 0);
  EXPECT_EQ(parsed<int>("0__10"), 10);
  EXPECT_EQ(parsed<int>("-0__3"), -3);
  EXPECT_EQ(parsed<int>("0__3.0"), 3);
  EXPECT_EQ(parsed<int>("0-1"), -1);
  EXPECT_EQ(parsed<int>("00-1"), -1);
  EXPECT_EQ(parsed<int>("+0-1"), -1);
  EXPECT_EQ(parsed<int>("0-_1"), -1);
  EXPECT_EQ(parsed<int>("0-1_0"), -10);
  EXPECT_EQ(parsed<int>("0-1.0"), -1);
  EXPECT_EQ(parsed<long long>("0-9223372036854775808"), std::numeric_limits<long long>::min());
  EXPECT_EQ(parsed<int>(repeat("0_", 3000) + "1"), 1);
  for (const char* text : {"0__", "0_", "00_", "0-", "0-01", "0-00", "-0-1", "0+1", "0_1__0",
                           "0-0_1", "0_.0", "0.0__0", "0x"}) {
    EXPECT_EQ(error_type<int>(text), "int_parsing") << text;
  }
}

TEST(ConvertIntString, RejectedSpellings) {
  for (const char* text :
       {"3.5",         "3.",  "0.",  "00.",   ".0",   "-.0",  "3.0.0", "3.0_0", "1__000",
        "_1",          "1_",  "-_1", "+_1",   "1_.0", "1._0", "0x10",  "0o7",   "0b1",
        "1e3",         "1E3", "1e0", "1.0e0", "true", "",     "  ",    "-",     "+",
        "+-3",         "-+0", "--3", "1 000", "3 .0", "+ 3",  "- 1",   "NaN",   "inf",
        "\xD9\xA3",       // U+0663 ARABIC-INDIC DIGIT THREE: Python's int() takes it, pydantic not
        "\xEF\xBC\x93"})  // U+FF13 FULLWIDTH DIGIT THREE
  {
    expect_error(rejected<int>(text), "int_parsing", kIntParsing);
  }
  EXPECT_EQ(error_type<int>(std::string_view("3\0", 2)), "int_parsing");
  EXPECT_EQ(error_type<int>("\xFF"), "int_parsing");
  EXPECT_EQ(error_type<int>("3\xC2"), "int_parsing");
}

TEST(ConvertIntString, MoreThan4300Digits) {
  // jiter counts the sign and digits of the text as given, whatever follows them.
  expect_error(rejected<long long>(repeat("1", 4301)), "int_parsing_size", kIntParsingSize);
  EXPECT_EQ(error_type<long long>("-" + repeat("1", 4300)), "int_parsing_size");
  EXPECT_EQ(error_type<long long>(repeat("1", 4301) + ".0"), "int_parsing_size");
  EXPECT_EQ(error_type<long long>(repeat("1", 4301) + "x"), "int_parsing_size");
  EXPECT_EQ(error_type<long long>(repeat("1", 4301) + " "), "int_parsing_size");
  EXPECT_EQ(error_type<long long>(repeat("1", 5000) + "_"), "int_parsing_size");
  EXPECT_EQ(error_type<long long>("-" + repeat("1", 4300) + ".5"), "int_parsing_size");
  // Spellings JSON does not allow go through pydantic's fallback, where length is int_parsing.
  EXPECT_EQ(error_type<long long>(" " + repeat("1", 4301)), "int_parsing");
  EXPECT_EQ(error_type<long long>("+" + repeat("1", 4301)), "int_parsing");
  EXPECT_EQ(error_type<long long>("0" + repeat("1", 4301)), "int_parsing");
  EXPECT_EQ(error_type<long long>("-0" + repeat("1", 4300)), "int_parsing");
  EXPECT_EQ(error_type<long long>("1_" + repeat("1", 4300)), "int_parsing");
  EXPECT_EQ(error_type<long long>(repeat("1", 4300) + "_1"), "int_parsing");
  EXPECT_EQ(error_type<long long>(repeat("1", 4300) + ".5"), "int_parsing");
  EXPECT_EQ(error_type<long long>(repeat("1", 4300) + "x"), "int_parsing");
}

TEST(ConvertIntString, LongButValidPythonIntsAreOutOfRange) {
  // pydantic accepts these (as Python ints); no C++ integer holds them.
  const std::string kMax = std::to_string(std::numeric_limits<long long>::max());
  const std::string kMin = std::to_string(std::numeric_limits<long long>::min());
  EXPECT_EQ(error_type<long long>(repeat("1", 4300)), "less_than_equal");
  EXPECT_EQ(error_type<long long>("+" + repeat("1", 4300)), "less_than_equal");
  EXPECT_EQ(error_type<long long>(repeat("0", 10) + repeat("1", 4300)), "less_than_equal");
  EXPECT_EQ(error_type<long long>(" " + repeat("1", 4300) + " "), "less_than_equal");
  EXPECT_EQ(error_type<long long>(repeat("1", 4300) + ".0"), "less_than_equal");
  EXPECT_EQ(error_type<long long>(repeat("1_", 2150) + "1"), "less_than_equal");
  EXPECT_EQ(error_type<long long>("-" + repeat("1", 4299)), "greater_than_equal");
  EXPECT_EQ(error_type<long long>("-0" + repeat("1", 4299)), "greater_than_equal");
  expect_error(rejected<long long>("99999999999999999999"), "less_than_equal",
               "Input should be less than or equal to " + kMax,
               {{"le", std::numeric_limits<long long>::max()}});
  expect_error(rejected<long long>("-99999999999999999999"), "greater_than_equal",
               "Input should be greater than or equal to " + kMin,
               {{"ge", std::numeric_limits<long long>::min()}});
  EXPECT_EQ(error_type<long long>("99999999999999999999.0"), "less_than_equal");
}

template <class T>
void expect_limits_enforced() {
  using Limits = std::numeric_limits<T>;
  const std::string min = std::to_string(Limits::min());
  const std::string max = std::to_string(Limits::max());
  EXPECT_EQ(parsed<T>(min), Limits::min());
  EXPECT_EQ(parsed<T>(max), Limits::max());
  EXPECT_EQ(parsed<T>(" " + max + ".0 "), Limits::max());

  std::string above = max;  // max + 1: no C++ type here has a maximum ending in 9
  above.back() = static_cast<char>(above.back() + 1);
  expect_error(rejected<T>(above), "less_than_equal",
               "Input should be less than or equal to " + max, {{"le", Limits::max()}});
  expect_error(rejected<T>(max + "0"), "less_than_equal",
               "Input should be less than or equal to " + max, {{"le", Limits::max()}});

  std::string below = Limits::min() == 0 ? "-1" : min;
  if (Limits::min() != 0) {
    below.back() = static_cast<char>(below.back() + 1);
  }
  expect_error(rejected<T>(below), "greater_than_equal",
               "Input should be greater than or equal to " + min, {{"ge", Limits::min()}});
  EXPECT_EQ(parsed<T>("-0"), T{0});
}

TEST(ConvertIntString, LimitsOfEachType) {
  expect_limits_enforced<short>();
  expect_limits_enforced<int>();
  expect_limits_enforced<long>();
  expect_limits_enforced<long long>();
  expect_limits_enforced<unsigned short>();
  expect_limits_enforced<unsigned int>();
  expect_limits_enforced<unsigned long>();
  expect_limits_enforced<unsigned long long>();
}

TEST(ConvertIntString, ExactMessagesForSmallTypes) {
  expect_error(rejected<short>("32768"), "less_than_equal",
               "Input should be less than or equal to 32767", {{"le", 32767}});
  expect_error(rejected<short>("-32769"), "greater_than_equal",
               "Input should be greater than or equal to -32768", {{"ge", -32768}});
  expect_error(rejected<unsigned>("-1"), "greater_than_equal",
               "Input should be greater than or equal to 0", {{"ge", 0}});
  expect_error(rejected<unsigned short>("-99999999999999999999999"), "greater_than_equal",
               "Input should be greater than or equal to 0", {{"ge", 0}});
  expect_error(rejected<unsigned long long>("18446744073709551616"), "less_than_equal",
               "Input should be less than or equal to 18446744073709551615",
               {{"le", 18446744073709551615ULL}});
  EXPECT_EQ(parsed<unsigned long long>("18446744073709551615"), 18446744073709551615ULL);
  EXPECT_EQ(parsed<int>("-2_147_483_648"), std::numeric_limits<int>::min());
}

// ---- Floats from strings --------------------------------------------------------------------

TEST(ConvertFloatString, AcceptedSpellings) {
  EXPECT_EQ(parsed<double>("1e3"), 1000.0);
  EXPECT_EQ(parsed<double>("1E3"), 1000.0);
  EXPECT_EQ(parsed<double>(".5"), 0.5);
  EXPECT_EQ(parsed<double>("5."), 5.0);
  EXPECT_EQ(parsed<double>("+.5"), 0.5);
  EXPECT_EQ(parsed<double>("-.5e-3"), -0.0005);
  EXPECT_EQ(parsed<double>("1.e5"), 100000.0);
  EXPECT_EQ(parsed<double>("3"), 3.0);
  EXPECT_EQ(parsed<double>("-2.25"), -2.25);
  EXPECT_EQ(parsed<double>("0.1"), 0.1);
  EXPECT_EQ(parsed<double>(" 1.5 "), 1.5);
  EXPECT_EQ(parsed<double>("\xC2\xA0"
                           "1.5\xE3\x80\x80"),
            1.5);
}

TEST(ConvertFloatString, Underscores) {
  EXPECT_EQ(parsed<double>("1_000.5"), 1000.5);
  EXPECT_EQ(parsed<double>("1_0"), 10.0);
  EXPECT_EQ(parsed<double>("1_0e1_0"), 1e11);
  // pydantic-core only checks the ends and doubled underscores, then removes them all.
  EXPECT_EQ(parsed<double>("1_.5"), 1.5);
  EXPECT_EQ(parsed<double>("1._5"), 1.5);
  EXPECT_EQ(parsed<double>("1_e5"), 1e5);
  EXPECT_EQ(parsed<double>("1e_5"), 1e5);
  EXPECT_EQ(parsed<double>("-_1"), -1.0);
  EXPECT_EQ(parsed<double>("in_f"), std::numeric_limits<double>::infinity());
  // ...of the untrimmed text, so whitespace and underscores do not mix.
  EXPECT_EQ(error_type<double>(" 1_0"), "float_parsing");
  EXPECT_EQ(error_type<double>("1_0 "), "float_parsing");
}

TEST(ConvertFloatString, NanAndInfinity) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(parsed<double>("nan")));
  EXPECT_TRUE(std::isnan(parsed<double>("NaN")));
  EXPECT_TRUE(std::isnan(parsed<double>("-nan")));
  EXPECT_TRUE(std::isnan(parsed<double>("+NaN")));
  EXPECT_EQ(parsed<double>("inf"), kInf);
  EXPECT_EQ(parsed<double>("+inf"), kInf);
  EXPECT_EQ(parsed<double>("INFINITY"), kInf);
  EXPECT_EQ(parsed<double>("-Infinity"), -kInf);
  EXPECT_EQ(parsed<double>(" inf "), kInf);
}

TEST(ConvertFloatString, RangeEdges) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(parsed<double>("1e309"), kInf);
  EXPECT_EQ(parsed<double>("-1e309"), -kInf);
  EXPECT_EQ(parsed<double>("1e99999999999999999999"), kInf);
  EXPECT_EQ(parsed<double>(repeat("1", 400)), kInf);
  EXPECT_EQ(parsed<double>("1.7976931348623158e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(parsed<double>("1.7976931348623159e308"), kInf);
  EXPECT_EQ(parsed<double>("4.9e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(parsed<double>("2.4703282292062328e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(parsed<double>("2.4703282292062327e-324"), 0.0);
  EXPECT_EQ(parsed<double>("0e999999"), 0.0);
  EXPECT_EQ(parsed<double>("0." + repeat("0", 400) + "1"), 0.0);
  double tiny = parsed<double>("1e-400");
  EXPECT_EQ(tiny, 0.0);
  EXPECT_FALSE(std::signbit(tiny));
  double negative_tiny = parsed<double>("-1e-400");
  EXPECT_EQ(negative_tiny, 0.0);
  EXPECT_TRUE(std::signbit(negative_tiny));
}

TEST(ConvertFloatString, RejectedSpellings) {
  for (const char* text : {"1,5",
                           "0x1p3",
                           "",
                           " ",
                           "_1",
                           "1_",
                           "1__0",
                           "e3",
                           "1e",
                           "1e+",
                           ".",
                           "-",
                           "+",
                           "inf_",
                           "infinit",
                           "nana",
                           "++1",
                           "1.5.",
                           "1e3.5",
                           "1e1.5",
                           "1.5f",
                           "true",
                           "\xD9\xA1",  // U+0661 ARABIC-INDIC DIGIT ONE
                           "\xE2\x80\x8B"
                           "1",
                           "\xFF",
                           "1\xC2"})  // U+200B is not whitespace to Rust
  {
    expect_error(rejected<double>(text), "float_parsing", kFloatParsing);
  }
}

TEST(ConvertFloatString, SinglePrecisionRoundsThePythonDouble) {
  EXPECT_EQ(parsed<float>("0.1"), 0.1f);
  EXPECT_EQ(parsed<float>("3.4028235e38"), std::numeric_limits<float>::max());
  EXPECT_EQ(parsed<float>("1e39"), std::numeric_limits<float>::infinity());
  EXPECT_EQ(parsed<float>("-1e39"), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(parsed<float>("1e-50"), 0.0f);
  EXPECT_TRUE(std::isnan(parsed<float>("nan")));
  EXPECT_EQ(error_type<float>("1,5"), "float_parsing");
}

// ---- Booleans and strings from strings ------------------------------------------------------

TEST(ConvertBoolString, TrueWordsInAnyCase) {
  for (const char* text :
       {"1", "t", "T", "y", "Y", "on", "ON", "yes", "Yes", "true", "TRUE", "tRuE", "True"}) {
    EXPECT_TRUE(parsed<bool>(text)) << text;
  }
}

TEST(ConvertBoolString, FalseWordsInAnyCase) {
  for (const char* text :
       {"0", "f", "F", "n", "N", "no", "NO", "nO", "off", "Off", "false", "FALSE", "False"}) {
    EXPECT_FALSE(parsed<bool>(text)) << text;
  }
}

TEST(ConvertBoolString, RejectedSpellings) {
  for (const char* text : {" true", "true ", "2", "-1", "", "tru", "yess", "truee", "of", "1.0",
                           "00", "+1", "\xC2\xA0true", "\xFF"}) {
    expect_error(rejected<bool>(text), "bool_parsing", kBoolParsing);
  }
}

TEST(ConvertStringString, AlwaysTheTextItself) {
  EXPECT_EQ(parsed<std::string>(""), "");
  EXPECT_EQ(parsed<std::string>(" 3 "), " 3 ");
  EXPECT_EQ(parsed<std::string>("\xC3\xBC"
                                "ber"),
            "\xC3\xBC"
            "ber");
  EXPECT_EQ(parsed<std::string>(std::string_view("a\0b", 3)), std::string("a\0b", 3));
}

// ---- From JSON values (pydantic's Python mode) ---------------------------------------------

TEST(ConvertIntJson, Numbers) {
  EXPECT_EQ(parsed_json<int>(5), 5);
  EXPECT_EQ(parsed_json<int>(-3), -3);
  EXPECT_EQ(parsed_json<int>(5.0), 5);
  EXPECT_EQ(parsed_json<int>(-0.0), 0);
  EXPECT_EQ(parsed_json<int>(-1.0), -1);
  EXPECT_EQ(parsed_json<long long>(9223372036854774784.0), 9223372036854774784LL);
  EXPECT_EQ(parsed_json<long long>(-9223372036854774784.0), -9223372036854774784LL);
  EXPECT_EQ(parsed_json<unsigned long long>(json(18446744073709551615ULL)),
            18446744073709551615ULL);
}

TEST(ConvertIntJson, Floats) {
  const char* kFractional = "Input should be a valid integer, got a number with a fractional part";
  expect_error(rejected_json<int>(5.5), "int_from_float", kFractional);
  expect_error(rejected_json<int>(-0.5), "int_from_float", kFractional);
  expect_error(rejected_json<int>(1e-300), "int_from_float", kFractional);
  expect_error(rejected_json<int>(std::numeric_limits<double>::denorm_min()), "int_from_float",
               kFractional);
  for (double number :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    expect_error(rejected_json<int>(number), "finite_number", "Input should be a finite number");
  }
  // pydantic-core converts whole floats only strictly between -2**63 and 2**63.
  expect_error(rejected_json<long long>(1e20), "int_parsing_size", kIntParsingSize);
  EXPECT_EQ(json_error_type<long long>(-1e20), "int_parsing_size");
  EXPECT_EQ(json_error_type<long long>(1e308), "int_parsing_size");
  EXPECT_EQ(json_error_type<long long>(-9223372036854775808.0), "int_parsing_size");
  EXPECT_EQ(json_error_type<unsigned long long>(1e19), "int_parsing_size");
  // Within those bounds pydantic has a Python int; the C++ type sets the limit.
  expect_error(rejected_json<int>(1e10), "less_than_equal",
               "Input should be less than or equal to 2147483647", {{"le", 2147483647}});
  expect_error(rejected_json<unsigned>(-1.0), "greater_than_equal",
               "Input should be greater than or equal to 0", {{"ge", 0}});
}

TEST(ConvertIntJson, BoolsAndStrings) {
  EXPECT_EQ(parsed_json<int>(true), 1);
  EXPECT_EQ(parsed_json<int>(false), 0);
  EXPECT_EQ(parsed_json<int>("5"), 5);
  EXPECT_EQ(parsed_json<int>(" 5 "), 5);
  EXPECT_EQ(parsed_json<int>("5.0"), 5);
  EXPECT_EQ(parsed_json<int>("1_000"), 1000);
  for (const char* text : {"5.5", "true", "1e3", "nan", "", "abc"}) {
    expect_error(rejected_json<int>(text), "int_parsing", kIntParsing);
  }
  EXPECT_EQ(json_error_type<long long>(repeat("1", 4301)), "int_parsing_size");
  EXPECT_EQ(json_error_type<short>("40000"), "less_than_equal");
}

TEST(ConvertIntJson, WrongTypes) {
  for (const json& value :
       {json(nullptr), json::array(), json::array({1}), json::object(), json({{"a", 1}})}) {
    expect_error(rejected_json<int>(value), "int_type", "Input should be a valid integer");
  }
}

TEST(ConvertIntJson, RangeOfEachType) {
  expect_error(rejected_json<short>(40000), "less_than_equal",
               "Input should be less than or equal to 32767", {{"le", 32767}});
  expect_error(rejected_json<short>(-40000), "greater_than_equal",
               "Input should be greater than or equal to -32768", {{"ge", -32768}});
  expect_error(rejected_json<unsigned short>(-1), "greater_than_equal",
               "Input should be greater than or equal to 0", {{"ge", 0}});
  expect_error(rejected_json<long long>(json(9223372036854775808ULL)), "less_than_equal",
               "Input should be less than or equal to 9223372036854775807",
               {{"le", 9223372036854775807LL}});
  EXPECT_EQ(parsed_json<long long>(json(std::numeric_limits<std::int64_t>::min())),
            std::numeric_limits<long long>::min());
  EXPECT_EQ(json_error_type<unsigned long long>(json(std::numeric_limits<std::int64_t>::min())),
            "greater_than_equal");
  EXPECT_EQ(json_error_type<unsigned>(json(4294967296LL)), "less_than_equal");
  EXPECT_EQ(parsed_json<unsigned>(json(4294967295LL)), 4294967295U);
}

TEST(ConvertFloatJson, NumbersBoolsAndStrings) {
  EXPECT_EQ(parsed_json<double>(5), 5.0);
  EXPECT_EQ(parsed_json<double>(-3), -3.0);
  EXPECT_EQ(parsed_json<double>(json(18446744073709551615ULL)), 18446744073709551616.0);
  EXPECT_EQ(parsed_json<double>(5.5), 5.5);
  EXPECT_TRUE(std::signbit(parsed_json<double>(-0.0)));
  EXPECT_TRUE(std::isnan(parsed_json<double>(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_EQ(parsed_json<double>(std::numeric_limits<double>::infinity()),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(parsed_json<double>(true), 1.0);
  EXPECT_EQ(parsed_json<double>(false), 0.0);
  EXPECT_EQ(parsed_json<double>("1e3"), 1000.0);
  EXPECT_EQ(parsed_json<double>(" 5 "), 5.0);
  EXPECT_TRUE(std::isnan(parsed_json<double>("nan")));
  for (const char* text : {"", "true", "abc", "1,5"}) {
    expect_error(rejected_json<double>(text), "float_parsing", kFloatParsing);
  }
  EXPECT_EQ(parsed_json<float>(0.1), 0.1f);
  EXPECT_EQ(parsed_json<float>(1e300), std::numeric_limits<float>::infinity());
  EXPECT_EQ(parsed_json<float>(7), 7.0f);
}

TEST(ConvertFloatJson, WrongTypes) {
  for (const json& value :
       {json(nullptr), json::array(), json::array({1}), json::object(), json({{"a", 1}})}) {
    expect_error(rejected_json<double>(value), "float_type", "Input should be a valid number");
    EXPECT_EQ(json_error_type<float>(value), "float_type");
  }
}

TEST(ConvertBoolJson, BoolsAndIntegers) {
  EXPECT_TRUE(parsed_json<bool>(true));
  EXPECT_FALSE(parsed_json<bool>(false));
  EXPECT_TRUE(parsed_json<bool>(1));
  EXPECT_FALSE(parsed_json<bool>(0));
  EXPECT_TRUE(parsed_json<bool>(json(1U)));
  for (const json& value : {json(2), json(-1), json(5), json(-3), json(9223372036854775807LL)}) {
    expect_error(rejected_json<bool>(value), "bool_parsing", kBoolParsing);
  }
  // Past 64-bit signed, pydantic no longer treats the int as a boolean candidate.
  expect_error(rejected_json<bool>(json(9223372036854775808ULL)), "bool_type",
               "Input should be a valid boolean");
}

TEST(ConvertBoolJson, Floats) {
  EXPECT_TRUE(parsed_json<bool>(1.0));
  EXPECT_FALSE(parsed_json<bool>(0.0));
  EXPECT_FALSE(parsed_json<bool>(-0.0));
  // Whole floats are read as ints first: a wrong value...
  for (double number : {5.0, 2.0, -1.0, 9.2e18, 1e18}) {
    expect_error(rejected_json<bool>(number), "bool_parsing", kBoolParsing);
  }
  // ...anything else is the wrong type.
  for (double number :
       {0.5, 1.5, -0.5, 1e-300, 1e20, -9223372036854775808.0,
        std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    expect_error(rejected_json<bool>(number), "bool_type", "Input should be a valid boolean");
  }
}

TEST(ConvertBoolJson, StringsAndWrongTypes) {
  EXPECT_TRUE(parsed_json<bool>("true"));
  EXPECT_TRUE(parsed_json<bool>("YES"));
  EXPECT_FALSE(parsed_json<bool>("off"));
  EXPECT_FALSE(parsed_json<bool>("0"));
  for (const char* text : {"5", " 5 ", "5.0", "", "abc", " true"}) {
    expect_error(rejected_json<bool>(text), "bool_parsing", kBoolParsing);
  }
  for (const json& value : {json(nullptr), json::array(), json::array({1}), json::object()}) {
    expect_error(rejected_json<bool>(value), "bool_type", "Input should be a valid boolean");
  }
}

TEST(ConvertStringJson, OnlyStrings) {
  EXPECT_EQ(parsed_json<std::string>("x"), "x");
  EXPECT_EQ(parsed_json<std::string>(""), "");
  EXPECT_EQ(parsed_json<std::string>(" 5 "), " 5 ");
  for (const json& value : {json(5), json(-3), json(5.0), json(true), json(false), json(nullptr),
                            json::array(), json::object(), json(18446744073709551615ULL)}) {
    expect_error(rejected_json<std::string>(value), "string_type",
                 "Input should be a valid string");
  }
}

}  // namespace
}  // namespace fastcpp::detail
