#include "model/openapi.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fastcpp/status.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/dependencies.hpp"
#include "model/exception_plan.hpp"
#include "model/field_info.hpp"
#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

using json = nlohmann::ordered_json;
using Kind = TypeRef::Kind;

constexpr std::string_view kRefPrefix = "#/components/schemas/";
constexpr std::string_view kJsonMedia = "application/json";
constexpr std::string_view kFormMedia = "application/x-www-form-urlencoded";

// ---- Key order ------------------------------------------------------------------------------
//
// FastAPI builds the document as dicts, then validates it into its pydantic models of OpenAPI
// (fastapi/openapi/models.py) and dumps those: a validated object's keys come in its model's
// field order. Not every object comes out validated: the path items whose operations have
// parameters keep the order the dicts were built in (a quirk of pydantic's union validation of
// `parameters`), the others and the components are in their models' order. Both orders are
// reproduced: everything is built in FastAPI's build order, and `validated_*` reorders what
// FastAPI's models reorder.

constexpr std::string_view kSchemaOrder[] = {"$schema",
                                             "$vocabulary",
                                             "$id",
                                             "$anchor",
                                             "$dynamicAnchor",
                                             "$ref",
                                             "$dynamicRef",
                                             "$defs",
                                             "$comment",
                                             "allOf",
                                             "anyOf",
                                             "oneOf",
                                             "not",
                                             "if",
                                             "then",
                                             "else",
                                             "dependentSchemas",
                                             "prefixItems",
                                             "items",
                                             "contains",
                                             "properties",
                                             "patternProperties",
                                             "additionalProperties",
                                             "propertyNames",
                                             "unevaluatedItems",
                                             "unevaluatedProperties",
                                             "type",
                                             "enum",
                                             "const",
                                             "multipleOf",
                                             "maximum",
                                             "exclusiveMaximum",
                                             "minimum",
                                             "exclusiveMinimum",
                                             "maxLength",
                                             "minLength",
                                             "pattern",
                                             "maxItems",
                                             "minItems",
                                             "uniqueItems",
                                             "maxContains",
                                             "minContains",
                                             "maxProperties",
                                             "minProperties",
                                             "required",
                                             "dependentRequired",
                                             "format",
                                             "contentEncoding",
                                             "contentMediaType",
                                             "contentSchema",
                                             "title",
                                             "description",
                                             "default",
                                             "deprecated",
                                             "readOnly",
                                             "writeOnly",
                                             "examples",
                                             "discriminator",
                                             "xml",
                                             "externalDocs"};
constexpr std::string_view kPathItemOrder[] = {"$ref",  "summary", "description", "get",  "put",
                                               "post",  "delete",  "options",     "head", "patch",
                                               "trace", "servers", "parameters"};
constexpr std::string_view kOperationOrder[] = {
    "tags",        "summary",   "description", "externalDocs", "operationId", "parameters",
    "requestBody", "responses", "callbacks",   "deprecated",   "security",    "servers"};
constexpr std::string_view kRequestBodyOrder[] = {"description", "content", "required"};
constexpr std::string_view kResponseOrder[] = {"description", "headers", "content", "links"};
constexpr std::string_view kMediaTypeOrder[] = {"schema", "example", "examples", "encoding"};
constexpr std::string_view kHeaderOrder[] = {
    "description",   "required", "deprecated", "style",    "explode",
    "allowReserved", "schema",   "example",    "examples", "content"};

// A security object's scheme, as FastAPI's model of it (fastapi/openapi/models.py) dumps it.
json security_scheme_json(const SecurityScheme& scheme) {
  if (scheme.kind == "OAuth2PasswordBearer") {
    return {{"type", "oauth2"},
            {"flows", {{"password", {{"scopes", json::object()}, {"tokenUrl", scheme.argument}}}}}};
  }
  if (scheme.kind == "HTTPBasic") return {{"type", "http"}, {"scheme", "basic"}};
  if (scheme.kind == "HTTPBearer") return {{"type", "http"}, {"scheme", "bearer"}};
  std::string in = scheme.kind == "APIKeyHeader"  ? "header"
                   : scheme.kind == "APIKeyQuery" ? "query"
                                                  : "cookie";
  return {{"type", "apiKey"}, {"in", in}, {"name", scheme.argument}};
}

// The keys named in `order` first, in that order; the others (pydantic's extras) after them.
template <size_t N>
json reordered(const json& object, const std::string_view (&order)[N]) {
  if (!object.is_object()) return object;
  json out = json::object();
  for (auto key : order) {
    auto it = object.find(std::string(key));
    if (it != object.end()) out[std::string(key)] = *it;
  }
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = it.value();
  }
  return out;
}

