#include "model/app.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace fastcpp::gen {

std::vector<Diagnostic> check_apps(const Model& model) {
  std::vector<Diagnostic> diagnostics;
  for (size_t index = 1; index < model.apps.size(); ++index) {
    const auto& first = model.apps.front().location;
    diagnostics.push_back(
        {model.apps[index].location, "a service has one FASTCPP_APP",
         fmt::format("the first is declared at {}:{}:{}", first.file, first.line, first.column)});
  }
  // The service's dependencies are called from every route's generated file, which includes
  // the route's source only: one the app's source declares is not visible from another source.
  for (const auto& app : model.apps) {
    for (const auto& use : app.dependencies) {
      auto dependency =
          std::find_if(model.dependencies.begin(), model.dependencies.end(),
                       [&](const Dependency& known) { return known.function == use.function; });
      if (dependency == model.dependencies.end() ||
          dependency->location.file != app.location.file) {
        continue;
      }
      auto route = std::find_if(model.routes.begin(), model.routes.end(),
                                [&](const Route& other) { return other.source != app.source; });
      if (route == model.routes.end()) continue;
      diagnostics.push_back(
          {use.location,
           fmt::format("'{}' is declared in {}, so the routes of {} cannot call it", use.function,
                       app.location.file, route->location.file),
           "declare the service's dependencies in a header that every source with routes "
           "includes"});
    }
  }
  return diagnostics;
}

void apply_app(Model& model, const AppOverrides& overrides) {
  OpenApiSettings settings;
  if (!model.apps.empty()) {
    settings = model.apps.front().openapi;
    model.redirect_slashes = model.apps.front().redirect_slashes;
  }
  for (auto [given, setting] : {std::pair{&overrides.title, &settings.title},
                                std::pair{&overrides.version, &settings.version},
                                std::pair{&overrides.description, &settings.description},
                                std::pair{&overrides.openapi_url, &settings.openapi_url},
                                std::pair{&overrides.docs_url, &settings.docs_url},
                                std::pair{&overrides.redoc_url, &settings.redoc_url}}) {
    if (*given) *setting = **given;
  }
  if (!model.apps.empty()) {
    // FastAPI's router: `self.dependencies + dependencies` for every API and WebSocket route.
    const auto& service = model.apps.front().dependencies;
    for (auto& route : model.routes) {
      route.dependencies.insert(route.dependencies.begin(), service.begin(), service.end());
    }
  }
  settings.raised_errors = overrides.raised_errors;
  model.openapi = std::move(settings);
}

}  // namespace fastcpp::gen
