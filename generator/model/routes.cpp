#include "model/routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <set>
#include <utility>

#include "model/field_info.hpp"

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
    case ParamSource::kForm:
      return "form";
    case ParamSource::kRequest:
      return "request";
    case ParamSource::kWebSocket:
      return "websocket";
    case ParamSource::kDepends:
      return "depends";
  }
  return "query";
}

namespace {

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
    case ParamWrapper::kForm:
      return "Form<T>";
    case ParamWrapper::kDepends:
      return "Depends<f>";
    case ParamWrapper::kNone:
      break;
  }
  return "T";
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
    case ParamWrapper::kForm:
      return ParamSource::kForm;
    case ParamWrapper::kDepends:
      return ParamSource::kDepends;
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
    case Kind::kValue:
    case Kind::kEnum:
      return true;
    case Kind::kVariant:
      // std::variant<int, bool>: Union[int, bool], read from one string as each member is.
      return !type.args.empty() &&
             std::all_of(type.args.begin(), type.args.end(),
                         [](const TypeRef& arg) { return is_scalar_or_enum(arg); });
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
// of scalars is a repeated query parameter even without Query<> (docs/fastapi-compat.md).
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
    case Kind::kResponseModel:
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
    case ParamSource::kForm:
      // `std::optional<std::vector<T>>`: FastAPI's `list[str] | None = None`, null when absent.
      return is_scalar_or_enum(type) || is_container_of_scalars(type, Kind::kOptional) ||
             is_container_of_scalars(type, Kind::kVector) ||
             (type.kind == Kind::kOptional && element_of(type) != nullptr &&
              is_container_of_scalars(*element_of(type), Kind::kVector));
    case ParamSource::kCookie:
      return is_scalar_or_enum(type) || is_container_of_scalars(type, Kind::kOptional);
    case ParamSource::kBody:
      return is_json_decodable(type);
    case ParamSource::kRequest:
    case ParamSource::kWebSocket:
    case ParamSource::kDepends:
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

std::string type_hint(ParamSource source, const TypeRef& type) {
  if (source != ParamSource::kBody && is_body_type(type)) {
    return "a struct, a map or fastcpp::json is read from the JSON body: declare it without a "
           "wrapper or as Body<T>";
  }
  switch (source) {
    case ParamSource::kQuery:
    case ParamSource::kHeader:
    case ParamSource::kForm:
      return fmt::format(
          "a {} parameter is a bool, an integer, a floating-point number, std::string, "
          "fastcpp::UUID, Decimal, DateTime, Date, Time, TimeDelta or an enum, or a "
          "std::optional or std::vector of one, or a std::optional of such a std::vector",
          source_name(source));
    case ParamSource::kCookie:
      return "a cookie parameter is a bool, an integer, a floating-point number, std::string, "
             "fastcpp::UUID, Decimal, DateTime, Date, Time, TimeDelta or an enum, or a "
             "std::optional of one; a cookie has a single value";
    case ParamSource::kBody:
      return "a body parameter is a type that can be decoded from JSON";
    default:
      return {};
  }
}

