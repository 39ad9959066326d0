// fastcpp/decimal.hpp: Python's decimal.Decimal, as pydantic 2.10 reads it and FastAPI renders
// it.
//
// A Decimal keeps exactly what Python's does for a finite value: a sign (zero has one too:
// `-0`), the coefficient's decimal digits and a base-10 exponent, so `12.3400` stays
// `12.3400` (coefficient 123400, exponent -4) and no value goes through a double. pydantic
// refuses infinities and NaNs (`finite_number`), so a Decimal is always finite.
//
// `json j = value;` renders it as FastAPI's jsonable_encoder does for a plain dict: an int when
// the exponent is >= 0 (`1E+3` is 1000, exactly, however many digits), else a float (`1.10` is
// 1.1). In a struct or a declared result the generated code renders it as pydantic's JSON
// mode does: its str() as a string (`"1.10"`, `"1E+3"`); see to_model_json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// Python's `decimal.Decimal`, finite: (-1)^sign × coefficient × 10^exponent.
class Decimal {
 public:
  /// `Decimal("0")`.
  Decimal() = default;
  /// An integer, exactly (Python's `Decimal(5)`).
  template <class N, class = std::enable_if_t<std::is_integral_v<N> && !std::is_same_v<N, bool>>>
  Decimal(N value)  // NOLINT(google-explicit-constructor)
      : Decimal(value < 0, magnitude_of(value)) {}

  /// Reads the forms pydantic reads from a string: Python's `Decimal(str)` (`1.10`, `-5.`,
  /// `.5`, `1e3`, `1E+3`), after removing every underscore and the surrounding whitespace
  /// (pydantic takes `1__0` as 10). None for anything else, infinities and NaNs included.
  static std::optional<Decimal> parse(std::string_view text);
  /// The value with these parts, if `coefficient` is one or more ASCII digits (leading zeros
  /// are dropped).
  static std::optional<Decimal> from_parts(bool negative, std::string_view coefficient,
                                           std::int64_t exponent);

  /// Whether the sign is negative (`-0` is).
  bool negative() const noexcept { return negative_; }
  /// The coefficient's digits, without leading zeros (`"0"` for zero).
  const std::string& coefficient() const noexcept { return coefficient_; }
  /// The exponent: `1.10` is 110 × 10^-2.
  std::int64_t exponent() const noexcept { return exponent_; }
  bool is_zero() const noexcept { return coefficient_ == "0"; }

  /// Python's `str(Decimal)`: `1.10`, `1E+3`, `1E-7`, `0.000001`, `-0`.
  std::string str() const;
  /// Python's `float(Decimal)`: the nearest double (infinite beyond a double's range).
  double to_double() const;

  /// Equal values, as Python compares them: `1.0 == 1` and `-0 == 0`.
  friend bool operator==(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) == 0; }
  friend bool operator!=(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) != 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) noexcept { return compare(a, b) < 0; }
  /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`.
  static int compare(const Decimal& a, const Decimal& b) noexcept;

 private:
  template <class N>
  static constexpr unsigned long long magnitude_of(N value) noexcept {
    if constexpr (std::is_signed_v<N>) {
      return value < 0 ? 0 - static_cast<unsigned long long>(value)
                       : static_cast<unsigned long long>(value);
    } else {
      return value;
    }
  }
  Decimal(bool negative, unsigned long long magnitude);

  bool negative_ = false;
  std::string coefficient_ = "0";
  std::int64_t exponent_ = 0;
};

/// jsonable_encoder's rendering, for `json j = value` (a plain dict in FastAPI): an int when
/// the exponent is >= 0, else a float. Throws std::domain_error, as Python raises ValueError
/// (a 500 from FastAPI), for an int of more than 4300 digits (Python's limit on printing one).
void to_json(json& out, const Decimal& value);
/// pydantic's JSON mode, for a struct field or a declared result: `str()` as a string.
inline json to_model_json(const Decimal& value) { return value.str(); }

}  // namespace fastcpp
