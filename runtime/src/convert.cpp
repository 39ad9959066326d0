#include "fastcpp/detail/convert.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "fastcpp/detail/constraints.hpp"
#include "text.hpp"

namespace fastcpp::detail {
namespace {

// ---- Errors ---------------------------------------------------------------------------------

ConversionError make_error(const char* type, const char* msg) { return {type, msg, nullptr}; }

ConversionError int_parsing_error() {
  return make_error("int_parsing",
                    "Input should be a valid integer, unable to parse string as an integer");
}

ConversionError int_parsing_size_error() {
  return make_error("int_parsing_size",
                    "Unable to parse input string as an integer, exceeded maximum size");
}

ConversionError float_parsing_error() {
  return make_error("float_parsing",
                    "Input should be a valid number, unable to parse string as a number");
}

ConversionError bool_parsing_error() {
  return make_error("bool_parsing", "Input should be a valid boolean, unable to interpret input");
}

// ---- Text helpers ---------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// pydantic-core trims with Rust's `str::trim`, i.e. the Unicode White_Space property: more than
// ASCII (NBSP, U+3000...), but not U+001C..U+001F, U+200B or U+FEFF, which Python's strip() takes.
constexpr std::string_view kNonAsciiSpaces[] = {
    "\xC2\x85",      // U+0085
    "\xC2\xA0",      // U+00A0
    "\xE1\x9A\x80",  // U+1680
    "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84",
    "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89",
    "\xE2\x80\x8A",  // U+2000..U+200A
    "\xE2\x80\xA8",  // U+2028
    "\xE2\x80\xA9",  // U+2029
    "\xE2\x80\xAF",  // U+202F
    "\xE2\x81\x9F",  // U+205F
    "\xE3\x80\x80",  // U+3000
};

bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::size_t leading_space_size(std::string_view text) {
  if (!text.empty() && is_ascii_space(text.front())) {
    return 1;
  }
  for (std::string_view space : kNonAsciiSpaces) {
    if (text.substr(0, space.size()) == space) {
      return space.size();
    }
  }
  return 0;
}

std::size_t trailing_space_size(std::string_view text) {
  if (!text.empty() && is_ascii_space(text.back())) {
    return 1;
  }
  for (std::string_view space : kNonAsciiSpaces) {
    if (text.size() >= space.size() && text.substr(text.size() - space.size()) == space) {
      return space.size();
    }
  }
  return 0;
}

std::string_view trim_whitespace(std::string_view text) {
  while (std::size_t n = leading_space_size(text)) {
    text.remove_prefix(n);
  }
  while (std::size_t n = trailing_space_size(text)) {
    text.remove_suffix(n);
  }
  return text;
}

// pydantic-core drops every underscore when there are some, none at either end and never two in
// a row (a loose copy of Python's digit grouping: "1_.5" qualifies). Otherwise returns false.
bool remove_underscores(std::string_view text, std::string& out) {
  if (text.find('_') == std::string_view::npos || text.front() == '_' || text.back() == '_' ||
      text.find("__") != std::string_view::npos) {
    return false;
  }
  out.clear();
  for (char c : text) {
    if (c != '_') {
      out += c;
    }
  }
  return true;
}

// ---- Integers -------------------------------------------------------------------------------

// Python refuses to convert longer digit strings (CVE-2020-10735); pydantic-core enforces the
// same bound on the sign and digits it hands to its JSON integer parser.
constexpr std::size_t kMaxIntChars = 4300;

enum class JsonIntMatch { kWhole, kNotWhole, kTooLong };

// The JSON integer grammar `-?(0|[1-9][0-9]*)` as pydantic-core's parser (jiter) applies it.
// kTooLong is decided on the sign and digit run alone, before looking at what follows them.
JsonIntMatch match_json_int(std::string_view text) {
  std::size_t start = (!text.empty() && text.front() == '-') ? 1 : 0;
  if (start == text.size() || !is_digit(text[start])) {
    return JsonIntMatch::kNotWhole;
  }
  if (text[start] == '0') {
    return start + 1 == text.size() ? JsonIntMatch::kWhole : JsonIntMatch::kNotWhole;
  }
  std::size_t end = start;
  while (end < text.size() && is_digit(text[end])) {
    ++end;
  }
  if (end > kMaxIntChars) {
    return JsonIntMatch::kTooLong;
  }
  return end == text.size() ? JsonIntMatch::kWhole : JsonIntMatch::kNotWhole;
}

// pydantic-core skips a run of zeros and underscores after a leading zero, keeping one zero
// before a '.' and the last character when nothing else follows ("0__0" -> "0", but "0__" ->
// "_", which fails later). Whatever follows is parsed on as it is: "0-1" reads as -1.
bool skip_leading_zeros(std::string_view& text) {
  if (text.empty() || !is_digit(text.front())) {
    return false;
  }
  if (text.front() != '0') {
    return true;
  }
  for (std::size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '0' || c == '_') {
      continue;
    }
    text.remove_prefix(c == '.' ? i - 1 : i);
    return true;
  }
  text.remove_prefix(text.size() - 1);
  return true;
}

// "4.00" -> "4": a fraction of one or more zeros, after the first '.', is dropped.
void drop_zero_fraction(std::string& text) {
  std::size_t dot = text.find('.');
  if (dot == std::string::npos || dot + 1 == text.size()) {
    return;
  }
  if (text.find_first_not_of('0', dot + 1) == std::string::npos) {
    text.resize(dot);
  }
}

// An integer as read from text or a float: sign and magnitude, `overflow` past 64 bits.
using IntValue = WideInt;

IntValue int_value_of(std::int64_t integer) { return WideInt::of(integer); }

// `text` matched the JSON integer grammar.
IntValue int_value_of_digits(std::string_view text) {
  IntValue value;
  value.negative = text.front() == '-';
  if (value.negative) {
    text.remove_prefix(1);
  }
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (char c : text) {
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (value.magnitude > (kMax - digit) / 10) {
      value.overflow = true;
      return value;
    }
    value.magnitude = value.magnitude * 10 + digit;
  }
  return value;
}

// pydantic-core's `str_as_int`: the text as a JSON integer first (which alone can fail with
// int_parsing_size), then trimmed, signed, with leading zeros, a zero fraction and underscores
// removed, as a JSON integer again.
bool read_int(std::string_view text, IntValue& value, ConversionError& error) {
  switch (match_json_int(text)) {
    case JsonIntMatch::kWhole:
      value = int_value_of_digits(text);
      return true;
    case JsonIntMatch::kTooLong:
      error = int_parsing_size_error();
      return false;
    case JsonIntMatch::kNotWhole:
      break;
  }
  std::string_view rest = trim_whitespace(text);
  bool negative = !rest.empty() && rest.front() == '-';
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    rest.remove_prefix(1);
  }
  if (!skip_leading_zeros(rest)) {
    error = int_parsing_error();
    return false;
  }
  std::string spelling = negative ? "-" : "";
  spelling += rest;
  drop_zero_fraction(spelling);
  std::string without_underscores;
  if (remove_underscores(spelling, without_underscores)) {
    spelling.swap(without_underscores);
  }
  if (match_json_int(spelling) != JsonIntMatch::kWhole) {
    error = int_parsing_error();
    return false;
  }
  value = int_value_of_digits(spelling);
  return true;
}

