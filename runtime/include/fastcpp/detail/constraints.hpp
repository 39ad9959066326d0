// fastcpp/detail/constraints.hpp: pydantic 2.10's declarative constraints (`gt`, `ge`, `lt`,
// `le`, `multiple_of`, `min_length`, `max_length`, `pattern`), checked on a converted value.
//
// Generated binding code declares one constant per constrained parameter or field and hands it
// to the Binder (binding.hpp), which calls check_constraints after the conversion:
//
//   static const fastcpp::detail::IntConstraints kItemId = fastcpp::detail::IntConstraints()
//       .with_ge(1).with_le(1000);
//   static const fastcpp::detail::Pattern kQPattern("^fixedquery$");
//   static const fastcpp::detail::StringConstraints kQ = fastcpp::detail::StringConstraints()
//       .with_min_length(3).with_max_length(50).with_pattern(kQPattern);
//   auto item_id = in.path<int>("item_id", kItemId);
//   auto q = in.query<std::optional<std::string>>("q", kQ);
//
// At most one error per value, as pydantic reports it: for numbers the first failing of
// multiple_of, le, lt, ge, gt (in that order, whatever order they were declared in); for strings
// min_length, max_length, pattern; a list longer than max_length is `too_long` before any of its
// items is looked at, one shorter than min_length is `too_short` only when its items are valid.
// A C++ integer type's own range is an implicit `ge`/`le`, checked after the declared ones (a
// Python int has no range: pydantic accepts what fits none of C++'s types).
//
// Patterns: pydantic's default engine is the Rust `regex` crate (searched, not matched; Unicode
// classes; no look-around or back-references). fastcpp compiles them with RE2, which has the
// same syntax family and linear-time matching, after translating the Perl classes to their
// Unicode meaning (RE2's `\d`, `\s`, `\w` are ASCII; Rust's are not). What RE2 cannot mean as
// Rust does is refused by check_pattern, the generator's build-time check: `\b`/`\B` (Unicode
// word boundaries in Rust), `\W`/`\S` inside a class, nested classes and class set operations,
// `\Q...\E` and `\C` (RE2 only), look-around and back-references (neither engine).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fastcpp/detail/convert.hpp"

namespace re2 {
class RE2;
}

namespace fastcpp::detail {

/// An integer as pydantic holds it (a Python int), exact within ±(2**64 - 1); beyond that
/// `overflow` is set and the magnitude is meaningless (it is larger than any bound).
struct WideInt {
  bool negative = false;  // never set for zero
  bool overflow = false;
  std::uint64_t magnitude = 0;

  template <class N>
  static constexpr WideInt of(N value) noexcept {
    static_assert(std::is_integral_v<N> && !std::is_same_v<N, bool>, "an integer bound");
    WideInt out;
    if constexpr (std::is_signed_v<N>) {
      out.negative = value < 0;
      out.magnitude =
          out.negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    } else {
      out.magnitude = value;
    }
    return out;
  }

  /// The decimal digits, as Python prints an int.
  std::string to_string() const;
  /// The JSON number (`overflow` must not be set).
  json to_json() const;
};

/// -1, 0 or 1 as `a` is less than, equal to or greater than `b`.
int compare(const WideInt& a, const WideInt& b) noexcept;

/// `gt`, `ge`, `lt`, `le`, `multiple_of` on an integer type (pydantic refuses a fractional
/// bound on an `int`, so bounds are integers; `multiple_of` is never 0).
struct IntConstraints {
  std::optional<WideInt> gt, ge, lt, le, multiple_of;

  template <class N>
  IntConstraints with_gt(N v) const {
    return with(&IntConstraints::gt, v);
  }
  template <class N>
  IntConstraints with_ge(N v) const {
    return with(&IntConstraints::ge, v);
  }
  template <class N>
  IntConstraints with_lt(N v) const {
    return with(&IntConstraints::lt, v);
  }
  template <class N>
  IntConstraints with_le(N v) const {
    return with(&IntConstraints::le, v);
  }
  template <class N>
  IntConstraints with_multiple_of(N v) const {
    return with(&IntConstraints::multiple_of, v);
  }

