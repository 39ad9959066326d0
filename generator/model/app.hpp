// generator/model/app.hpp: the app's options (FastAPI's `FastAPI(...)` arguments), from the
// sources' FASTCPP_APP and fastcpp_add_service's options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

/// The options fastcpp_add_service (fastcpp-gen's command line) gives; each one given wins over
/// the source's FASTCPP_APP, as a deployment's setting over the code's default.
struct AppOverrides {
  std::optional<std::string> title;
  std::optional<std::string> version;
  std::optional<std::string> description;
  std::optional<std::string> openapi_url;  ///< empty: none (NO_OPENAPI)
  std::optional<std::string> docs_url;
  std::optional<std::string> redoc_url;
  bool raised_errors = true;  ///< false: NO_RAISED_ERRORS
};

/// A second FASTCPP_APP in a service (a service is one app): an error at each one after the
/// first.
std::vector<Diagnostic> check_apps(const Model& model);

/// Sets the model's OpenAPI settings and redirect_slashes: FastAPI's defaults, then the first
/// FASTCPP_APP's values, then what `overrides` gives.
void apply_app(Model& model, const AppOverrides& overrides);

}  // namespace fastcpp::gen
