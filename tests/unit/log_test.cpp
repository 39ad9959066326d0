// The runtime's log lines: one write per line with the time and a padded level, and how an
// exception in flight is named in them.
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "fastcpp/json_value.hpp"
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

// Each test leaves the process's settings as it found them (text, info).
class LogSettingsTest : public ::testing::Test {
 protected:
  void TearDown() override { configure_logging(LogFormat::kText, "info"); }

  static std::vector<json> json_lines(const std::string& output) {
    std::vector<json> lines;
    std::size_t start = 0;
    for (auto end = output.find('\n'); end != std::string::npos; end = output.find('\n', start)) {
      lines.push_back(json::parse(output.substr(start, end - start)));
      start = end + 1;
    }
    EXPECT_EQ(start, output.size()) << "a line without its end";
    return lines;
  }
};

TEST_F(LogSettingsTest, JsonLinesAreOneObjectEach) {
  ASSERT_TRUE(configure_logging(LogFormat::kJson, "info"));
  ::testing::internal::CaptureStderr();
  log_line("ERROR", "Exception in \"handler\"\nwith a second line");
  log_access({"10.0.0.7", 0, "GET", "/items/foo?q=1", "HTTP/1.1", 404, 0.1234, "abc-1"});
  log_access({"127.0.0.1", 5000, "POST", "/items/", "HTTP/1.0", 422, 2.5, {}});
  auto lines = json_lines(::testing::internal::GetCapturedStderr());
  ASSERT_EQ(lines.size(), 3u);
  std::regex utc(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (const auto& line : lines) {
    EXPECT_TRUE(std::regex_match(line["time"].get<std::string>(), utc)) << line.dump();
  }
  EXPECT_EQ(lines[0]["level"], "ERROR");
  EXPECT_EQ(lines[0]["message"], "Exception in \"handler\"\nwith a second line");
  EXPECT_EQ(lines[1]["level"], "INFO");
  EXPECT_EQ(lines[1]["client"], "10.0.0.7:0");
  EXPECT_EQ(lines[1]["method"], "GET");
  EXPECT_EQ(lines[1]["path"], "/items/foo?q=1");
  EXPECT_EQ(lines[1]["http_version"], "HTTP/1.1");
  EXPECT_EQ(lines[1]["status"], 404);
  EXPECT_DOUBLE_EQ(lines[1]["duration_ms"].get<double>(), 0.123);
  EXPECT_EQ(lines[1]["request_id"], "abc-1");
  EXPECT_FALSE(lines[2].contains("request_id"));
}

TEST_F(LogSettingsTest, TheTextAccessLineIsUvicorns) {
  ::testing::internal::CaptureStderr();
  log_access({"127.0.0.1", 5000, "GET", "/", "HTTP/1.1", 200, 0.25, {}});
  log_access({"127.0.0.1", 5001, "GET", "/", "HTTP/1.1", 200, 0.25, "id-7"});
  auto output = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_match(
      output, std::regex(R"(\S+ \S+ INFO     127\.0\.0\.1:5000 - "GET / HTTP/1\.1" 200 0\.250ms\n)"
                         R"(\S+ \S+ INFO     127\.0\.0\.1:5001 - "GET / HTTP/1\.1" 200 0\.250ms )"
                         R"(\[id-7\]\n)")))
      << output;
}

TEST_F(LogSettingsTest, LinesBelowTheLevelAreNotWritten) {
  ASSERT_TRUE(configure_logging(LogFormat::kText, "WARNING"));
  ::testing::internal::CaptureStderr();
  log_line("INFO", "not this");
  log_access({"127.0.0.1", 1, "GET", "/", "HTTP/1.1", 200, 0, {}});  // access lines are INFO
  log_line("WARNING", "this");
  log_line("ERROR", "and this");
  auto output = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(output.find("not this"), std::string::npos) << output;
  EXPECT_EQ(output.find("GET"), std::string::npos) << output;
  EXPECT_NE(output.find("WARNING  this"), std::string::npos) << output;
  EXPECT_NE(output.find("ERROR    and this"), std::string::npos) << output;
}

TEST_F(LogSettingsTest, AnUnknownLevelIsRefused) {
  EXPECT_FALSE(configure_logging(LogFormat::kText, "verbose"));
  EXPECT_TRUE(configure_logging(LogFormat::kText, "trace"));
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
