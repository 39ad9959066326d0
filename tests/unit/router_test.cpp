// Starlette's path templates: each case's answer is what Python's `re` gives for the regex
// Starlette compiles the template to (greedy, backtracking).
#include "router.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace fastcpp::detail {
namespace {

std::optional<Request::Pairs> match(const char* path_template, const std::string& path) {
  Request::Pairs params;
  if (!PathPattern(path_template).match(path, &params)) return std::nullopt;
  return params;
}

using Pairs = Request::Pairs;

TEST(PathPatternTest, TwoParametersInASegmentAreGreedyFromTheLeft) {
  EXPECT_EQ(match("/{name}.{ext}", "/a.b.c"), (Pairs{{"name", "a.b"}, {"ext", "c"}}));
  EXPECT_EQ(match("/{first}-{second}.{ext}", "/x-y-z.tar.gz"),
            (Pairs{{"first", "x-y"}, {"second", "z.tar"}, {"ext", "gz"}}));
  EXPECT_EQ(match("/{a}{b}", "/xyz"), (Pairs{{"a", "xy"}, {"b", "z"}}));
  EXPECT_EQ(match("/{n:int}{m:int}x", "/123x"), (Pairs{{"n", "12"}, {"m", "3"}}));
  EXPECT_FALSE(match("/{name}.{ext}", "/abc"));
  EXPECT_FALSE(match("/{name}.{ext}", "/a./"));
}

TEST(PathPatternTest, APathParameterSpansSegmentsGreedily) {
  EXPECT_EQ(match("/{a:path}/x/{b}", "/p/q/x/r/x/s"), (Pairs{{"a", "p/q/x/r"}, {"b", "s"}}));
  EXPECT_EQ(match("/files/{p:path}", "/files/"), (Pairs{{"p", ""}}));
}

TEST(PathPatternTest, ConvertersTakeOnlyTheirOwnValues) {
  EXPECT_EQ(match("/v{n:float}", "/v1.5"), (Pairs{{"n", "1.5"}}));
  EXPECT_FALSE(match("/v{n:float}", "/v1."));
  EXPECT_FALSE(match("/v{n:float}", "/v1.5.6"));
  EXPECT_EQ(match("/{n:float}.{e}", "/1.5.json"), (Pairs{{"n", "1.5"}, {"e", "json"}}));
  EXPECT_EQ(match("/{n:float}.{e}", "/1.json"), (Pairs{{"n", "1"}, {"e", "json"}}));
  EXPECT_EQ(match("/{u:uuid}", "/123e4567-e89b-12d3-a456-426614174000"),
            (Pairs{{"u", "123e4567-e89b-12d3-a456-426614174000"}}));
  EXPECT_FALSE(match("/{u:uuid}", "/123E4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(match("/{n:int}", "/"));
  EXPECT_FALSE(match("/{s}", "/"));
}

// A search that retried every split at every offset took seconds of CPU on these 8 KB paths
// (the default URI limit); each must simply not match.
TEST(PathPatternTest, PathsMadeToDefeatBacktrackingDoNotMatch) {
  std::string dots = "/";
  std::string dashes = "/";
  for (int i = 0; i < 4000; ++i) {
    dots += "a.";
    dashes += "a-";
  }
  EXPECT_FALSE(match("/{name}.{ext}", dots + "/"));
  EXPECT_FALSE(match("/{first}-{second}.{ext}", dashes));
  EXPECT_FALSE(match("/{a}{b}{c}x", "/" + std::string(8000, 'a')));
  EXPECT_FALSE(match("/{a:path}{b}.{c}/", dots));
}

}  // namespace
}  // namespace fastcpp::detail