// pydantic would keep any Python int: the declared constraints are checked on the value as read,
// then the C++ type's range, the same way (its implicit ge/le), and only then is it narrowed.
template <class T>
bool store_int(const IntValue& value, T& out, const IntConstraints* declared,
               ConversionError& error) {
  if (declared && !check_constraints(value, *declared, error)) {
    return false;
  }
  static const IntConstraints kRange = type_range<T>();
  if (!check_constraints(value, kRange, error)) {
    return false;
  }
  if (value.negative && value.magnitude != 0) {
    if constexpr (std::is_signed_v<T>) {
      out = static_cast<T>(-static_cast<long long>(value.magnitude - 1) - 1);
    }
    return true;
  }
  out = static_cast<T>(value.magnitude);
  return true;
}

template <class T>
bool parse_int_string(std::string_view text, T& out, const IntConstraints* declared,
                      ConversionError& error) {
  IntValue value;
  return read_int(text, value, error) && store_int(value, out, declared, error);
}

// pydantic-core's `float_as_int`. The bounds are open: -2**63 itself is "too large".
bool float_to_int(double number, IntValue& value, ConversionError& error) {
  if (!std::isfinite(number)) {
    error = make_error("finite_number", "Input should be a finite number");
    return false;
  }
  if (std::fmod(number, 1.0) != 0.0) {
    error = make_error("int_from_float",
                       "Input should be a valid integer, got a number with a fractional part");
    return false;
  }
  constexpr double kTwoPow63 = 9223372036854775808.0;
  if (!(number > -kTwoPow63 && number < kTwoPow63)) {
    error = int_parsing_size_error();
    return false;
  }
  value = int_value_of(static_cast<std::int64_t>(number));
  return true;
}

