// The Binder's body decoding: what it refuses that FastAPI would keep (docs/fastapi-compat.md,
// "Values a C++ body cannot keep"), and the statuses whose results have no body.
#include "fastcpp/detail/binding.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "fastcpp/exception_handlers.hpp"

namespace fastcpp::detail {
namespace {

using StringMap = std::map<std::string, std::string>;
using JsonMap = std::map<std::string, json>;
using IntMap = std::map<std::string, int>;

Request json_post(std::string body) {
  return Request("POST", "/items/", {{"Content-Type", "application/json"}}, std::move(body));
}

// What FastAPI's default handler answers for the body, after binding it as `T`.
template <class T>
std::string answer(std::string body) {
  const Request request = json_post(std::move(body));
  Binder in(request);
  in.read_body();
  in.body<T>();
  if (in.finish()) return "bound";
  const auto& failure = in.failure();
  if (!failure.validation_error) return "not a validation error";
  return json_dumps(failure.validation_error->errors()) + " body " +
         json_dumps(failure.validation_error->body());
}

TEST(BinderBody, ALoneSurrogateIsAStringUnicodeErrorWhereverItIs) {
  const std::string kError =
      R"("type":"string_unicode","loc":["body","title"],"msg":"Input should be a valid string, )"
      R"(unable to parse raw data as a unicode string","input":"\ud800")";
  const std::string kText = R"({"title": "\ud800", "size": 1})";
  const std::string kBody = R"("{\"title\": \"\\ud800\", \"size\": 1}")";
  EXPECT_EQ(answer<StringMap>(kText), "[{" + kError + "}] body " + kBody);
  EXPECT_EQ(answer<json>(kText), "[{" + kError + "}] body " + kBody);
  EXPECT_EQ(answer<JsonMap>(R"({"\udc00x": 1})"),
            R"([{"type":"string_unicode","loc":["body","\udc00x","[key]"],"msg":"Input should be )"
            R"(a valid string, unable to parse raw data as a unicode string","input":"\udc00x"}])"
            R"( body "{\"\\udc00x\": 1}")");
}

TEST(BinderBody, ANumberBeyondADoubleIsAFiniteNumberError) {
  EXPECT_EQ(answer<IntMap>(R"({"size": 1e999999})"),
            R"([{"type":"finite_number","loc":["body","size"],"msg":"Input should be a finite )"
            R"(number","input":"1e999999"}] body "{\"size\": 1e999999}")");
  EXPECT_EQ(answer<std::vector<double>>("[1.5, -1e400]"),
            R"([{"type":"finite_number","loc":["body",1],"msg":"Input should be a finite )"
            R"(number","input":"-1e400"}] body "[1.5, -1e400]")");
  EXPECT_EQ(answer<float>("1e999"),
            R"([{"type":"finite_number","loc":["body"],"msg":"Input should be a finite )"
            R"(number","input":"1e999"}] body "1e999")");
}

TEST(BinderBody, TheRefusalRendersInTheDefaultHandler) {
  const Request request = json_post(R"({"a": "\ud800", "b": 1e400})");
  Binder in(request);
  in.read_body();
  in.body<json>();
  ASSERT_FALSE(in.finish());
  const Response response = exception_handlers::request_validation_exception_handler(
      request, *in.failure().validation_error);
  EXPECT_EQ(response.status_code, 422);
  EXPECT_EQ(response.body,
            R"({"detail":[{"type":"string_unicode","loc":["body","a"],"msg":"Input should be a )"
            R"(valid string, unable to parse raw data as a unicode string","input":"\ud800"},)"
            R"({"type":"finite_number","loc":["body","b"],"msg":"Input should be a finite )"
            R"(number","input":"1e400"}]})");
}

TEST(BinderBody, WhatCppCanKeepStillBinds) {
  EXPECT_EQ(answer<StringMap>(R"({"a": "\ud83d\ude00\u00e9"})"), "bound");
  EXPECT_EQ(answer<std::vector<double>>("[1.7976931348623157e308, Infinity, 1e-999]"), "bound");
}

