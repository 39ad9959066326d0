// run_main's command line: the options that take a value take the next argument, the others
// none; anything else (or an option missing its value) is refused with the usage before anything
// is served. The serving itself is http_runtime_test's and server_test's.
#include "fastcpp/app.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace fastcpp {
namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

Outcome run(std::vector<std::string> args) {
  args.insert(args.begin(), "svc");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  Outcome outcome;
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  outcome.status = run_main(Service{}, static_cast<int>(args.size()), argv.data());
  outcome.out = ::testing::internal::GetCapturedStdout();
  outcome.err = ::testing::internal::GetCapturedStderr();
  return outcome;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

TEST(RunMainTest, HelpPrintsTheUsageOnStdout) {
  auto outcome = run({"--help"});
  EXPECT_EQ(outcome.status, 0);
  EXPECT_TRUE(starts_with(outcome.out, "usage: svc [options]\n")) << outcome.out;
  EXPECT_NE(outcome.out.find("  --forwarded-allow-ips IPS "), std::string::npos);
  EXPECT_EQ(outcome.err, "");
}

TEST(RunMainTest, OptionsWithAValueTakeTheNextArgument) {
  // Each value is consumed, so `-h` after them is read as an option again.
  auto outcome = run({"--host",
                      "0.0.0.0",
                      "--port",
                      "0",
                      "--workers",
                      "2",
                      "--backlog",
                      "16",
                      "--timeout-keep-alive",
                      "1",
                      "--forwarded-allow-ips",
                      "*",
                      "--reuse-port",
                      "--no-proxy-headers",
                      "--proxy-headers",
                      "--no-access-log",
                      "--threads",
                      "1",
                      "--max-threads",
                      "4",
                      "--timeout-graceful-shutdown",
                      "1",
                      "--log-level",
                      "info",
                      "--log-format",
                      "text",
                      "--request-id",
                      "-h"});
  EXPECT_EQ(outcome.status, 0);
  EXPECT_TRUE(starts_with(outcome.out, "usage: svc [options]\n")) << outcome.out;
  EXPECT_EQ(outcome.err, "");
}

TEST(RunMainTest, AnOptionMissingItsValueIsRefused) {
  auto outcome = run({"--reuse-port", "--port"});
  EXPECT_EQ(outcome.status, 2);
  EXPECT_TRUE(starts_with(outcome.err,
                          "svc: unknown or incomplete option '--port'\n"
                          "usage: svc [options]\n"))
      << outcome.err;
  EXPECT_EQ(outcome.out, "");
}

TEST(RunMainTest, AnUnknownLogLevelIsRefused) {
  auto outcome = run({"--log-level", "verbose"});
  EXPECT_EQ(outcome.status, 2);
  EXPECT_TRUE(starts_with(outcome.err, "svc: unknown log level 'verbose'")) << outcome.err;
}

TEST(RunMainTest, AnOptionWithoutAValueTakesNone) {
  auto outcome = run({"--no-access-log", "yes"});
  EXPECT_EQ(outcome.status, 2);
  EXPECT_TRUE(starts_with(outcome.err, "svc: unknown or incomplete option 'yes'\n")) << outcome.err;
}

TEST(RunMainTest, AnUnknownOptionIsRefused) {
  auto outcome = run({"--port", "0", "--workers=2"});
  EXPECT_EQ(outcome.status, 2);
  EXPECT_TRUE(starts_with(outcome.err, "svc: unknown or incomplete option '--workers=2'\n"))
      << outcome.err;
}

}  // namespace
}  // namespace fastcpp
