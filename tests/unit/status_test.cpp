// status_phrase against Python 3.13's `http.HTTPStatus(code).phrase`, the whole table.
#include "fastcpp/status.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <string_view>
#include <utility>

namespace fastcpp {
namespace {

TEST(StatusPhrase, EveryCodePython313Knows) {
  // Printed by `for s in http.HTTPStatus: print(s.value, s.phrase)` in the reference Python.
  constexpr std::pair<int, std::string_view> kTable[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {102, "Processing"},
      {103, "Early Hints"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {203, "Non-Authoritative Information"},
      {204, "No Content"},
      {205, "Reset Content"},
      {206, "Partial Content"},
      {207, "Multi-Status"},
      {208, "Already Reported"},
      {226, "IM Used"},
      {300, "Multiple Choices"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {305, "Use Proxy"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {402, "Payment Required"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {407, "Proxy Authentication Required"},
      {408, "Request Timeout"},
      {409, "Conflict"},
      {410, "Gone"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {415, "Unsupported Media Type"},
      {416, "Range Not Satisfiable"},
      {417, "Expectation Failed"},
      {418, "I'm a Teapot"},
      {421, "Misdirected Request"},
      {422, "Unprocessable Content"},
      {423, "Locked"},
      {424, "Failed Dependency"},
      {425, "Too Early"},
      {426, "Upgrade Required"},
      {428, "Precondition Required"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {451, "Unavailable For Legal Reasons"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Timeout"},
      {505, "HTTP Version Not Supported"},
      {506, "Variant Also Negotiates"},
      {507, "Insufficient Storage"},
      {508, "Loop Detected"},
      {510, "Not Extended"},
      {511, "Network Authentication Required"},
  };
  EXPECT_EQ(std::size(kTable), 62u);
  for (const auto& [code, phrase] : kTable) {
    EXPECT_EQ(status_phrase(code), phrase) << code;
  }
}

TEST(StatusPhrase, NamesChangedInPython313) {
  EXPECT_EQ(status_phrase(413), "Content Too Large");
  EXPECT_EQ(status_phrase(416), "Range Not Satisfiable");
  EXPECT_EQ(status_phrase(422), "Unprocessable Content");
  EXPECT_EQ(status_phrase(418), "I'm a Teapot");
}

TEST(StatusPhrase, UnknownCodesAreEmpty) {
  // HTTPStatus(299) raises ValueError; 306 is reserved and 419/420/427/430 unassigned.
  for (int code : {0,   -1,  99,  199, 209, 299, 306, 309, 419,  420, 427,
                   430, 450, 452, 499, 509, 512, 599, 600, 1000, 1008}) {
    EXPECT_TRUE(status_phrase(code).empty()) << code;
  }
}

TEST(StatusPhrase, BodylessStatuses) {
  EXPECT_TRUE(is_bodyless_status(100));
  EXPECT_TRUE(is_bodyless_status(199));
  EXPECT_TRUE(is_bodyless_status(204));
  EXPECT_TRUE(is_bodyless_status(304));
  EXPECT_FALSE(is_bodyless_status(200));
  EXPECT_FALSE(is_bodyless_status(205));
  EXPECT_FALSE(is_bodyless_status(404));
}

}  // namespace
}  // namespace fastcpp