json validated_schema(const json& schema) {
  if (!schema.is_object()) return schema;
  json out = reordered(schema, kSchemaOrder);
  // The OpenAPI models' numeric keywords are floats: `ge=1` on an int is `"minimum": 1.0`.
  for (const char* key :
       {"multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"}) {
    auto it = out.find(key);
    if (it != out.end() && it->is_number_integer()) *it = it->get<double>();
  }
  for (const char* key : {"allOf", "anyOf", "oneOf", "prefixItems"}) {
    if (out.contains(key) && out[key].is_array()) {
      for (auto& item : out[key]) item = validated_schema(item);
    }
  }
  for (const char* key : {"items", "additionalProperties", "not", "contains"}) {
    if (out.contains(key)) out[key] = validated_schema(out[key]);
  }
  if (out.contains("properties") && out["properties"].is_object()) {
    for (auto& [name, property] : out["properties"].items()) property = validated_schema(property);
  }
  return out;
}

json validated_content(const json& content) {
  json out = content;
  for (auto& [media, value] : out.items()) {
    value = reordered(value, kMediaTypeOrder);
    if (value.contains("schema")) value["schema"] = validated_schema(value["schema"]);
  }
  return out;
}

json validated_operation(const json& operation) {
  json out = reordered(operation, kOperationOrder);
  if (out.contains("requestBody")) {
    auto& body = out["requestBody"];
    body = reordered(body, kRequestBodyOrder);
    body["content"] = validated_content(body["content"]);
  }
  for (auto& [status, response] : out["responses"].items()) {
    response = reordered(response, kResponseOrder);
    if (response.contains("headers")) {
      for (auto& [name, header] : response["headers"].items()) {
        header = reordered(header, kHeaderOrder);
      }
    }
    if (response.contains("content")) response["content"] = validated_content(response["content"]);
  }
  return out;
}

// ---- Names ----------------------------------------------------------------------------------

std::string_view unqualified(std::string_view name) {
  auto colon = name.rfind("::");
  return colon == std::string_view::npos ? name : name.substr(colon + 2);
}

// A path template as FastAPI's `path_format`: `{file_path:path}` → `{file_path}`.
std::string path_format(std::string_view path) {
  std::string out;
  bool in_braces = false;
  bool in_convertor = false;
  for (char c : path) {
    if (c == '{') in_braces = true;
    if (c == '}') in_braces = in_convertor = false;
    if (c == ':' && in_braces) in_convertor = true;
    if (!in_convertor) out += c;
  }
  return out;
}

