#include "text.hpp"

namespace fastcpp::detail {
namespace {

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return static_cast<unsigned char>(text[pos]);
}

// The range of the byte after a lead byte of a multi-byte sequence (the later ones are always
// 80..BF); the narrower ranges are what exclude overlong forms, surrogates and code points past
// U+10FFFF. Returns the sequence length, 0 for a byte that cannot lead one.
std::size_t sequence_shape(unsigned char lead, unsigned char& low, unsigned char& high) {
  low = 0x80;
  high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    return 4;
  }
  return 0;
}

}  // namespace

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) noexcept {
  const unsigned char lead = byte_at(text, pos);
  if (lead < 0x80) return 1;
  unsigned char low = 0;
  unsigned char high = 0;
  const std::size_t length = sequence_shape(lead, low, high);
  if (length == 0 || text.size() - pos < length) return 0;
  for (std::size_t i = pos + 1; i < pos + length; ++i) {
    if (byte_at(text, i) < low || byte_at(text, i) > high) return 0;
    low = 0x80;
    high = 0xBF;
  }
  return length;
}

bool is_encoded_surrogate(std::string_view text, std::size_t pos) noexcept {
  auto in = [&](std::size_t i, unsigned char low, unsigned char high) {
    return i < text.size() && byte_at(text, i) >= low && byte_at(text, i) <= high;
  };
  return in(pos, 0xED, 0xED) && in(pos + 1, 0xA0, 0xBF) && in(pos + 2, 0x80, 0xBF);
}

char32_t decode_encoded_surrogate(std::string_view text, std::size_t& pos) noexcept {
  const char32_t code_point =
      0xD000 | ((byte_at(text, pos + 1) & 0x3Fu) << 6) | (byte_at(text, pos + 2) & 0x3Fu);
  pos += 3;
  return code_point;
}

char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept {
  const unsigned char lead = byte_at(text, pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  unsigned char low = 0;
  unsigned char high = 0;
  const std::size_t length = sequence_shape(lead, low, high);
  if (length == 0) {
    ++pos;
    return kReplacementCharacter;
  }
  char32_t code_point = lead & (length == 2 ? 0x1Fu : length == 3 ? 0x0Fu : 0x07u);
  const std::size_t end = pos + length;
  for (std::size_t i = pos + 1; i < end; ++i) {
    if (i >= text.size() || byte_at(text, i) < low || byte_at(text, i) > high) {
      pos = i;  // the bytes so far are one ill-formed part; the next byte starts afresh
      return kReplacementCharacter;
    }
    code_point = (code_point << 6) | (byte_at(text, i) & 0x3Fu);
    low = 0x80;
    high = 0xBF;
  }
  pos = end;
  return code_point;
}

void append_decoded_utf8(std::string& out, std::string_view bytes) {
  for (std::size_t pos = 0; pos < bytes.size();) {
    if (const std::size_t length = utf8_sequence_length(bytes, pos)) {
      out.append(bytes.substr(pos, length));
      pos += length;
    } else {
      append_utf8(out, decode_utf8(bytes, pos));
    }
  }
}

std::string decode_latin1(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

std::string_view trim_spaces_and_tabs(std::string_view text) noexcept {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

std::string_view trim_ascii_whitespace(std::string_view text) noexcept {
  constexpr const char* kWhitespace = " \t\n\r\f\v";
  const auto begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kWhitespace) - begin + 1);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace fastcpp::detail
