// fastcpp/decimal.hpp: pydantic's reading of strings and JSON values, Python's str(), the two
// renderings (jsonable_encoder's and pydantic's JSON mode) and the max_digits/decimal_places
// checks. The expected texts are what Python 3.11 and pydantic 2.10 (FastAPI 0.115.11's) print
// for the same inputs (TypeAdapter(Decimal).validate_python, str(), json.dumps of
// jsonable_encoder); the request-level forms are replayed by conformance.decimals.
#include "fastcpp/decimal.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "fastcpp/detail/constraints.hpp"
#include "fastcpp/detail/convert.hpp"

namespace {

using fastcpp::Decimal;
using fastcpp::json;
using fastcpp::detail::ConversionError;
using fastcpp::detail::DecimalConstraints;

// str() of what pydantic reads from `text`, or the error's type.
std::string read(std::string_view text) {
  Decimal value;
  ConversionError error;
  if (!fastcpp::detail::parse_string(text, value, error)) return error.type;
  return value.str();
}

std::string read_json(const json& input) {
  Decimal value;
  ConversionError error;
  if (!fastcpp::detail::parse_json(input, value, error)) return error.type;
  return value.str();
}

TEST(Decimal, ReadsStringsAsPydantic) {
  EXPECT_EQ(read("1.10"), "1.10");
  EXPECT_EQ(read("00012.500"), "12.500");
  EXPECT_EQ(read("-0.00"), "-0.00");
  EXPECT_EQ(read("0e5"), "0E+5");
  EXPECT_EQ(read("1E-0"), "1");
  EXPECT_EQ(read("1."), "1");
  // Every underscore goes, wherever it is; then the whitespace of Python's str.strip().
  EXPECT_EQ(read("1_"), "1");
  EXPECT_EQ(read("1._5"), "1.5");
  EXPECT_EQ(read("1e1_0"), "1E+10");
  EXPECT_EQ(read(" 1_000.000_1e1_0 "), "1.0000001E+13");
  EXPECT_EQ(read("\t1\n"), "1");
  EXPECT_EQ(read("\xc2\xa0"
                 "1"),
            "1");  // U+00A0
  EXPECT_EQ(read("\xe3\x80\x80"
                 "1"),
            "1");  // U+3000
  EXPECT_EQ(read("1\xe3\x80\x80"), "1");
  EXPECT_EQ(read("\x1c"
                 "1"),
            "1");
  EXPECT_EQ(read("1.5\v"), "1.5");
  EXPECT_EQ(read("1e-1000000"), "1E-1000000");
  EXPECT_EQ(read("1e999999999999999999"), "1E+999999999999999999");
  EXPECT_EQ(read("1e-1000000000000000000"), "1E-1000000000000000000");
}

TEST(Decimal, RefusesWhatPydanticRefuses) {
  for (const char* text : {"_", "__", "1e+", "+-1", "--1", ".", "-.e1",
                           "1\xe2\x80\x80"
                           "1",
                           "1e1000000000000000000", "0e-1000000000000000000000"}) {
    EXPECT_EQ(read(text), "decimal_parsing") << text;
  }
  EXPECT_EQ(read(std::string_view("1\0", 2)), "decimal_parsing");
  for (const char* text : {"inf", "Inf", "-Infinity", "+nan", "-sNaN", "nan1", "NaN12"}) {
    EXPECT_EQ(read(text), "finite_number") << text;
  }
}

TEST(Decimal, ReadsJsonValuesAsPydantic) {
  // A float by its repr: 1e16 is 1E+16, 1e15 is 1000000000000000.0.
  EXPECT_EQ(read_json(0.1), "0.1");
  EXPECT_EQ(read_json(1e16), "1E+16");
  EXPECT_EQ(read_json(1e15), "1000000000000000.0");
  EXPECT_EQ(read_json(5e-324), "5E-324");
  EXPECT_EQ(read_json(1.7976931348623157e308), "1.7976931348623157E+308");
  EXPECT_EQ(read_json(-0.0), "-0.0");
  EXPECT_EQ(read_json(std::numeric_limits<double>::quiet_NaN()), "finite_number");
  EXPECT_EQ(read_json(3), "3");
  EXPECT_EQ(read_json(18446744073709551615ULL), "18446744073709551615");
  EXPECT_EQ(read_json(true), "decimal_type");
  EXPECT_EQ(read_json(nullptr), "decimal_type");
  EXPECT_EQ(read_json(json::array()), "decimal_type");
}

TEST(Decimal, StrIsPythons) {
  EXPECT_EQ(Decimal::parse("0.000001")->str(), "0.000001");
  EXPECT_EQ(Decimal::parse("0.0000001")->str(), "1E-7");
  EXPECT_EQ(Decimal::parse("1.5e-10")->str(), "1.5E-10");
  EXPECT_EQ(Decimal::parse("-5.")->str(), "-5");
  EXPECT_EQ(Decimal(-42).str(), "-42");
  EXPECT_EQ(Decimal(std::numeric_limits<long long>::min()).str(), "-9223372036854775808");
  EXPECT_EQ(Decimal::from_parts(false, "123400", -4)->str(), "12.3400");
  EXPECT_FALSE(Decimal::from_parts(false, "12a", 0));
}

TEST(Decimal, ComparesAsPython) {
  EXPECT_EQ(*Decimal::parse("1.0"), Decimal(1));
  EXPECT_EQ(*Decimal::parse("-0"), *Decimal::parse("0.00"));
  EXPECT_LT(*Decimal::parse("1.09"), *Decimal::parse("1.1"));
  EXPECT_LT(*Decimal::parse("-2"), *Decimal::parse("-1.5"));
  EXPECT_LT(*Decimal::parse("9e2"), *Decimal::parse("1e3"));
  EXPECT_NE(*Decimal::parse("1E+3"), *Decimal::parse("100"));
}

TEST(Decimal, JsonIsJsonableEncoders) {
  // An int when the exponent is >= 0 (exactly, beyond 64 bits too), else a float.
  auto dumps = [](std::string_view text) {
    return fastcpp::json_dumps(json(*Decimal::parse(text)));
  };
  EXPECT_EQ(dumps("1e30"), "1000000000000000000000000000000");
  EXPECT_EQ(dumps("-123456789012345678901234567890"), "-123456789012345678901234567890");
  EXPECT_EQ(dumps("9007199254740993"), "9007199254740993");
  EXPECT_EQ(dumps("-0"), "0");
  EXPECT_EQ(dumps("1.10"), "1.1");
  EXPECT_EQ(dumps("1E-7"), "1e-07");
  EXPECT_EQ(dumps("12345678901234567890.5"), "1.2345678901234567e+19");
  EXPECT_EQ(dumps("1e-400"), "0.0");
  EXPECT_EQ(dumps("-0.0"), "-0.0");
  EXPECT_EQ(dumps("1e4299").size(), 4300U);
  EXPECT_THROW(dumps("1e4300"), std::domain_error);  // Python: ValueError, a 500
  // float() is inf beyond a double: allow_nan=False raises.
  EXPECT_THROW(dumps(std::string(310, '9') + ".5"), std::domain_error);
  EXPECT_EQ(fastcpp::to_model_json(*Decimal::parse("1e3")), json("1E+3"));
}

// The error's type and ctx for `text` under the constraints, or "ok".
std::string check(std::string_view text, const DecimalConstraints& constraints) {
  ConversionError error;
  if (fastcpp::detail::check_constraints(*Decimal::parse(text), constraints, error)) return "ok";
  return error.msg + " " + fastcpp::json_dumps(error.ctx);
}

TEST(Decimal, DigitsAreCheckedAsPydantic) {
  auto money = DecimalConstraints().with_max_digits(5).with_decimal_places(2);
  EXPECT_EQ(check("1234.5", money),
            "Decimal input should have no more than 3 digits before the decimal point "
            "{\"whole_digits\":3}");
  EXPECT_EQ(check("1.234", money),
            "Decimal input should have no more than 2 decimal places {\"decimal_places\":2}");
  EXPECT_EQ(check("1.2300", money), "ok");
  EXPECT_EQ(check("100", money), "ok");
  EXPECT_EQ(check("1000", money),
            "Decimal input should have no more than 3 digits before the decimal point "
            "{\"whole_digits\":3}");
  EXPECT_EQ(check("1e5", money),
            "Decimal input should have no more than 5 digits in total {\"max_digits\":5}");
  EXPECT_EQ(check("0.00000000000000000000000000000001", money),
            "Decimal input should have no more than 5 digits in total {\"max_digits\":5}");
  auto three = DecimalConstraints().with_max_digits(3);
  EXPECT_EQ(check("0.001", three), "ok");
  EXPECT_EQ(check("-12.3", three), "ok");
  EXPECT_EQ(check("1.234", three),
            "Decimal input should have no more than 3 digits in total {\"max_digits\":3}");
  auto one_place = DecimalConstraints().with_decimal_places(1);
  EXPECT_EQ(check("1.2300", one_place),
            "Decimal input should have no more than 1 decimal place {\"decimal_places\":1}");
  EXPECT_EQ(check("1e5", one_place), "ok");
  // normalize() rounds to 28 digits first: this one has no decimal places left.
  EXPECT_EQ(check("12345678901234567890123456789012.5", one_place), "ok");
}

TEST(Decimal, BoundsCompareExactly) {
  auto bounded = DecimalConstraints().with_gt("0.1").with_le("1E+3");
  EXPECT_EQ(check("0.1", bounded), "Input should be greater than 0.1 {\"gt\":0.1}");
  EXPECT_EQ(check("0.1000000000000000055511151231257827", bounded), "ok");
  EXPECT_EQ(check("1000.000", bounded), "ok");
  EXPECT_EQ(check("1000.0000000000000000000000000000001", bounded),
            "Input should be less than or equal to 1E+3 {\"le\":1000}");
  auto strict = DecimalConstraints().with_ge("-1.5").with_lt("1e20");
  EXPECT_EQ(check("-1.50", strict), "ok");
  EXPECT_EQ(check("-1.51", strict), "Input should be greater than or equal to -1.5 {\"ge\":-1.5}");
  EXPECT_EQ(check("1E+20", strict),
            "Input should be less than 1E+20 {\"lt\":100000000000000000000}");
  // pydantic-core's order: the digits, multiple_of, le, lt, ge, gt.
  auto all =
      DecimalConstraints().with_gt("0").with_le("10").with_multiple_of("0.5").with_max_digits(2);
  EXPECT_EQ(check("0.25", all), "Input should be a multiple of 0.5 {\"multiple_of\":0.5}");
  EXPECT_EQ(check("12.5", all),
            "Decimal input should have no more than 2 digits in total {\"max_digits\":2}");
  EXPECT_EQ(check("11", all), "Input should be less than or equal to 10 {\"le\":10}");
  EXPECT_EQ(check("-0", all), "Input should be greater than 0 {\"gt\":0}");
  // The message shows the bound's str(), trailing zeros and all.
  EXPECT_EQ(check("0.25", DecimalConstraints().with_multiple_of("0.50")),
            "Input should be a multiple of 0.50 {\"multiple_of\":0.5}");
  EXPECT_THROW(DecimalConstraints().with_ge("x"), std::invalid_argument);
  EXPECT_THROW(DecimalConstraints().with_multiple_of("0"), std::invalid_argument);
  EXPECT_THROW(DecimalConstraints().with_multiple_of("1234567890123456789"), std::invalid_argument);
  EXPECT_NO_THROW(DecimalConstraints().with_multiple_of("1234567890123456780000"));
}

// `(value / multiple_of) % 1 == 0` in Python's default context: what Python 3.13 answers
// ("raises": decimal.InvalidOperation, a 500 from FastAPI).
TEST(Decimal, MultipleOfDividesAsPythonsDefaultContext) {
  struct Case {
    const char* value;
    const char* multiple_of;
    const char* python;
  };
  const Case cases[] = {
      {"14", "7", "yes"},
      {"15", "7", "no"},
      {"3.5", "7", "no"},
      {"-21.000", "7", "yes"},
      {"0", "7", "yes"},
      {"-0", "0.1", "yes"},
      {"0.3", "0.1", "yes"},
      {"0.35", "0.1", "no"},
      {"7000000000000000000000000003", "7", "yes"},
      {"700000000000000000000000001", "7", "no"},
      {"7E+28", "7", "raises"},
      {"69999999999999999999999999999", "7", "raises"},
      {"7e-1000000", "7", "no"},
      {"1e-1000030", "7", "yes"},
      {"1e-1000026", "3", "yes"},
      {"5e-1000027", "1", "yes"},
      {"6e-1000027", "1", "no"},
      {"1.5e-1000026", "1", "no"},
      {"2.5e-1000026", "1", "no"},
      {"0.999999999999999999", "0.333333333333333333", "yes"},
      {"1", "0.333333333333333333", "no"},
      {"0.9999999999999999990000000000000000000000000001", "0.333333333333333333", "yes"},
      {"0.99999999999999999999999999999", "1", "yes"},
      {"0.9999999999999999999999999999", "1", "no"},
      {"0.99999999999999999999999999995", "1", "yes"},
      {"0.999999999999999999999999999950", "1", "yes"},
      {"1.00000000000000000000000000005", "1", "yes"},
      {"1.00000000000000000000000000015", "1", "yes"},
      {"2.00000000000000000000000000005", "1", "yes"},
      {"12345678901234567890123456789", "1", "raises"},
      {"1234567890123456789012345678.4", "1", "yes"},
      {"1234567890123456789012345678.5", "1", "yes"},
      {"1234567890123456789012345679.5", "1", "yes"},
      {"9999999999999999999999999999.5", "1", "raises"},
      {"9999999999999999999999999999.4", "1", "yes"},
      {"1E+27", "1E+27", "yes"},
      {"1E+100", "1E+99", "yes"},
      {"1E+100", "1E+72", "raises"},
      {"1E+100", "1E+71", "raises"},
      {"123.45", "0.05", "yes"},
      {"123.46", "0.05", "no"},
      {"1e-5", "1e-6", "yes"},
      {"1e-6", "1e-5", "no"},
      {"1000", "1000000000000000000", "no"},
      {"4.2E+1", "6E-3", "yes"},
      {"33333333333333333333333333333.3", "0.333333333333333333", "raises"},
      {"123456789012345678901234567.8", "0.1", "yes"},
      {"1", "3", "no"}};
  for (const auto& c : cases) {
    auto constraints = DecimalConstraints().with_multiple_of(c.multiple_of);
    std::string got;
    try {
      ConversionError error;
      got = fastcpp::detail::check_constraints(*Decimal::parse(c.value), constraints, error) ? "yes"
                                                                                             : "no";
    } catch (const std::domain_error&) {
      got = "raises";
    }
    EXPECT_EQ(got, c.python) << c.value << " / " << c.multiple_of;
  }
}

}  // namespace
