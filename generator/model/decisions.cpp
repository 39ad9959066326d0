#include "model/decisions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

namespace fastcpp::gen {
namespace {

using Kind = TypeRef::Kind;

struct TemplateParam {
  std::string name;
  std::string convertor;  // empty for `{name}`
};

bool is_identifier_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_identifier_char(char c) { return is_identifier_start(c) || (c >= '0' && c <= '9'); }

std::string_view read_identifier(std::string_view text, std::size_t& pos) {
  auto start = pos;
  if (pos < text.size() && is_identifier_start(text[pos])) {
    ++pos;
    while (pos < text.size() && is_identifier_char(text[pos])) ++pos;
  }
  return text.substr(start, pos - start);
}

// Starlette's PARAM_REGEX, `{([a-zA-Z_][a-zA-Z0-9_]*)(:[a-zA-Z_][a-zA-Z0-9_]*)?}`, applied the
// way re.finditer does: braces around anything else stay literal text, and the scan resumes
// right after a failed `{`.
std::vector<TemplateParam> parse_template(std::string_view path) {
  std::vector<TemplateParam> params;
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    auto pos = open + 1;
    auto name = read_identifier(path, pos);
    if (name.empty()) continue;
    std::string_view convertor;
    if (pos < path.size() && path[pos] == ':') {
      ++pos;
      convertor = read_identifier(path, pos);
      if (convertor.empty()) continue;
    }
    if (pos >= path.size() || path[pos] != '}') continue;
    params.push_back({std::string(name), std::string(convertor)});
    open = pos;
  }
  return params;
}

bool is_known_convertor(std::string_view convertor) {
  return convertor.empty() || convertor == "str" || convertor == "path" || convertor == "int" ||
         convertor == "float" || convertor == "uuid";
}

}  // namespace

std::vector<std::string> path_param_names(std::string_view path) {
  std::vector<std::string> names;
  for (auto& param : parse_template(path)) names.push_back(std::move(param.name));
  return names;
}

namespace {

std::string_view source_name(ParamSource source) {
  switch (source) {
    case ParamSource::kPath:
      return "path";
    case ParamSource::kQuery:
      return "query";
    case ParamSource::kHeader:
      return "header";
    case ParamSource::kCookie:
      return "cookie";
    case ParamSource::kBody:
      return "body";
    case ParamSource::kRequest:
      return "request";
    case ParamSource::kWebSocket:
      return "websocket";
  }
  return "query";
}

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
  }
  return "none";
}

std::string_view wrapper_template(ParamWrapper wrapper) {
  switch (wrapper) {
    case ParamWrapper::kQuery:
      return "Query<T>";
    case ParamWrapper::kPath:
      return "Path<T>";
    case ParamWrapper::kHeader:
      return "Header<T>";
    case ParamWrapper::kCookie:
      return "Cookie<T>";
    case ParamWrapper::kBody:
      return "Body<T>";
    case ParamWrapper::kNone:
      break;
  }
  return "T";
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
    case Kind::kJson:
      return "json";
    case Kind::kResponse:
      return "response";
    case Kind::kVoid:
      return "void";
  }
  return "void";
}

ParamSource source_of(ParamWrapper wrapper) {
  switch (wrapper) {
    case ParamWrapper::kPath:
      return ParamSource::kPath;
    case ParamWrapper::kHeader:
      return ParamSource::kHeader;
    case ParamWrapper::kCookie:
      return ParamSource::kCookie;
    case ParamWrapper::kBody:
      return ParamSource::kBody;
    case ParamWrapper::kQuery:
    case ParamWrapper::kNone:
      break;
  }
  return ParamSource::kQuery;
}

const TypeRef* element_of(const TypeRef& type) {
  return type.args.empty() ? nullptr : &type.args.front();
}

bool is_scalar_or_enum(const TypeRef& type) {
  switch (type.kind) {
    case Kind::kBool:
    case Kind::kInt:
    case Kind::kFloat:
    case Kind::kString:
    case Kind::kEnum:
      return true;
    default:
      return false;
  }
}

bool is_container_of_scalars(const TypeRef& type, Kind container) {
  const auto* element = element_of(type);
  return type.kind == container && element != nullptr && is_scalar_or_enum(*element);
}

