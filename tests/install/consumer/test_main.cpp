// The consumer's own test of its service, as FastAPI's "Testing" page writes one.
#include <gtest/gtest.h>

#include <fastcpp/testclient.hpp>

TEST(Hello, SaysHello) {
  fastcpp::TestClient client(fastcpp_generated::service());
  auto response = client.get("/hello/world");
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.json(), fastcpp::json({{"hello", "world"}}));
  EXPECT_EQ(client.get("/nowhere").status_code, 404);
}
