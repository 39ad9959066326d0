#include "model/checks.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/dependencies.hpp"
#include "model/exception_plan.hpp"
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

}  // namespace

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

  diagnostics.insert(diagnostics.end(), graph.begin(), graph.end());

  // FastAPI keeps the last registration for a key; two in one service are a mistake.
  std::map<std::string_view, const ExceptionHandler*> class_handlers;
  std::map<int, const ExceptionHandler*> status_handlers;
  for (const auto& handler : model.handlers) {
    if (handler.status_code == 0) {
      auto [it, inserted] = class_handlers.emplace(class_key(handler.exception), &handler);
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
  return diagnostics;
}

}  // namespace fastcpp::gen
