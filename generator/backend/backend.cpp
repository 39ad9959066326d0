#include "backend/backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "backend/emitter.hpp"
#include "model/exception_plan.hpp"
#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

// Every line of generated code is a template's (templates/*.in); the backend fills in only what
// goes inside a line: names, string literals, the handler's arguments, comma-separated lists.

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string_view without_global_prefix(std::string_view name) {
  return name.substr(0, 2) == "::" ? name.substr(2) : name;
}

void append_listed(std::string& list, std::string_view item) {
  if (!list.empty()) list += ", ";
  list += item;
}

// `api::read_item` → `api_read_item_route`, unique within the file.
std::string route_function_name(const Route& route, std::set<std::string>& taken) {
  std::string base;
  for (char c : without_global_prefix(route.function)) base += c == ':' ? '_' : c;
  while (base.find("__") != std::string::npos) base.replace(base.find("__"), 2, "_");
  base += route.websocket ? "_websocket" : "_route";
  auto name = base;
  for (int n = 2; !taken.insert(name).second; ++n) name = fmt::format("{}_{}", base, n);
  return name;
}

// A parameter's local variable: its own name, unless that would hide the generated function's
// `request`, `websocket` or the binder `in`.
std::string variable_name(const Param& param) {
  if (param.name == "request" || param.name == "websocket" || param.name == "in") {
    return param.name + "_";
  }
  return param.name;
}

// The Binder member that reads a parameter from its source.
std::string binder_method(ParamSource source, const BindingPlan& plan) {
  if (source == ParamSource::kBody && plan.embeds_body) return "body_field";
  return std::string(source_name(source));
}

// One `auto x = in.query<int>("x", 10);` line per binding, in the plan's order.
std::string render_bindings(const Route& route, const BindingPlan& plan) {
  std::string out;
  if (plan.reads_body) out += render_template("binding_read_body.cpp", {});
  for (const auto& binding : plan.bindings) {
    const auto& param = route.params[binding.param];
    std::string arguments;
    if (!binding.key.empty()) append_listed(arguments, quoted(binding.key));
    if (param.default_value) append_listed(arguments, *param.default_value);
    out += render_template("binding.cpp", {{"variable", variable_name(param)},
                                           {"method", binder_method(binding.source, plan)},
                                           {"type", param.type.spelling},
                                           {"arguments", arguments}});
  }
  return out;
}

// The handler's arguments in declaration order.
std::string render_arguments(const Route& route) {
  std::string out;
  for (const auto& param : route.params) {
    switch (param.source) {
      case ParamSource::kRequest:
        append_listed(out, route.websocket ? "websocket.request()" : "request");
        break;
      case ParamSource::kWebSocket:
        append_listed(out, "websocket");
        break;
      default:
        append_listed(out, "std::move(" + variable_name(param) + ")");
    }
  }
  return out;
}

// A route binds its parameters (a failure goes to `reject`), then calls the handler under
// `with_handlers`; a route without parameters only calls.
std::string render_route(const Route& route, const std::string& name) {
  auto plan = plan_bindings(route);
  std::string bindings;
  if (!plan.bindings.empty()) {
    bindings = render_template("route_binder.cpp", {{"bindings", render_bindings(route, plan)}});
  }
  auto call = render_template(
      route.result.kind == TypeRef::Kind::kVoid ? "route_respond_void.cpp" : "route_respond.cpp",
      {{"function", route.function},
       {"arguments", render_arguments(route)},
       {"status", std::to_string(response_status(route))}});
  std::string methods;
  for (const auto& method : route.methods) append_listed(methods, method);
  return render_template("route.cpp", {{"methods", methods},
                                       {"path", route.path},
                                       {"function", route.function},
                                       {"route", name},
                                       {"bindings", bindings},
                                       {"call", call}});
}

std::string render_websocket_route(const Route& route, const std::string& name) {
  return render_template("websocket_route.cpp",
                         {{"path", route.path},
                          {"function", route.function},
                          {"route", name},
                          {"bindings", render_bindings(route, plan_bindings(route))},
                          {"arguments", render_arguments(route)}});
}

std::string render_catch(const CatchClause& clause) {
  switch (clause.kind) {
    case CatchClause::Kind::kHttpException:
      return render_template("catch_http_exception.cpp", {});
    case CatchClause::Kind::kValidationError:
      return render_template("catch_validation_error.cpp", {});
    case CatchClause::Kind::kHandler:
      break;
  }
  return render_template(
      clause.status_first ? "catch_handler_status_first.cpp" : "catch_handler.cpp",
      {{"exception", clause.exception}, {"function", clause.function}});
}

