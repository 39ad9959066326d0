// The declarative constraints (fastcpp/detail/constraints.hpp) on arbitrary input. The first
// bytes choose the bounds; the rest is both a pattern and a value. Checked: never a crash or
// undefined behaviour; check_pattern accepts exactly what Pattern compiles; an integer's error
// is the first of multiple_of, le, lt, ge, gt that its arithmetic fails; a string's lengths are
// its code points.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fastcpp/detail/constraints.hpp"

namespace {

using fastcpp::detail::ConversionError;
using fastcpp::detail::IntConstraints;

void check_integer(std::string_view text, const std::uint8_t* b) {
  long long value = 0;
  ConversionError error;
  if (!fastcpp::detail::parse_string(text, value, error)) return;
  const long long gt = static_cast<std::int8_t>(b[0]), ge = static_cast<std::int8_t>(b[1]),
                  lt = static_cast<std::int8_t>(b[2]), le = static_cast<std::int8_t>(b[3]),
                  m = b[4] % 16 + 1;
  auto c = IntConstraints().with_gt(gt).with_ge(ge).with_lt(lt).with_le(le).with_multiple_of(m);
  long long checked = 0;
  const bool ok = fastcpp::detail::parse_string_checked(text, checked, c, error);
  const char* expected = value % m != 0 ? "multiple_of"
                         : value > le   ? "less_than_equal"
                         : value >= lt  ? "less_than"
                         : value < ge   ? "greater_than_equal"
                         : value <= gt  ? "greater_than"
                                        : "";
  if (ok != (*expected == '\0')) __builtin_trap();
  if (ok && checked != value) __builtin_trap();
  if (!ok && error.type != expected) __builtin_trap();
}

void check_string(std::string_view text, const std::uint8_t* b) {
  std::size_t code_points = 0;
  for (char ch : text) code_points += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  const std::size_t min = b[5] % 32, max = b[6] % 32;
  ConversionError error;
  auto c = fastcpp::detail::StringConstraints().with_min_length(min).with_max_length(max);
  const bool ok = fastcpp::detail::check_constraints(text, c, error);
  const char* expected = code_points < min   ? "string_too_short"
                         : code_points > max ? "string_too_long"
                                             : "";
  if (ok != (*expected == '\0') || (!ok && error.type != expected)) __builtin_trap();
}

void check_pattern(std::string_view text) {
  const std::string why = fastcpp::detail::check_pattern(text);
  try {
    fastcpp::detail::Pattern pattern(text);
    if (!why.empty()) __builtin_trap();
    (void)pattern.search(text);
    ConversionError error;
    (void)fastcpp::detail::check_constraints(
        text, fastcpp::detail::StringConstraints().with_pattern(pattern), error);
  } catch (const std::invalid_argument&) {
    if (why.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kChoices = 7;
  if (size < kChoices) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + kChoices), size - kChoices);
  check_integer(text, data);
  check_string(text, data);
  check_pattern(text);
  return 0;
}
