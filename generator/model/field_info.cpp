#include "model/field_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <fastcpp/decimal.hpp>
#include <fastcpp/detail/constraints.hpp>
#include <fastcpp/detail/pyrepr.hpp>
#include <map>
#include <nlohmann/json.hpp>

namespace fastcpp::gen {
namespace {

using Kind = TypeRef::Kind;
using ConstraintKind = Constraint::Kind;

const TypeRef& value_type(const TypeRef& type) {
  return type.kind == Kind::kOptional && !type.args.empty() ? type.args.front() : type;
}

const char* macro_of(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::kGt:
      return "FASTCPP_GT";
    case ConstraintKind::kGe:
      return "FASTCPP_GE";
    case ConstraintKind::kLt:
      return "FASTCPP_LT";
    case ConstraintKind::kLe:
      return "FASTCPP_LE";
    case ConstraintKind::kMultipleOf:
      return "FASTCPP_MULTIPLE_OF";
    case ConstraintKind::kMinLength:
      return "FASTCPP_MIN_LENGTH";
    case ConstraintKind::kMaxLength:
      return "FASTCPP_MAX_LENGTH";
    case ConstraintKind::kPattern:
      return "FASTCPP_PATTERN";
    case ConstraintKind::kMaxDigits:
      return "FASTCPP_MAX_DIGITS";
    case ConstraintKind::kDecimalPlaces:
      return "FASTCPP_DECIMAL_PLACES";
  }
  return "";
}

const char* call_of(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::kGt:
      return "gt";
    case ConstraintKind::kGe:
      return "ge";
    case ConstraintKind::kLt:
      return "lt";
    case ConstraintKind::kLe:
      return "le";
    case ConstraintKind::kMultipleOf:
      return "multiple_of";
    case ConstraintKind::kMinLength:
      return "min_length";
    case ConstraintKind::kMaxLength:
      return "max_length";
    case ConstraintKind::kPattern:
      return "pattern";
    case ConstraintKind::kMaxDigits:
      return "max_digits";
    case ConstraintKind::kDecimalPlaces:
      return "decimal_places";
  }
  return "";
}

bool is_bound(ConstraintKind kind) {
  return kind == ConstraintKind::kGt || kind == ConstraintKind::kGe ||
         kind == ConstraintKind::kLt || kind == ConstraintKind::kLe ||
         kind == ConstraintKind::kMultipleOf;
}

bool is_length(ConstraintKind kind) {
  return kind == ConstraintKind::kMinLength || kind == ConstraintKind::kMaxLength;
}

bool is_digits(ConstraintKind kind) {
  return kind == ConstraintKind::kMaxDigits || kind == ConstraintKind::kDecimalPlaces;
}

bool is_decimal(const TypeRef& type) {
  return type.kind == Kind::kValue && type.spelling == "fastcpp::Decimal";
}

std::string number_text(const Number& number) {
  if (number.integral) return fmt::format("{}{}", number.negative ? "-" : "", number.magnitude);
  return fmt::format("{}", number.value);
}

std::string written(const Constraint& constraint) {
  if (constraint.kind == ConstraintKind::kPattern) {
    return fmt::format("{}(\"{}\")", macro_of(constraint.kind), constraint.pattern);
  }
  if (constraint.number.text) {
    return fmt::format("{}(\"{}\")", macro_of(constraint.kind), *constraint.number.text);
  }
  return fmt::format("{}({})", macro_of(constraint.kind), number_text(constraint.number));
}

// An integer as an exact value: a fractional Number is not one.
struct Integer {
  bool negative = false;
  unsigned long long magnitude = 0;
};

std::optional<Integer> integer_of(const Number& number) {
  if (number.integral) return Integer{number.negative, number.magnitude};
  double value = number.value;
  if (std::trunc(value) != value || std::fabs(value) >= 18446744073709551616.0) return std::nullopt;
  Integer out;
  out.negative = value < 0;
  out.magnitude = static_cast<unsigned long long>(std::fabs(value));
  if (out.magnitude == 0) out.negative = false;
  return out;
}

