// generator/backend/backend.hpp: renders a checked model as the service's C++ source.
#pragma once

#include <string>

#include "model/model.hpp"

namespace fastcpp::gen {

/// The whole `<service>.gen.cpp`: banner, includes of the user's sources, one function per
/// route, the exception dispatch, the service table and (unless `with_main` is false) `main`.
/// Deterministic: the same model always gives the same text. `openapi_document` is the OpenAPI
/// document's JSON text (see model/openapi.hpp), served at `model.openapi.openapi_url` with the
/// docs pages; empty, or an empty URL: neither.
std::string render_service(const Model& model, bool with_main = true,
                           const std::string& openapi_document = {});

}  // namespace fastcpp::gen
