#include "fastcpp/types.hpp"

#include <fmt/format.h>

#include <cstddef>

namespace fastcpp {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 32 hex digits, with a hyphen before the digits at these offsets when `hyphenated`.
std::optional<UUID> parse_digits(std::string_view text, bool hyphenated) {
  std::array<std::uint8_t, 16> bytes{};
  std::size_t at = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    if (hyphenated && (i == 4 || i == 6 || i == 8 || i == 10)) {
      if (text[at] != '-') return std::nullopt;
      ++at;
    }
    int high = hex_value(text[at]);
    int low = hex_value(text[at + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
    at += 2;
  }
  return UUID(bytes);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Why `text` is not a UUID, as the Rust uuid crate 1.x words it (`InvalidUuid::into_err`).
// Positions are 1-based byte offsets into the whole input.
std::string explain(std::string_view text) {
  std::string_view body = text;
  std::size_t offset = 0;
  bool simple = true;
  if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
    body = text.substr(1, text.size() - 2);
    offset = 1;
    simple = false;
  } else if (starts_with(text, "urn:uuid:")) {
    body = text.substr(9);
    offset = 9;
    simple = false;
  }
  std::size_t hyphens = 0;
  std::array<std::size_t, 4> bounds{};
  for (std::size_t i = 0; i < body.size(); ++i) {
    auto byte = static_cast<unsigned char>(body[i]);
    if (byte >= 0x80) {
      // A multi-byte character, quoted whole (the input is UTF-8: it came from a str).
      std::size_t length = (byte >= 0xF0) ? 4 : (byte >= 0xE0) ? 3 : 2;
      return fmt::format(
          "invalid character: expected an optional prefix of `urn:uuid:` followed by "
          "[0-9a-fA-F-], found `{}` at {}",
          body.substr(i, length), i + offset + 1);
    }
    if (byte == '-') {
      if (hyphens < 4) bounds[hyphens] = i;
      ++hyphens;
    } else if (hex_value(body[i]) < 0) {
      return fmt::format(
          "invalid character: expected an optional prefix of `urn:uuid:` followed by "
          "[0-9a-fA-F-], found `{}` at {}",
          body[i], i + offset + 1);
    }
  }
  if (hyphens == 0 && simple) {
    return fmt::format("invalid length: expected length 32 for simple format, found {}",
                       text.size());
  }
  if (hyphens != 4) return fmt::format("invalid group count: expected 5, found {}", hyphens + 1);
  constexpr std::array<std::size_t, 5> kStarts = {0, 9, 14, 19, 24};
  constexpr std::array<std::size_t, 5> kLengths = {8, 4, 4, 4, 12};
  for (std::size_t group = 0; group < 4; ++group) {
    if (bounds[group] != kStarts[group + 1] - 1) {
      return fmt::format("invalid group length in group {}: expected {}, found {}", group,
                         kLengths[group], bounds[group] - kStarts[group]);
    }
  }
  // The crate measures the last group against the whole input, braces or prefix included.
  return fmt::format("invalid group length in group 4: expected 12, found {}",
                     text.size() - kStarts[4]);
}

}  // namespace

std::optional<UUID> UUID::parse(std::string_view text, std::string* error) {
  std::optional<UUID> out;
  if (text.size() == 32) {
    out = parse_digits(text, false);
  } else if (text.size() == 36) {
    out = parse_digits(text, true);
  } else if (text.size() == 38 && text.front() == '{' && text.back() == '}') {
    out = parse_digits(text.substr(1, 36), true);
  } else if (text.size() == 45 && starts_with(text, "urn:uuid:")) {
    out = parse_digits(text.substr(9), true);
  }
  if (!out && error != nullptr) *error = explain(text);
  return out;
}

std::string UUID::str() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kDigits[bytes_[i] >> 4];
    out += kDigits[bytes_[i] & 0xF];
  }
  return out;
}

void to_json(json& out, const UUID& value) { out = value.str(); }

}  // namespace fastcpp