int compare(const Integer& a, const Integer& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  int order = a.magnitude < b.magnitude ? -1 : (a.magnitude > b.magnitude ? 1 : 0);
  return a.negative ? -order : order;
}

Integer plus_one(Integer value) {
  if (!value.negative) {
    ++value.magnitude;
  } else if (--value.magnitude == 0) {
    value.negative = false;
  }
  return value;
}

// The significant digits fastcpp's `multiple_of` divides a Decimal by (fastcpp/detail/
// constraints.hpp).
constexpr std::size_t kMaxMultipleOfDigits = 18;

// The range of a C++ integer type, as its spelling names it (LP64).
std::pair<Integer, Integer> type_range(const std::string& spelling) {
  static const std::map<std::string, std::pair<Integer, Integer>> kRanges = {
      {"signed char", {{true, 128}, {false, 127}}},
      {"unsigned char", {{false, 0}, {false, 255}}},
      {"short", {{true, 32768}, {false, 32767}}},
      {"unsigned short", {{false, 0}, {false, 65535}}},
      {"int", {{true, 2147483648ULL}, {false, 2147483647ULL}}},
      {"unsigned int", {{false, 0}, {false, 4294967295ULL}}},
      {"long", {{true, 9223372036854775808ULL}, {false, 9223372036854775807ULL}}},
      {"unsigned long", {{false, 0}, {false, 18446744073709551615ULL}}},
      {"long long", {{true, 9223372036854775808ULL}, {false, 9223372036854775807ULL}}},
      {"unsigned long long", {{false, 0}, {false, 18446744073709551615ULL}}},
  };
  auto it = kRanges.find(spelling);
  if (it != kRanges.end()) return it->second;
  return kRanges.at("long long");
}

std::string integer_text(const Integer& value) {
  return fmt::format("{}{}", value.negative ? "-" : "", value.magnitude);
}

// The integer as a C++ literal of a type that holds it.
std::string integer_literal(const Integer& value) {
  if (value.negative && value.magnitude == 9223372036854775808ULL) {
    return "(-9223372036854775807LL - 1)";
  }
  const char* suffix = value.magnitude <= static_cast<unsigned long long>(INT_MAX)     ? ""
                       : value.magnitude <= static_cast<unsigned long long>(LLONG_MAX) ? "LL"
                                                                                       : "ULL";
  return fmt::format("{}{}{}", value.negative ? "-" : "", value.magnitude, suffix);
}

// The shortest digits that read back (`0.1`, `1e+20`); `1` for 1.0, which the double parameter
// of `with_ge` takes as it is.
std::string float_literal(double value) { return fmt::format("{}", value); }

// A bound on a fastcpp::Decimal as pydantic makes it: an integer exactly, a float from its
// repr (`0.1` is `Decimal("0.1")`), a string as Decimal(str) reads it; none if it is not one.
std::optional<fastcpp::Decimal> decimal_bound(const Number& number) {
  if (number.text) return fastcpp::Decimal::parse(*number.text);
  if (number.integral) {
    if (number.negative) {
      return fastcpp::Decimal::from_parts(true, std::to_string(number.magnitude), 0);
    }
    return fastcpp::Decimal(number.magnitude);
  }
  if (!std::isfinite(number.value)) return std::nullopt;
  return fastcpp::Decimal::parse(fastcpp::detail::py_float_repr(number.value));
}

struct Checker {
  const FieldInfo& info;
  const TypeRef& type;
  const FieldOwner& owner;
  std::vector<Diagnostic> diagnostics;

  void error(const SourceLocation& location, std::string message, std::string hint) {
    diagnostics.push_back({location, std::move(message), std::move(hint)});
  }