TEST(JsonResult, NoBodyWhereFastApiAllowsNone) {
  for (int status : {100, 199, 204, 205, 304}) {
    EXPECT_FALSE(is_body_allowed_for_status(status)) << status;
    const Response response = json_result(json{{"a", 1}}, status);
    EXPECT_EQ(response.body, "") << status;
    EXPECT_EQ(*response.header("content-type"), "application/json") << status;
  }
  for (int status : {200, 201, 203, 206, 303, 404, 422, 500}) {
    EXPECT_TRUE(is_body_allowed_for_status(status)) << status;
    EXPECT_EQ(json_result(json{{"a", 1}}, status).body, R"({"a":1})") << status;
  }
  // Starlette still writes content-length: 0 for 205, not for the others.
  EXPECT_EQ(*json_result(nullptr, 205).header("content-length"), "0");
  EXPECT_EQ(json_result(nullptr, 204).header("content-length"), nullptr);
}

// As FastAPI logs it for the same errors (tests/reference/response_model.py, "bad-price": its
// `tags` were [1, None]), at the top level instead of under a field.
TEST(RespondModel, AnAnswerThatDoesNotFitIsAResponseValidationError) {
  ResponseModel<std::vector<std::string>> answer = json::array({1, nullptr});
  try {
    respond_model(std::move(answer), 200, {});
    ADD_FAILURE() << "no ResponseValidationError";
  } catch (const ResponseValidationError& error) {
    EXPECT_STREQ(error.what(),
                 "2 validation errors:\n"
                 "  {'type': 'string_type', 'loc': ('response', 0), 'msg': 'Input should be a "
                 "valid string', 'input': 1}\n"
                 "  {'type': 'string_type', 'loc': ('response', 1), 'msg': 'Input should be a "
                 "valid string', 'input': None}\n");
    EXPECT_EQ(error.body(), json::array({1, nullptr}));
  }
}

TEST(RespondModel, ExcludeUnsetKeepsTheKeysGivenAndExcludeNoneDropsNulls) {
  using Model = std::map<std::string, std::optional<int>>;
  ResponseModel<std::vector<Model>> answer = json::array({{{"a", 1}, {"b", nullptr}}});
  auto response = respond_model(std::move(answer), 200, {false, true});
  EXPECT_EQ(response.body, R"([{"a":1}])");
  json out = {{"a", 1}, {"b", {{"c", 2}, {"d", 3}}}, {"e", 4}};
  drop_unset(out, {{"a", 0}, {"b", {{"d", 0}}}});
  EXPECT_EQ(out.dump(), R"({"a":1,"b":{"d":3}})");
}

// Union[int, bool] from JSON: the exact type first (`true` is the bool, `1` the int), then
// each member in order (`"yes"` fails as an int, then is a bool); otherwise each member's error
// under its tag.
TEST(DecodeVariant, ExactFirstThenLaxInOrder) {
  using IntOrBool = std::variant<int, bool>;
  auto decoded = [](const json& input) {
    IntOrBool out;
    Errors errors;
    decode(input, out, errors);
    return errors.empty() ? encode(out).dump() : errors.take().dump();
  };
  EXPECT_EQ(decoded(true), "true");
  EXPECT_EQ(decoded(1), "1");
  EXPECT_EQ(decoded(2.0), "2");
  EXPECT_EQ(decoded("yes"), "true");
  EXPECT_EQ(decoded(nullptr),
            R"([{"type":"int_type","loc":["int"],"msg":"Input should be a valid integer",)"
            R"("input":null},{"type":"bool_type","loc":["bool"],"msg":"Input should be a valid )"
            R"(boolean","input":null}])");
}

TEST(ForbidExtra, EachUnknownKeyInTheInputsOrder) {
  Errors errors;
  forbid_extra({{"z", 1}, {"name", "x"}, {"a", nullptr}}, {"name", "size"}, errors);
  EXPECT_EQ(errors.take().dump(),
            R"([{"type":"extra_forbidden","loc":["z"],"msg":"Extra inputs are not permitted",)"
            R"("input":1},{"type":"extra_forbidden","loc":["a"],"msg":"Extra inputs are not )"
            R"(permitted","input":null}])");
}

}  // namespace
}  // namespace fastcpp::detail
