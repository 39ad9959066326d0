// generator/model/openapi.hpp: the service's OpenAPI 3.1 document, as FastAPI builds it, plus
// (unless turned off) every status a route can answer because of something it raises.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

/// The document of a checked model, keys in the order FastAPI 0.115 serves them, so that
/// `openapi_text` of it is the very bytes of FastAPI's `/openapi.json` for the same app (with
/// `model.openapi.raised_errors` false).
struct OpenApiDocument {
  nlohmann::ordered_json document;
  /// One note per throw whose status cannot be worked out at build time (`throw
  /// HTTPException(code)` with `code` a variable), and per handler whose status is not a
  /// constant: what the document cannot list. Empty unless raised errors are documented.
  std::vector<Diagnostic> notes;
};

OpenApiDocument build_openapi(const Model& model);

/// The document as FastAPI sends it: `json.dumps(..., ensure_ascii=False, separators=(",",
/// ":"))`.
std::string openapi_text(const nlohmann::ordered_json& document);

/// FastAPI's default operation id: the function's name, then the path (convertors dropped) with
/// every character that is not a letter, digit or `_` made `_`, then `_` and the method in lower
/// case: `read_item_items__item_id__get`.
std::string operation_id(const Route& route, std::string_view method);

/// FastAPI's default summary: the function's name, `_` as spaces, in Python's `str.title()`:
/// `read_item` → `Read Item`.
std::string operation_summary(const Route& route);

/// Python's `str.title()` for ASCII text: each letter after a non-letter in upper case, the
/// others in lower case.
std::string python_title(std::string_view text);

}  // namespace fastcpp::gen
