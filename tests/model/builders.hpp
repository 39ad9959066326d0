// Builders of hand-built models and renderings of diagnostics, for the model's tests.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

using Kind = TypeRef::Kind;
using Strings = std::vector<std::string>;

inline TypeRef scalar(Kind kind, std::string spelling) {
  return {kind, std::move(spelling), {}, {}};
}
inline TypeRef int_type() { return scalar(Kind::kInt, "int"); }
inline TypeRef long_type() { return scalar(Kind::kInt, "long"); }
inline TypeRef double_type() { return scalar(Kind::kFloat, "double"); }
inline TypeRef bool_type() { return scalar(Kind::kBool, "bool"); }
inline TypeRef string_type() { return scalar(Kind::kString, "std::string"); }
inline TypeRef json_type() { return scalar(Kind::kJson, "fastcpp::json"); }
inline TypeRef response_type() { return scalar(Kind::kResponse, "fastcpp::Response"); }
inline TypeRef void_type() { return scalar(Kind::kVoid, "void"); }
inline TypeRef enum_type(const std::string& name) { return {Kind::kEnum, name, name, {}}; }
inline TypeRef struct_type(const std::string& name) { return {Kind::kStruct, name, name, {}}; }

inline TypeRef optional_of(TypeRef type) {
  auto spelling = "std::optional<" + type.spelling + ">";
  return {Kind::kOptional, spelling, {}, {std::move(type)}};
}

inline TypeRef vector_of(TypeRef type) {
  auto spelling = "std::vector<" + type.spelling + ">";
  return {Kind::kVector, spelling, {}, {std::move(type)}};
}

inline TypeRef map_of(TypeRef type) {
  auto spelling = "std::map<std::string, " + type.spelling + ">";
  return {Kind::kMap, spelling, {}, {std::move(type)}};
}

// The frontend has no kind for the injected classes; they are recognised by spelling.
inline TypeRef request_type(std::string spelling = "const fastcpp::Request &") {
  return {Kind::kStruct, std::move(spelling), "fastcpp::Request", {}};
}

inline TypeRef websocket_type(std::string spelling = "fastcpp::WebSocket &") {
  return {Kind::kStruct, std::move(spelling), "fastcpp::WebSocket", {}};
}

inline SourceLocation at(unsigned line, unsigned column = 1) { return {"main.cpp", line, column}; }

inline Param param(std::string name, TypeRef type, ParamWrapper wrapper = ParamWrapper::kNone,
                   std::optional<std::string> default_value = std::nullopt,
                   SourceLocation location = at(11, 20)) {
  Param out;
  out.name = std::move(name);
  out.wrapper = wrapper;
  out.type = std::move(type);
  out.default_value = std::move(default_value);
  out.location = std::move(location);
  return out;
}

inline Param with_location(Param p, SourceLocation location) {
  p.location = std::move(location);
  return p;
}

inline Route route(std::string path, std::vector<Param> params,
                   std::vector<std::string> methods = {"GET"}, SourceLocation location = at(10)) {
  Route out;
  out.function = "handler";
  out.path = std::move(path);
  out.methods = std::move(methods);
  out.params = std::move(params);
  out.result = json_type();
  out.location = std::move(location);
  return out;
}

inline Route websocket_route(std::string path, std::vector<Param> params,
                             SourceLocation location = at(10)) {
  auto out = route(std::move(path), std::move(params), {}, std::move(location));
  out.function = "websocket_endpoint";
  out.websocket = true;
  out.result = void_type();
  return out;
}

inline ExceptionHandler class_handler(std::string function, std::string exception,
                                      SourceLocation location = at(30)) {
  return {std::move(function), std::move(exception), 0, std::move(location)};
}

inline ExceptionHandler status_handler(std::string function, int status_code,
                                       SourceLocation location = at(30)) {
  return {std::move(function), "fastcpp::HTTPException", status_code, std::move(location)};
}

// `main.cpp:10:1: message [hint]`: one string compares location, message and hint at once.
inline std::string render(const Diagnostic& diagnostic) {
  return diagnostic.location.file + ":" + std::to_string(diagnostic.location.line) + ":" +
         std::to_string(diagnostic.location.column) + ": " + diagnostic.message + " [" +
         diagnostic.hint + "]";
}

inline std::vector<std::string> render(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& diagnostic : diagnostics) out.push_back(render(diagnostic));
  return out;
}

inline std::vector<std::string> messages(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& diagnostic : diagnostics) out.push_back(diagnostic.message);
  return out;
}

}  // namespace fastcpp::gen