// FastAPI reads a "complex" annotation (a model, a mapping) from the body; a std::optional or
// std::vector of one is just as complex. fastcpp differs from FastAPI on one point: a vector
// of scalars is a repeated query parameter even without Query<>, as design.md asks.
bool is_body_type(const TypeRef& type) {
  switch (type.kind) {
    case Kind::kStruct:
    case Kind::kMap:
    case Kind::kJson:
      return true;
    case Kind::kOptional:
    case Kind::kVector: {
      const auto* element = element_of(type);
      return element != nullptr && is_body_type(*element);
    }
    default:
      return false;
  }
}

bool is_json_decodable(const TypeRef& type) {
  switch (type.kind) {
    case Kind::kResponse:
    case Kind::kVoid:
      return false;
    case Kind::kOptional:
    case Kind::kVector:
    case Kind::kMap: {
      const auto* element = element_of(type);
      return element != nullptr && is_json_decodable(*element);
    }
    default:
      return true;
  }
}

bool source_accepts(ParamSource source, const TypeRef& type) {
  switch (source) {
    case ParamSource::kPath:
      return is_scalar_or_enum(type);
    case ParamSource::kQuery:
    case ParamSource::kHeader:
      return is_scalar_or_enum(type) || is_container_of_scalars(type, Kind::kOptional) ||
             is_container_of_scalars(type, Kind::kVector);
    case ParamSource::kCookie:
      return is_scalar_or_enum(type) || is_container_of_scalars(type, Kind::kOptional);
    case ParamSource::kBody:
      return is_json_decodable(type);
    case ParamSource::kRequest:
    case ParamSource::kWebSocket:
      break;
  }
  return true;
}

// `const ::fastcpp::Request &` → `fastcpp::Request`: the class an injected parameter names,
// however the frontend spelled its qualifiers.
std::string bare_class_name(std::string_view spelling) {
  std::string name;
  std::string token;
  auto flush = [&] {
    if (token != "const" && token != "volatile") name += token;
    token.clear();
  };
  for (char c : spelling) {
    if (c == ' ' || c == '\t' || c == '&') {
      flush();
    } else {
      token += c;
    }
  }
  flush();
  if (name.compare(0, 2, "::") == 0) name.erase(0, 2);
  return name;
}

std::optional<ParamSource> injected_source(const TypeRef& type) {
  auto name = bare_class_name(type.spelling);
  if (name == "fastcpp::Request") return ParamSource::kRequest;
  if (name == "fastcpp::WebSocket") return ParamSource::kWebSocket;
  return std::nullopt;
}

