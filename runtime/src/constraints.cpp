#include "fastcpp/detail/constraints.hpp"

#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace fastcpp::detail {
namespace {

// ---- Errors, worded as pydantic-core's ------------------------------------------------------

ConversionError bound_error(const char* type, const char* words, const char* key,
                            const std::string& bound_text, json bound) {
  return {type, std::string("Input should be ") + words + bound_text, {{key, std::move(bound)}}};
}

std::string plural(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// ---- Patterns -------------------------------------------------------------------------------

// Rust's Unicode meaning of the Perl classes, in RE2's syntax. `\w` is Alphabetic, M, Nd, Pc
// and Join_Control: RE2 has no Alphabetic property, so it is L and Nl with the symbols that
// Other_Alphabetic adds outside M (circled, parenthesized and squared Latin letters).
constexpr std::string_view kDigit = R"(\p{Nd})";
constexpr std::string_view kNotDigit = R"(\P{Nd})";
constexpr std::string_view kSpaceItems = R"(\t-\r\x{85}\p{Z})";
constexpr std::string_view kWordItems =
    R"(\p{L}\p{Nl}\p{M}\p{Nd}\p{Pc}\x{200C}\x{200D}\x{24B6}-\x{24E9})"
    R"(\x{1F130}-\x{1F149}\x{1F150}-\x{1F169}\x{1F170}-\x{1F189})";

// The pattern in RE2's syntax with Rust's meaning, or false with why it has none.
bool translate_pattern(std::string_view text, std::string& out, std::string& why) {
  out.clear();
  bool in_class = false;
  std::size_t class_start = 0;  // where the current class's items begin (after `[` or `[^`)
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 1 == text.size()) {
        why = "incomplete escape sequence at the end of the pattern";
        return false;
      }
      char e = text[++i];
      switch (e) {
        case 'd':
          out += kDigit;
          continue;
        case 'D':
          out += kNotDigit;
          continue;
        case 's':
          out += in_class ? std::string(kSpaceItems) : "[" + std::string(kSpaceItems) + "]";
          continue;
        case 'w':
          out += in_class ? std::string(kWordItems) : "[" + std::string(kWordItems) + "]";
          continue;
        case 'S':
        case 'W':
          if (in_class) {
            why = std::string("\\") + e + " inside a character class is not supported";
            return false;
          }
          out += "[^" + std::string(e == 'S' ? kSpaceItems : kWordItems) + "]";
          continue;
        case 'b':
        case 'B':
          if (in_class) break;  // a backspace, or an error RE2 reports
          why = std::string("\\") + e +
                " (a Unicode word boundary in pydantic's engine) is not supported";
          return false;
        case 'Q':
        case 'C':
          why = std::string("\\") + e + " is not supported by pydantic's engine";
          return false;
        default:
          break;
      }
      out += '\\';
      out += e;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < text.size() && text[i + 1] == ':') {
        auto end = text.find(":]", i + 2);
        if (end != std::string_view::npos) {  // an ASCII class such as [:alpha:]
          out.append(text.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      }
      if (c == '[') {
        why = "nested character classes are not supported";
        return false;
      }
      if ((c == '&' || c == '-' || c == '~') && i + 1 < text.size() && text[i + 1] == c) {
        why = "character class set operations are not supported";
        return false;
      }
      if (c == ']' && i > class_start) in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < text.size() && text[i + 1] == '^') out += text[++i];
      class_start = i + 1;
      continue;
    }
    out += c;
  }
  return true;
}

RE2::Options pattern_options() {
  RE2::Options options;  // UTF-8; `.` not matching \n; `$` only at the end: as Rust's defaults
  options.set_log_errors(false);
  return options;
}

// Compiles `text`; on failure returns null and sets `why`.
std::unique_ptr<RE2> compile_pattern(std::string_view text, std::string& why) {
  std::string translated;
  if (!translate_pattern(text, translated, why)) return nullptr;
  auto regex = std::make_unique<RE2>(translated, pattern_options());
  if (!regex->ok()) {
    why = regex->error();
    return nullptr;
  }
  return regex;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

}  // namespace

// ---- Integers -------------------------------------------------------------------------------

std::string WideInt::to_string() const {
  std::string digits = std::to_string(magnitude);
  return negative && magnitude != 0 ? "-" + digits : digits;
}

json WideInt::to_json() const {
  if (negative && magnitude != 0) return json(-static_cast<long long>(magnitude - 1) - 1);
  return json(magnitude);
}

int compare(const WideInt& a, const WideInt& b) noexcept {
  const bool a_negative = a.negative && (a.magnitude != 0 || a.overflow);
  const bool b_negative = b.negative && (b.magnitude != 0 || b.overflow);
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  int by_magnitude = 0;
  if (a.overflow != b.overflow) {
    by_magnitude = a.overflow ? 1 : -1;
  } else if (!a.overflow && a.magnitude != b.magnitude) {
    by_magnitude = a.magnitude < b.magnitude ? -1 : 1;
  }
  return a_negative ? -by_magnitude : by_magnitude;
}

