// Text helpers shared by the runtime's .cpp files: UTF-8 as Python encodes and decodes it,
// latin-1, trimming and ASCII case folding as HTTP wants them. Not installed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fastcpp::detail {

/// U+FFFD, what Python's `errors="replace"` puts in place of bytes it cannot decode.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

/// Whether `code_point` is a UTF-16 surrogate (U+D800..U+DFFF), which UTF-8 cannot encode.
constexpr bool is_surrogate(char32_t code_point) noexcept {
  return code_point >= 0xD800 && code_point <= 0xDFFF;
}

/// Appends `code_point` (at most U+10FFFF) in UTF-8. A surrogate gets the three bytes its value
/// would take (ED A0 80 for U+D800: the "generalized UTF-8" Python's "surrogatepass" writes),
/// which is not valid UTF-8: only a caller that wants to keep a lone surrogate passes one.
void append_utf8(std::string& out, char32_t code_point);

/// The length (1 to 4) of the well-formed UTF-8 sequence starting at `text[pos]`, or 0 when
/// there is none there: a stray continuation byte, an overlong form, an encoded surrogate, a
/// code point past U+10FFFF or a sequence cut short. `pos` must be inside `text`.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) noexcept;

/// Whether `text[pos]` starts the three bytes of an encoded surrogate (ED A0..BF 80..BF), the
/// sequences Python's "surrogatepass" decodes and strict UTF-8 refuses.
bool is_encoded_surrogate(std::string_view text, std::size_t pos) noexcept;

/// The surrogate whose three bytes start at `text[pos]` (is_encoded_surrogate must hold),
/// advancing `pos` past them.
char32_t decode_encoded_surrogate(std::string_view text, std::size_t& pos) noexcept;

/// The code point at `text[pos]`, advancing `pos` past it. Where the bytes are not UTF-8, returns
/// U+FFFD and advances past one maximal ill-formed part, as Python's
/// `bytes.decode("utf-8", errors="replace")` does (so ED A0 80 is three U+FFFD, E2 82 one).
/// `pos` must be inside `text`.
char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept;

/// Appends `bytes.decode("utf-8", errors="replace")` of `bytes`, in UTF-8.
void append_decoded_utf8(std::string& out, std::string_view bytes);

/// `bytes.decode("latin-1")` in UTF-8: each byte is the character of that code (U+0000..U+00FF).
std::string decode_latin1(std::string_view bytes);

/// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_spaces_and_tabs(std::string_view text) noexcept;

/// `text` without leading and trailing ASCII whitespace: space, \t, \n, \v, \f, \r.
std::string_view trim_ascii_whitespace(std::string_view text) noexcept;

/// ASCII case-insensitive equality, as HTTP compares header names and tokens.
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace fastcpp::detail
