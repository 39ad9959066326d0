// The items service tested as FastAPI's "Testing" page tests an app: a TestClient sends requests
// through the service's own routing, binding and exception handlers, without a server.
#include <gtest/gtest.h>

#include <fastcpp/testclient.hpp>

using fastcpp::json;

// FastAPI's `client = TestClient(app)`, one per test.
class Items : public ::testing::Test {
 protected:
  fastcpp::TestClient client{fastcpp_generated::service()};
};

TEST_F(Items, ReadItem) {
  auto response = client.get("/items/foo");
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.json(), json({{"item", "The Foo Wrestlers"}}));
}

TEST_F(Items, ReadMissingItem) {
  auto response = client.get("/items/bar");
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.json(), json({{"detail", "Item not found"}}));
}

TEST_F(Items, ReadMissingItemHeader) {
  auto response = client.get("/items-header/bar");
  EXPECT_EQ(response.status_code, 404);
  EXPECT_EQ(response.header("X-Error"), "There goes my error");
}

TEST_F(Items, TrailingSlashRedirectIsFollowed) {
  auto response = client.get("/items/foo/");
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.url, "http://testserver/items/foo");
}

TEST_F(Items, WrongMethod) {
  auto response = client.post("/items/foo", json::object());
  EXPECT_EQ(response.status_code, 405);
  EXPECT_EQ(response.json(), json({{"detail", "Method Not Allowed"}}));
  EXPECT_EQ(response.header("allow"), "GET");
}
