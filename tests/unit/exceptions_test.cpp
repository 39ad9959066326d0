// The exception classes as Python shows them: `str(exc)` and `repr(exc)`, and the statuses a
// null detail cannot name.
#include "fastcpp/exceptions.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace fastcpp {
namespace {

TEST(HTTPExceptionTest, UnknownStatusWithoutDetailFailsLikePython) {
  EXPECT_THROW(HTTPException(299), std::invalid_argument);
  EXPECT_NO_THROW(HTTPException(299, "fine"));
}

TEST(ExceptionTextTest, StrAndReprAsPython) {
  HTTPException exc(404, "Item not found");
  EXPECT_STREQ(exc.what(), "404: Item not found");
  EXPECT_EQ(HTTPException(418, "Nope! I don't like 3.").repr(),
            R"(HTTPException(status_code=418, detail="Nope! I don't like 3."))");
  EXPECT_STREQ(WebSocketException(1008).what(), "1008: ");
}

TEST(ExceptionTextTest, AValidationErrorPrintsItsErrorsAsPython) {
  // What `str(exc)` gave in the reference FastAPI (tests/conformance/override_handlers.json).
  const char* msg = "Input should be a valid integer, unable to parse string as an integer";
  RequestValidationError exc(json::array(
      {{{"type", "int_parsing"}, {"loc", {"path", "item_id"}}, {"msg", msg}, {"input", "foo"}}}));
  EXPECT_STREQ(exc.what(),
               "[{'type': 'int_parsing', 'loc': ('path', 'item_id'), 'msg': 'Input should be a "
               "valid integer, unable to parse string as an integer', 'input': 'foo'}]");
  EXPECT_EQ(exc.errors()[0]["input"], "foo");
  EXPECT_TRUE(exc.body().is_null());
}

TEST(HTTPExceptionTest, KeepsItsStatusDetailAndHeadersAsGiven) {
  HTTPException exc(404, {{"a", {1, 2}}}, {{"X-Error", "There goes my error"}});
  EXPECT_EQ(exc.status_code(), 404);
  EXPECT_EQ(exc.detail(), json({{"a", {1, 2}}}));
  ASSERT_EQ(exc.headers().size(), 1u);
  EXPECT_EQ(exc.headers()[0].first, "X-Error");  // lower-cased only when sent
  EXPECT_STREQ(exc.what(), "404: {'a': [1, 2]}");
  EXPECT_EQ(HTTPException(401).detail(), "Unauthorized");
}

TEST(WebSocketExceptionTest, CodeAndReason) {
  WebSocketException exc(1008, "no session");
  EXPECT_EQ(exc.code(), 1008);
  EXPECT_EQ(exc.reason(), "no session");
  EXPECT_STREQ(exc.what(), "1008: no session");
  WebSocketDisconnect disconnect(1001, "going away");
  EXPECT_EQ(disconnect.code(), 1001);
  EXPECT_EQ(disconnect.reason(), "going away");
}

}  // namespace
}  // namespace fastcpp