std::string underscores_as_spaces(std::string text) {
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string field_title(std::string_view name) { return underscores_as_spaces(python_title(name)); }

// ---- Constraints and metadata -----------------------------------------------------------------

// The constraints' keywords on the schema of the value type (not of its std::optional), in
// pydantic's order: `multipleOf`, `maximum`, `minimum`, `exclusiveMaximum`, `exclusiveMinimum`;
// `minLength`, `maxLength`, `pattern`; `minItems`, `maxItems`. A bound is of the field's type
// (`ge=1` on a float is `1.0`); a Decimal's is its float (`ge="1E+3"` is `1000.0`), on the
// number of its number|string.
void add_constraint_keywords(const FieldInfo& info, const TypeRef& type, json& schema) {
  using ConstraintKind = Constraint::Kind;
  const auto& value = constrained_type(type);
  const bool decimal = value.kind == Kind::kValue && value.name == "fastcpp::Decimal";
  auto bound = [&](const Number& number) -> json {
    if (decimal) return decimal_bound_as_float(number).value_or(0);
    if (value.kind != Kind::kInt) return number.value;
    if (!number.integral) return static_cast<long long>(number.value);
    if (number.negative) return -static_cast<long long>(number.magnitude);
    return number.magnitude;
  };
  static const std::pair<ConstraintKind, const char*> kNumbers[] = {
      {ConstraintKind::kMultipleOf, "multipleOf"},
      {ConstraintKind::kLe, "maximum"},
      {ConstraintKind::kGe, "minimum"},
      {ConstraintKind::kLt, "exclusiveMaximum"},
      {ConstraintKind::kGt, "exclusiveMinimum"},
  };
  if (value.kind == Kind::kInt || value.kind == Kind::kFloat || decimal) {
    for (const auto& [kind, keyword] : kNumbers) {
      if (const auto* constraint = find_constraint(info, kind)) {
        schema[keyword] = bound(constraint->number);
      }
    }
    return;
  }
  bool list = value.kind == Kind::kVector;
  if (const auto* min = find_constraint(info, ConstraintKind::kMinLength)) {
    schema[list ? "minItems" : "minLength"] = min->number.magnitude;
  }
  if (const auto* max = find_constraint(info, ConstraintKind::kMaxLength)) {
    schema[list ? "maxItems" : "maxLength"] = max->number.magnitude;
  }
  if (const auto* pattern = find_constraint(info, ConstraintKind::kPattern)) {
    schema["pattern"] = pattern->pattern;
  }
}

// `title`, `description`, `deprecated`, `examples`, in the order pydantic adds them.
void add_metadata_keywords(const FieldInfo& info, json& schema) {
  if (info.title) schema["title"] = info.title->text;
  if (info.description) schema["description"] = info.description->text;
  if (info.deprecated) schema["deprecated"] = true;
  if (info.examples) {
    auto examples = json::parse(info.examples->text, nullptr, /*allow_exceptions=*/false);
    if (!examples.is_discarded()) schema["examples"] = examples;
  }
}

// ---- Schemas --------------------------------------------------------------------------------

struct Builder {
  const Model& model;
  std::set<std::string> enums_used;
  std::map<std::string, json> components;
  // pydantic's two modes (FastAPI's separate_input_output_schemas): a response's schema is the
  // serialization mode's, where a Decimal is a string. A struct's schema is made in each mode
  // it is used in; its references name the mode (`Price` + kInputMark) until finish_structs
  // names the components: `Price-Input` and `Price-Output` where the two differ, else `Price`.
  bool output = false;
  std::set<std::string> structs_used[2];          // qualified names, as in Model::structs
  std::map<std::string, json> struct_schemas[2];  // by component name
  static constexpr std::string_view kModeMark[2] = {"\x01Input", "\x01Output"};

  const StructDef* find_struct(const std::string& name) const {
    for (const auto& def : model.structs) {
      if (def.name == name) return &def;
    }
    return nullptr;
  }
  const EnumDef* find_enum(const std::string& name) const {
    for (const auto& def : model.enums) {
      if (def.name == name) return &def;
    }
    return nullptr;
  }

  std::string component_name(const std::string& qualified) const {
    return std::string(unqualified(qualified));
  }

  // A value type of fastcpp/types.hpp, as pydantic describes the Python type it stands for.
  static json value_schema(const std::string& name, bool output) {
    if (name == "fastcpp::Decimal") {
      if (output) return {{"type", "string"}};
      return {{"anyOf", json::array({{{"type", "number"}}, {{"type", "string"}}})}};
    }
    if (name == "fastcpp::UUID") return {{"type", "string"}, {"format", "uuid"}};
    if (name == "fastcpp::DateTime") return {{"type", "string"}, {"format", "date-time"}};
    if (name == "fastcpp::Date") return {{"type", "string"}, {"format", "date"}};
    if (name == "fastcpp::Time") return {{"type", "string"}, {"format", "time"}};
    if (name == "fastcpp::TimeDelta") return {{"type", "string"}, {"format", "duration"}};
    return json::object();
  }

  // The schema of a type, as pydantic generates it (before FastAPI's models reorder it).
  json type_schema(const TypeRef& type) {
    switch (type.kind) {
      case Kind::kBool:
        return {{"type", "boolean"}};
      case Kind::kInt:
        return {{"type", "integer"}};
      case Kind::kFloat:
        return {{"type", "number"}};
      case Kind::kString:
        return {{"type", "string"}};
      case Kind::kValue:
        return value_schema(type.name, output);
      case Kind::kEnum:
        if (const auto* def = find_enum(type.name); def != nullptr && def->literal) {
          return {{"enum", def->enumerators}, {"type", "string"}};
        }
        use_enum(type.name);
        return {{"$ref", std::string(kRefPrefix) + component_name(type.name)}};
      case Kind::kStruct:
        use_struct(type.name);
        return {{"$ref", std::string(kRefPrefix) + component_name(type.name) +
                             std::string(kModeMark[output ? 1 : 0])}};
      case Kind::kOptional: {
        json value = type_schema(type.args.at(0));
        // pydantic flattens a union into the nullable's anyOf (a Decimal's number|string).
        if (value.size() == 1 && value.contains("anyOf")) {
          value["anyOf"].push_back({{"type", "null"}});
          return value;
        }
        return {{"anyOf", json::array({value, {{"type", "null"}}})}};
      }
      case Kind::kVector:
        return {{"type", "array"}, {"items", type_schema(type.args.at(0))}};
      case Kind::kMap:
        return {{"type", "object"}, {"additionalProperties", type_schema(type.args.at(0))}};
      case Kind::kVariant: {
        json members = json::array();
        for (const auto& arg : type.args) members.push_back(type_schema(arg));
        return {{"anyOf", members}};
      }
      case Kind::kJson:
      case Kind::kResponse:
      case Kind::kResponseModel:
      case Kind::kVoid:
        break;
    }
    return json::object();
  }

  void use_enum(const std::string& name) {
    if (!enums_used.insert(name).second) return;
    const auto* def = find_enum(name);
    if (def == nullptr) return;
    json schema = {{"type", "string"}, {"enum", def->enumerators}, {"title", component_name(name)}};
    components[component_name(name)] = schema;
  }

  void use_struct(const std::string& name) {
    if (!structs_used[output ? 1 : 0].insert(name).second) return;
    const auto* def = find_struct(name);
    if (def == nullptr) return;
    json properties = json::object();
    json required = json::array();
    for (const auto& field : def->fields) {
      std::optional<json> default_value;
      if (field.default_value) default_value = default_json(*field.default_value, field.type);
      properties[field.name] = field_schema(field.name, field.type, default_value, &field.info);
      if (!field.has_default) required.push_back(field.name);
    }
    json schema = {{"properties", properties}, {"type", "object"}};
    if (!required.empty()) schema["required"] = required;
    if (def->forbid_extra) schema["additionalProperties"] = false;
    schema["title"] = component_name(name);
    struct_schemas[output ? 1 : 0][component_name(name)] = schema;
  }

  // The component a reference of `mode` to the struct `name` names, given the `split` ones.
  static std::string component_of(const std::string& name, int mode,
                                  const std::set<std::string>& split) {
    if (split.count(name) == 0) return name;
    return name + (mode == 0 ? "-Input" : "-Output");
  }

  // `schema` with each mode-marked reference naming its component.
  static void resolve_refs(json& schema, const std::set<std::string>& split) {
    if (schema.is_object()) {
      for (auto& [key, value] : schema.items()) {
        if (key == "$ref" && value.is_string()) {
          auto text = value.get<std::string>();
          for (int mode = 0; mode < 2; ++mode) {
            const std::string_view mark = kModeMark[mode];
            if (text.size() > mark.size() &&
                text.compare(text.size() - mark.size(), mark.size(), mark) == 0) {
              auto name =
                  text.substr(kRefPrefix.size(), text.size() - mark.size() - kRefPrefix.size());
              value = std::string(kRefPrefix) + component_of(name, mode, split);
            }
          }
        } else {
          resolve_refs(value, split);
        }
      }
    } else if (schema.is_array()) {
      for (auto& item : schema) resolve_refs(item, split);
    }
  }

  // Names the structs' components, as pydantic does: a struct used in both modes whose two
  // schemas differ (a Decimal field, or a struct field that is itself split) is split in two.
  // Then every reference in `document` (and the components) names its component.
  void finish_structs(json& document) {
    std::set<std::string> split;
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& [name, input] : struct_schemas[0]) {
        auto other = struct_schemas[1].find(name);
        if (other == struct_schemas[1].end() || split.count(name) != 0) continue;
        json a = input;
        json b = other->second;
        resolve_refs(a, split);
        resolve_refs(b, split);
        if (a != b) changed = split.insert(name).second || changed;
      }
    }
    for (int mode = 0; mode < 2; ++mode) {
      for (auto [name, schema] : struct_schemas[mode]) {
        resolve_refs(schema, split);
        components[component_of(name, mode, split)] = schema;
      }
    }
    for (auto& [name, schema] : components) resolve_refs(schema, split);
    resolve_refs(document, split);
  }

  bool is_reference(const TypeRef& type) const {
    if (type.kind == Kind::kEnum) {
      const auto* def = find_enum(type.name);
      return def == nullptr || !def->literal;
    }
    return type.kind == Kind::kStruct;
  }

  // The type's schema with its declared constraints (on the value, inside an Optional's anyOf).
  json constrained_schema(const TypeRef& type, const FieldInfo* info) {
    json schema = type_schema(type);
    if (info == nullptr || info->constraints.empty()) return schema;
    const auto& value = constrained_type(type);
    const bool decimal = value.kind == Kind::kValue && value.name == "fastcpp::Decimal";
    // A Decimal's serialization schema (a string) shows none of its constraints.
    if (decimal && output) return schema;
    if ((type.kind == Kind::kOptional || decimal) && schema.contains("anyOf")) {
      add_constraint_keywords(*info, type, schema["anyOf"][0]);
    } else {
      add_constraint_keywords(*info, type, schema);
    }
    return schema;
  }

  // A model's field (a struct member, a field of Body_<operation>): pydantic gives no title to
  // a field that is a model or an enum, or an Optional of one.
  json field_schema(const std::string& name, const TypeRef& type,
                    const std::optional<json>& default_value, const FieldInfo* info = nullptr) {
    json schema = constrained_schema(type, info);
    bool titled =
        !is_reference(type) && !(type.kind == Kind::kOptional && is_reference(type.args.at(0)));
    if (titled) schema["title"] = field_title(name);
    if (default_value) schema["default"] = *default_value;
    if (info != nullptr) add_metadata_keywords(*info, schema);
    return schema;
  }

  // A parameter, a whole body or a response: titled unless the schema is a bare reference. The
  // declared metadata come after the default, the title made from the name last.
  json top_level_schema(const std::string& title, const TypeRef& type,
                        const std::optional<json>& default_value, const FieldInfo* info = nullptr) {
    json schema = constrained_schema(type, info);
    if (default_value) schema["default"] = *default_value;
    if (info != nullptr) add_metadata_keywords(*info, schema);
    if (!is_reference(type) && !schema.contains("title")) schema["title"] = title;
    return schema;
  }

  // ---- Defaults: the C++ default argument or member initializer as the JSON FastAPI shows --

  static std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
      text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
      text.remove_suffix(1);
    }
    return text;
  }

  // Top-level comma-separated items of `{a, b}` (no nesting into strings or braces).
  static std::optional<std::vector<std::string_view>> braced_items(std::string_view text) {
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
    text = trimmed(text.substr(1, text.size() - 2));
    std::vector<std::string_view> items;
    if (text.empty()) return items;
    int depth = 0;
    bool in_string = false;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '(') {
        ++depth;
      } else if (c == '}' || c == ')') {
        --depth;
      } else if (c == ',' && depth == 0) {
        items.push_back(trimmed(text.substr(start, i - start)));
        start = i + 1;
      }
    }
    items.push_back(trimmed(text.substr(start)));
    return items;
  }

  static std::optional<std::string> string_literal(std::string_view text) {
    if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::nullopt;
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      char c = text[i];
      if (c == '"') return std::nullopt;  // adjacent literals: not worth reading
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++i + 1 >= text.size()) return std::nullopt;
      switch (text[i]) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case '\\':
        case '"':
        case '\'':
          out += text[i];
          break;
        default:
          return std::nullopt;
      }
    }
    return out;
  }

  std::optional<json> default_json(std::string_view text, const TypeRef& type) const {
    text = trimmed(text);
    if (text.empty()) return std::nullopt;
    switch (type.kind) {
      case Kind::kOptional:
        if (text == "std::nullopt" || text == "nullopt" || text == "{}") return std::nullopt;
        return default_json(text, type.args.at(0));
      case Kind::kBool:
        if (text == "true") return json(true);
        if (text == "false" || text == "{}") return json(false);
        return std::nullopt;
      case Kind::kInt: {
        if (text == "{}") return json(0);
        std::string digits(text);
        while (!digits.empty() && std::strchr("uUlL", digits.back()) != nullptr) digits.pop_back();
        char* end = nullptr;
        long long value = std::strtoll(digits.c_str(), &end, 10);
        if (digits.empty() || *end != '\0') return std::nullopt;
        return json(value);
      }
      case Kind::kFloat: {
        if (text == "{}") return json(0.0);
        std::string digits(text);
        if (!digits.empty() && (digits.back() == 'f' || digits.back() == 'F')) digits.pop_back();
        char* end = nullptr;
        double value = std::strtod(digits.c_str(), &end);
        if (digits.empty() || *end != '\0') return std::nullopt;
        return json(value);
      }
      case Kind::kString:
        if (text == "{}") return json("");
        if (auto value = string_literal(text)) return json(*value);
        return std::nullopt;
      case Kind::kEnum: {
        const auto* def = find_enum(type.name);
        auto name = unqualified(text);
        if (def == nullptr || name == text) return std::nullopt;
        for (const auto& enumerator : def->enumerators) {
          if (enumerator == name) return json(enumerator);
        }
        return std::nullopt;
      }
      case Kind::kVector: {
        auto items = braced_items(text);
        if (!items) return std::nullopt;
        json out = json::array();
        for (auto item : *items) {
          auto value = default_json(item, type.args.at(0));
          if (!value) return std::nullopt;
          out.push_back(*value);
        }
        return out;
      }
      case Kind::kMap:
        if (text == "{}") return json::object();
        return std::nullopt;
      case Kind::kVariant:
        // The first member the literal is one of: `"none"` a string, `0` an integer.
        for (const auto& member : type.args) {
          if (auto value = default_json(text, member)) return value;
        }
        return std::nullopt;
      case Kind::kValue:
      case Kind::kStruct:
      case Kind::kJson:
      case Kind::kResponse:
      case Kind::kResponseModel:
      case Kind::kVoid:
        break;
    }
    return std::nullopt;
  }
};

