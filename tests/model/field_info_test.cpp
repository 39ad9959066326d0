// model/field_info on hand-built FieldInfos: the runtime constraints object it plans (what the
// generated code declares) and the misuse it reports. The diagnostics' full text, at the
// annotation, is tests/generator/diagnostics_test.cpp's.
#include "model/field_info.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "builders.hpp"

namespace fastcpp::gen {
namespace {

using CK = Constraint::Kind;

Number integer(long long value) {
  Number number;
  number.integral = true;
  number.negative = value < 0;
  number.magnitude = value < 0 ? 0 - static_cast<unsigned long long>(value)
                               : static_cast<unsigned long long>(value);
  number.value = static_cast<double>(value);
  return number;
}

Number floating(double value) {
  Number number;
  number.integral = false;
  number.value = value;
  return number;
}

Number text(std::string value) {
  Number number;
  number.integral = false;
  number.text = std::move(value);
  return number;
}

TypeRef decimal_type() { return {Kind::kValue, "fastcpp::Decimal", "fastcpp::Decimal", {}}; }

Constraint constraint(CK kind, Number number, unsigned column = 1) {
  Constraint out;
  out.kind = kind;
  out.number = number;
  out.location = at(5, column);
  return out;
}

Constraint pattern(std::string text) {
  Constraint out;
  out.kind = CK::kPattern;
  out.pattern = std::move(text);
  out.location = at(5);
  return out;
}

FieldInfo info_of(std::vector<Constraint> constraints) {
  FieldInfo info;
  info.constraints = std::move(constraints);
  return info;
}

Strings messages_of(const FieldInfo& info, const TypeRef& type,
                    std::optional<ParamSource> source = ParamSource::kQuery) {
  Strings out;
  for (const auto& d : check_field_info(info, type, {"parameter 'x'", source})) {
    out.push_back(d.message);
  }
  return out;
}

TEST(PlanConstraints, TheRuntimeClassOfTheValueTypeAndOneCallPerConstraintInOrder) {
  auto plan = plan_constraints(
      info_of({constraint(CK::kLe, integer(1'000'000'000'000'000'000LL)),
               constraint(CK::kGe, integer(-10)), constraint(CK::kMultipleOf, integer(5))}),
      optional_of(long_type()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->type, "IntConstraints");
  EXPECT_EQ(plan->calls,
            (std::vector<std::pair<std::string, std::string>>{
                {"le", "1000000000000000000LL"}, {"ge", "-10"}, {"multiple_of", "5"}}));
  EXPECT_FALSE(plan->pattern);

  auto floats = plan_constraints(
      info_of({constraint(CK::kGt, integer(0)), constraint(CK::kLt, floating(10.5))}),
      double_type());
  ASSERT_TRUE(floats);
  EXPECT_EQ(floats->type, "FloatConstraints");
  EXPECT_EQ(floats->calls,
            (std::vector<std::pair<std::string, std::string>>{{"gt", "0"}, {"lt", "10.5"}}));

  auto strings = plan_constraints(
      info_of({constraint(CK::kMinLength, integer(3)), pattern("^fixedquery$")}), string_type());
  ASSERT_TRUE(strings);
  EXPECT_EQ(strings->type, "StringConstraints");
  EXPECT_EQ(strings->calls, (std::vector<std::pair<std::string, std::string>>{{"min_length", "3"},
                                                                              {"pattern", ""}}));
  EXPECT_EQ(strings->pattern, "^fixedquery$");

  auto lists =
      plan_constraints(info_of({constraint(CK::kMaxLength, integer(2))}), vector_of(int_type()));
  ASSERT_TRUE(lists);
  EXPECT_EQ(lists->type, "ListConstraints");

  EXPECT_FALSE(plan_constraints(FieldInfo{}, int_type()));
}

// A Decimal's bound is a Decimal's text: an integer exactly, a float by its repr (pydantic's
// `ge=1.0` is `Decimal("1.0")`, `le=1e20` is `Decimal("1E+20")`), a string as Decimal(str).
TEST(PlanConstraints, ADecimalsBoundsAreDecimals) {
  auto plan = plan_constraints(
      info_of({constraint(CK::kGe, floating(1.0)), constraint(CK::kLe, floating(1e20)),
               constraint(CK::kGt, integer(-3)), constraint(CK::kMultipleOf, text(" 0.050 ")),
               constraint(CK::kLt, floating(0.1)), constraint(CK::kMaxDigits, integer(5))}),
      optional_of(decimal_type()));
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->type, "DecimalConstraints");
  EXPECT_EQ(plan->calls,
            (std::vector<std::pair<std::string, std::string>>{{"ge", "\"1.0\""},
                                                              {"le", "\"1E+20\""},
                                                              {"gt", "\"-3\""},
                                                              {"multiple_of", "\"0.050\""},
                                                              {"lt", "\"0.1\""},
                                                              {"max_digits", "5"}}));
  EXPECT_EQ(messages_of(info_of({constraint(CK::kGe, text("1.5")), constraint(CK::kLe, integer(2)),
                                 constraint(CK::kGt, floating(1.4))}),
                        decimal_type()),
            Strings{});
  EXPECT_EQ(
      messages_of(info_of({constraint(CK::kGe, text("2.5")), constraint(CK::kLt, text("2.50"))}),
                  decimal_type()),
      (Strings{"contradictory bounds for parameter 'x': FASTCPP_GE(\"2.5\") and "
               "FASTCPP_LT(\"2.50\") leave no value"}));
}

TEST(CheckFieldInfo, AcceptsWhatPydanticAccepts) {
  // ge=10 with gt=0 and lt=30 with le=20 overlap: no contradiction.
  EXPECT_EQ(messages_of(info_of({constraint(CK::kGt, integer(0)), constraint(CK::kGe, integer(10)),
                                 constraint(CK::kLt, integer(30)), constraint(CK::kLe, integer(20)),
                                 constraint(CK::kMultipleOf, integer(5))}),
                        optional_of(int_type())),
            Strings{});
  // An integral float bound on an int, and gt=1 with lt=2 on a double, leave values.
  EXPECT_EQ(messages_of(info_of({constraint(CK::kGe, floating(1.0))}), int_type()), Strings{});
  EXPECT_EQ(messages_of(info_of({constraint(CK::kGt, integer(1)), constraint(CK::kLt, integer(2))}),
                        double_type()),
            Strings{});
  EXPECT_EQ(messages_of(info_of({constraint(CK::kMinLength, integer(2)),
                                 constraint(CK::kMaxLength, integer(2)), pattern(R"(^\d+$)")}),
                        string_type()),
            Strings{});
}

TEST(CheckFieldInfo, ReportsEachMisuse) {
  EXPECT_EQ(messages_of(info_of({constraint(CK::kGt, integer(1)), constraint(CK::kLt, integer(2))}),
                        int_type()),
            (Strings{"contradictory bounds for parameter 'x': FASTCPP_GT(1) and FASTCPP_LT(2) "
                     "leave no value"}));
  EXPECT_EQ(messages_of(info_of({constraint(CK::kLe, integer(256))}),
                        scalar(Kind::kInt, "unsigned char")),
            (Strings{"FASTCPP_LE(256) is outside the range of 'unsigned char', 0 to 255"}));
  EXPECT_EQ(
      messages_of(info_of({constraint(CK::kGe, integer(-9223372036854775807LL - 1))}), long_type()),
      Strings{});
  EXPECT_EQ(messages_of(info_of({constraint(CK::kMultipleOf, integer(-2))}), int_type()),
            (Strings{"FASTCPP_MULTIPLE_OF(-2) must be positive"}));
  EXPECT_EQ(messages_of(info_of({constraint(CK::kPattern, integer(0))}), int_type()),
            (Strings{"FASTCPP_PATTERN does not apply to parameter 'x' of type 'int'"}));
  EXPECT_EQ(messages_of(info_of({pattern("(a)\\1")}), string_type()).size(), 1u);
  EXPECT_EQ(messages_of(info_of({constraint(CK::kGe, integer(1))}), vector_of(int_type())),
            (Strings{"FASTCPP_GE does not apply to parameter 'x' of type 'std::vector<int>'"}));

  FieldInfo metadata;
  metadata.alias = DeclaredText{"x-alias", at(6)};
  metadata.examples = DeclaredText{R"({"not": "a list"})", at(7)};
  metadata.exclude_from_schema = at(8);
  EXPECT_EQ(messages_of(metadata, int_type(), ParamSource::kHeader),
            (Strings{"the examples of parameter 'x' must be a JSON array"}));
  EXPECT_EQ(messages_of(metadata, int_type(), ParamSource::kBody),
            (Strings{"FASTCPP_ALIAS does not apply to parameter 'x'",
                     "FASTCPP_EXCLUDE_FROM_SCHEMA does not apply to parameter 'x'",
                     "the examples of parameter 'x' must be a JSON array"}));
}

}  // namespace
}  // namespace fastcpp::gen
