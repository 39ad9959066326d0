// FastAPI's default exception handlers, byte for byte: the detail as any JSON, the status phrase
// for a null one, the bodyless statuses, 422's error list, the plain 500, and the WebSocket
// validation close.
#include "fastcpp/exception_handlers.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fake_transport.hpp"

namespace fastcpp {
namespace {

std::string header_of(const Response& response, std::string_view name) {
  const auto* value = response.header(name);
  return value ? *value : "<absent>";
}

TEST(DefaultHandlersTest, DetailMayBeAnyJson) {
  Request request;
  HTTPException exc(400, {{"a", 1}, {"b", {true, nullptr, 1.5}}});
  auto response = exception_handlers::http_exception_handler(request, exc);
  EXPECT_EQ(response.body, R"({"detail":{"a":1,"b":[true,null,1.5]}})");
}

TEST(DefaultHandlersTest, NullDetailIsTheStatusPhrase) {
  Request request;
  EXPECT_EQ(exception_handlers::http_exception_handler(request, HTTPException(418)).body,
            R"({"detail":"I'm a Teapot"})");
  EXPECT_EQ(exception_handlers::http_exception_handler(request, HTTPException(422)).body,
            R"({"detail":"Unprocessable Content"})");
}

TEST(DefaultHandlersTest, BodylessStatuses) {
  Request request;
  auto no_content = exception_handlers::http_exception_handler(request, HTTPException(204));
  EXPECT_EQ(no_content.body, "");
  EXPECT_EQ(header_of(no_content, "content-length"), "<absent>");
  EXPECT_EQ(header_of(no_content, "content-type"), "<absent>");
  auto reset = exception_handlers::http_exception_handler(request, HTTPException(205));
  EXPECT_EQ(reset.body, "");
  EXPECT_EQ(header_of(reset, "content-length"), "0");
  auto not_modified = exception_handlers::http_exception_handler(
      request, HTTPException(304, nullptr, {{"ETag", "x"}}));
  EXPECT_EQ(header_of(not_modified, "content-length"), "<absent>");
  EXPECT_EQ(header_of(not_modified, "etag"), "x");
}

TEST(DefaultHandlersTest, ExceptionHeadersMayReplaceContentType) {
  Request request;
  auto response = exception_handlers::http_exception_handler(
      request, HTTPException(400, "x", {{"Content-Type", "text/x"}}));
  EXPECT_EQ(header_of(response, "content-type"), "text/x");
  EXPECT_EQ(response.headers.size(), 2u);
}

TEST(DefaultHandlersTest, ValidationErrorsAre422WithTheListOnly) {
  Request request;
  json errors = json::array({{{"type", "missing"},
                              {"loc", {"query", "n"}},
                              {"msg", "Field required"},
                              {"input", nullptr}}});
  auto response = exception_handlers::request_validation_exception_handler(
      request, RequestValidationError(errors, {{"ignored", true}}));
  EXPECT_EQ(response.status_code, 422);
  EXPECT_EQ(
      response.body,
      R"({"detail":[{"type":"missing","loc":["query","n"],"msg":"Field required","input":null}]})");
}

TEST(DefaultHandlersTest, InternalServerErrorIsPlainText) {
  auto response = exception_handlers::internal_server_error();
  EXPECT_EQ(response.status_code, 500);
  EXPECT_EQ(response.body, "Internal Server Error");
  EXPECT_EQ(header_of(response, "content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(header_of(response, "content-length"), "21");
}

TEST(HttpExceptionHandler, NoDetailWhereFastApiAllowsNoBody) {
  const Request request;
  for (int status : {101, 204, 205, 304}) {
    const Response response =
        exception_handlers::http_exception_handler(request, HTTPException(status, "gone"));
    EXPECT_EQ(response.body, "") << status;
  }
  EXPECT_EQ(exception_handlers::http_exception_handler(request, HTTPException(404, "gone")).body,
            R"({"detail":"gone"})");
}

TEST(WebSocketValidationHandlerTest, ClosesWith1008AndTheErrorsAsTheReason) {
  Request request;
  testing::FakeTransport transport;
  WebSocket websocket(request, transport);
  websocket.accept();
  json errors = json::array({{{"type", "missing"},
                              {"loc", {"query", "q"}},
                              {"msg", "Field required"},
                              {"input", nullptr}}});
  exception_handlers::websocket_request_validation_exception_handler(
      websocket, WebSocketRequestValidationError(errors));
  ASSERT_TRUE(transport.closed_with);
  EXPECT_EQ(transport.closed_with->first, 1008);
  EXPECT_EQ(transport.closed_with->second,
            R"([{"type":"missing","loc":["query","q"],"msg":"Field required","input":null}])");
  EXPECT_TRUE(websocket.closed());
}

}  // namespace
}  // namespace fastcpp