std::string header_alias(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string format_location(const SourceLocation& location) {
  return fmt::format("{}:{}:{}", location.file, location.line, location.column);
}

std::string type_hint(ParamSource source, const TypeRef& type) {
  if (source != ParamSource::kBody && is_body_type(type)) {
    return "a struct, a map or fastcpp::json is read from the JSON body: declare it without a "
           "wrapper or as Body<T>";
  }
  switch (source) {
    case ParamSource::kQuery:
    case ParamSource::kHeader:
      if (type.kind == Kind::kOptional && element_of(type) != nullptr &&
          element_of(type)->kind == Kind::kVector) {
        return "use std::vector<T> with the default '= {}': a missing list is an empty one";
      }
      return fmt::format(
          "a {} parameter is a bool, an integer, a floating-point number, std::string or an "
          "enum, or a std::optional or std::vector of one",
          source_name(source));
    case ParamSource::kCookie:
      return "a cookie parameter is a bool, an integer, a floating-point number, std::string or "
             "an enum, or a std::optional of one; a cookie has a single value";
    case ParamSource::kBody:
      return "a body parameter is a type that can be decoded from JSON";
    default:
      return {};
  }
}

struct RouteScan {
  const Route& route;
  std::set<std::string> template_names;
  const Param* request = nullptr;
  const Param* websocket = nullptr;
  std::vector<Diagnostic> diagnostics;

  void error(const SourceLocation& location, std::string message, std::string hint) {
    diagnostics.push_back({location, std::move(message), std::move(hint)});
  }
};

void check_injected(Param& param, RouteScan& scan) {
  const auto*& first = param.source == ParamSource::kRequest ? scan.request : scan.websocket;
  auto class_name =
      param.source == ParamSource::kRequest ? "fastcpp::Request" : "fastcpp::WebSocket";
  if (first != nullptr) {
    scan.error(param.location,
               fmt::format("more than one {} parameter: '{}' and '{}'", class_name, first->name,
                           param.name),
               fmt::format("keep only '{}'", first->name));
    return;
  }
  first = &param;
  if (param.source == ParamSource::kWebSocket && !scan.route.websocket) {
    scan.error(param.location,
               fmt::format("parameter '{}' is a fastcpp::WebSocket, but '{}' is not a WebSocket "
                           "endpoint",
                           param.name, scan.route.function),
               "declare the endpoint with FASTCPP_WEBSOCKET(path), or remove the parameter");
  }
  if (param.source == ParamSource::kRequest && scan.route.websocket) {
    scan.error(param.location,
               fmt::format("parameter '{}' is a fastcpp::Request, which a WebSocket endpoint "
                           "does not receive",
                           param.name),
               "use the fastcpp::WebSocket parameter's request() instead");
  }
}

void classify_param(Param& param, RouteScan& scan) {
  param.alias = param.name;
  param.required = !param.default_value && param.type.kind != Kind::kOptional;
  auto in_template = scan.template_names.count(param.name) > 0;

  if (auto injected = injected_source(param.type)) {
    if (param.wrapper == ParamWrapper::kNone) {
      param.source = *injected;
      check_injected(param, scan);
      return;
    }
    param.source = source_of(param.wrapper);
    scan.error(param.location,
               fmt::format("{} parameter '{}' cannot be of type '{}'", source_name(param.source),
                           param.name, param.type.spelling),
               fmt::format("{} is passed to the endpoint as is: declare it without {}",
                           bare_class_name(param.type.spelling), wrapper_template(param.wrapper)));
    return;
  }

  if (param.wrapper != ParamWrapper::kNone) {
    param.source = source_of(param.wrapper);
  } else if (in_template) {
    param.source = ParamSource::kPath;
  } else {
    param.source = is_body_type(param.type) ? ParamSource::kBody : ParamSource::kQuery;
  }
  if (param.source == ParamSource::kHeader) param.alias = header_alias(param.name);
  if (param.source == ParamSource::kPath) param.required = true;

  if (in_template && param.source != ParamSource::kPath) {
    scan.error(
        param.location,
        fmt::format("parameter '{}' is declared {} but '{{{}}}' is a path parameter of "
                    "'{}'",
                    param.name, wrapper_template(param.wrapper), param.name, scan.route.path),
        "declare it as Path<T> or without a wrapper, or rename it");
    return;
  }
  if (!in_template && param.source == ParamSource::kPath) {
    scan.error(param.location,
               fmt::format("parameter '{}' is declared Path<T> but '{{{}}}' is not in the path "
                           "'{}'",
                           param.name, param.name, scan.route.path),
               fmt::format("add '{{{}}}' to the path, or declare '{}' without Path<T> to make it "
                           "a query parameter",
                           param.name, param.name));
    return;
  }

  if (param.source == ParamSource::kPath) {
    if (!source_accepts(param.source, param.type)) {
      scan.error(param.location,
                 fmt::format("path parameter '{}' must be a scalar or an enum, not '{}'",
                             param.name, param.type.spelling),
                 "a path segment converts to a bool, an integer, a floating-point number, "
                 "std::string or an enum");
    }
    if (param.default_value) {
      scan.error(param.location,
                 fmt::format("path parameter '{}' cannot have a default value", param.name),
                 fmt::format("remove '= {}': a path parameter is always required, as in FastAPI",
                             *param.default_value));
    }
    return;
  }
  if (!source_accepts(param.source, param.type)) {
    scan.error(param.location,
               fmt::format("{} parameter '{}' cannot be of type '{}'", source_name(param.source),
                           param.name, param.type.spelling),
               type_hint(param.source, param.type));
    return;
  }
  if (param.source == ParamSource::kBody && scan.route.websocket) {
    scan.error(param.location,
               fmt::format("WebSocket endpoint '{}' cannot have body parameter '{}'",
                           scan.route.function, param.name),
               "a WebSocket handshake has no body: receive data through the fastcpp::WebSocket");
  }
}

// Starlette rejects these templates when the route is created.
void check_template(const std::vector<TemplateParam>& params, RouteScan& scan) {
  std::set<std::string> seen;
  for (const auto& param : params) {
    if (!is_known_convertor(param.convertor)) {
      scan.error(scan.route.location,
                 fmt::format("unknown path convertor '{}' in '{{{}:{}}}'", param.convertor,
                             param.name, param.convertor),
                 "use one of 'str', 'path', 'int', 'float' or 'uuid'");
    }
    if (!seen.insert(param.name).second) {
      scan.error(
          scan.route.location,
          fmt::format("duplicate path parameter '{{{}}}' in '{}'", param.name, scan.route.path),
          "give each path parameter its own name");
    }
  }
}

}  // namespace

