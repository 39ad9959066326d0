// fastcpp/annotations.hpp: the marks fastcpp-gen reads. Under clang they expand to
// `[[clang::annotate(...)]]`; under compilers without that attribute, to nothing, so the same
// handler file compiles cleanly everywhere.
//
//   FASTCPP_GET("/items/{item_id}")               // also POST, PUT, PATCH, DELETE, HEAD, OPTIONS
//   FASTCPP_ROUTE("/things", "GET", "POST")       // several methods for one handler
//   FASTCPP_STATUS_CODE(201)                      // FastAPI's status_code=: the success status
//   FASTCPP_SUMMARY("Read one item")              // FastAPI's summary= (default: from the name)
//   FASTCPP_TAGS("items", "public")               // FastAPI's tags=
//   FASTCPP_DEPRECATED                            // FastAPI's deprecated=True
//   FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET          // response_model_exclude_unset=True
//   FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE           // response_model_exclude_none=True
//     (both on a route returning fastcpp::ResponseModel<T>, fastcpp/response_model.hpp)
//   (a route's doc comment, `///` or `/** */`, is its description, as FastAPI's docstring is)
//   FASTCPP_DEPENDENCIES(verify_token)            // FastAPI's dependencies=[Depends(...)]
//   FASTCPP_WEBSOCKET("/items/{item_id}/ws")
//   FASTCPP_EXCEPTION_HANDLER                     // @app.exception_handler(ExcClass): on
//                                                 // `Response f(const Request&, const E&)`, or
//                                                 // for WebSocket endpoints on
//                                                 // `void f(WebSocket&, const E&)`
//   FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)     // @app.exception_handler(404)
//   FASTCPP_APP(fastcpp::FastAPI().redirect_slashes(false));   // app = FastAPI(...): once
//                                                 // per service (fastcpp/fastapi.hpp)
//   FASTCPP_MIDDLEWARE                            // @app.middleware("http"), app.add_middleware
//                                                 // (see <fastcpp/middleware.hpp>)
//
// Beside a route's parameter or a body struct's member, FastAPI's Path/Query/Header/Cookie/
// Body/Field(...) keywords, one macro each (docs/constraints.md):
//
//   FASTCPP_GT(0) FASTCPP_LE(1000) int item_id                  // gt=0, le=1000
//   FASTCPP_GE(0.5) FASTCPP_LT(10.5) fastcpp::Query<double> size  // ge=, lt= (a float bound)
//   FASTCPP_MULTIPLE_OF(5) int step                              // multiple_of=5
//   FASTCPP_MIN_LENGTH(3) FASTCPP_MAX_LENGTH(50) std::string q   // on a string or a vector
//   FASTCPP_PATTERN("^fixedquery$") std::string q                // pattern= (pydantic's regex)
//   FASTCPP_MAX_DIGITS(5) FASTCPP_DECIMAL_PLACES(2) fastcpp::Decimal amount  // on a Decimal
//   FASTCPP_ALIAS("item-query")                                  // alias=: the name on the wire
//   FASTCPP_TITLE("Query string")                                // title=
//   FASTCPP_DESCRIPTION("What to search for")                    // description=
//   FASTCPP_EXAMPLES(R"(["fixedquery"])")                        // examples= (a JSON array)
//   FASTCPP_DEPRECATED                                           // deprecated=True
//   FASTCPP_EXCLUDE_FROM_SCHEMA                                  // include_in_schema=False
//   FASTCPP_EMBED Item item                                      // Body(embed=True)
//   FASTCPP_KEEP_UNDERSCORES fastcpp::Header<std::string> x_id   // convert_underscores=False
//   FASTCPP_VALIDATOR(check_name) std::string name               // AfterValidator(check_name),
//     a member's @field_validator: `T f(T)`, throwing std::invalid_argument for a value_error
//
// On types (a parameter, field or result of that type then behaves as in FastAPI):
//   enum class FASTCPP_LITERAL Order { asc, desc };   // Literal["asc", "desc"]
//   struct FASTCPP_FORBID_EXTRA Item { ... };          // model_config = {"extra": "forbid"}
//   struct FASTCPP_VALIDATOR(check) Item { ... };      // @model_validator(mode="after"):
//                                                      // `Item check(Item)`
#pragma once

#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::annotate)
#define FASTCPP_DETAIL_ANNOTATE(...) [[clang::annotate(__VA_ARGS__)]]
#endif
#endif
#ifndef FASTCPP_DETAIL_ANNOTATE
#define FASTCPP_DETAIL_ANNOTATE(...)
#endif

