// generator/backend/backend.hpp: renders a checked model as the service's C++ sources.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace fastcpp::gen {

/// One generated C++ file.
struct GeneratedFile {
  std::string name;  ///< `<service>.gen.cpp`, or `<service>.<source_id>.gen.cpp` for a source
  std::string text;
};

/// The service's generated files (see model/source_plan.hpp): first `<service>.gen.cpp` (the
/// route table, the service-wide exception handlers, the OpenAPI document and its pages and,
/// unless `with_main` is false, `main`), then one file per source, in Model::sources order: its
/// routes, their binding and its route wrapper. Deterministic: the same model always gives the
/// same text. `openapi_document` is the OpenAPI document's JSON text (see model/openapi.hpp),
/// served at `model.openapi.openapi_url` with the docs pages; empty, or an empty URL: neither.
std::vector<GeneratedFile> render_service(const Model& model, bool with_main = true,
                                          const std::string& openapi_document = {});

}  // namespace fastcpp::gen