std::vector<Diagnostic> classify_params(Route& route) {
  auto template_params = parse_template(route.path);
  RouteScan scan{route, {}, nullptr, nullptr, {}};
  for (const auto& param : template_params) scan.template_names.insert(param.name);

  check_template(template_params, scan);
  auto route_diagnostics = std::move(scan.diagnostics);
  scan.diagnostics.clear();

  for (auto& param : route.params) classify_param(param, scan);

  // A parameter of the name with the wrong wrapper was reported above, as misdeclared.
  std::set<std::string> reported;
  for (const auto& name : path_param_names(route.path)) {
    auto bound = std::any_of(route.params.begin(), route.params.end(), [&](const Param& param) {
      return param.name == name && param.source != ParamSource::kRequest &&
             param.source != ParamSource::kWebSocket;
    });
    if (!bound && reported.insert(name).second) {
      route_diagnostics.push_back(
          {route.location,
           fmt::format("path parameter '{{{}}}' has no matching function parameter", name),
           fmt::format("add a parameter named '{}'", name)});
    }
  }
  if (route.websocket && scan.websocket == nullptr) {
    route_diagnostics.push_back(
        {route.location,
         fmt::format("WebSocket endpoint '{}' has no fastcpp::WebSocket parameter", route.function),
         "add a parameter 'fastcpp::WebSocket& websocket'"});
  }

  route_diagnostics.insert(route_diagnostics.end(),
                           std::make_move_iterator(scan.diagnostics.begin()),
                           std::make_move_iterator(scan.diagnostics.end()));
  return route_diagnostics;
}

namespace {

// The frontend may spell a class `::E` in one place and `E` in another.
std::string_view class_key(std::string_view name) {
  return name.compare(0, 2, "::") == 0 ? name.substr(2) : name;
}

std::set<std::string_view> all_bases(const Model& model, std::string_view name) {
  std::map<std::string_view, const ExceptionClass*> classes;
  for (const auto& cls : model.classes) classes.emplace(class_key(cls.name), &cls);

  std::set<std::string_view> bases;
  std::vector<std::string_view> pending{class_key(name)};
  while (!pending.empty()) {
    auto it = classes.find(pending.back());
    pending.pop_back();
    if (it == classes.end()) continue;
    for (const auto& base : it->second->bases) {
      if (bases.insert(class_key(base)).second) pending.push_back(class_key(base));
    }
  }
  return bases;
}

}  // namespace

std::vector<const ExceptionHandler*> catch_order(const Model& model) {
  std::vector<const ExceptionHandler*> pending;
  for (const auto& handler : model.handlers) {
    if (handler.status_code == 0) pending.push_back(&handler);
  }
  // Names first, declaration order for equal names: the pick below keeps the first minimum.
  std::stable_sort(pending.begin(), pending.end(), [](const auto* a, const auto* b) {
    return class_key(a->exception) < class_key(b->exception);
  });
  std::map<const ExceptionHandler*, std::set<std::string_view>> bases;
  for (const auto* handler : pending) bases[handler] = all_bases(model, handler->exception);

  // A handler may be emitted once no pending handler's class derives from its class; of those,
  // the first by name goes next, so unrelated classes stay in name order.
  std::vector<const ExceptionHandler*> order;
  while (!pending.empty()) {
    auto next = std::find_if(pending.begin(), pending.end(), [&](const auto* candidate) {
      return std::none_of(pending.begin(), pending.end(), [&](const auto* other) {
        return bases[other].count(class_key(candidate->exception)) > 0;
      });
    });
    // Only a cycle in the bases, which C++ cannot declare, leaves no candidate.
    if (next == pending.end()) next = pending.begin();
    order.push_back(*next);
    pending.erase(next);
  }
  return order;
}

namespace {

bool is_valid_status(int code) { return code >= 100 && code <= 599; }

void check_route_status(const Route& route, std::vector<Diagnostic>& diagnostics) {
  if (route.status_code == 0 || is_valid_status(route.status_code)) return;
  diagnostics.push_back(
      {route.location, fmt::format("status code {} is not between 100 and 599", route.status_code),
       "FASTCPP_STATUS_CODE takes an HTTP status code, such as 201"});
}

}  // namespace

