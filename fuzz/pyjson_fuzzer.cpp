// python_json_loads (fastcpp/detail/pyjson.hpp), FastAPI's body decoder, on arbitrary bytes:
// never a crash or a stack overflow, whatever the nesting; a decoded document renders back (or
// refuses to, for NaN and infinities) and decodes again to the same value; errors point inside
// the text.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fastcpp/detail/pyjson.hpp"
#include "fastcpp/json_value.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using fastcpp::detail::JsonLoadResult;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto result = fastcpp::detail::python_json_loads(bytes);
  switch (result.status) {
    case JsonLoadResult::Status::kOk: {
      std::string text;
      try {
        text = fastcpp::json_dumps(result.value);
      } catch (const std::domain_error&) {
        return 0;  // NaN or an infinity: FastAPI's 500, by design
      }
      auto again = fastcpp::detail::python_json_loads(text);
      if (again.status != JsonLoadResult::Status::kOk) __builtin_trap();
      if (fastcpp::json_dumps(again.value) != text) __builtin_trap();
      break;
    }
    case JsonLoadResult::Status::kDecodeError:
      // The position counts characters of the decoded text, which has no more than its bytes.
      if (result.position > result.text.size()) __builtin_trap();
      if (result.message.empty()) __builtin_trap();
      break;
    case JsonLoadResult::Status::kNotText:
      break;
  }
  return 0;
}
