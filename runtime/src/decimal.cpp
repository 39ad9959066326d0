// fastcpp::Decimal (fastcpp/decimal.hpp): Python's decimal.Decimal as pydantic-core 2.27 reads
// it (decimal.rs) and FastAPI renders it (fastapi.encoders.decimal_encoder).
#include "fastcpp/decimal.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fastcpp/detail/constraints.hpp"
#include "fastcpp/detail/convert.hpp"
#include "fastcpp/detail/pyrepr.hpp"

namespace fastcpp {
namespace {

// libmpdec's limits on a string's exponent (64-bit): the adjusted exponent at most MAX_EMAX,
// the exponent at least MIN_ETINY; beyond them Python's Decimal(str) raises.
constexpr std::int64_t kMaxEmax = 999'999'999'999'999'999;
constexpr std::int64_t kMinEtiny = -kMaxEmax - (kMaxEmax - 1);
// The context pydantic's digit checks normalize in and its `multiple_of` divides in: Python's
// default, 28 digits, the smallest exponent Emin - 27 (subnormal results are rounded to it).
constexpr std::size_t kContextPrecision = 28;
constexpr std::int64_t kContextEtiny = -999'999 - 27;
// The most significant digits a `multiple_of` bound may have (its remainders fit 64 bits).
constexpr std::size_t kMaxDivisorDigits = 18;
// Python's limit on an int's decimal text (sys.get_int_max_str_digits()).
constexpr std::size_t kIntMaxStrDigits = 4300;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != word[i]) return false;
  }
  return true;
}

// The length of the whitespace character (Python's str.isspace()) at `pos`, or 0.
std::size_t space_at(std::string_view text, std::size_t pos) {
  auto byte = [&](std::size_t i) {
    return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0U;
  };
  unsigned c = byte(0);
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
  if (c == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2;
  if (c == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;  // U+1680
  if (c == 0xE2 && byte(1) == 0x80 &&
      (byte(2) <= 0x8A || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF)) {
    return 3;  // U+2000-200A, U+2028, U+2029, U+202F
  }
  if (c == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;  // U+3000
  return 0;
}

// The length of the whitespace character that ends at `end`, or 0.
std::size_t space_before(std::string_view text, std::size_t end) {
  for (std::size_t size = 1; size <= 3 && size <= end; ++size) {
    if (space_at(text, end - size) == size) return size;
  }
  return 0;
}

std::string_view strip(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end) {
    std::size_t size = space_at(text, begin);
    if (size == 0) break;
    begin += size;
  }
  while (end > begin) {
    std::size_t size = space_before(text, end);
    if (size == 0) break;
    end -= size;
  }
  return text.substr(begin, end - begin);
}

enum class ParseResult { kFinite, kNotFinite, kInvalid };

// Python's `Decimal(str)` grammar on `text` (already stripped, without underscores).
ParseResult parse_decimal(std::string_view text, bool& negative, std::string& coefficient,
                          std::int64_t& exponent) {
  std::size_t pos = 0;
  negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  std::string_view rest = text.substr(pos);
  if (equals_ignoring_case(rest, "inf") || equals_ignoring_case(rest, "infinity")) {
    return ParseResult::kNotFinite;
  }
  for (std::string_view nan : {"nan", "snan"}) {
    if (rest.size() >= nan.size() && equals_ignoring_case(rest.substr(0, nan.size()), nan) &&
        std::all_of(rest.begin() + static_cast<std::ptrdiff_t>(nan.size()), rest.end(), is_digit)) {
      return ParseResult::kNotFinite;
    }
  }
  std::string digits;
  std::size_t fraction_digits = 0;
  bool any_digit = false;
  while (pos < text.size() && is_digit(text[pos])) {
    digits += text[pos++];
    any_digit = true;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && is_digit(text[pos])) {
      digits += text[pos++];
      ++fraction_digits;
      any_digit = true;
    }
  }
  if (!any_digit) return ParseResult::kInvalid;
  // The exponent, saturated well beyond libmpdec's limits (and int64's own range).
  constexpr std::int64_t kSaturated = 4'000'000'000'000'000'000;
  std::int64_t written_exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exponent_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      exponent_negative = text[pos] == '-';
      ++pos;
    }
    if (pos == text.size()) return ParseResult::kInvalid;
    for (; pos < text.size() && is_digit(text[pos]); ++pos) {
      written_exponent = written_exponent >= kSaturated / 10
                             ? kSaturated
                             : std::min(kSaturated, written_exponent * 10 + (text[pos] - '0'));
    }
    if (exponent_negative) written_exponent = -written_exponent;
  }
  if (pos != text.size()) return ParseResult::kInvalid;
  std::size_t first = digits.find_first_not_of('0');
  coefficient = first == std::string::npos ? "0" : digits.substr(first);
  exponent = written_exponent - static_cast<std::int64_t>(fraction_digits);
  std::int64_t adjusted = exponent + static_cast<std::int64_t>(coefficient.size()) - 1;
  if (adjusted > kMaxEmax || exponent < kMinEtiny) return ParseResult::kInvalid;
  return ParseResult::kFinite;
}