std::vector<Diagnostic> check_model(Model& model) {
  std::vector<Diagnostic> diagnostics;

  std::map<std::pair<std::string, std::string>, const Route*> http_routes;
  std::map<std::string, const Route*> websocket_routes;
  for (auto& route : model.routes) {
    auto found = classify_params(route);
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    check_route_status(route, diagnostics);

    // FastAPI silently answers with the first of two equal routes; the second is dead code.
    if (route.websocket) {
      auto [it, inserted] = websocket_routes.emplace(route.path, &route);
      if (!inserted) {
        diagnostics.push_back(
            {route.location,
             fmt::format("duplicate websocket route: {} is already declared at {}", route.path,
                         format_location(it->second->location)),
             "only the first would ever be called: remove one or change its path"});
      }
      continue;
    }
    for (const auto& method : route.methods) {
      auto [it, inserted] = http_routes.emplace(std::make_pair(method, route.path), &route);
      if (inserted || it->second == &route) continue;
      diagnostics.push_back({route.location,
                             fmt::format("duplicate route: {} {} is already declared at {}", method,
                                         route.path, format_location(it->second->location)),
                             "only the first would ever be called: remove one or change its path"});
    }
  }

  // FastAPI keeps the last registration for a key; two in one service are a mistake.
  std::map<std::string_view, const ExceptionHandler*> class_handlers;
  std::map<int, const ExceptionHandler*> status_handlers;
  for (const auto& handler : model.handlers) {
    if (handler.status_code == 0) {
      auto [it, inserted] = class_handlers.emplace(class_key(handler.exception), &handler);
      if (!inserted) {
        diagnostics.push_back(
            {handler.location,
             fmt::format("duplicate exception handler for '{}'", handler.exception),
             fmt::format("the first handler for it, '{}', is declared at {}", it->second->function,
                         format_location(it->second->location))});
      }
      continue;
    }
    if (!is_valid_status(handler.status_code)) {
      diagnostics.push_back(
          {handler.location,
           fmt::format("status code {} is not between 100 and 599", handler.status_code),
           "FASTCPP_EXCEPTION_HANDLER_FOR_STATUS takes an HTTP status code, such as 404"});
      continue;
    }
    if (handler.status_code == 500) {
      // Starlette gives a handler for 500 the `Exception` slot: ServerErrorMiddleware calls it
      // with whatever went unhandled, which an HTTPException parameter cannot take.
      diagnostics.push_back(
          {handler.location, "a handler for status 500 is the server-error handler",
           "declare it as FASTCPP_EXCEPTION_HANDLER for 'std::exception': 'fastcpp::Response " +
               handler.function + "(const fastcpp::Request&, const std::exception&)'"});
      continue;
    }
    auto [it, inserted] = status_handlers.emplace(handler.status_code, &handler);
    if (!inserted) {
      diagnostics.push_back(
          {handler.location,
           fmt::format("duplicate exception handler for status {}", handler.status_code),
           fmt::format("the first handler for it, '{}', is declared at {}", it->second->function,
                       format_location(it->second->location))});
    }
  }
  return diagnostics;
}

namespace {

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
  return Json{{"name", param.name},
              {"wrapper", wrapper_name(param.wrapper)},
              {"type", to_json(param.type)},
              {"default_value", param.default_value ? Json(*param.default_value) : Json()},
              {"location", to_json(param.location)},
              {"source", source_name(param.source)},
              {"alias", param.alias},
              {"required", param.required}};
}

Json to_json(const Route& route) {
  Json params = Json::array();
  for (const auto& param : route.params) params.push_back(to_json(param));
  return Json{{"function", route.function},       {"path", route.path},
              {"methods", route.methods},         {"websocket", route.websocket},
              {"status_code", route.status_code}, {"params", std::move(params)},
              {"result", to_json(route.result)},  {"location", to_json(route.location)}};
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
  return Json{
      {"name", def.name}, {"fields", std::move(fields)}, {"location", to_json(def.location)}};
}

Json to_json(const EnumDef& def) {
  return Json{
      {"name", def.name}, {"enumerators", def.enumerators}, {"location", to_json(def.location)}};
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
  // Source text need not be valid UTF-8; a dump must not throw over it.
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace fastcpp::gen
