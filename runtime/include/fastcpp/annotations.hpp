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
//   (a route's doc comment, `///` or `/** */`, is its description, as FastAPI's docstring is)
//   FASTCPP_DEPENDENCIES(verify_token)            // FastAPI's dependencies=[Depends(...)]
//   FASTCPP_WEBSOCKET("/items/{item_id}/ws")
//   FASTCPP_EXCEPTION_HANDLER                     // @app.exception_handler(ExcClass)
//   FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(404)     // @app.exception_handler(404)
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
#define FASTCPP_WEBSOCKET(path) FASTCPP_DETAIL_ANNOTATE("fastcpp.websocket", path)
/// FastAPI's `dependencies=[Depends(f), ...]` of a route or WebSocket endpoint: functions called
/// before its own dependencies, in order, whose results are not passed (docs/dependencies.md).
#define FASTCPP_DEPENDENCIES(...) FASTCPP_DETAIL_ANNOTATE("fastcpp.dependencies", __VA_ARGS__)
#define FASTCPP_EXCEPTION_HANDLER FASTCPP_DETAIL_ANNOTATE("fastcpp.exception_handler")
#define FASTCPP_EXCEPTION_HANDLER_FOR_STATUS(code) \
  FASTCPP_DETAIL_ANNOTATE("fastcpp.status_handler", code)