 private:
  template <class N>
  IntConstraints with(std::optional<WideInt> IntConstraints::*member, N v) const {
    IntConstraints out = *this;
    out.*member = WideInt::of(v);
    return out;
  }
};

/// The same on `float`/`double`: a bound written `1` is the float 1.0 (`ctx: {"ge": 1.0}`).
struct FloatConstraints {
  std::optional<double> gt, ge, lt, le, multiple_of;

  FloatConstraints with_gt(double v) const { return with(&FloatConstraints::gt, v); }
  FloatConstraints with_ge(double v) const { return with(&FloatConstraints::ge, v); }
  FloatConstraints with_lt(double v) const { return with(&FloatConstraints::lt, v); }
  FloatConstraints with_le(double v) const { return with(&FloatConstraints::le, v); }
  FloatConstraints with_multiple_of(double v) const {
    return with(&FloatConstraints::multiple_of, v);
  }

 private:
  FloatConstraints with(std::optional<double> FloatConstraints::*member, double v) const {
    FloatConstraints out = *this;
    out.*member = v;
    return out;
  }
};

/// A compiled `pattern`, searched in the value as pydantic's Rust engine does. Thread-safe.
class Pattern {
 public:
  /// Throws std::invalid_argument with check_pattern's message if the text is refused.
  explicit Pattern(std::string_view text);
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  /// Whether the pattern matches anywhere in `value` (UTF-8).
  bool search(std::string_view value) const;
  /// The pattern as written (what `ctx.pattern` and the message show).
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
  std::unique_ptr<re2::RE2> regex_;
};

/// Empty if `text` is a pattern fastcpp compiles with pydantic's meaning; otherwise why not
/// (for fastcpp-gen's `file:line:col: error: invalid pattern ...: <why>`).
std::string check_pattern(std::string_view text);

/// `min_length`, `max_length` (in code points) and `pattern` on a `std::string`.
struct StringConstraints {
  std::optional<std::size_t> min_length, max_length;
  const Pattern* pattern = nullptr;  // a static Pattern of the generated code

  StringConstraints with_min_length(std::size_t n) const {
    StringConstraints out = *this;
    out.min_length = n;
    return out;
  }
  StringConstraints with_max_length(std::size_t n) const {
    StringConstraints out = *this;
    out.max_length = n;
    return out;
  }
  StringConstraints with_pattern(const Pattern& p) const {
    StringConstraints out = *this;
    out.pattern = &p;
    return out;
  }
};

/// `min_length`, `max_length` (in items) on a `std::vector`.
struct ListConstraints {
  std::optional<std::size_t> min_length, max_length;

  ListConstraints with_min_length(std::size_t n) const {
    ListConstraints out = *this;
    out.min_length = n;
    return out;
  }
  ListConstraints with_max_length(std::size_t n) const {
    ListConstraints out = *this;
    out.max_length = n;
    return out;
  }
};

/// `max_digits`, `decimal_places` (pydantic's `decimal_max_digits`, `decimal_max_places`,
/// `decimal_whole_digits`, on the value without its trailing zeros) and the bounds on a
/// fastcpp::Decimal. pydantic makes each bound a Decimal (`ge=0.1` is `Decimal("0.1")`, from
/// the float's repr) and compares exactly; `multiple_of` is `(value / multiple_of) % 1 == 0`
/// in Python's default context (28 digits, rounded half-even), so a quotient of more than 28
/// digits is rounded first, and one of 29 or more integer digits raises (a 500 from FastAPI).
struct DecimalConstraints {
  std::optional<std::uint64_t> max_digits, decimal_places;
  std::optional<Decimal> gt, ge, lt, le, multiple_of;