ParseResult parse_pydantic(std::string_view text, Decimal& out) {
  std::string cleaned;
  cleaned.reserve(text.size());
  for (char c : text) {
    if (c != '_') cleaned += c;
  }
  bool negative = false;
  std::string coefficient;
  std::int64_t exponent = 0;
  ParseResult result = parse_decimal(strip(cleaned), negative, coefficient, exponent);
  if (result == ParseResult::kFinite) out = *Decimal::from_parts(negative, coefficient, exponent);
  return result;
}

// The integer's decimal text (`int(value)` for an exponent >= 0).
std::string integer_text(const Decimal& value) {
  if (value.is_zero()) return "0";
  std::size_t zeros = static_cast<std::size_t>(value.exponent());
  if (value.coefficient().size() + zeros > kIntMaxStrDigits) {
    throw std::domain_error(
        "Exceeds the limit (4300 digits) for integer string conversion; use "
        "sys.set_int_max_str_digits() to increase the limit");
  }
  std::string out = value.negative() ? "-" : "";
  out += value.coefficient();
  out.append(zeros, '0');
  return out;
}

}  // namespace

Decimal::Decimal(bool negative, unsigned long long magnitude)
    : negative_(negative && magnitude != 0), coefficient_(std::to_string(magnitude)) {}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  Decimal out;
  if (parse_pydantic(text, out) != ParseResult::kFinite) return std::nullopt;
  return out;
}

std::optional<Decimal> Decimal::from_parts(bool negative, std::string_view coefficient,
                                           std::int64_t exponent) {
  if (coefficient.empty() || !std::all_of(coefficient.begin(), coefficient.end(), is_digit)) {
    return std::nullopt;
  }
  Decimal out;
  out.negative_ = negative;
  std::size_t first = coefficient.find_first_not_of('0');
  out.coefficient_ = first == std::string_view::npos ? "0" : std::string(coefficient.substr(first));
  out.exponent_ = exponent;
  return out;
}

// Python's Decimal.__str__ (_pydecimal's to-scientific-string).
std::string Decimal::str() const {
  const auto size = static_cast<std::int64_t>(coefficient_.size());
  const std::int64_t left_digits = exponent_ + size;
  std::int64_t dot_place = exponent_ <= 0 && left_digits > -6 ? left_digits : 1;
  std::string out = negative_ ? "-" : "";
  if (dot_place <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-dot_place), '0');
    out += coefficient_;
  } else if (dot_place >= size) {
    out += coefficient_;
    out.append(static_cast<std::size_t>(dot_place - size), '0');
  } else {
    out.append(coefficient_, 0, static_cast<std::size_t>(dot_place));
    out += '.';
    out.append(coefficient_, static_cast<std::size_t>(dot_place), std::string::npos);
  }
  if (left_digits != dot_place) {
    std::int64_t shown = left_digits - dot_place;
    out += shown < 0 ? "E-" : "E+";
    out += std::to_string(shown < 0 ? -shown : shown);
  }
  return out;
}