template <class T>
bool parse_int_json(const json& input, T& out, const IntConstraints* declared,
                    ConversionError& error) {
  IntValue value;
  switch (input.type()) {
    case json::value_t::number_integer:
      value = int_value_of(input.get<std::int64_t>());
      break;
    case json::value_t::number_unsigned:
      value.magnitude = input.get<std::uint64_t>();
      break;
    case json::value_t::boolean:
      value.magnitude = input.get<bool>() ? 1 : 0;
      break;
    case json::value_t::number_float:
      if (!float_to_int(input.get<double>(), value, error)) {
        return false;
      }
      break;
    case json::value_t::string:
      return parse_int_string(input.get_ref<const std::string&>(), out, declared, error);
    default:
      error = make_error("int_type", "Input should be a valid integer");
      return false;
  }
  return store_int(value, out, declared, error);
}

// ---- Floats ---------------------------------------------------------------------------------

// Rust's `f64::from_str`, which pydantic-core uses: an optional sign, then `inf`, `infinity` or
// `nan` in any case, or decimal digits with an optional '.' and exponent; no whitespace, no hex.
bool parse_rust_float(std::string_view text, double& out) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (iequals(text, "inf") || iequals(text, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return true;
  }
  if (iequals(text, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }

  // The grammar is checked here rather than left to std::from_chars, which would also take
  // "nan(1)", and which cannot say which way an out-of-range value went.
  std::size_t i = 0;
  std::size_t digits_seen = 0;
  std::size_t first_nonzero = std::string_view::npos;  // among all mantissa digits
  auto read_digits = [&] {
    std::size_t count = 0;
    for (; i < text.size() && is_digit(text[i]); ++i, ++count, ++digits_seen) {
      if (text[i] != '0' && first_nonzero == std::string_view::npos) {
        first_nonzero = digits_seen;
      }
    }
    return count;
  };
  std::size_t integer_digits = read_digits();
  std::size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction_digits = read_digits();
  }
  if (integer_digits + fraction_digits == 0) {
    return false;
  }
  long long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      negative_exponent = text[i] == '-';
      ++i;
    }
    std::size_t exponent_start = i;
    while (i < text.size() && is_digit(text[i])) {
      if (exponent < 1'000'000'000) {  // saturate: far beyond any double's range already
        exponent = exponent * 10 + (text[i] - '0');
      }
      ++i;
    }
    if (i == exponent_start) {
      return false;
    }
    if (negative_exponent) {
      exponent = -exponent;
    }
  }
  if (i != text.size()) {
    return false;
  }

  double magnitude = 0.0;
  if (first_nonzero != std::string_view::npos) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
    if (end != text.data() + text.size()) {
      return false;
    }
    if (ec == std::errc::result_out_of_range) {
      // from_chars leaves the value alone; Rust (like Python) rounds to infinity or zero.
      // The decimal exponent of the leading digit tells which way it went.
      auto leading_exponent = static_cast<long long>(integer_digits) -
                              static_cast<long long>(first_nonzero) - 1 + exponent;
      magnitude = leading_exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
  }
  out = negative ? -magnitude : magnitude;
  return true;
}

