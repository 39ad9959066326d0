// pydantic's lax conversions (fastcpp/detail/convert.hpp) on arbitrary text, and on the JSON
// values the text decodes to: never a crash, never undefined behaviour, and a failure always
// says why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fastcpp/detail/convert.hpp"
#include "fastcpp/detail/pyjson.hpp"

namespace {

using fastcpp::detail::ConversionError;

template <class T>
void from_string(std::string_view text) {
  T value{};
  ConversionError error;
  if (!fastcpp::detail::parse_string(text, value, error) && error.type.empty()) __builtin_trap();
}

template <class T>
void from_json(const fastcpp::json& input) {
  T value{};
  ConversionError error;
  if (!fastcpp::detail::parse_json(input, value, error) && error.type.empty()) __builtin_trap();
}

template <class... T>
void convert_all(std::string_view text, const fastcpp::json* input) {
  (from_string<T>(text), ...);
  if (input) (from_json<T>(*input), ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = fastcpp::detail::python_json_loads(text);
  const fastcpp::json* input =
      loaded.status == fastcpp::detail::JsonLoadResult::Status::kOk ? &loaded.value : nullptr;
  convert_all<bool, short, int, long, long long, unsigned short, unsigned int, unsigned long,
              unsigned long long, float, double, std::string>(text, input);
  return 0;
}