// Where each parameter comes from, as FastAPI decides it from the path template, the wrapper
// and the type.
void classify_param(Param& param, const std::set<std::string>& template_names) {
  param.alias = param.name;
  param.required = !param.default_value && param.type.kind != Kind::kOptional;
  if (param.wrapper == ParamWrapper::kDepends) {
    param.source = ParamSource::kDepends;
    return;
  }
  if (auto injected = injected_source(param.type)) {
    // A wrapped Request or WebSocket is misuse (check_param); its source is the wrapper's.
    param.source = param.wrapper == ParamWrapper::kNone ? *injected : source_of(param.wrapper);
    return;
  }
  if (param.wrapper != ParamWrapper::kNone) {
    param.source = source_of(param.wrapper);
  } else if (template_names.count(param.name) > 0) {
    param.source = ParamSource::kPath;
  } else {
    param.source = is_body_type(param.type) ? ParamSource::kBody : ParamSource::kQuery;
  }
  // Header(convert_underscores=False) keeps the name as it is (h11 keeps `_` in header names).
  if (param.source == ParamSource::kHeader && !param.info.keep_underscores) {
    param.alias = header_alias(param.name);
  }
  if (param.info.alias) param.alias = param.info.alias->text;
  if (param.source == ParamSource::kPath) param.required = true;
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

void check_injected(const Param& param, RouteScan& scan) {
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

void check_param(const Param& param, RouteScan& scan) {
  if (param.source == ParamSource::kDepends) return;  // the dependency's own: check_dependencies
  auto in_template = scan.template_names.count(param.name) > 0;

  if (injected_source(param.type)) {
    if (param.wrapper == ParamWrapper::kNone) {
      check_injected(param, scan);
      return;
    }
    scan.error(param.location,
               fmt::format("{} parameter '{}' cannot be of type '{}'", source_name(param.source),
                           param.name, param.type.spelling),
               fmt::format("{} is passed to the endpoint as is: declare it without {}",
                           bare_class_name(param.type.spelling), wrapper_template(param.wrapper)));
    return;
  }

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
  auto in_body = param.source == ParamSource::kBody || param.source == ParamSource::kForm;
  if (in_body && scan.route.websocket) {
    scan.error(param.location,
               fmt::format("WebSocket endpoint '{}' cannot have {} parameter '{}'",
                           scan.route.function, source_name(param.source), param.name),
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

bool is_bound(const Param& param) {
  return param.source != ParamSource::kRequest && param.source != ParamSource::kWebSocket &&
         param.source != ParamSource::kDepends;
}

// FastAPI's error order: path, query, header, cookie, body.
int binding_rank(ParamSource source) {
  switch (source) {
    case ParamSource::kPath:
      return 0;
    case ParamSource::kQuery:
      return 1;
    case ParamSource::kHeader:
      return 2;
    case ParamSource::kCookie:
      return 3;
    case ParamSource::kBody:
    case ParamSource::kForm:
    case ParamSource::kRequest:
    case ParamSource::kWebSocket:
    case ParamSource::kDepends:
      break;
  }
  return 4;
}

}  // namespace

void classify_params(Route& route) {
  std::set<std::string> template_names;
  for (auto& param : parse_template(route.path)) template_names.insert(std::move(param.name));
  for (auto& param : route.params) classify_param(param, template_names);
}

void classify_params(Model& model) {
  for (auto& route : model.routes) classify_params(route);
}

std::vector<Diagnostic> check_params(const Route& route,
                                     const std::vector<Param>& dependency_params) {
  auto template_params = parse_template(route.path);
  RouteScan scan{route, {}, nullptr, nullptr, {}};
  for (const auto& param : template_params) scan.template_names.insert(param.name);

  check_template(template_params, scan);
  auto route_diagnostics = std::move(scan.diagnostics);
  scan.diagnostics.clear();

  for (const auto& param : route.params) {
    auto before = scan.diagnostics.size();
    check_param(param, scan);
    if (scan.diagnostics.size() != before || !is_bound(param)) continue;
    auto found = check_field_info(param.info, param.type,
                                  {fmt::format("parameter '{}'", param.name), param.source});
    scan.diagnostics.insert(scan.diagnostics.end(), found.begin(), found.end());
  }

  // FastAPI reads one body per request, as JSON or as a form: a route cannot take both.
  const Param* json_body = nullptr;
  const Param* form_field = nullptr;
  for (const auto* params : {&route.params, &dependency_params}) {
    for (const auto& param : *params) {
      if (param.source == ParamSource::kBody && json_body == nullptr) json_body = &param;
      if (param.source == ParamSource::kForm && form_field == nullptr) form_field = &param;
    }
  }
  if (json_body != nullptr && form_field != nullptr) {
    route_diagnostics.push_back(
        {form_field->location,
         fmt::format("form parameter '{}' and body parameter '{}' cannot be read from the same "
                     "request",
                     form_field->name, json_body->name),
         "a request has one body, read as JSON or as a form: declare every body parameter as "
         "Form<T>, or none"});
  }

  // A parameter of the name with the wrong wrapper was reported above, as misdeclared.
  std::set<std::string> reported;
  for (const auto& name : path_param_names(route.path)) {
    auto matches = [&](const Param& param) { return param.name == name && is_bound(param); };
    auto bound = std::any_of(route.params.begin(), route.params.end(), matches) ||
                 std::any_of(dependency_params.begin(), dependency_params.end(), matches);
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

std::vector<Diagnostic> check_dependency_params(const Route& route,
                                                const std::vector<Param>& params) {
  RouteScan scan{route, {}, nullptr, nullptr, {}};
  for (const auto& param : parse_template(route.path)) scan.template_names.insert(param.name);
  for (const auto& param : params) check_param(param, scan);
  return std::move(scan.diagnostics);
}

BindingPlan plan_bindings(const Route& route) {
  BindingPlan plan;
  for (std::size_t i = 0; i < route.params.size(); ++i) {
    const auto& param = route.params[i];
    if (!is_bound(param)) continue;
    plan.bindings.push_back({i, param.source, param.alias});
  }
  std::stable_sort(plan.bindings.begin(), plan.bindings.end(),
                   [](const Binding& a, const Binding& b) {
                     return binding_rank(a.source) < binding_rank(b.source);
                   });
  auto body_count = std::count_if(plan.bindings.begin(), plan.bindings.end(),
                                  [](const Binding& b) { return b.source == ParamSource::kBody; });
  plan.reads_body = body_count > 0;
  // Form fields are always read by name (FastAPI embeds every Form(), even a single one).
  plan.reads_form = std::any_of(plan.bindings.begin(), plan.bindings.end(),
                                [](const Binding& b) { return b.source == ParamSource::kForm; });
  // FastAPI's embed: a route's only body parameter is the whole body, unless it is marked
  // FASTCPP_EMBED (`Body(embed=True)`); several are the fields of one body object, by name.
  plan.embeds_body =
      body_count > 1 ||
      (body_count == 1 &&
       std::any_of(plan.bindings.begin(), plan.bindings.end(), [&](const Binding& b) {
         return b.source == ParamSource::kBody && route.params[b.param].info.embed.has_value();
       }));
  if (!plan.embeds_body) {
    for (auto& binding : plan.bindings) {
      if (binding.source == ParamSource::kBody) binding.key.clear();
    }
  }
  return plan;
}

int response_status(const Route& route) { return route.status_code != 0 ? route.status_code : 200; }

}  // namespace fastcpp::gen