// pydantic-core's `str_as_float`: the trimmed text, else the untrimmed text without its
// underscores (so " 1_0" fails while "1_0" and " 10" pass).
bool read_float(std::string_view text, double& out) {
  if (parse_rust_float(trim_whitespace(text), out)) {
    return true;
  }
  std::string without_underscores;
  return remove_underscores(text, without_underscores) &&
         parse_rust_float(without_underscores, out);
}

static_assert(std::numeric_limits<float>::is_iec559, "float must be IEEE 754 binary32");

// A C++ float holds the double Python would have, rounded; beyond its range that is infinity.
template <class T>
T narrow(double value) {
  return static_cast<T>(value);
}

template <class T>
bool parse_float_string(std::string_view text, T& out, ConversionError& error) {
  double value = 0.0;
  if (!read_float(text, value)) {
    error = float_parsing_error();
    return false;
  }
  out = narrow<T>(value);
  return true;
}

template <class T>
bool parse_float_json(const json& input, T& out, ConversionError& error) {
  switch (input.type()) {
    case json::value_t::number_integer:
      out = narrow<T>(static_cast<double>(input.get<std::int64_t>()));
      return true;
    case json::value_t::number_unsigned:
      out = narrow<T>(static_cast<double>(input.get<std::uint64_t>()));
      return true;
    case json::value_t::number_float:
      out = narrow<T>(input.get<double>());
      return true;
    case json::value_t::boolean:
      out = input.get<bool>() ? T{1} : T{0};
      return true;
    case json::value_t::string:
      return parse_float_string(input.get_ref<const std::string&>(), out, error);
    default:
      error = make_error("float_type", "Input should be a valid number");
      return false;
  }
}

// ---- Booleans -------------------------------------------------------------------------------

bool bool_type_error(ConversionError& error) {
  error = make_error("bool_type", "Input should be a valid boolean");
  return false;
}

// pydantic-core's `int_as_bool`.
bool int_to_bool(const IntValue& value, bool& out, ConversionError& error) {
  if (value.magnitude > 1 || (value.negative && value.magnitude != 0)) {
    error = bool_parsing_error();
    return false;
  }
  out = value.magnitude == 1;
  return true;
}

}  // namespace

// ---- From strings ---------------------------------------------------------------------------

bool parse_string(std::string_view text, bool& out, ConversionError& error) {
  // No trimming here: " true" is refused, as pydantic does.
  constexpr std::string_view kTrue[] = {"1", "t", "y", "on", "yes", "true"};
  constexpr std::string_view kFalse[] = {"0", "f", "n", "no", "off", "false"};
  for (std::string_view word : kTrue) {
    if (iequals(text, word)) {
      out = true;
      return true;
    }
  }
  for (std::string_view word : kFalse) {
    if (iequals(text, word)) {
      out = false;
      return true;
    }
  }
  error = bool_parsing_error();
  return false;
}

bool parse_string(std::string_view text, short& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, int& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, long& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, long long& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, unsigned short& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, unsigned int& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, unsigned long& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, unsigned long long& out, ConversionError& error) {
  return parse_int_string(text, out, nullptr, error);
}
bool parse_string(std::string_view text, float& out, ConversionError& error) {
  return parse_float_string(text, out, error);
}
bool parse_string(std::string_view text, double& out, ConversionError& error) {
  return parse_float_string(text, out, error);
}
bool parse_string(std::string_view text, std::string& out, ConversionError& /*error*/) {
  out.assign(text);
  return true;
}

