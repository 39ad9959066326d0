#include "model/dump_model.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

using Kind = TypeRef::Kind;

std::string_view wrapper_name(ParamWrapper wrapper) {
  switch (wrapper) {
    case ParamWrapper::kNone:
      return "none";
    case ParamWrapper::kQuery:
      return "query";
    case ParamWrapper::kPath:
      return "path";
    case ParamWrapper::kHeader:
      return "header";
    case ParamWrapper::kCookie:
      return "cookie";
    case ParamWrapper::kBody:
      return "body";
    case ParamWrapper::kForm:
      return "form";
    case ParamWrapper::kDepends:
      return "depends";
  }
  return "none";
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return "string";
    case Kind::kValue:
      return "value";
    case Kind::kEnum:
      return "enum";
    case Kind::kStruct:
      return "struct";
    case Kind::kOptional:
      return "optional";
    case Kind::kVector:
      return "vector";
    case Kind::kMap:
      return "map";
    case Kind::kVariant:
      return "variant";
    case Kind::kJson:
      return "json";
    case Kind::kResponse:
      return "response";
    case Kind::kResponseModel:
      return "response_model";
    case Kind::kVoid:
      return "void";
  }
  return "void";
}

using Json = nlohmann::ordered_json;

Json to_json(const SourceLocation& location) {
  return Json{{"file", location.file}, {"line", location.line}, {"column", location.column}};
}

Json to_json(const TypeRef& type) {
  Json args = Json::array();
  for (const auto& arg : type.args) args.push_back(to_json(arg));
  return Json{{"kind", kind_name(type.kind)},
              {"spelling", type.spelling},
              {"name", type.name},
              {"args", std::move(args)}};
}

Json to_json(const Param& param) {
  Json out{{"name", param.name},
           {"wrapper", wrapper_name(param.wrapper)},
           {"type", to_json(param.type)},
           {"default_value", param.default_value ? Json(*param.default_value) : Json()},
           {"location", to_json(param.location)},
           {"source", source_name(param.source)},
           {"alias", param.alias},
           {"required", param.required}};
  if (param.wrapper == ParamWrapper::kDepends) {
    out["dependency"] = param.dependency;
    out["use_cache"] = param.use_cache;
  }
  return out;
}

Json to_json(const Route& route) {
  Json params = Json::array();
  for (const auto& param : route.params) params.push_back(to_json(param));
  Json out{{"function", route.function},       {"path", route.path},
           {"methods", route.methods},         {"websocket", route.websocket},
           {"status_code", route.status_code}, {"params", std::move(params)},
           {"result", to_json(route.result)},  {"location", to_json(route.location)}};
  if (!route.dependencies.empty()) {
    Json dependencies = Json::array();
    for (const auto& use : route.dependencies) dependencies.push_back(use.function);
    out["dependencies"] = std::move(dependencies);
  }
  return out;
}

Json to_json(const Dependency& dependency) {
  Json params = Json::array();
  for (const auto& param : dependency.params) params.push_back(to_json(param));
  return Json{{"function", dependency.function},
              {"params", std::move(params)},
              {"result", dependency.result},
              {"location", to_json(dependency.location)}};
}

Json to_json(const ExceptionHandler& handler) {
  return Json{{"function", handler.function},
              {"exception", handler.exception},
              {"status_code", handler.status_code},
              {"location", to_json(handler.location)}};
}

Json to_json(const ExceptionClass& cls) { return Json{{"name", cls.name}, {"bases", cls.bases}}; }

Json to_json(const FieldDef& field) {
  return Json{
      {"name", field.name}, {"type", to_json(field.type)}, {"has_default", field.has_default}};
}

Json to_json(const StructDef& def) {
  Json fields = Json::array();
  for (const auto& field : def.fields) fields.push_back(to_json(field));
  Json out = {
      {"name", def.name}, {"fields", std::move(fields)}, {"location", to_json(def.location)}};
  if (def.forbid_extra) out["forbid_extra"] = true;
  return out;
}

Json to_json(const EnumDef& def) {
  Json out = {
      {"name", def.name}, {"enumerators", def.enumerators}, {"location", to_json(def.location)}};
  if (def.literal) out["literal"] = true;
  return out;
}

template <class T>
Json array_of(const std::vector<T>& values) {
  Json out = Json::array();
  for (const auto& value : values) out.push_back(to_json(value));
  return out;
}

}  // namespace

std::string dump_model(const Model& model) {
  Json out{{"service", model.service},           {"sources", model.sources},
           {"routes", array_of(model.routes)},   {"handlers", array_of(model.handlers)},
           {"classes", array_of(model.classes)}, {"structs", array_of(model.structs)},
           {"enums", array_of(model.enums)}};
  if (!model.dependencies.empty()) out["dependencies"] = array_of(model.dependencies);
  // Source text need not be valid UTF-8; a dump must not throw over it.
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace fastcpp::gen
