// fastcpp/json_value.hpp: the JSON type of the public API, and FastAPI's JSON rendering.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fastcpp {

/// JSON value with keys in insertion order, as Python dicts keep them.
using json = nlohmann::ordered_json;

/// Renders `value` as FastAPI does: `json.dumps(value, ensure_ascii=False, allow_nan=False,
/// separators=(",", ":"))`. Floats use Python's repr (`1000.0`, `1e+16`). Throws
/// `std::domain_error` for NaN or infinity (FastAPI answers those with a 500) and for strings
/// that are not valid UTF-8.
std::string json_dumps(const json& value);

}  // namespace fastcpp