double Decimal::to_double() const {
  // strtod rounds correctly; an exponent beyond any double's is infinity or zero already.
  constexpr std::int64_t kFar = 100'000;
  std::int64_t exponent =
      std::clamp(exponent_, -kFar - static_cast<std::int64_t>(coefficient_.size()), kFar);
  std::string text = (negative_ ? "-" : "") + coefficient_ + "e" + std::to_string(exponent);
  return std::strtod(text.c_str(), nullptr);
}

int Decimal::compare(const Decimal& a, const Decimal& b) noexcept {
  if (a.is_zero() && b.is_zero()) return 0;
  int sign_a = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
  int sign_b = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
  if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
  // Same sign, both non-zero: compare the magnitudes, then flip for negatives.
  auto adjusted = [](const Decimal& d) {
    return d.exponent_ + static_cast<std::int64_t>(d.coefficient_.size());
  };
  int magnitude = 0;
  if (adjusted(a) != adjusted(b)) {
    magnitude = adjusted(a) < adjusted(b) ? -1 : 1;
  } else {
    // Same position of the leading digit: the digits, the shorter padded with zeros.
    std::size_t length = std::max(a.coefficient_.size(), b.coefficient_.size());
    for (std::size_t i = 0; i < length && magnitude == 0; ++i) {
      char da = i < a.coefficient_.size() ? a.coefficient_[i] : '0';
      char db = i < b.coefficient_.size() ? b.coefficient_[i] : '0';
      if (da != db) magnitude = da < db ? -1 : 1;
    }
  }
  return sign_a < 0 ? -magnitude : magnitude;
}

void to_json(json& out, const Decimal& value) {
  if (value.exponent() < 0) {
    out = value.to_double();
    return;
  }
  std::string text = integer_text(value);
  if (text.size() <= 18) {
    out = std::stoll(text);
  } else {
    out = python_int(text);
  }
}

