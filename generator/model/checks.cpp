#include "model/checks.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fastcpp/middleware.hpp"
#include "model/app.hpp"
#include "model/dependencies.hpp"
#include "model/exception_plan.hpp"
#include "model/field_info.hpp"
#include "model/routes.hpp"
#include "model/source_plan.hpp"

namespace fastcpp::gen {
namespace {

std::string format_location(const SourceLocation& location) {
  return fmt::format("{}:{}:{}", location.file, location.line, location.column);
}

bool is_valid_status(int code) { return code >= 100 && code <= 599; }

void check_route_status(const Route& route, std::vector<Diagnostic>& diagnostics) {
  if (route.status_code == 0 || is_valid_status(route.status_code)) return;
  diagnostics.push_back(
      {route.location, fmt::format("status code {} is not between 100 and 599", route.status_code),
       "FASTCPP_STATUS_CODE takes an HTTP status code, such as 201"});
}

const StructDef* find_struct(const Model& model, const TypeRef& type) {
  if (type.kind != TypeRef::Kind::kStruct) return nullptr;
  for (const auto& def : model.structs) {
    if (def.name == type.name) return &def;
  }
  return nullptr;
}

// A ResponseModel<Model, Source> whose every answer would fail validation, as the types alone
// show: a Source struct without a field that Model requires, or a struct on one side only.
void check_response_model(const Model& model, const Route& route,
                          std::vector<Diagnostic>& diagnostics) {
  if (route.result.kind != TypeRef::Kind::kResponseModel) return;
  const auto& target = route.result.args.at(0);
  const auto& source = route.result.args.at(1);
  const auto* target_def = find_struct(model, target);
  const auto* source_def = find_struct(model, source);
  auto fails = [&](std::string message, std::string hint) {
    diagnostics.push_back({route.location, std::move(message), std::move(hint)});
  };
  constexpr const char* kAlways = "every answer would be a ResponseValidationError (a 500)";
  if (target_def != nullptr && source_def != nullptr) {
    for (const auto& field : target_def->fields) {
      if (field.has_default) continue;
      bool found = false;
      for (const auto& given : source_def->fields) found = found || given.name == field.name;
      if (found) continue;
      fails(fmt::format("response model '{}' requires field '{}', which '{}' does not have",
                        target.spelling, field.name, source.spelling),
            fmt::format("{}: give '{}' that field, or the field a default member initializer",
                        kAlways, source.spelling));
    }
    return;
  }
  bool source_is_object = source_def != nullptr || source.kind == TypeRef::Kind::kMap ||
                          source.kind == TypeRef::Kind::kJson;
  if (target_def != nullptr && !source_is_object) {
    fails(fmt::format("response model '{}' is a struct, but '{}' answers '{}'", target.spelling,
                      route.function, source.spelling),
          fmt::format("{}: answer a struct, a map or fastcpp::json", kAlways));
  }
}

}  // namespace

// What the runtime refuses when the service is made (Starlette, when the app is built or at
// the first answer), for the options the middleware's function sets to constants: the
// runtime's own checks, on those values, so that the build says it at the annotation.
void check_middleware_options(const MiddlewareDef& def, std::vector<Diagnostic>& diagnostics) {
  for (const auto& option : def.options) {
    try {
      if (def.kind == "TrustedHostMiddleware" && option.name == "allowed_hosts") {
        fastcpp::TrustedHostMiddleware trusted;
        trusted.allowed_hosts = option.strings;
        fastcpp::Middleware{trusted};
      } else if (def.kind == "GZipMiddleware" && option.name == "compresslevel" && option.integer) {
        fastcpp::GZipMiddleware gzip;
        gzip.compresslevel = static_cast<int>(*option.integer);  // the member's, an int
        fastcpp::Middleware{gzip};
      } else if (def.kind == "CORSMiddleware" && option.name == "allow_origin_regex" &&
                 option.strings.size() == 1) {
        fastcpp::CORSMiddleware cors;
        cors.allow_origin_regex = option.strings.front();
        fastcpp::Middleware{cors};
      }
    } catch (const std::invalid_argument& refused) {
      diagnostics.push_back({def.location, refused.what(),
                             fmt::format("'{}' is set at {}; the service would refuse to start",
                                         option.name, format_location(option.location))});
    }
  }
}

std::vector<Diagnostic> check_model(const Model& model) {
  std::vector<Diagnostic> diagnostics;

  // Each source's generated file is named after it.
  std::map<std::string, std::string_view> ids;
  for (const auto& source : model.sources) {
    auto [it, inserted] = ids.emplace(source_id(source), source);
    if (inserted) continue;
    diagnostics.push_back({{},
                           fmt::format("sources '{}' and '{}' would have the same generated file, "
                                       "{}.{}.gen.cpp",
                                       it->second, source, model.service, it->first),
                           "rename one of them"});
  }

  // The dependency graph first: a route's plan needs it sound.
  auto graph = check_dependencies(model);
  bool sound_graph = graph.empty();

  std::map<std::pair<std::string, std::string>, const Route*> http_routes;
  std::map<std::string, const Route*> websocket_routes;
  for (const auto& route : model.routes) {
    auto found = check_params(
        route, sound_graph ? plan_dependencies(route, model).flat_params : std::vector<Param>{});
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    check_route_status(route, diagnostics);
    check_response_model(model, route, diagnostics);

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

  for (const auto& def : model.structs) {
    for (const auto& field : def.fields) {
      auto found = check_field_info(
          field.info, field.type,
          {fmt::format("member '{}::{}'",
                       def.name.rfind("::", 0) == 0 ? def.name.substr(2) : def.name, field.name),
           std::nullopt});
      diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    }
  }
  diagnostics.insert(diagnostics.end(), graph.begin(), graph.end());

  // FastAPI keeps the last registration for a key; two in one service are a mistake.
  // A class may have one handler for HTTP routes and one taking the WebSocket.
  std::map<std::pair<std::string_view, bool>, const ExceptionHandler*> class_handlers;
  std::map<int, const ExceptionHandler*> status_handlers;
  for (const auto& handler : model.handlers) {
    if (handler.websocket && class_key(handler.exception) == "std::exception") {
      // ServerErrorMiddleware, the `Exception` handler's layer, lets a WebSocket's exceptions by.
      diagnostics.push_back(
          {handler.location, "a WebSocket handler for 'std::exception' is never called",
           "FastAPI's Exception handler is the server-error handler, which WebSockets do not meet; "
           "handle the classes the endpoint raises"});
      continue;
    }
    if (handler.status_code == 0) {
      auto [it, inserted] = class_handlers.emplace(
          std::pair{class_key(handler.exception), handler.websocket}, &handler);
      if (!inserted && handler.exception_location.file != it->second->exception_location.file) {
        // Each source is its own translation unit: a class local to one (in an anonymous
        // namespace) may share its name with another's, but the service's catch chain knows
        // classes by name.
        diagnostics.push_back(
            {handler.location,
             fmt::format("exception class '{}' of this handler is not the class of the same name "
                         "that '{}' handles, declared at {}",
                         class_key(handler.exception), it->second->function,
                         format_location(it->second->exception_location)),
             fmt::format("the two sources each define a '{}'; fastcpp-gen cannot tell which one a "
                         "throw raises: rename one of them",
                         class_key(handler.exception))});
        continue;
      }
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
  for (const auto& middleware : model.middleware) check_middleware_options(middleware, diagnostics);
  auto apps = check_apps(model);
  diagnostics.insert(diagnostics.end(), apps.begin(), apps.end());
  return diagnostics;
}

}  // namespace fastcpp::gen