  // Whether the constraint applies to the value type; reported when it does not.
  bool applies(const Constraint& constraint) {
    const auto& value = value_type(type);
    bool ok = false;
    std::string hint;
    if (is_bound(constraint.kind)) {
      ok = value.kind == Kind::kInt || value.kind == Kind::kFloat || is_decimal(value);
      hint =
          "FASTCPP_GT, _GE, _LT, _LE and _MULTIPLE_OF apply to an integer, a floating-point "
          "number or a fastcpp::Decimal";
      if (ok && constraint.number.text && !is_decimal(value)) {
        error(constraint.location,
              fmt::format("{} on {} of type '{}': a bound written as a string is a "
                          "fastcpp::Decimal's",
                          written(constraint), owner.subject, type.spelling),
              "write the bound as a number, like 1 or 0.5");
        return false;
      }
    } else if (is_length(constraint.kind)) {
      ok = value.kind == Kind::kString || value.kind == Kind::kVector;
      hint = "FASTCPP_MIN_LENGTH and _MAX_LENGTH apply to a std::string or a std::vector";
    } else if (is_digits(constraint.kind)) {
      ok = is_decimal(value);
      hint = "FASTCPP_MAX_DIGITS and _DECIMAL_PLACES apply to a fastcpp::Decimal";
    } else {
      ok = value.kind == Kind::kString;
      hint = "FASTCPP_PATTERN applies to a std::string";
    }
    if (!ok) {
      error(constraint.location,
            fmt::format("{} does not apply to {} of type '{}'", macro_of(constraint.kind),
                        owner.subject, type.spelling),
            hint);
    }
    return ok;
  }

  void check_integer_bound(const Constraint& constraint) {
    auto value = integer_of(constraint.number);
    if (!value) {
      error(constraint.location,
            fmt::format("{} on integer {}: the bound of an integer must be an integer",
                        written(constraint), owner.subject),
            "pydantic refuses a fractional bound on an int; declare the value a double");
      return;
    }
    auto [min, max] = type_range(value_type(type).spelling);
    if (compare(*value, min) < 0 || compare(*value, max) > 0) {
      error(constraint.location,
            fmt::format("{} is outside the range of '{}', {} to {}", written(constraint),
                        value_type(type).spelling, integer_text(min), integer_text(max)),
            "use a wider integer type, or a bound within the type's range");
      return;
    }
    if (constraint.kind == ConstraintKind::kMultipleOf &&
        (value->negative || value->magnitude == 0)) {
      error(constraint.location, fmt::format("{} must be positive", written(constraint)),
            "every value would fail it");
    }
  }

  void check_float_bound(const Constraint& constraint) {
    if (!std::isfinite(constraint.number.value)) {
      error(constraint.location, fmt::format("{} must be finite", written(constraint)), "");
      return;
    }
    if (constraint.kind == ConstraintKind::kMultipleOf && !(constraint.number.value > 0)) {
      error(constraint.location, fmt::format("{} must be positive", written(constraint)),
            "every value would fail it");
    }
  }

  void check_decimal_bound(const Constraint& constraint) {
    auto bound = decimal_bound(constraint.number);
    if (!bound) {
      error(constraint.location,
            fmt::format("{} on {} is not a finite decimal", written(constraint), owner.subject),
            "write it as Python's Decimal(str) reads it, like \"0.1\" or \"1E+3\"");
      return;
    }
    if (constraint.kind != ConstraintKind::kMultipleOf) return;
    if (bound->is_zero() || bound->negative()) {
      error(constraint.location, fmt::format("{} must be positive", written(constraint)),
            "every value would fail it");
      return;
    }
    const auto& digits = bound->coefficient();
    if (digits.find_last_not_of('0') + 1 > kMaxMultipleOfDigits) {
      error(constraint.location,
            fmt::format("{} has more than {} significant digits", written(constraint),
                        kMaxMultipleOfDigits),
            "fastcpp divides by a multiple_of of at most 18 digits");
    }
  }

