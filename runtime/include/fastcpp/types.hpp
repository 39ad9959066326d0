// fastcpp/types.hpp: value types beyond C++'s own that FastAPI's models use, with pydantic's
// parsing rules: fastcpp::UUID (Python's uuid.UUID), the datetime types of fastcpp/datetime.hpp
// and fastcpp::Decimal (fastcpp/decimal.hpp).
//
// Each is a parameter, a struct field and a result like an int is: fastcpp-gen reads it from a
// path, query, header or cookie string or from a JSON body with pydantic's exact errors, and
// renders it as FastAPI does. Each also converts to fastcpp::json (`{{"id", id}}`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fastcpp/datetime.hpp"
#include "fastcpp/decimal.hpp"
#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// A UUID (Python's `uuid.UUID`): 16 bytes, rendered in the hyphenated lower-case form
/// `12345678-1234-5678-1234-567812345678`, as FastAPI renders one.
class UUID {
 public:
  /// The nil UUID, all zeros.
  constexpr UUID() = default;
  explicit constexpr UUID(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  /// Reads the forms pydantic accepts: hyphenated (`12345678-1234-5678-1234-567812345678`),
  /// simple (32 hex digits), braced (`{...}`) and URN (`urn:uuid:...`), in either case. On
  /// failure, `error` (if given) says why, in the words of the Rust `uuid` crate that pydantic
  /// quotes: "invalid group length in group 4: expected 12, found 11".
  static std::optional<UUID> parse(std::string_view text, std::string* error = nullptr);

  /// The hyphenated lower-case form, as Python's `str(uuid)`.
  std::string str() const;

  const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }

  friend bool operator==(const UUID& a, const UUID& b) noexcept { return a.bytes_ == b.bytes_; }
  friend bool operator!=(const UUID& a, const UUID& b) noexcept { return a.bytes_ != b.bytes_; }
  friend bool operator<(const UUID& a, const UUID& b) noexcept { return a.bytes_ < b.bytes_; }

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

/// `json j = uuid;` is its string, as FastAPI's jsonable_encoder renders a UUID.
void to_json(json& out, const UUID& value);
/// The same in a struct field or a declared result (pydantic's JSON mode).
inline json to_model_json(const UUID& value) { return value.str(); }

}  // namespace fastcpp
