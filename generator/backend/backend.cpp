#include "backend/backend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "backend/emitter.hpp"
#include "model/dependencies.hpp"
#include "model/exception_plan.hpp"
#include "model/field_info.hpp"
#include "model/routes.hpp"
#include "model/source_plan.hpp"

namespace fastcpp::gen {
namespace {

// Every line of generated code is a template's (templates/*.in); the backend fills in only what
// goes inside a line: names, string literals, the handler's arguments, comma-separated lists.

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\{:03o}", byte);  // three octal digits: nothing after joins them
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string_view without_global_prefix(std::string_view name) {
  return name.substr(0, 2) == "::" ? name.substr(2) : name;
}

// `api::on_error` → `api_on_error`.
std::string mangled(std::string_view function) {
  std::string out;
  for (char c : without_global_prefix(function)) out += c == ':' ? '_' : c;
  while (out.find("__") != std::string::npos) out.replace(out.find("__"), 2, "_");
  return out;
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

// How generated code calls a user's function: by its qualified name, which neither a local
// variable of the same name (`limit(int limit)`) nor a generated function (`reject`) can hide.
std::string callee(std::string_view function) {
  return "::" + std::string(without_global_prefix(function));
}

// A parameter's local variable: its own name, unless that would hide what the generated route
// function names after its bindings: `request`, `websocket`, the binder `in`, `reject` and
// `with_handlers`.
std::string variable_name(const Param& param) {
  for (std::string_view used : {"request", "websocket", "in", "reject", "with_handlers"}) {
    if (param.name == used) return param.name + "_";
  }
  return param.name;
}

// The Binder member that reads a parameter from its source.
std::string binder_method(ParamSource source, const BindingPlan& plan) {
  if (source == ParamSource::kBody && plan.embeds_body) return "body_field";
  return std::string(source_name(source));
}

// The `static const` constraints object of a parameter or member named `name` (and its
// Pattern), as model/field_info plans it; empty when it declares none.
std::string render_constraints(const FieldInfo& info, const TypeRef& type,
                               const std::string& name) {
  auto plan = plan_constraints(info, type);
  if (!plan) return {};
  std::string out;
  std::string calls;
  for (const auto& [constraint, argument] : plan->calls) {
    calls +=
        render_template("constraint_call.cpp",
                        {{"constraint", constraint},
                         {"argument", constraint == "pattern" ? name + "_pattern" : argument}});
  }
  if (plan->pattern) {
    out += render_template("constraints_pattern.cpp",
                           {{"name", name + "_pattern"}, {"pattern", quoted(*plan->pattern)}});
  }
  if (plan->validators.empty()) {
    out +=
        render_template("constraints.cpp",
                        {{"name", name + "_constraints"}, {"type", plan->type}, {"calls", calls}});
    return out;
  }
  std::string validators;
  for (const auto& function : plan->validators) append_listed(validators, callee(function));
  std::string declared;
  if (!plan->type.empty()) {
    declared =
        render_template("constraints_declared.cpp", {{"type", plan->type}, {"calls", calls}});
  }
  out += render_template(
      "constraints_validated.cpp",
      {{"name", name + "_constraints"}, {"validators", validators}, {"declared", declared}});
  return out;
}

// The constraints objects of parameters, in the plan's order, named `<prefix><variable>`.
std::string render_param_constraints(const std::vector<Param>& params, const BindingPlan& plan,
                                     const std::string& prefix = "") {
  std::string out;
  for (const auto& binding : plan.bindings) {
    const auto& param = params[binding.param];
    out += render_constraints(param.info, param.type, prefix + variable_name(param));
  }
  return out;
}

// One `auto x = in.query<int>("x", 10);` line per binding, in the plan's order; `again`: only
// the read, for a cached dependency's parameters. `prefix`: of their constraints objects.
std::string render_reads(const std::vector<Param>& params, const BindingPlan& plan,
                         std::string_view indent, const std::string& prefix = "",
                         bool again = false) {
  std::string out;
  for (const auto& binding : plan.bindings) {
    const auto& param = params[binding.param];
    std::string arguments;
    if (!binding.key.empty()) append_listed(arguments, quoted(binding.key));
    if (param.default_value) append_listed(arguments, *param.default_value);
    if (plan_constraints(param.info, param.type)) {
      append_listed(arguments, prefix + variable_name(param) + "_constraints");
    }
    TemplateVars vars = {{"indent", std::string(indent)},
                         {"method", binder_method(binding.source, plan)},
                         {"type", param.type.spelling},
                         {"arguments", arguments}};
    if (!again) vars["variable"] = variable_name(param);
    out += render_template(again ? "binding_again.cpp" : "binding.cpp", vars);
  }
  return out;
}

std::string render_bindings(const Route& route, const BindingPlan& plan) {
  std::string out;
  if (plan.reads_body) out += render_template("binding_read_body.cpp", {});
  if (plan.reads_form) out += render_template("binding_read_form.cpp", {});
  return out + render_reads(route.params, plan, "  ");
}

// The handler's arguments in declaration order; `values`: the variable holding each Depends
// parameter's value, in order.
std::string render_arguments(const Route& route, const std::vector<Param>& params,
                             const std::vector<std::string>& values = {}) {
  std::string out;
  std::size_t depends = 0;
  for (const auto& param : params) {
    switch (param.source) {
      case ParamSource::kDepends:
        append_listed(out, "*" + values.at(depends++));
        break;
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

// The handler's call and the answer made of its result: through the response model, as it is,
// or `null` for a void handler.
std::string render_respond(const Route& route, const std::string& arguments) {
  if (route.result.kind == TypeRef::Kind::kResponseModel) {
    return render_template(
        "route_respond_model.cpp",
        {{"function", callee(route.function)},
         {"arguments", arguments},
         {"status", std::to_string(response_status(route))},
         {"exclude_unset", route.response_model_exclude_unset ? "true" : "false"},
         {"exclude_none", route.response_model_exclude_none ? "true" : "false"}});
  }
  return render_template(
      route.result.kind == TypeRef::Kind::kVoid ? "route_respond_void.cpp" : "route_respond.cpp",
      {{"function", callee(route.function)},
       {"arguments", arguments},
       {"status", std::to_string(response_status(route))}});
}

// A WebSocket endpoint's call, under the source's WebSocket exception handlers if it has some.
std::string render_websocket_call(const Route& route, const std::string& arguments,
                                  bool with_handlers) {
  return render_template(with_handlers ? "websocket_call_with_handlers.cpp" : "websocket_call.cpp",
                         {{"callee", callee(route.function)}, {"arguments", arguments}});
}

// A route binds its parameters (a failure goes to `reject`), then calls the handler under
// `with_handlers`; a route without parameters only calls.
std::string render_route(const Route& route, const std::string& name) {
  auto plan = plan_bindings(route);
  std::string bindings;
  if (!plan.bindings.empty()) {
    bindings = render_template("route_binder.cpp",
                               {{"constraints", render_param_constraints(route.params, plan)},
                                {"bindings", render_bindings(route, plan)}});
  }
  std::string methods;
  for (const auto& method : route.methods) append_listed(methods, method);
  return render_template("route.cpp",
                         {{"methods", methods},
                          {"path", route.path},
                          {"function", route.function},
                          {"route", name},
                          {"bindings", bindings},
                          {"call", render_respond(route, render_arguments(route, route.params))}});
}

std::string render_websocket_route(const Route& route, const std::string& name,
                                   bool with_handlers) {
  auto plan = plan_bindings(route);
  return render_template(
      "websocket_route.cpp",
      {{"path", route.path},
       {"function", route.function},
       {"route", name},
       {"constraints", render_param_constraints(route.params, plan)},
       {"bindings", render_bindings(route, plan)},
       {"call",
        render_websocket_call(route, render_arguments(route, route.params), with_handlers)}});
}

// Clauses [first, end) of the WebSocket endpoints' catch chain.
std::string render_websocket_catches(const ServicePlan& plan, size_t first, size_t end) {
  std::string catches;
  for (size_t index = first; index < end; ++index) {
    const auto& clause = plan.exceptions.websocket_catches[index];
    catches +=
        clause.function.empty()
            ? render_template("websocket_catch_rethrow.cpp", {{"exception", clause.exception}})
            : render_template(
                  "websocket_catch_handler.cpp",
                  {{"exception", clause.exception}, {"function", callee(clause.function)}});
  }
  return catches;
}

// The WebSocket endpoints' wrapper of one source's file, when some handler takes the WebSocket:
// the chain up to the first class it cannot name.
std::string render_websocket_wrapper(const ServicePlan& plan, const SourcePlan& file) {
  auto catches = render_websocket_catches(plan, 0, file.websocket_catches);
  if (file.websocket_catches < plan.exceptions.websocket_catches.size()) {
    catches += render_template("websocket_catch_elsewhere.cpp", {});
  }
  return render_template("websocket_handlers.cpp", {{"catches", catches}});
}

// The code of a route's dependency steps (model/dependencies): the variables that hold their
// values, then each step in solve order, then the endpoint's own parameters.
struct SolvedCode {
  std::string results;
  std::string steps;
  std::string bindings;
  std::string constraints;  // the constraints objects of the endpoint's and the steps' parameters
  std::vector<std::string> values;  // the variable of each Depends parameter of the endpoint
};

SolvedCode render_solve(const Route& route, const DependencyPlan& plan, std::string_view indent) {
  SolvedCode code;
  std::vector<std::string> variables(plan.steps.size());
  std::set<std::string> taken;
  for (std::size_t index = 0; index < plan.steps.size(); ++index) {
    const auto& step = plan.steps[index];
    if (step.cached || step.dependency->returns_void) continue;
    auto base = mangled(step.dependency->function) + "_result";
    auto name = base;
    for (int n = 2; !taken.insert(name).second; ++n) name = fmt::format("{}_{}", base, n);
    variables[index] = name;
    code.results +=
        render_template("dependency_result.cpp", {{"indent", std::string(indent)},
                                                  {"function", solved_argument(*step.dependency)},
                                                  {"variable", name}});
  }
  auto value_of = [&](std::size_t step) { return variables[plan.steps[step].value]; };
  // A step is called when its subtree (its own dependencies and parameters) added no error; one
  // without any parameter in it is always called.
  std::vector<bool> reads(plan.steps.size(), false);
  for (std::size_t index = 0; index < plan.steps.size(); ++index) {
    const auto& step = plan.steps[index];
    bool any = !plan_bindings(step.params, plan).bindings.empty();
    for (auto first = step.first; first < index; ++first) any = any || reads[first];
    reads[index] = any;
  }
  auto errors_name = [](std::size_t index) { return fmt::format("errors_before_{}", index + 1); };
  std::string inner(indent);
  inner += "  ";
  // A dependency's constraints objects are named after it; a dependency used twice without the
  // cache declares them once.
  std::set<std::string> constrained;
  auto prefix_of = [](const std::string& function) { return mangled(function) + "_"; };
  for (std::size_t index = 0; index < plan.steps.size(); ++index) {
    for (std::size_t later = index; later < plan.steps.size(); ++later) {
      const auto& step = plan.steps[later];
      if (step.first == index && !step.cached && reads[later]) {
        code.steps += render_template("dependency_errors_before.cpp",
                                      {{"indent", std::string(indent)},
                                       {"errors", errors_name(later)},
                                       {"function", step.dependency->function}});
      }
    }
    const auto& step = plan.steps[index];
    const auto& function = step.dependency->function;
    auto bindings = plan_bindings(step.params, plan);
    if (constrained.insert(function).second) {
      code.constraints += render_param_constraints(step.params, bindings, prefix_of(function));
    }
    if (step.cached) {
      if (bindings.bindings.empty()) continue;
      code.steps += render_template(
          "dependency_step_cached.cpp",
          {{"indent", std::string(indent)},
           {"function", function},
           {"bindings",
            render_reads(step.params, bindings, inner, prefix_of(function), /*again=*/true)}});
      continue;
    }
    std::vector<std::string> values;
    values.reserve(step.arguments.size());
    for (auto argument : step.arguments) values.push_back(value_of(argument));
    auto arguments = render_arguments(route, step.params, values);
    auto call = step.dependency->returns_void
                    ? render_template("dependency_call_void.cpp",
                                      {{"function", callee(function)}, {"arguments", arguments}})
                    : render_template("dependency_call.cpp", {{"variable", variables[index]},
                                                              {"function", callee(function)},
                                                              {"arguments", arguments}});
    if (!reads[index]) {
      code.steps += render_template(
          "dependency_step_unconditional.cpp",
          {{"indent", std::string(indent)}, {"function", function}, {"call", call}});
      continue;
    }
    code.steps += render_template(
        "dependency_step.cpp",
        {{"indent", std::string(indent)},
         {"function", function},
         {"bindings", render_reads(step.params, bindings, inner, prefix_of(function))},
         {"errors", errors_name(index)},
         {"call", call}});
  }
  auto endpoint = plan_bindings(route.params, plan);
  code.constraints += render_param_constraints(route.params, endpoint);
  code.bindings = render_reads(route.params, endpoint, indent);
  for (auto argument : plan.arguments) code.values.push_back(value_of(argument));
  return code;
}

// A route with dependencies reads its body (JSON or form) before any of them runs.
std::string render_read_body_first(const BindingPlan& flat) {
  if (flat.reads_body) return render_template("binding_read_body_first.cpp", {});
  if (flat.reads_form) return render_template("binding_read_form_first.cpp", {});
  return {};
}

std::string render_route_with_dependencies(const Model& model, const Route& route,
                                           const std::string& name) {
  auto plan = plan_dependencies(route, model);
  auto code = render_solve(route, plan, "    ");
  Route flat;
  flat.params = plan.flat_params;
  auto call = render_respond(route, render_arguments(route, route.params, code.values));
  std::string methods;
  for (const auto& method : route.methods) append_listed(methods, method);
  return render_template("route_with_dependencies.cpp",
                         {{"methods", methods},
                          {"path", route.path},
                          {"function", route.function},
                          {"route", name},
                          {"constraints", code.constraints},
                          {"read_body", render_read_body_first(plan_bindings(flat))},
                          {"results", code.results},
                          {"steps", code.steps},
                          {"bindings", code.bindings},
                          {"call", call}});
}

std::string render_websocket_route_with_dependencies(const Model& model, const Route& route,
                                                     const std::string& name, bool with_handlers) {
  auto plan = plan_dependencies(route, model);
  auto code = render_solve(route, plan, "  ");
  return render_template(
      "websocket_route_with_dependencies.cpp",
      {{"path", route.path},
       {"function", route.function},
       {"route", name},
       {"constraints", code.constraints},
       {"results", code.results},
       {"steps", code.steps},
       {"bindings", code.bindings},
       {"call", render_websocket_call(route, render_arguments(route, route.params, code.values),
                                      with_handlers)}});
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
      {{"exception", clause.exception}, {"function", callee(clause.function)}});
}

std::string render_catches(const std::vector<CatchClause>& catches, size_t first, size_t end) {
  std::string out;
  for (size_t index = first; index < end; ++index) out += render_catch(catches[index]);
  return out;
}

// What the service file calls a handler of a source's by: its forwarder in that file.
std::string forwarder_name(std::string_view function) { return "call_" + mangled(function); }

std::string handler_callee(const ServicePlan& plan, const HandlerRef& handler) {
  if (handler.source < 0) return callee(handler.function);
  return plan.sources[handler.source].id + "::" + forwarder_name(handler.function);
}

// `answer_exception`, then `answer_exception_2`...: a source's runs of the catch chain.
std::string run_name(const std::vector<CatchRun>& runs, const CatchRun& run,
                     std::string_view base = "answer_exception") {
  for (size_t index = 0; index < runs.size(); ++index) {
    if (runs[index].first == run.first) {
      return index == 0 ? std::string(base) : fmt::format("{}_{}", base, index + 1);
    }
  }
  return {};
}

std::string run_name(const SourcePlan& file, const CatchRun& run) {
  return run_name(file.runs, run);
}

// `answer_websocket_exception`, ...: a source's runs of the WebSocket endpoints' chain.
std::string websocket_run_name(const SourcePlan& file, const CatchRun& run) {
  return run_name(file.websocket_runs, run, "answer_websocket_exception");
}

std::string service_file(const Model& model) { return model.service + ".gen.cpp"; }

std::string render_traits(const SourcePlan& file) {
  if (file.enums.empty() && file.structs.empty()) return {};
  std::string declarations;
  std::string definitions;
  for (const auto* def : file.enums) {
    std::string names;
    std::string values;
    for (const auto& enumerator : def->enumerators) {
      append_listed(names, quoted(enumerator));
      append_listed(values, def->name + "::" + enumerator);
    }
    declarations += render_template(def->literal ? "enum_traits_literal.cpp" : "enum_traits.cpp",
                                    {{"enum", def->name}, {"names", names}, {"values", values}});
  }
  for (const auto* def : file.structs) {
    declarations += render_template("struct_traits.cpp", {{"struct", def->name}});
    std::string decode_fields;
    std::string encode_fields;
    for (const auto& field : def->fields) {
      decode_fields += render_constraints(field.info, field.type, field.name);
    }
    for (const auto& field : def->fields) {
      bool constrained = plan_constraints(field.info, field.type).has_value();
      decode_fields +=
          render_template("struct_decode_field.cpp",
                          {{"name", quoted(field.name)},
                           {"field", field.name},
                           {"required", field.has_default ? "false" : "true"},
                           {"constraints", constrained ? ", " + field.name + "_constraints" : ""}});
      encode_fields += render_template("struct_encode_field.cpp",
                                       {{"name", quoted(field.name)}, {"field", field.name}});
    }
    if (def->forbid_extra) {
      std::string names;
      for (const auto& field : def->fields) append_listed(names, quoted(field.name));
      decode_fields += render_template("struct_forbid_extra.cpp", {{"names", names}});
    }
    if (!def->validators.empty()) {
      std::string validators;
      for (const auto& validator : def->validators) {
        append_listed(validators, callee(validator.function));
      }
      decode_fields =
          render_template("struct_validate_model.cpp",
                          {{"decode_fields", decode_fields}, {"validators", validators}});
    }
    // A header's struct may have its traits in several sources' files.
    definitions +=
        render_template("struct_codec.cpp", {{"struct", def->name},
                                             {"inline", def->source < 0 ? "inline " : ""},
                                             {"decode_fields", decode_fields},
                                             {"encode_fields", encode_fields}});
  }
  return render_template("traits.cpp",
                         {{"declarations", declarations}, {"definitions", definitions}});
}

// The route wrapper of one source's file: the chain up to the first class it cannot name.
std::string render_route_wrapper(const ServicePlan& plan, const SourcePlan& file) {
  const auto& catches = plan.exceptions.catches;
  auto text = render_catches(catches, 0, file.direct_catches);
  if (file.direct_catches < catches.size()) text += render_template("catch_elsewhere.cpp", {});
  auto status_first = std::any_of(
      catches.begin(), catches.begin() + static_cast<std::ptrdiff_t>(file.direct_catches),
      [](const CatchClause& clause) { return clause.status_first; });
  return render_template(
      "route_wrapper.cpp",
      {{"status_note", status_first ? render_template("status_note.cpp", {}) : ""},
       {"catches", text}});
}

GeneratedFile render_source(const Model& model, const ServicePlan& plan, const SourcePlan& file) {
  std::set<std::string> taken;
  std::string routes;
  std::string entries;
  bool http_routes = false;
  for (const auto* route : file.routes) {
    auto name = route_function_name(*route, taken);
    if (route->websocket) {
      routes += has_dependencies(*route)
                    ? render_websocket_route_with_dependencies(model, *route, name,
                                                               file.websocket_wrapper)
                    : render_websocket_route(*route, name, file.websocket_wrapper);
      entries += render_template("add_websocket_route.cpp",
                                 {{"path", quoted(route->path)}, {"route", name}});
    } else {
      http_routes = true;
      routes += has_dependencies(*route) ? render_route_with_dependencies(model, *route, name)
                                         : render_route(*route, name);
      std::string methods;
      for (const auto& method : route->methods) append_listed(methods, quoted(method));
      entries += render_template(
          "add_route.cpp", {{"path", quoted(route->path)}, {"methods", methods}, {"route", name}});
    }
  }
  std::string local;
  if (!file.routes.empty()) {
    auto wrappers = http_routes ? render_route_wrapper(plan, file) : std::string();
    if (file.websocket_wrapper) wrappers += render_websocket_wrapper(plan, file);
    local = render_template("source_local.cpp",
                            {{"route_wrapper", wrappers},
                             {"reject", file.binds ? render_template("reject.cpp", {}) : ""},
                             {"routes", routes}});
  }

  const auto& catches = plan.exceptions.catches;
  std::string answers;
  for (const auto& run : file.runs) {
    answers += render_template("answer_exception.cpp",
                               {{"first", std::to_string(run.first + 1)},
                                {"last", std::to_string(run.end)},
                                {"name", run_name(file, run)},
                                {"catches", render_catches(catches, run.first, run.end)}});
  }
  const auto& websocket_catches = plan.exceptions.websocket_catches;
  for (const auto& run : file.websocket_runs) {
    // A run of rethrows only (classes whose handlers take a Request) does not use the WebSocket.
    auto calls =
        std::any_of(websocket_catches.begin() + static_cast<std::ptrdiff_t>(run.first),
                    websocket_catches.begin() + static_cast<std::ptrdiff_t>(run.end),
                    [](const WebSocketClause& clause) { return !clause.function.empty(); });
    answers += render_template("answer_websocket_exception.cpp",
                               {{"first", std::to_string(run.first + 1)},
                                {"last", std::to_string(run.end)},
                                {"name", websocket_run_name(file, run)},
                                {"websocket", calls ? "websocket" : "/*websocket*/"},
                                {"catches", render_websocket_catches(plan, run.first, run.end)}});
  }
  std::string forwarders;
  for (const auto* handler : file.exported_handlers) {
    forwarders += render_template("forwarder.cpp",
                                  {{"function", handler->function},
                                   {"callee", callee(handler->function)},
                                   {"name", forwarder_name(handler->function)},
                                   {"exception", std::string(class_key(handler->exception))}});
  }
  std::string add_middleware;
  if (!file.middleware.empty()) {
    std::string middleware_entries;
    for (const auto* middleware : file.middleware) {
      middleware_entries +=
          render_template("add_middleware_entry.cpp",
                          {{"middleware", middleware->function + (middleware->http ? "" : "()")}});
    }
    add_middleware = render_template("add_middleware.cpp", {{"entries", middleware_entries}});
  }
  const auto& source = model.sources[file.source];
  return {
      model.service + "." + file.id + ".gen.cpp",
      render_template(
          "source.cpp",
          {{"service", model.service},
           {"source", source},
           {"include", quoted(source)},
           {"traits", render_traits(file)},
           {"status_declaration", plan.exceptions.status_handlers.empty()
                                      ? ""
                                      : render_template("status_declaration.cpp", {})},
           {"websocket_declaration",
            file.websocket_wrapper &&
                    file.websocket_catches < plan.exceptions.websocket_catches.size()
                ? render_template("websocket_declaration.cpp", {})
                : ""},
           {"id", file.id},
           {"local", local},
           {"answers", answers},
           {"forwarders", forwarders},
           {"add_routes",
            (file.routes.empty() ? "" : render_template("add_routes.cpp", {{"entries", entries}})) +
                add_middleware}})};
}

// The OpenAPI document and the routes of its pages, when there is a document to serve.
struct OpenApiParts {
  std::string include;
  std::string document;
  std::string routes;
};

OpenApiParts render_openapi(const Model& model, const std::string& openapi_document) {
  if (openapi_document.empty() || model.openapi.openapi_url.empty()) return {};
  const auto& settings = model.openapi;
  return {render_template("openapi_include.cpp", {}),
          render_template("openapi.cpp",
                          {{"openapi_url", settings.openapi_url}, {"document", openapi_document}}),
          render_template("service_openapi.cpp",
                          {{"title", quoted(settings.title)},
                           {"openapi_url", quoted(settings.openapi_url)},
                           {"docs_url", quoted(settings.docs_url)},
                           {"redoc_url", quoted(settings.redoc_url)},
                           {"oauth2_redirect_url",
                            // FastAPI's swagger_ui_oauth2_redirect_url: not under a moved docs_url.
                            quoted(settings.docs_url.empty() ? "" : "/docs/oauth2-redirect")}})};
}

GeneratedFile render_service_file(const Model& model, const ServicePlan& plan, bool with_main,
                                  const std::string& openapi_document) {
  const auto& exceptions = plan.exceptions;
  std::string files;
  std::string declarations;
  std::string add_routes;
  for (const auto& file : plan.sources) {
    files +=
        render_template("service_file.cpp", {{"file", model.service + "." + file.id + ".gen.cpp"}});
    std::string functions;
    if (!file.routes.empty()) {
      functions += render_template("declare_add_routes.cpp", {});
      add_routes += render_template("service_add_routes.cpp", {{"id", file.id}});
    }
    if (!file.middleware.empty()) {
      functions += render_template("declare_add_middleware.cpp", {});
      add_routes += render_template("service_add_middleware.cpp", {{"id", file.id}});
    }
    for (const auto& run : file.runs) {
      functions += render_template("declare_answer_exception.cpp", {{"name", run_name(file, run)}});
    }
    for (const auto& run : file.websocket_runs) {
      functions += render_template("declare_answer_websocket_exception.cpp",
                                   {{"name", websocket_run_name(file, run)}});
    }
    for (const auto* handler : file.exported_handlers) {
      functions += render_template("declare_forwarder.cpp",
                                   {{"name", forwarder_name(handler->function)},
                                    {"exception", std::string(class_key(handler->exception))}});
    }
    if (functions.empty()) continue;
    declarations +=
        render_template("service_declarations.cpp",
                        {{"service", model.service}, {"id", file.id}, {"functions", functions}});
  }

  std::string status_handlers;
  std::string status_first;
  if (!exceptions.status_handlers.empty()) {
    std::string cases;
    for (const auto& handler : exceptions.status_handlers) {
      cases +=
          render_template("status_case.cpp",
                          {{"status", std::to_string(handler.status_code)},
                           {"function", handler_callee(plan, {handler.function, handler.source})}});
    }
    status_handlers = render_template("status_handlers.cpp", {{"cases", cases}});
    status_first = render_template("status_first.cpp", {});
  }

  std::string runs;
  for (const auto& run : plan.runs) {
    const auto& file = plan.sources[run.source];
    runs += render_template("service_run.cpp", {{"id", file.id}, {"name", run_name(file, run)}});
  }
  std::string websocket_lookup;
  if (!plan.websocket_runs.empty()) {
    std::string websocket_runs;
    for (const auto& run : plan.websocket_runs) {
      const auto& file = plan.sources[static_cast<size_t>(run.source)];
      websocket_runs += render_template("service_websocket_run.cpp",
                                        {{"id", file.id}, {"name", websocket_run_name(file, run)}});
    }
    websocket_lookup = render_template("service_websocket.cpp", {{"runs", websocket_runs}});
  }
  std::string server_error;
  if (!exceptions.server_error_handler.empty()) {
    server_error =
        render_template("service_server_error.cpp",
                        {{"function", handler_callee(plan, exceptions.server_error_handler)}});
  }
  auto openapi = render_openapi(model, openapi_document);
  return {
      service_file(model),
      render_template(
          "service.cpp",
          {{"service", model.service},
           {"openapi_include", openapi.include},
           {"openapi", openapi.document},
           {"openapi_routes", openapi.routes},
           {"files", files},
           {"declarations", declarations},
           {"status_handlers", status_handlers},
           {"status_first", status_first},
           {"http_exception_handler", handler_callee(plan, exceptions.http_exception_handler)},
           {"validation_error_handler", handler_callee(plan, exceptions.validation_error_handler)},
           {"runs", runs},
           {"websocket_lookup", websocket_lookup},
           {"add_routes", add_routes},
           {"redirect_slashes",
            model.redirect_slashes ? "" : render_template("service_redirect_slashes.cpp", {})},
           {"server_error", server_error},
           {"main", with_main ? render_template("main.cpp", {}) : ""}})};
}

}  // namespace

std::vector<GeneratedFile> render_service(const Model& model, bool with_main,
                                          const std::string& openapi_document) {
  auto plan = plan_service(model);
  std::vector<GeneratedFile> files{render_service_file(model, plan, with_main, openapi_document)};
  for (const auto& file : plan.sources) files.push_back(render_source(model, plan, file));
  return files;
}

}  // namespace fastcpp::gen