  // Bounds that leave no value: ge=10 with le=1, gt=1 with lt=2 on an integer.
  void check_interval() {
    const auto* gt = find_constraint(info, ConstraintKind::kGt);
    const auto* ge = find_constraint(info, ConstraintKind::kGe);
    const auto* lt = find_constraint(info, ConstraintKind::kLt);
    const auto* le = find_constraint(info, ConstraintKind::kLe);
    bool integral = value_type(type).kind == Kind::kInt;
    bool decimal = is_decimal(value_type(type));
    auto empty = [&](const Constraint* lower, const Constraint* upper) {
      if (lower == nullptr || upper == nullptr) return false;
      bool strict = lower->kind == ConstraintKind::kGt || upper->kind == ConstraintKind::kLt;
      if (decimal) {
        int order =
            fastcpp::Decimal::compare(*decimal_bound(lower->number), *decimal_bound(upper->number));
        return strict ? order >= 0 : order > 0;
      }
      if (integral) {
        auto low = integer_of(lower->number);
        auto high = integer_of(upper->number);
        if (!low || !high) return false;
        if (lower->kind == ConstraintKind::kGt) low = plus_one(*low);
        if (upper->kind == ConstraintKind::kLt) return compare(*low, *high) >= 0;
        return compare(*low, *high) > 0;
      }
      return strict ? lower->number.value >= upper->number.value
                    : lower->number.value > upper->number.value;
    };
    for (const auto* lower : {ge, gt}) {
      for (const auto* upper : {le, lt}) {
        if (!empty(lower, upper)) continue;
        const auto* later = lower->location.line > upper->location.line ||
                                    (lower->location.line == upper->location.line &&
                                     lower->location.column > upper->location.column)
                                ? lower
                                : upper;
        error(later->location,
              fmt::format("contradictory bounds for {}: {} and {} leave no value", owner.subject,
                          written(*lower), written(*upper)),
              "");
        return;
      }
    }
  }

  void check_lengths() {
    const auto* min = find_constraint(info, ConstraintKind::kMinLength);
    const auto* max = find_constraint(info, ConstraintKind::kMaxLength);
    if (min == nullptr || max == nullptr || min->number.magnitude <= max->number.magnitude) return;
    const auto* later =
        min->location.line > max->location.line || (min->location.line == max->location.line &&
                                                    min->location.column > max->location.column)
            ? min
            : max;
    error(later->location,
          fmt::format("contradictory lengths for {}: {} is greater than {}", owner.subject,
                      written(*min), written(*max)),
          "");
  }

  void check_metadata() {
    bool parameter = owner.source.has_value();
    bool in_request =
        parameter &&
        (*owner.source == ParamSource::kQuery || *owner.source == ParamSource::kHeader ||
         *owner.source == ParamSource::kCookie || *owner.source == ParamSource::kForm);
    if (info.alias && !in_request) {
      error(info.alias->location, fmt::format("FASTCPP_ALIAS does not apply to {}", owner.subject),
            "an alias names a query, header, cookie or form parameter on the wire");
    }
    if (info.alias && info.alias->text.empty()) {
      error(info.alias->location, "FASTCPP_ALIAS needs a name", "");
    }
    if (info.exclude_from_schema && (!parameter || *owner.source == ParamSource::kBody ||
                                     *owner.source == ParamSource::kForm)) {
      error(*info.exclude_from_schema,
            fmt::format("FASTCPP_EXCLUDE_FROM_SCHEMA does not apply to {}", owner.subject),
            "it leaves a path, query, header or cookie parameter out of the OpenAPI document");
    }
    if (info.embed && (!parameter || *owner.source != ParamSource::kBody)) {
      error(*info.embed, fmt::format("FASTCPP_EMBED does not apply to {}", owner.subject),
            "it reads a body parameter from the body object's key of its name");
    }
    if (info.keep_underscores && (!parameter || *owner.source != ParamSource::kHeader)) {
      error(*info.keep_underscores,
            fmt::format("FASTCPP_KEEP_UNDERSCORES does not apply to {}", owner.subject),
            "it keeps the underscores of a header parameter's name");
    }
    if (info.keep_underscores && info.alias) {
      error(*info.keep_underscores,
            fmt::format("FASTCPP_KEEP_UNDERSCORES has no effect on {}: it has an alias",
                        owner.subject),
            "");
    }
    if (!info.validators.empty() && parameter && *owner.source == ParamSource::kDepends) {
      error(info.validators.front().location,
            fmt::format("FASTCPP_VALIDATOR does not apply to {}", owner.subject),
            "validate the dependency's own parameters or result");
    }
    if (info.examples) {
      auto examples = nlohmann::ordered_json::parse(info.examples->text, nullptr,
                                                    /*allow_exceptions=*/false);
      if (examples.is_discarded() || !examples.is_array()) {
        error(info.examples->location,
              fmt::format("the examples of {} must be a JSON array", owner.subject),
              "write them as JSON, like FASTCPP_EXAMPLES(R\"([\"foo\", \"bar\"])\")");
      }
    }
  }

