// The security sample tested as FastAPI's own tests test the tutorial it follows
// (tests/test_tutorial/test_security/test_tutorial003.py): the token is asked for with a form,
// `client.post("/token", data={...})`, then sent as `Authorization: Bearer`.
#include <gtest/gtest.h>

#include <fastcpp/testclient.hpp>
#include <string>

using fastcpp::json;

class Security : public ::testing::Test {
 protected:
  fastcpp::TestClient client{fastcpp_generated::service()};

  fastcpp::TestResponse read_me(const std::string& authorization) {
    return client.get("/users/me", fastcpp::Headers{{"Authorization", authorization}});
  }
};

TEST_F(Security, Login) {
  auto response = client.post_form("/token", {{"username", "johndoe"}, {"password", "secret"}});
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.json(), json({{"access_token", "johndoe"}, {"token_type", "bearer"}}));
}

TEST_F(Security, LoginIncorrectPassword) {
  auto response = client.post_form("/token", {{"username", "johndoe"}, {"password", "incorrect"}});
  EXPECT_EQ(response.status_code, 400);
  EXPECT_EQ(response.json(), json({{"detail", "Incorrect username or password"}}));
}

TEST_F(Security, LoginIncorrectUsername) {
  auto response = client.post_form("/token", {{"username", "foo"}, {"password", "secret"}});
  EXPECT_EQ(response.status_code, 400);
  EXPECT_EQ(response.json(), json({{"detail", "Incorrect username or password"}}));
}

TEST_F(Security, LoginWithJsonIsNotAForm) {
  auto response = client.post("/token", json({{"username", "johndoe"}, {"password", "secret"}}));
  EXPECT_EQ(response.status_code, 422);
  EXPECT_EQ(response.json()["detail"][0]["loc"], json({"body", "username"}));
}

TEST_F(Security, NoToken) {
  auto response = client.get("/users/me");
  EXPECT_EQ(response.status_code, 401);
  EXPECT_EQ(response.json(), json({{"detail", "Not authenticated"}}));
  EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer");
}

TEST_F(Security, Token) {
  auto token = client.post_form("/token", {{"username", "johndoe"}, {"password", "secret"}})
                   .json()["access_token"]
                   .get<std::string>();
  auto response = read_me("Bearer " + token);
  EXPECT_EQ(response.status_code, 200);
  EXPECT_EQ(response.json(), json({{"username", "johndoe"},
                                   {"email", "johndoe@example.com"},
                                   {"full_name", "John Doe"},
                                   {"disabled", false},
                                   {"hashed_password", "fakehashedsecret"}}));
}

TEST_F(Security, IncorrectToken) {
  auto response = read_me("Bearer nonexistent");
  EXPECT_EQ(response.status_code, 401);
  EXPECT_EQ(response.json(), json({{"detail", "Invalid authentication credentials"}}));
  EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer");
}

TEST_F(Security, IncorrectTokenType) {
  auto response = read_me("Notexistent testtoken");
  EXPECT_EQ(response.status_code, 401);
  EXPECT_EQ(response.json(), json({{"detail", "Not authenticated"}}));
  EXPECT_EQ(response.header("WWW-Authenticate"), "Bearer");
}

TEST_F(Security, InactiveUser) {
  auto response = read_me("Bearer alice");
  EXPECT_EQ(response.status_code, 400);
  EXPECT_EQ(response.json(), json({{"detail", "Inactive user"}}));
}
