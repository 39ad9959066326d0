// fastcpp/types.hpp: UUID's forms and rendering, and its errors replayed from the recorded
// FastAPI answers (tests/conformance/types.json).
#include "fastcpp/types.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "fastcpp/detail/convert.hpp"

namespace {

using fastcpp::json;
using fastcpp::UUID;

constexpr const char* kHyphenated = "12345678-1234-5678-1234-567812345678";

TEST(Uuid, EveryFormReadsTheSameBytes) {
  auto expected = UUID::parse(kHyphenated);
  ASSERT_TRUE(expected);
  EXPECT_EQ(expected->bytes()[0], 0x12);
  EXPECT_EQ(expected->bytes()[15], 0x78);
  for (const char* form :
       {"12345678123456781234567812345678", "{12345678-1234-5678-1234-567812345678}",
        "urn:uuid:12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678"}) {
    auto uuid = UUID::parse(form);
    ASSERT_TRUE(uuid) << form;
    EXPECT_EQ(*uuid, *expected) << form;
  }
}

TEST(Uuid, RendersHyphenatedLowerCase) {
  auto uuid = UUID::parse("ABCDEF78123456781234567812345678");
  ASSERT_TRUE(uuid);
  EXPECT_EQ(uuid->str(), "abcdef78-1234-5678-1234-567812345678");
  EXPECT_EQ(UUID().str(), "00000000-0000-0000-0000-000000000000");
  json value = {{"id", *uuid}};
  EXPECT_EQ(value.dump(), R"({"id":"abcdef78-1234-5678-1234-567812345678"})");
}

TEST(Uuid, RefusesWhatTheCrateRefuses) {
  // 36 characters, but hyphens misplaced; braces without the hyphenated form; a URN prefix in
  // upper case (the crate compares it byte for byte).
  for (const char* text :
       {"123456781-234-5678-1234-567812345678", "{12345678123456781234567812345678}",
        "URN:UUID:12345678-1234-5678-1234-567812345678", ""}) {
    std::string error;
    EXPECT_FALSE(UUID::parse(text, &error)) << text;
    EXPECT_FALSE(error.empty()) << text;
  }
}

// Every uuid_parsing error FastAPI answered in the fixture: the same reason for the same input.
TEST(Uuid, ErrorsAsRecordedFromFastApi) {
  std::ifstream file(std::string(FASTCPP_CONFORMANCE_DIR) + "/types.json");
  ASSERT_TRUE(file);
  json fixture = json::parse(file);
  int checked = 0;
  for (const auto& c : fixture["cases"]) {
    const auto& response = c["response"];
    if (response["status"] != 422) continue;
    const json body = json::parse(response["body"].get<std::string>());
    for (const auto& error : body["detail"]) {
      if (error["type"] != "uuid_parsing") continue;
      auto input = error["input"].get<std::string>();
      fastcpp::detail::ConversionError got;
      UUID out;
      EXPECT_FALSE(fastcpp::detail::parse_string(input, out, got)) << input;
      EXPECT_EQ(got.type, "uuid_parsing");
      EXPECT_EQ(got.msg, error["msg"]) << input;
      EXPECT_EQ(got.ctx, error["ctx"]) << input;
      ++checked;
    }
  }
  EXPECT_GE(checked, 15);
}

TEST(Uuid, JsonOtherThanAStringIsUuidType) {
  fastcpp::detail::ConversionError error;
  UUID out;
  EXPECT_FALSE(fastcpp::detail::parse_json(json(5), out, error));
  EXPECT_EQ(error.type, "uuid_type");
  EXPECT_EQ(error.msg, "UUID input should be a string, bytes or UUID object");
  EXPECT_TRUE(fastcpp::detail::parse_json(json(kHyphenated), out, error));
  EXPECT_EQ(out.str(), kHyphenated);
}

}  // namespace
