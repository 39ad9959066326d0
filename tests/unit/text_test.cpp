// The runtime's text helpers (runtime/src/text.hpp). The expected decodings are Python 3.13's
// `bytes.decode("utf-8", errors="replace")` and `urllib.parse.unquote`, run by hand.
#include "text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace fastcpp::detail {
namespace {

using namespace std::string_view_literals;

const std::string kReplacement = "\xEF\xBF\xBD";

std::string encoded(char32_t code_point) {
  std::string out;
  append_utf8(out, code_point);
  return out;
}

std::string decoded(std::string_view bytes) {
  std::string out;
  append_decoded_utf8(out, bytes);
  return out;
}

TEST(AppendUtf8, EachLength) {
  EXPECT_EQ(encoded(U'A'), "A");
  EXPECT_EQ(encoded(0), "\0"sv);
  EXPECT_EQ(encoded(0x7F), "\x7F");
  EXPECT_EQ(encoded(0x80), "\xC2\x80");
  EXPECT_EQ(encoded(0xFF), "\xC3\xBF");
  EXPECT_EQ(encoded(0x7FF), "\xDF\xBF");
  EXPECT_EQ(encoded(0x800), "\xE0\xA0\x80");
  EXPECT_EQ(encoded(0x2603), "\xE2\x98\x83");
  EXPECT_EQ(encoded(0xFFFD), kReplacement);
  EXPECT_EQ(encoded(0x10000), "\xF0\x90\x80\x80");
  EXPECT_EQ(encoded(0x1F600), "\xF0\x9F\x98\x80");
  EXPECT_EQ(encoded(0x10FFFF), "\xF4\x8F\xBF\xBF");
}

TEST(AppendUtf8, SurrogatesTakeTheirThreeByteForm) {
  EXPECT_EQ(encoded(0xD800), "\xED\xA0\x80");
  EXPECT_EQ(encoded(0xDBFF), "\xED\xAF\xBF");
  EXPECT_EQ(encoded(0xDC00), "\xED\xB0\x80");
  EXPECT_EQ(encoded(0xDFFF), "\xED\xBF\xBF");
  EXPECT_TRUE(is_surrogate(0xD800));
  EXPECT_TRUE(is_surrogate(0xDFFF));
  EXPECT_FALSE(is_surrogate(0xD7FF));
  EXPECT_FALSE(is_surrogate(0xE000));
}

TEST(Utf8SequenceLength, WellFormed) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\0"sv, 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("x\xE2\x98\x83", 1), 3u);
  EXPECT_EQ(utf8_sequence_length("\xED\x9F\xBF", 0), 3u);  // U+D7FF, just below the surrogates
  EXPECT_EQ(utf8_sequence_length("\xEE\x80\x80", 0), 3u);  // U+E000, just above them
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(utf8_sequence_length("\xF4\x8F\xBF\xBF", 0), 4u);
}

TEST(Utf8SequenceLength, IllFormed) {
  for (std::string_view bytes :
       {"\x80"sv, "\xBF"sv, "\xC0\xAF"sv, "\xC1\xBF"sv, "\xC3"sv, "\xC3x"sv, "\xE0\x80\xAF"sv,
        "\xE0\x9F\xBF"sv, "\xED\xA0\x80"sv, "\xED\xBF\xBF"sv, "\xE2\x98"sv, "\xF0\x8F\xBF\xBF"sv,
        "\xF4\x90\x80\x80"sv, "\xF5\x80\x80\x80"sv, "\xF0\x9F\x98"sv, "\xFF"sv}) {
    EXPECT_EQ(utf8_sequence_length(bytes, 0), 0u) << testing::PrintToString(bytes);
  }
}

TEST(IsEncodedSurrogate, OnlyTheThreeBytesOfOne) {
  EXPECT_TRUE(is_encoded_surrogate("\xED\xA0\x80", 0));
  EXPECT_TRUE(is_encoded_surrogate("ab\xED\xBF\xBF", 2));
  EXPECT_FALSE(is_encoded_surrogate("\xED\x9F\xBF", 0));  // U+D7FF
  EXPECT_FALSE(is_encoded_surrogate("\xED\xA0", 0));      // cut short
  EXPECT_FALSE(is_encoded_surrogate("\xED\xA0x", 0));
  EXPECT_FALSE(is_encoded_surrogate("\xEE\xA0\x80", 0));
  EXPECT_FALSE(is_encoded_surrogate("\xED\xA0\x80", 1));
}