// The handler lookup of the whole service: status handlers, the handlers of what fastcpp raises
// itself, the catch chain of `with_handlers`, and `reject` when some route binds parameters.
std::string render_exception_handling(const Model& model, const ExceptionPlan& plan) {
  std::string status_handlers;
  std::string status_first;
  std::string status_note;
  if (!plan.status_handlers.empty()) {
    std::string cases;
    for (const auto& handler : plan.status_handlers) {
      cases += render_template("status_case.cpp", {{"status", std::to_string(handler.status_code)},
                                                   {"function", handler.function}});
    }
    status_handlers = render_template("status_handlers.cpp", {{"cases", cases}});
    status_first = render_template("status_first.cpp", {});
    status_note = render_template("status_note.cpp", {});
  }

  std::string catches;
  for (const auto& clause : plan.catches) catches += render_catch(clause);

  auto binds = std::any_of(model.routes.begin(), model.routes.end(), [](const Route& route) {
    return !route.websocket && !plan_bindings(route).bindings.empty();
  });
  return render_template("exception_handling.cpp",
                         {{"status_handlers", status_handlers},
                          {"status_first", status_first},
                          {"http_exception_handler", plan.http_exception_handler},
                          {"validation_error_handler", plan.validation_error_handler},
                          {"status_note", status_note},
                          {"catches", catches},
                          {"reject", binds ? render_template("reject.cpp", {}) : ""}});
}

std::string render_traits(const Model& model) {
  if (model.enums.empty() && model.structs.empty()) return {};
  std::string declarations;
  std::string definitions;
  for (const auto& def : model.enums) {
    std::string names;
    std::string values;
    for (const auto& enumerator : def.enumerators) {
      append_listed(names, quoted(enumerator));
      append_listed(values, def.name + "::" + enumerator);
    }
    declarations += render_template("enum_traits.cpp",
                                    {{"enum", def.name}, {"names", names}, {"values", values}});
  }
  for (const auto& def : model.structs) {
    declarations += render_template("struct_traits.cpp", {{"struct", def.name}});
    std::string decode_fields;
    std::string encode_fields;
    for (const auto& field : def.fields) {
      decode_fields += render_template("struct_decode_field.cpp",
                                       {{"name", quoted(field.name)},
                                        {"field", field.name},
                                        {"required", field.has_default ? "false" : "true"}});
      encode_fields += render_template("struct_encode_field.cpp",
                                       {{"name", quoted(field.name)}, {"field", field.name}});
    }
    definitions += render_template(
        "struct_codec.cpp",
        {{"struct", def.name}, {"decode_fields", decode_fields}, {"encode_fields", encode_fields}});
  }
  return render_template("traits.cpp",
                         {{"declarations", declarations}, {"definitions", definitions}});
}

}  // namespace

std::string render_service(const Model& model, bool with_main,
                           const std::string& openapi_document) {
  std::string includes;
  for (const auto& source : model.sources) {
    includes += render_template("service_include.cpp", {{"source", quoted(source)}});
  }

  std::set<std::string> taken;
  std::string routes;
  std::string route_table;
  std::string websocket_entries;
  for (const auto& route : model.routes) {
    auto name = route_function_name(route, taken);
    if (route.websocket) {
      routes += render_websocket_route(route, name);
      websocket_entries += render_template("service_websocket_route.cpp",
                                           {{"path", quoted(route.path)}, {"route", name}});
    } else {
      routes += render_route(route, name);
      std::string methods;
      for (const auto& method : route.methods) append_listed(methods, quoted(method));
      route_table +=
          render_template("service_route.cpp",
                          {{"path", quoted(route.path)}, {"methods", methods}, {"route", name}});
    }
  }
  std::string websocket_table;
  if (!websocket_entries.empty()) {
    websocket_table =
        render_template("service_websocket_routes.cpp", {{"entries", websocket_entries}});
  }

  auto plan = plan_exceptions(model);
  std::string server_error;
  if (!plan.server_error_handler.empty()) {
    server_error =
        render_template("service_server_error.cpp", {{"function", plan.server_error_handler}});
  }
  std::string openapi_include;
  std::string openapi;
  std::string openapi_routes;
  if (!openapi_document.empty() && !model.openapi.openapi_url.empty()) {
    const auto& settings = model.openapi;
    openapi_include = render_template("openapi_include.cpp", {});
    openapi = render_template(
        "openapi.cpp", {{"openapi_url", settings.openapi_url}, {"document", openapi_document}});
    openapi_routes = render_template(
        "service_openapi.cpp",
        {{"title", quoted(settings.title)},
         {"openapi_url", quoted(settings.openapi_url)},
         {"docs_url", quoted(settings.docs_url)},
         {"redoc_url", quoted(settings.redoc_url)},
         {"oauth2_redirect_url",
          quoted(settings.docs_url.empty() ? "" : settings.docs_url + "/oauth2-redirect")}});
  }
  return render_template("service.cpp",
                         {{"service", model.service},
                          {"openapi_include", openapi_include},
                          {"openapi", openapi},
                          {"openapi_routes", openapi_routes},
                          {"includes", includes},
                          {"traits", render_traits(model)},
                          {"routes", routes},
                          {"exception_handling", render_exception_handling(model, plan)},
                          {"route_table", route_table},
                          {"websocket_table", websocket_table},
                          {"server_error", server_error},
                          {"main", with_main ? render_template("main.cpp", {}) : ""}});
}

}  // namespace fastcpp::gen
