// The runtime's log lines: one write per line with the time and a padded level, and how an
// exception in flight is named in them.
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>
#include <string>

#include "internal.hpp"

namespace fastcpp::detail {
namespace {

struct NotAStdException {};

TEST(LogLineTest, TimeLevelAndMessageOnOneLine) {
  ::testing::internal::CaptureStderr();
  log_line("ERROR", "Exception in ASGI application");
  log_line("INFO", "127.0.0.1:5000 - \"GET / HTTP/1.1\" 200");
  auto output = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(output, std::regex("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d "
                                                  "ERROR    Exception in ASGI application\n"
                                                  "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d "
                                                  "INFO     127.0.0.1:5000 - \"GET / HTTP/1.1\" "
                                                  "200\n")))
      << output;
}

TEST(DescribeCurrentExceptionTest, AStandardExceptionByItsTypeAndWhat) {
  try {
    throw std::out_of_range("index 3");
  } catch (...) {
    EXPECT_EQ(describe_current_exception(), "std::out_of_range: index 3");
  }
}

TEST(DescribeCurrentExceptionTest, AnyOtherThrowByItsType) {
  try {
    throw NotAStdException{};
  } catch (...) {
    EXPECT_EQ(describe_current_exception(),
              "fastcpp::detail::(anonymous namespace)::NotAStdException (not a std::exception)");
  }
  try {
    throw 42;
  } catch (...) {
    EXPECT_EQ(describe_current_exception(), "int (not a std::exception)");
  }
}

TEST(DescribeCurrentExceptionTest, NoExceptionInFlight) {
  EXPECT_EQ(describe_current_exception(), "no exception");
}

}  // namespace
}  // namespace fastcpp::detail