bool check_constraints(const WideInt& value, const IntConstraints& c, ConversionError& error) {
  auto set = [&](const char* type, const char* words, const char* key, const WideInt& bound) {
    error = bound_error(type, words, key, bound.to_string(), bound.to_json());
    return false;
  };
  // A value past 64 bits is not checked against multiple_of (it fails any C++ type's range).
  if (c.multiple_of && !value.overflow && value.magnitude % c.multiple_of->magnitude != 0) {
    return set("multiple_of", "a multiple of ", "multiple_of", *c.multiple_of);
  }
  if (c.le && compare(value, *c.le) > 0) {
    return set("less_than_equal", "less than or equal to ", "le", *c.le);
  }
  if (c.lt && compare(value, *c.lt) >= 0) return set("less_than", "less than ", "lt", *c.lt);
  if (c.ge && compare(value, *c.ge) < 0) {
    return set("greater_than_equal", "greater than or equal to ", "ge", *c.ge);
  }
  if (c.gt && compare(value, *c.gt) <= 0) {
    return set("greater_than", "greater than ", "gt", *c.gt);
  }
  return true;
}

// ---- Floats ---------------------------------------------------------------------------------

std::string rust_float_display(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string_view scientific(buffer, static_cast<std::size_t>(result.ptr - buffer));
  std::string out;
  if (scientific.front() == '-') {
    out += '-';
    scientific.remove_prefix(1);
  }
  auto e = scientific.find('e');
  std::string digits;
  for (char c : scientific.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  auto exponent_text = scientific.substr(e + 1);
  if (exponent_text.front() == '+') exponent_text.remove_prefix(1);
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
  // digits = d1 d2 ... dn, value = 0.d1...dn * 10^(exponent + 1)
  const int point = exponent + 1;  // digits before the decimal point
  const int count = static_cast<int>(digits.size());
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  } else if (point >= count) {
    out += digits;
    out.append(static_cast<std::size_t>(point - count), '0');
  } else {
    out.append(digits, 0, static_cast<std::size_t>(point));
    out += '.';
    out.append(digits, static_cast<std::size_t>(point), std::string::npos);
  }
  return out;
}

bool check_constraints(double value, const FloatConstraints& c, ConversionError& error) {
  auto set = [&](const char* type, const char* words, const char* key, double bound) {
    error = bound_error(type, words, key, rust_float_display(bound), json(bound));
    return false;
  };
  if (c.multiple_of) {
    // pydantic-core's tolerance: a remainder within a billionth of the value, either way.
    const double remainder = std::fmod(value, *c.multiple_of);
    const double threshold = std::fabs(value) / 1e9;
    if (std::fabs(remainder) > threshold && std::fabs(remainder - *c.multiple_of) > threshold) {
      return set("multiple_of", "a multiple of ", "multiple_of", *c.multiple_of);
    }
  }
  // Written as pydantic-core compares, so that NaN fails the first bound declared.
  if (c.le && !(value <= *c.le)) {
    return set("less_than_equal", "less than or equal to ", "le", *c.le);
  }
  if (c.lt && !(value < *c.lt)) return set("less_than", "less than ", "lt", *c.lt);
  if (c.ge && !(value >= *c.ge)) {
    return set("greater_than_equal", "greater than or equal to ", "ge", *c.ge);
  }
  if (c.gt && !(value > *c.gt)) return set("greater_than", "greater than ", "gt", *c.gt);
  return true;
}

// ---- Strings and lists ----------------------------------------------------------------------

Pattern::Pattern(std::string_view text) : text_(text) {
  std::string why;
  regex_ = compile_pattern(text, why);
  if (!regex_) throw std::invalid_argument("invalid pattern '" + text_ + "': " + why);
}

Pattern::~Pattern() = default;

bool Pattern::search(std::string_view value) const {
  return RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *regex_);
}

std::string check_pattern(std::string_view text) {
  std::string why;
  return compile_pattern(text, why) ? std::string() : why;
}

bool check_constraints(std::string_view value, const StringConstraints& c, ConversionError& error) {
  if (c.min_length || c.max_length) {
    const std::size_t length = code_points(value);
    if (c.min_length && length < *c.min_length) {
      error = {"string_too_short",
               "String should have at least " + plural(*c.min_length, "character"),
               {{"min_length", *c.min_length}}};
      return false;
    }
    if (c.max_length && length > *c.max_length) {
      error = {"string_too_long",
               "String should have at most " + plural(*c.max_length, "character"),
               {{"max_length", *c.max_length}}};
      return false;
    }
  }
  if (c.pattern && !c.pattern->search(value)) {
    error = {"string_pattern_mismatch",
             "String should match pattern '" + c.pattern->text() + "'",
             {{"pattern", c.pattern->text()}}};
    return false;
  }
  return true;
}

bool check_max_length(std::size_t length, const ListConstraints& c, ConversionError& error) {
  if (!c.max_length || length <= *c.max_length) return true;
  error = {"too_long",
           "List should have at most " + plural(*c.max_length, "item") + " after validation, not " +
               std::to_string(length),
           {{"field_type", "List"}, {"max_length", *c.max_length}, {"actual_length", length}}};
  return false;
}

bool check_min_length(std::size_t length, const ListConstraints& c, ConversionError& error) {
  if (!c.min_length || length >= *c.min_length) return true;
  error = {"too_short",
           "List should have at least " + plural(*c.min_length, "item") +
               " after validation, not " + std::to_string(length),
           {{"field_type", "List"}, {"min_length", *c.min_length}, {"actual_length", length}}};
  return false;
}

}  // namespace fastcpp::detail