// ---- Raised errors --------------------------------------------------------------------------

// A response a route can answer because of something it raises.
struct ErrorResponse {
  std::string media_type;             // empty: no body
  bool http_exception_shape = false;  // FastAPI's default `{"detail": ...}`
  std::vector<json> examples;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct RaisedErrors {
  const Model& model;
  std::vector<const ExceptionHandler*> catches = catch_order(model);
  std::vector<Diagnostic>& notes;
  std::set<std::string> noted;  // each location once

  void note(const SourceLocation& location, std::string message) {
    auto key = location.file + ":" + std::to_string(location.line) + ":" +
               std::to_string(location.column) + message;
    if (noted.insert(key).second) notes.push_back({location, std::move(message), ""});
  }

  const ExceptionHandler* status_handler(int status) const {
    for (const auto& handler : model.handlers) {
      if (handler.status_code == status) return &handler;
    }
    return nullptr;
  }

  const ExceptionHandler* class_handler(std::string_view exception) const {
    for (const auto& handler : model.handlers) {
      if (handler.status_code == 0 && !handler.websocket &&
          class_key(handler.exception) == class_key(exception)) {
        return &handler;
      }
    }
    return nullptr;
  }

  // The handler dispatch picks for a thrown class: the first of the catch chain that is the
  // class or one of its bases.
  const ExceptionHandler* handler_for(const RaisedError& raised) const {
    for (const auto* handler : catches) {
      auto key = class_key(handler->exception);
      if (key == class_key(raised.exception)) return handler;
      for (const auto& base : raised.bases) {
        if (key == class_key(base)) return handler;
      }
    }
    return nullptr;
  }

  void add_handler_answer(const ExceptionHandler& handler, int fallback_status,
                          std::map<int, ErrorResponse>& out, int depth) {
    const auto& answer = handler.response;
    int status = answer.status_code != 0 ? answer.status_code : fallback_status;
    if (status != 0) {
      auto& response = out[status];
      if (response.media_type.empty()) {
        response.media_type =
            answer.media_type.empty() ? std::string(kJsonMedia) : answer.media_type;
      }
      if (!answer.example.empty()) {
        auto example = json::parse(answer.example, nullptr, /*allow_exceptions=*/false);
        if (!example.is_discarded() && std::find(response.examples.begin(), response.examples.end(),
                                                 example) == response.examples.end()) {
          response.examples.push_back(example);
        }
      }
    } else if (answer.raised.empty()) {
      note(handler.location, "the OpenAPI document cannot list what '" + handler.function +
                                 "' answers: the status of its response is not a constant");
    }
    for (const auto& raised : answer.raised) add(raised, out, depth + 1);
  }

  void add(const RaisedError& raised, std::map<int, ErrorResponse>& out, int depth = 0) {
    if (depth > 8) return;  // handlers that raise what their own handlers raise...
    if (raised.kind == RaisedError::Kind::kHttpException) {
      if (raised.status_code == 0) {
        note(raised.location,
             "the OpenAPI document cannot list this HTTPException: its status code is not a "
             "constant");
        return;
      }
      if (const auto* handler = status_handler(raised.status_code)) {
        add_handler_answer(*handler, raised.status_code, out, depth);
        return;
      }
      // FastAPI's class (the one thrown) has a handler of its own, or Starlette's has one.
      const auto* handler = class_handler("fastcpp::HTTPException");
      if (handler == nullptr) handler = class_handler("fastcpp::starlette::HTTPException");
      if (handler != nullptr) {
        // Its answer's status is usually the exception's own (`exc.status_code()`).
        add_handler_answer(*handler, raised.status_code, out, depth);
        return;
      }
      auto& response = out[raised.status_code];
      if (!is_body_allowed(raised.status_code)) return;
      response.media_type = kJsonMedia;
      response.http_exception_shape = true;
      if (!raised.detail_unknown) {
        json detail = raised.detail ? json(*raised.detail)
                                    : json(std::string(fastcpp::status_phrase(raised.status_code)));
        json example = {{"detail", detail}};
        if (std::find(response.examples.begin(), response.examples.end(), example) ==
            response.examples.end()) {
          response.examples.push_back(example);
        }
      }
      for (const auto& header : raised.headers) {
        if (std::find(response.headers.begin(), response.headers.end(), header) ==
            response.headers.end()) {
          response.headers.push_back(header);
        }
      }
      return;
    }
    const auto* handler = handler_for(raised);
    if (handler == nullptr) {
      auto derives = [&](std::string_view name) {
        return std::any_of(raised.bases.begin(), raised.bases.end(),
                           [&](const auto& base) { return class_key(base) == name; });
      };
      if (derives("fastcpp::starlette::HTTPException")) {
        note(raised.location,
             "the OpenAPI document cannot list this exception: it is an "
             "HTTPException whose status is set where it is constructed");
      }
      return;  // otherwise the plain 500
    }
    add_handler_answer(*handler, 0, out, depth);
  }

  static bool is_body_allowed(int status) {
    return !(status < 200 || status == 204 || status == 205 || status == 304);
  }
};

json error_response_json(int status, const ErrorResponse& error) {
  auto phrase = fastcpp::status_phrase(status);
  json response = {{"description", phrase.empty() ? "Additional Response" : std::string(phrase)}};
  if (!error.headers.empty()) {
    json headers = json::object();
    for (const auto& [name, value] : error.headers) {
      headers[name] = {{"schema", {{"type", "string"}}}, {"example", value}};
    }
    response["headers"] = headers;
  }
  if (error.media_type.empty() || !RaisedErrors::is_body_allowed(status)) return response;
  json media = json::object();
  if (error.http_exception_shape) {
    media["schema"] = {{"$ref", std::string(kRefPrefix) + "HTTPException"}};
  } else if (error.media_type == kJsonMedia) {
    media["schema"] = json::object();
  } else {
    media["schema"] = {{"type", "string"}};
  }
  if (error.examples.size() == 1) {
    media["example"] = error.examples.front();
  } else if (error.examples.size() > 1) {
    json examples = json::object();
    for (const auto& example : error.examples) {
      // Named by their detail, which tells them apart in Swagger UI's list.
      auto detail = example.find("detail");
      auto name = detail != example.end() && detail->is_string()
                      ? detail->get<std::string>()
                      : "Example " + std::to_string(examples.size() + 1);
      examples[name] = {{"value", example}};
    }
    media["examples"] = examples;
  }
  response["content"] = {{error.media_type, media}};
  return response;
}

const json& validation_error_definition() {
  static const json definition = json::parse(R"({"properties":{"loc":{"items":{"anyOf":[
      {"type":"string"},{"type":"integer"}]},"type":"array","title":"Location"},
      "msg":{"type":"string","title":"Message"},"type":{"type":"string","title":"Error Type"}},
      "type":"object","required":["loc","msg","type"],"title":"ValidationError"})");
  return definition;
}