bool parse_string(std::string_view text, UUID& out, ConversionError& error) {
  std::string reason;
  auto uuid = UUID::parse(text, &reason);
  if (uuid) {
    out = *uuid;
    return true;
  }
  error = {"uuid_parsing", "Input should be a valid UUID, " + reason, {{"error", reason}}};
  return false;
}

// ---- From JSON values -----------------------------------------------------------------------

bool parse_json(const json& value, bool& out, ConversionError& error) {
  IntValue integer;
  switch (value.type()) {
    case json::value_t::boolean:
      out = value.get<bool>();
      return true;
    case json::value_t::number_integer:
      return int_to_bool(int_value_of(value.get<std::int64_t>()), out, error);
    case json::value_t::number_unsigned:
      // pydantic-core tries `int_as_bool` on 64-bit signed integers only.
      if (value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
        return bool_type_error(error);
      }
      integer.magnitude = value.get<std::uint64_t>();
      return int_to_bool(integer, out, error);
    case json::value_t::number_float: {
      // Floats that are not whole 64-bit integers are the wrong type, not a wrong value.
      ConversionError not_an_int;
      if (!float_to_int(value.get<double>(), integer, not_an_int)) {
        return bool_type_error(error);
      }
      return int_to_bool(integer, out, error);
    }
    case json::value_t::string:
      return parse_string(value.get_ref<const std::string&>(), out, error);
    default:
      return bool_type_error(error);
  }
}

bool parse_json(const json& value, short& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, int& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, long& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, long long& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, unsigned short& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, unsigned int& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, unsigned long& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, unsigned long long& out, ConversionError& error) {
  return parse_int_json(value, out, nullptr, error);
}
bool parse_json(const json& value, float& out, ConversionError& error) {
  return parse_float_json(value, out, error);
}
bool parse_json(const json& value, double& out, ConversionError& error) {
  return parse_float_json(value, out, error);
}
bool parse_json(const json& value, std::string& out, ConversionError& error) {
  if (!value.is_string()) {
    error = make_error("string_type", "Input should be a valid string");
    return false;
  }
  out = value.get_ref<const std::string&>();
  return true;
}

bool parse_json(const json& value, UUID& out, ConversionError& error) {
  if (!value.is_string()) {
    error = make_error("uuid_type", "UUID input should be a string, bytes or UUID object");
    return false;
  }
  return parse_string(value.get_ref<const std::string&>(), out, error);
}

// ---- With declared constraints ----------------------------------------------------------

template <class T>
bool parse_string_checked(std::string_view text, T& out, const IntConstraints& constraints,
                          ConversionError& error) {
  return parse_int_string(text, out, &constraints, error);
}

template <class T>
bool parse_json_checked(const json& value, T& out, const IntConstraints& constraints,
                        ConversionError& error) {
  return parse_int_json(value, out, &constraints, error);
}

// T is a type, which cannot be parenthesized there.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define FASTCPP_INSTANTIATE_CHECKED(T)                                            \
  template bool parse_string_checked(std::string_view, T&, const IntConstraints&, \
                                     ConversionError&);                           \
  template bool parse_json_checked(const json&, T&, const IntConstraints&, ConversionError&);
// NOLINTEND(bugprone-macro-parentheses)
FASTCPP_INSTANTIATE_CHECKED(short)
FASTCPP_INSTANTIATE_CHECKED(int)
FASTCPP_INSTANTIATE_CHECKED(long)
FASTCPP_INSTANTIATE_CHECKED(long long)
FASTCPP_INSTANTIATE_CHECKED(unsigned short)
FASTCPP_INSTANTIATE_CHECKED(unsigned int)
FASTCPP_INSTANTIATE_CHECKED(unsigned long)
FASTCPP_INSTANTIATE_CHECKED(unsigned long long)
#undef FASTCPP_INSTANTIATE_CHECKED

}  // namespace fastcpp::detail
