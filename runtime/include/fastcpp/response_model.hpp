// fastcpp/response_model.hpp: FastAPI's `response_model=`. A handler returning
// `fastcpp::ResponseModel<UserOut>` (or `ResponseModel<UserOut, UserIn>`) has its answer
// validated and filtered through UserOut, as FastAPI's serialize_response does:
//
//   FASTCPP_GET("/users/{name}")
//   FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE              // response_model_exclude_none=True
//   static fastcpp::ResponseModel<UserOut, UserIn> read_user(std::string name) {
//     return users.at(name);                          // a UserIn, password and all
//   }
//
// Only UserOut's fields are sent; a value UserOut cannot take (a missing required field, a
// string where it wants an integer) is a ResponseValidationError, which no default handler
// takes: a plain 500, logged.
#pragma once

#include <type_traits>
#include <utility>

#include "fastcpp/exceptions.hpp"
#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// A handler's answer, sent through the response model `Model`. `Source` is what the handler
/// gives: fastcpp::json (a dict, FastAPI's most common case: `return {{"name", "x"}};`) or any
/// type a handler may return (a struct with more fields than Model, say).
template <class Model, class Source = json>
class ResponseModel {
 public:
  ResponseModel(Source value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// `return {{"name", "x"}, {"size", 1}};`, as for a fastcpp::json.
  template <class S = Source, class = std::enable_if_t<std::is_same_v<S, json>>>
  ResponseModel(json::initializer_list_t init)  // NOLINT(google-explicit-constructor)
      : value_(init) {}

  const Source& value() const& noexcept { return value_; }
  Source&& value() && noexcept { return std::move(value_); }

 private:
  Source value_;
};

}  // namespace fastcpp