TEST(DecodeEncodedSurrogate, ValueAndPosition) {
  std::size_t pos = 1;
  EXPECT_EQ(decode_encoded_surrogate("a\xED\xA0\x80"
                                     "b",
                                     pos),
            U'\xD800');
  EXPECT_EQ(pos, 4u);
  pos = 0;
  EXPECT_EQ(decode_encoded_surrogate("\xED\xBF\xBF", pos), U'\xDFFF');
  EXPECT_EQ(pos, 3u);
}

TEST(DecodeUtf8, CodePointsAndPositions) {
  const std::string_view text = "a\xC3\xA9\xE2\x98\x83\xF0\x9F\x98\x80";
  std::size_t pos = 0;
  EXPECT_EQ(decode_utf8(text, pos), U'a');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(decode_utf8(text, pos), U'\u00e9');
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(decode_utf8(text, pos), U'\u2603');
  EXPECT_EQ(pos, 6u);
  EXPECT_EQ(decode_utf8(text, pos), U'\U0001F600');
  EXPECT_EQ(pos, 10u);
}

TEST(DecodeUtf8, OneReplacementPerMaximalIllFormedPart) {
  // (bytes, Python's decode(errors="replace"))
  const std::pair<std::string_view, std::string> kCases[] = {
      {"\xE2\x82"
       "A"sv,
       kReplacement + "A"},
      {"\xED\xA0\x80"sv, kReplacement + kReplacement + kReplacement},
      {"\xF0\x9F\x98"sv, kReplacement},
      {"\xC0\xAF"sv, kReplacement + kReplacement},
      {"\xF4\x90\x80\x80"sv, kReplacement + kReplacement + kReplacement + kReplacement},
      {"\xE0\x80\xAF"sv, kReplacement + kReplacement + kReplacement},
      {"\xF5"sv, kReplacement},
      {"a\xFF"
       "b"sv,
       "a" + kReplacement + "b"},
      {"\xEF\xBF\xBD"sv, kReplacement},
      {"\xF0\x9F\x98\x80"sv, "\xF0\x9F\x98\x80"},
      {"\xC3\xA9\xC3"sv, "\xC3\xA9" + kReplacement},
  };
  for (const auto& [bytes, expected] : kCases) {
    EXPECT_EQ(decoded(bytes), expected) << testing::PrintToString(bytes);
  }
}

TEST(DecodeLatin1, EveryByteIsACharacter) {
  EXPECT_EQ(decode_latin1("plain"), "plain");
  EXPECT_EQ(decode_latin1("a\xFF"
                          "b"),
            "a\xC3\xBF"
            "b");
  EXPECT_EQ(decode_latin1("\x80\xA0\xE9"), "\xC2\x80\xC2\xA0\xC3\xA9");
  EXPECT_EQ(decode_latin1("\0"sv), "\0"sv);
  EXPECT_EQ(decode_latin1(""), "");
}

TEST(Trim, SpacesAndTabsOnly) {
  EXPECT_EQ(trim_spaces_and_tabs(" \t a b \t "), "a b");
  EXPECT_EQ(trim_spaces_and_tabs("\na\r"), "\na\r");
  EXPECT_EQ(trim_spaces_and_tabs(" \t "), "");
  EXPECT_EQ(trim_spaces_and_tabs(""), "");
  EXPECT_EQ(trim_spaces_and_tabs("x"), "x");
}

TEST(Trim, AsciiWhitespace) {
  EXPECT_EQ(trim_ascii_whitespace(" \t\n\r\f\va b\v\f\r\n\t "), "a b");
  EXPECT_EQ(trim_ascii_whitespace("\x1C"
                                  "a\xC2\xA0"),
            "\x1C"
            "a\xC2\xA0");  // ASCII only
  EXPECT_EQ(trim_ascii_whitespace(" \n "), "");
  EXPECT_EQ(trim_ascii_whitespace(""), "");
}

TEST(Iequals, AsciiCaseOnly) {
  EXPECT_TRUE(iequals("Content-Type", "content-type"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("content-type", "content-typ"));
  EXPECT_FALSE(iequals("a", "b"));
  EXPECT_FALSE(iequals("\xC3\x89", "\xC3\xA9"));  // É and é: not ASCII
  EXPECT_FALSE(iequals("@", "`"));                // 0x40 and 0x60 differ by the case bit only
  EXPECT_FALSE(iequals("[", "{"));
}

}  // namespace
}  // namespace fastcpp::detail