const json& http_validation_error_definition() {
  static const json definition = json::parse(R"({"properties":{"detail":{"items":{
      "$ref":"#/components/schemas/ValidationError"},"type":"array","title":"Detail"}},
      "type":"object","title":"HTTPValidationError"})");
  return definition;
}

const json& http_exception_definition() {
  static const json definition = json::parse(R"({"properties":{"detail":{"title":"Detail"}},
      "type":"object","required":["detail"],"title":"HTTPException"})");
  return definition;
}

// FastAPI's METHODS_WITH_BODY: a body parameter is documented for every method but TRACE.
bool method_has_body(std::string_view method) { return method != "TRACE"; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string python_title(std::string_view text) {
  std::string out;
  bool previous_cased = false;
  for (char c : text) {
    bool cased = std::isalpha(static_cast<unsigned char>(c)) != 0;
    if (cased) {
      out += static_cast<char>(previous_cased ? std::tolower(static_cast<unsigned char>(c))
                                              : std::toupper(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
    previous_cased = cased;
  }
  return out;
}

std::string operation_id(const Route& route, std::string_view method) {
  std::string id = std::string(unqualified(route.function)) + path_format(route.path);
  for (auto& c : id) {
    auto byte = static_cast<unsigned char>(c);
    // Python's \W: bytes of non-ASCII characters count as word characters here.
    if (byte < 0x80 && std::isalnum(byte) == 0 && c != '_') c = '_';
  }
  return id + "_" + lower(method);
}

std::string operation_summary(const Route& route) {
  if (!route.summary.empty()) return route.summary;
  return python_title(underscores_as_spaces(std::string(unqualified(route.function))));
}

OpenApiDocument build_openapi(const Model& model) {
  OpenApiDocument result;
  Builder builder{model, {}, {}, false, {}, {}};
  RaisedErrors raised_errors{model, catch_order(model), result.notes, {}};
  bool validation_used = false;
  bool http_exception_used = false;

  const ExceptionHandler* validation_handler =
      model.openapi.raised_errors ? raised_errors.class_handler("fastcpp::RequestValidationError")
                                  : nullptr;

  json paths = json::object();
  json security_schemes = json::object();
  std::map<std::string, bool> path_has_parameters;
  for (const auto& route : model.routes) {
    if (route.websocket) continue;
    // The dependencies' parameters are the route's too, as FastAPI flattens them.
    auto dependencies = plan_dependencies(route, model);
    Route flat = route;
    flat.params = dependencies.flat_params;
    auto plan = plan_bindings(flat);
    auto path = path_format(route.path);
    for (const auto& method : route.methods) {
      auto id = operation_id(route, method);
      json operation = json::object();
      if (!route.tags.empty()) operation["tags"] = route.tags;
      operation["summary"] = operation_summary(route);
      if (!route.description.empty()) operation["description"] = route.description;
      operation["operationId"] = id;
      if (route.deprecated) operation["deprecated"] = true;
      // FastAPI's get_openapi_security_definitions: each security object the route uses, once.
      json security = json::array();
      for (const auto* dependency : dependencies.flat_dependencies) {
        if (!dependency->security) continue;
        const auto& scheme = *dependency->security;
        security.push_back({{scheme.kind, json::array()}});
        security_schemes[scheme.kind] = security_scheme_json(scheme);
      }
      if (!security.empty()) operation["security"] = security;

      json parameters = json::array();
      std::vector<const Binding*> body;
      for (const auto& binding : plan.bindings) {
        const auto& param = flat.params[binding.param];
        if (binding.source == ParamSource::kBody || binding.source == ParamSource::kForm) {
          body.push_back(&binding);
          continue;
        }
        if (param.info.exclude_from_schema) continue;  // include_in_schema=False
        std::optional<json> default_value;
        if (param.default_value)
          default_value = builder.default_json(*param.default_value, param.type);
        json parameter = {{"name", param.alias},
                          {"in", std::string(source_name(binding.source))},
                          {"required", param.required},
                          {"schema", builder.top_level_schema(field_title(param.alias), param.type,
                                                              default_value, &param.info)}};
        if (param.info.description) parameter["description"] = param.info.description->text;
        if (param.info.deprecated) parameter["deprecated"] = true;
        parameters.push_back(parameter);
      }
      if (!parameters.empty()) {
        operation["parameters"] = parameters;
        path_has_parameters[path] = true;
      }

      if (!body.empty() && method_has_body(method)) {
        json schema;
        bool required = false;
        // A form's fields are always a Body_ model (FastAPI embeds every Form()).
        if (plan.embeds_body || plan.reads_form) {
          auto name = "Body_" + id;
          json properties = json::object();
          json required_fields = json::array();
          for (const auto* binding : body) {
            const auto& param = flat.params[binding->param];
            std::optional<json> default_value;
            if (param.default_value)
              default_value = builder.default_json(*param.default_value, param.type);
            // By name, not alias: FastAPI 0.115.11's Body_ model documents a Form(alias=...) so.
            properties[param.name] =
                builder.field_schema(param.name, param.type, default_value, &param.info);
            if (param.required) required_fields.push_back(param.name);
          }
          json definition = {{"properties", properties}, {"type", "object"}};
          if (!required_fields.empty()) definition["required"] = required_fields;
          definition["title"] = name;
          builder.components[name] = definition;
          schema = {{"$ref", std::string(kRefPrefix) + name}};
          required = !required_fields.empty();
        } else {
          const auto& param = flat.params[body.front()->param];
          std::optional<json> default_value;
          if (param.default_value)
            default_value = builder.default_json(*param.default_value, param.type);
          schema = builder.top_level_schema(field_title(param.name), param.type, default_value,
                                            &param.info);
          required = param.required;
        }
        json request_body = json::object();
        if (required) request_body["required"] = true;
        auto media = plan.reads_form ? kFormMedia : kJsonMedia;
        request_body["content"] = {{std::string(media), {{"schema", schema}}}};
        operation["requestBody"] = request_body;
      }

      json responses = json::object();
      auto status = response_status(route);
      json success = {{"description", "Successful Response"}};
      if (RaisedErrors::is_body_allowed(status)) {
        json schema = json::object();
        // FastAPI documents a response_model, not what the handler gives.
        const auto& result =
            route.result.kind == Kind::kResponseModel ? route.result.args.at(0) : route.result;
        auto kind = result.kind;
        if (kind != Kind::kJson && kind != Kind::kResponse && kind != Kind::kVoid) {
          builder.output = true;
          schema = builder.top_level_schema(field_title("response_" + id), result, std::nullopt);
          builder.output = false;
        }
        success["content"] = {{std::string(kJsonMedia), {{"schema", schema}}}};
      }
      responses[std::to_string(status)] = success;

      int validation_status = 422;
      if (validation_handler != nullptr && validation_handler->response.status_code != 0) {
        validation_status = validation_handler->response.status_code;
      }
      if (model.openapi.raised_errors) {
        std::map<int, ErrorResponse> errors;
        for (const auto& raised : route.raised) raised_errors.add(raised, errors);
        for (const auto* dependency : dependencies.flat_dependencies) {
          for (const auto& raised : dependency->raised) raised_errors.add(raised, errors);
        }
        for (const auto& [code, error] : errors) {
          if (code == status || (code == validation_status && !plan.bindings.empty())) continue;
          http_exception_used = http_exception_used || error.http_exception_shape;
          responses[std::to_string(code)] = error_response_json(code, error);
        }
      }
      if (!plan.bindings.empty()) {
        if (validation_handler == nullptr) {
          validation_used = true;
          responses["422"] = {
              {"description", "Validation Error"},
              {"content",
               {{std::string(kJsonMedia),
                 {{"schema", {{"$ref", std::string(kRefPrefix) + "HTTPValidationError"}}}}}}}};
        } else {
          auto media = validation_handler->response.media_type.empty()
                           ? std::string(kJsonMedia)
                           : validation_handler->response.media_type;
          json schema = media == kJsonMedia ? json::object() : json{{"type", "string"}};
          responses[std::to_string(validation_status)] = {
              {"description", "Validation Error"}, {"content", {{media, {{"schema", schema}}}}}};
        }
      }
      operation["responses"] = responses;
      paths[path][lower(method)] = operation;
    }
  }
  for (auto& [path, item] : paths.items()) {
    if (path_has_parameters.count(path) != 0) continue;
    json reordered_item = reordered(item, kPathItemOrder);
    for (auto& [method, operation] : reordered_item.items()) {
      operation = validated_operation(operation);
    }
    item = reordered_item;
  }

  if (validation_used) {
    builder.components["ValidationError"] = validation_error_definition();
    builder.components["HTTPValidationError"] = http_validation_error_definition();
  }
  if (http_exception_used) builder.components["HTTPException"] = http_exception_definition();

  json info = {{"title", model.openapi.title}};
  if (!model.openapi.description.empty()) info["description"] = model.openapi.description;
  info["version"] = model.openapi.version;
  json document = {{"openapi", "3.1.0"}, {"info", info}, {"paths", paths}};
  builder.finish_structs(document);
  if (!builder.components.empty()) {
    json schemas = json::object();
    for (const auto& [name, schema] : builder.components) {
      schemas[name] = validated_schema(schema);
    }
    document["components"] = {{"schemas", schemas}};
  }
  if (!security_schemes.empty()) document["components"]["securitySchemes"] = security_schemes;
  result.document = std::move(document);
  return result;
}

std::string openapi_text(const nlohmann::ordered_json& document) {
  return document.dump(-1, ' ', /*ensure_ascii=*/false,
                       nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace fastcpp::gen