  void run() {
    bool ok = true;
    for (const auto& constraint : info.constraints) {
      if (!applies(constraint)) {
        ok = false;
        continue;
      }
      if (constraint.kind == ConstraintKind::kPattern) {
        auto why = fastcpp::detail::check_pattern(constraint.pattern);
        if (!why.empty()) {
          error(constraint.location,
                fmt::format("invalid pattern \"{}\" for {}: {}", constraint.pattern, owner.subject,
                            why),
                "");
          ok = false;
        }
        continue;
      }
      if (!is_bound(constraint.kind)) continue;
      auto before = diagnostics.size();
      if (value_type(type).kind == Kind::kInt) {
        check_integer_bound(constraint);
      } else if (is_decimal(value_type(type))) {
        check_decimal_bound(constraint);
      } else {
        check_float_bound(constraint);
      }
      ok = ok && diagnostics.size() == before;
    }
    if (ok) {
      check_interval();
      check_lengths();
    }
    check_metadata();
  }
};

}  // namespace

std::vector<Diagnostic> check_field_info(const FieldInfo& info, const TypeRef& type,
                                         const FieldOwner& owner) {
  Checker checker{info, type, owner, {}};
  checker.run();
  return std::move(checker.diagnostics);
}

std::optional<ConstraintsPlan> plan_constraints(const FieldInfo& info, const TypeRef& type) {
  if (info.constraints.empty() && info.validators.empty()) return std::nullopt;
  ConstraintsPlan plan;
  for (const auto& validator : info.validators) plan.validators.push_back(validator.function);
  if (info.constraints.empty()) return plan;
  const auto& value = value_type(type);
  switch (value.kind) {
    case Kind::kInt:
      plan.type = "IntConstraints";
      break;
    case Kind::kFloat:
      plan.type = "FloatConstraints";
      break;
    case Kind::kString:
      plan.type = "StringConstraints";
      break;
    case Kind::kVector:
      plan.type = "ListConstraints";
      break;
    default:
      if (!is_decimal(value)) return std::nullopt;
      plan.type = "DecimalConstraints";
      break;
  }
  for (const auto& constraint : info.constraints) {
    std::string argument;
    if (constraint.kind == ConstraintKind::kPattern) {
      plan.pattern = constraint.pattern;
    } else if (is_length(constraint.kind) || is_digits(constraint.kind)) {
      argument = fmt::format("{}", constraint.number.magnitude);
    } else if (is_decimal(value)) {
      argument = fmt::format("\"{}\"", decimal_bound(constraint.number).value_or(0).str());
    } else if (value.kind == Kind::kInt) {
      argument = integer_literal(integer_of(constraint.number).value_or(Integer{}));
    } else {
      argument = float_literal(constraint.number.value);
    }
    plan.calls.emplace_back(call_of(constraint.kind), std::move(argument));
  }
  return plan;
}

std::optional<double> decimal_bound_as_float(const Number& number) {
  auto bound = decimal_bound(number);
  if (!bound) return std::nullopt;
  return bound->to_double();
}

const Constraint* find_constraint(const FieldInfo& info, Constraint::Kind kind) {
  for (const auto& constraint : info.constraints) {
    if (constraint.kind == kind) return &constraint;
  }
  return nullptr;
}

const TypeRef& constrained_type(const TypeRef& type) { return value_type(type); }

}  // namespace fastcpp::gen