#define FASTCPP_GET(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "GET")
#define FASTCPP_POST(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "POST")
#define FASTCPP_PUT(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "PUT")
#define FASTCPP_PATCH(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "PATCH")
#define FASTCPP_DELETE(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "DELETE")
#define FASTCPP_HEAD(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "HEAD")
#define FASTCPP_OPTIONS(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, "OPTIONS")
#define FASTCPP_ROUTE(path, ...) FASTCPP_DETAIL_ANNOTATE("fastcpp.route", path, __VA_ARGS__)
#define FASTCPP_STATUS_CODE(code) FASTCPP_DETAIL_ANNOTATE("fastcpp.status_code", code)
#define FASTCPP_SUMMARY(text) FASTCPP_DETAIL_ANNOTATE("fastcpp.summary", text)
#define FASTCPP_TAGS(...) FASTCPP_DETAIL_ANNOTATE("fastcpp.tags", __VA_ARGS__)
#define FASTCPP_DEPRECATED FASTCPP_DETAIL_ANNOTATE("fastcpp.deprecated")
#define FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET \
  FASTCPP_DETAIL_ANNOTATE("fastcpp.response_model_exclude_unset")
#define FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE \
  FASTCPP_DETAIL_ANNOTATE("fastcpp.response_model_exclude_none")
#define FASTCPP_WEBSOCKET(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.websocket", path)
/// FastAPI's `dependencies=[Depends(f), ...]` of a route or WebSocket endpoint: functions called
/// before its own dependencies, in order, whose results are not passed (docs/dependencies.md).
#define FASTCPP_DEPENDENCIES(...) FASTCPP_DETAIL_ANNOTATE("fastcpp.dependencies", __VA_ARGS__)
#define FASTCPP_EXCEPTION_HANDLER FASTCPP_DETAIL_ANNOTATE("fastcpp.exception_handler")
#define FASTCPP_MIDDLEWARE FASTCPP_DETAIL_ANNOTATE("fastcpp.middleware")
#define FASTCPP_LITERAL FASTCPP_DETAIL_ANNOTATE("fastcpp.literal")
#define FASTCPP_FORBID_EXTRA FASTCPP_DETAIL_ANNOTATE("fastcpp.forbid_extra")
#define FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(code) \
  FASTCPP_DETAIL_ANNOTATE("fastcpp.status_handler", code)

#define FASTCPP_GT(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.gt", value)
#define FASTCPP_GE(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.ge", value)
#define FASTCPP_LT(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.lt", value)
#define FASTCPP_LE(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.le", value)
#define FASTCPP_MULTIPLE_OF(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.multiple_of", value)
#define FASTCPP_MIN_LENGTH(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.min_length", value)
#define FASTCPP_MAX_LENGTH(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.max_length", value)
#define FASTCPP_MAX_DIGITS(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.max_digits", value)
#define FASTCPP_DECIMAL_PLACES(value) FASTCPP_DETAIL_ANNOTATE("fastcpp.decimal_places", value)
#define FASTCPP_PATTERN(text) FASTCPP_DETAIL_ANNOTATE("fastcpp.pattern", text)
#define FASTCPP_ALIAS(text) FASTCPP_DETAIL_ANNOTATE("fastcpp.alias", text)
#define FASTCPP_TITLE(text) FASTCPP_DETAIL_ANNOTATE("fastcpp.title", text)
#define FASTCPP_DESCRIPTION(text) FASTCPP_DETAIL_ANNOTATE("fastcpp.description", text)
#define FASTCPP_EXAMPLES(json) FASTCPP_DETAIL_ANNOTATE("fastcpp.examples", json)
#define FASTCPP_EXCLUDE_FROM_SCHEMA FASTCPP_DETAIL_ANNOTATE("fastcpp.exclude_from_schema")
#define FASTCPP_EMBED FASTCPP_DETAIL_ANNOTATE("fastcpp.embed")
#define FASTCPP_KEEP_UNDERSCORES FASTCPP_DETAIL_ANNOTATE("fastcpp.keep_underscores")
/// Functions called, in order, on the value once it converted (pydantic's after validators).
#define FASTCPP_VALIDATOR(...) FASTCPP_DETAIL_ANNOTATE("fastcpp.validator", __VA_ARGS__)

// A namespace-scope declaration: the options are a constant the generator evaluates.
#define FASTCPP_APP(...)                 \
  FASTCPP_DETAIL_ANNOTATE("fastcpp.app") \
  [[maybe_unused]] static constexpr ::fastcpp::FastAPI fastcpp_app = (__VA_ARGS__)