  DecimalConstraints with_max_digits(std::uint64_t n) const {
    DecimalConstraints out = *this;
    out.max_digits = n;
    return out;
  }
  DecimalConstraints with_decimal_places(std::uint64_t n) const {
    DecimalConstraints out = *this;
    out.decimal_places = n;
    return out;
  }
  /// A bound, as Decimal::parse reads it (`"0.1"`, `"1E+3"`); throws std::invalid_argument
  /// if it is not a Decimal (fastcpp-gen checks it at build time).
  DecimalConstraints with_gt(std::string_view v) const { return with(&DecimalConstraints::gt, v); }
  DecimalConstraints with_ge(std::string_view v) const { return with(&DecimalConstraints::ge, v); }
  DecimalConstraints with_lt(std::string_view v) const { return with(&DecimalConstraints::lt, v); }
  DecimalConstraints with_le(std::string_view v) const { return with(&DecimalConstraints::le, v); }
  DecimalConstraints with_multiple_of(std::string_view v) const {
    return with(&DecimalConstraints::multiple_of, v);
  }

 private:
  DecimalConstraints with(std::optional<Decimal> DecimalConstraints::*member,
                          std::string_view text) const;
};

/// pydantic's error for the first constraint `value` fails, in its order; true if none fails.
bool check_constraints(const WideInt& value, const IntConstraints& constraints,
                       ConversionError& error);
bool check_constraints(double value, const FloatConstraints& constraints, ConversionError& error);
bool check_constraints(std::string_view value, const StringConstraints& constraints,
                       ConversionError& error);
/// (Throws std::domain_error where Python's decimal raises: a `multiple_of` quotient of 29 or
/// more integer digits.)
bool check_constraints(const Decimal& value, const DecimalConstraints& constraints,
                       ConversionError& error);

/// A list's `too_long`, checked before its items are converted.
bool check_max_length(std::size_t length, const ListConstraints& constraints,
                      ConversionError& error);
/// A list's `too_short`, checked after all of its items were converted without error.
bool check_min_length(std::size_t length, const ListConstraints& constraints,
                      ConversionError& error);

/// The range of a C++ integer type: the implicit `ge`/`le` that a Python int does not have.
template <class T>
IntConstraints type_range() {
  return IntConstraints()
      .with_ge(std::numeric_limits<T>::min())
      .with_le(std::numeric_limits<T>::max());
}

/// parse_string/parse_json (convert.hpp) of an integer type, with the declared constraints
/// checked on the value as read, before the type's own range (instantiated for every integer
/// type convert.hpp has).
template <class T>
bool parse_string_checked(std::string_view text, T& out, const IntConstraints& constraints,
                          ConversionError& error);
template <class T>
bool parse_json_checked(const json& value, T& out, const IntConstraints& constraints,
                        ConversionError& error);

/// Rust's `Display` of an f64, which pydantic's messages use for float bounds: the shortest
/// digits that read back, never an exponent (`1`, `0.5`, `100000000000000000000`, `0.0000001`).
std::string rust_float_display(double value);

/// The constraints type for a parameter or field of type T (optional<T> takes T's).
template <class T, class = void>
struct ConstraintsFor {};
template <class T>
struct ConstraintsFor<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  using type = IntConstraints;
};
template <class T>
struct ConstraintsFor<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  using type = FloatConstraints;
};
template <>
struct ConstraintsFor<std::string> {
  using type = StringConstraints;
};
template <>
struct ConstraintsFor<Decimal> {
  using type = DecimalConstraints;
};
template <class T>
struct ConstraintsFor<std::vector<T>> {
  using type = ListConstraints;
};
template <class T>
struct ConstraintsFor<std::optional<T>> : ConstraintsFor<T> {};
template <class T>
using Constraints = typename ConstraintsFor<T>::type;

}  // namespace fastcpp::detail