namespace detail {

bool parse_string(std::string_view text, Decimal& out, ConversionError& error) {
  switch (parse_pydantic(text, out)) {
    case ParseResult::kFinite:
      return true;
    case ParseResult::kNotFinite:
      error = {"finite_number", "Input should be a finite number", nullptr};
      return false;
    case ParseResult::kInvalid:
      break;
  }
  error = {"decimal_parsing", "Input should be a valid decimal", nullptr};
  return false;
}

bool parse_json(const json& value, Decimal& out, ConversionError& error) {
  switch (value.type()) {
    case json::value_t::string:
      return parse_string(value.get_ref<const std::string&>(), out, error);
    case json::value_t::number_integer:
      out = Decimal(value.get<std::int64_t>());
      return true;
    case json::value_t::number_unsigned:
      out = Decimal(value.get<std::uint64_t>());
      return true;
    case json::value_t::number_float:
      // pydantic-core makes a float's Decimal from its repr: 0.1 is 0.1, 1e-07 is 1E-7.
      return parse_string(py_float_repr(value.get<double>()), out, error);
    default:
      error = {"decimal_type",
               "Decimal input should be an integer, float, string or Decimal object", nullptr};
      return false;
  }
}

namespace {

// pydantic-core's digit checks: on the value normalized in Python's default context (trailing
// zeros dropped, rounded to 28 digits), so `1.2300` has two decimal places.
bool check_digits(const Decimal& value, const DecimalConstraints& constraints,
                  ConversionError& error) {
  if (!constraints.max_digits && !constraints.decimal_places) return true;
  std::string digits = value.coefficient();
  std::int64_t exponent = value.exponent();
  if (digits.size() > kContextPrecision) {
    // ROUND_HALF_EVEN to 28 digits.
    std::size_t dropped = digits.size() - kContextPrecision;
    char first_dropped = digits[kContextPrecision];
    bool rest_nonzero = digits.find_first_not_of('0', kContextPrecision + 1) != std::string::npos;
    digits.resize(kContextPrecision);
    exponent += static_cast<std::int64_t>(dropped);
    bool odd = (digits.back() - '0') % 2 == 1;
    if (first_dropped > '5' || (first_dropped == '5' && (rest_nonzero || odd))) {
      std::size_t i = digits.size();
      while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
      if (i == 0) {
        digits.insert(digits.begin(), '1');
        digits.pop_back();
        ++exponent;
      } else {
        ++digits[i - 1];
      }
    }
  }
  if (digits == std::string(digits.size(), '0')) {
    digits = "0";
    exponent = 0;  // normalize() makes any zero 0 (or -0)
  } else {
    std::size_t last = digits.find_last_not_of('0');
    exponent += static_cast<std::int64_t>(digits.size() - last - 1);
    digits.resize(last + 1);
  }
  std::uint64_t total = digits.size();
  std::uint64_t decimals = 0;
  if (exponent >= 0) {
    total += static_cast<std::uint64_t>(exponent);
  } else {
    decimals = static_cast<std::uint64_t>(-exponent);
    total = std::max(total, decimals);
  }
  auto plural = [](std::uint64_t n) { return n == 1 ? "" : "s"; };
  if (constraints.max_digits && total > *constraints.max_digits) {
    std::uint64_t n = *constraints.max_digits;
    error = {"decimal_max_digits",
             "Decimal input should have no more than " + std::to_string(n) + " digit" + plural(n) +
                 " in total",
             {{"max_digits", n}}};
    return false;
  }
  if (constraints.decimal_places) {
    std::uint64_t places = *constraints.decimal_places;
    if (decimals > places) {
      error = {"decimal_max_places",
               "Decimal input should have no more than " + std::to_string(places) +
                   " decimal place" + plural(places),
               {{"decimal_places", places}}};
      return false;
    }
    if (constraints.max_digits) {
      std::uint64_t whole = total - decimals;
      std::uint64_t max_whole =
          *constraints.max_digits > places ? *constraints.max_digits - places : 0;
      if (whole > max_whole) {
        error = {"decimal_whole_digits",
                 "Decimal input should have no more than " + std::to_string(max_whole) + " digit" +
                     plural(max_whole) + " before the decimal point",
                 {{"whole_digits", max_whole}}};
        return false;
      }
    }
  }
  return true;
}

// A non-zero coefficient without its trailing zeros (`1200` is `12`).
std::string_view significant_digits(const Decimal& value) {
  std::string_view digits = value.coefficient();
  return digits.substr(0, digits.find_last_not_of('0') + 1);
}

// Python's `(value / divisor) % 1 == 0` in the default context, divisor > 0: the quotient is
// rounded half-even to 28 significant digits (or, below 1E-999999, to the quantum 1E-1000026)
// before `% 1` looks at it, so 1 / 0.333333333333333333 (18 threes) is 3.000000000000000003,
// not a multiple, but 7000000000000000000000000003 / 7 rounds to 1.000000000000000000000000000E+27,
// one. `% 1` of a quotient of 29 or more integer digits raises InvalidOperation
// (DivisionImpossible), thrown here as std::domain_error.
bool is_multiple_of(const Decimal& value, const Decimal& divisor) {
  if (value.is_zero()) return true;
  const std::string& dividend = value.coefficient();
  const std::string_view divisor_digits = significant_digits(divisor);
  std::uint64_t d = 0;
  for (char c : divisor_digits) d = d * 10 + static_cast<std::uint64_t>(c - '0');
  const std::int64_t divisor_exponent =
      divisor.exponent() +
      static_cast<std::int64_t>(divisor.coefficient().size() - divisor_digits.size());
  // Long division of the dividend's digits, then zeros: the quotient digit made from the
  // dividend's i-th digit (0-based) has the weight 10^(size - 1 - i + shift).
  const std::int64_t shift = value.exponent() - divisor_exponent;
  std::uint64_t remainder = 0;
  std::size_t taken = 0;
  auto next_digit = [&]() {
    std::uint64_t digit =
        taken < dividend.size() ? static_cast<std::uint64_t>(dividend[taken] - '0') : 0;
    ++taken;
    remainder = remainder * 10 + digit;
    const auto q = static_cast<char>('0' + remainder / d);
    remainder %= d;
    return q;
  };
  char first = next_digit();
  while (first == '0') first = next_digit();
  // The place of the quotient's leading digit.
  const std::int64_t adjusted =
      static_cast<std::int64_t>(dividend.size()) - static_cast<std::int64_t>(taken) + shift;
  if (adjusted >= static_cast<std::int64_t>(kContextPrecision)) {
    throw std::domain_error("[<class 'decimal.DivisionImpossible'>]");
  }
  // The rounded quotient is `kept` digits × 10^quantum (quantum < 1 here).
  const std::int64_t quantum =
      std::max(adjusted - static_cast<std::int64_t>(kContextPrecision) + 1, kContextEtiny);
  const std::int64_t kept = adjusted - quantum + 1;
  if (kept < 0) return true;  // less than half the quantum: it rounds to 0
  std::string digits(1, first);
  while (static_cast<std::int64_t>(digits.size()) < kept + 1) digits += next_digit();
  const bool sticky =
      remainder != 0 ||
      (taken < dividend.size() && dividend.find_first_not_of('0', taken) != std::string::npos);
  const char rounding = digits.back();
  digits.pop_back();
  const bool odd = !digits.empty() && (digits.back() - '0') % 2 == 1;
  const bool up = rounding > '5' || (rounding == '5' && (sticky || odd));
  auto all_of_tail = [&](std::size_t count, char c) {
    return count <= digits.size() &&
           digits.find_first_not_of(c, digits.size() - count) == std::string::npos;
  };
  if (quantum == 0) {
    // An integer; rounded up from 28 nines it has 29 digits, which `% 1` refuses.
    if (up && all_of_tail(digits.size(), '9')) {
      throw std::domain_error("[<class 'decimal.DivisionImpossible'>]");
    }
    return true;
  }
  // The fraction's places, 10^-1 to 10^quantum, are the last `places` digits (zeros where the
  // quotient has no digit): zero after rounding if they are zeros not rounded up, or nines
  // rounded up.
  const auto places = static_cast<std::size_t>(-quantum);
  if (!up) return digits.empty() || (places < digits.size() && all_of_tail(places, '0'));
  return all_of_tail(places, '9');
}

}  // namespace

DecimalConstraints DecimalConstraints::with(std::optional<Decimal> DecimalConstraints::*member,
                                            std::string_view text) const {
  auto value = Decimal::parse(text);
  if (!value) throw std::invalid_argument("not a Decimal: " + std::string(text));
  if (member == &DecimalConstraints::multiple_of &&
      (value->is_zero() || value->negative() ||
       significant_digits(*value).size() > kMaxDivisorDigits)) {
    throw std::invalid_argument("multiple_of must be positive, of at most 18 digits: " +
                                std::string(text));
  }
  DecimalConstraints out = *this;
  out.*member = *value;
  return out;
}

// pydantic-core's order: the digits, then multiple_of, le, lt, ge, gt; each bound's message
// shows its str() (`1E+3`), its ctx jsonable_encoder's rendering (1000).
bool check_constraints(const Decimal& value, const DecimalConstraints& c, ConversionError& error) {
  if (!check_digits(value, c, error)) return false;
  auto set = [&](const char* type, const char* words, const char* key, const Decimal& bound) {
    json rendered = bound;
    error = {type, std::string("Input should be ") + words + bound.str(), {{key, rendered}}};
    return false;
  };
  if (c.multiple_of && !is_multiple_of(value, *c.multiple_of)) {
    return set("multiple_of", "a multiple of ", "multiple_of", *c.multiple_of);
  }
  if (c.le && Decimal::compare(value, *c.le) > 0) {
    return set("less_than_equal", "less than or equal to ", "le", *c.le);
  }
  if (c.lt && Decimal::compare(value, *c.lt) >= 0) {
    return set("less_than", "less than ", "lt", *c.lt);
  }
  if (c.ge && Decimal::compare(value, *c.ge) < 0) {
    return set("greater_than_equal", "greater than or equal to ", "ge", *c.ge);
  }
  if (c.gt && Decimal::compare(value, *c.gt) <= 0) {
    return set("greater_than", "greater than ", "gt", *c.gt);
  }
  return true;
}

}  // namespace detail
}  // namespace fastcpp
