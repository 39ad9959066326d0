#include "model/app.hpp"

#include <fmt/format.h>

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
  settings.raised_errors = overrides.raised_errors;
  model.openapi = std::move(settings);
}

}  // namespace fastcpp::gen
