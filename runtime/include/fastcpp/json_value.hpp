// fastcpp/json_value.hpp: the JSON type of the public API, and FastAPI's JSON rendering.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace fastcpp {

/// JSON value with keys in insertion order, as Python dicts keep them.
using json = nlohmann::ordered_json;

/// Renders `value` as FastAPI does: `json.dumps(value, ensure_ascii=False, allow_nan=False,
/// separators=(",", ":"))`. Floats use Python's repr (`1000.0`, `1e+16`). Throws
/// `std::domain_error` for NaN or infinity (FastAPI answers those with a 500) and for strings
/// that are not valid UTF-8, except the three bytes of a lone surrogate, which only a request
/// body's error carries (detail/pyjson.hpp): those are written as `\udXXX`, the escape the client
/// sent, where Python would fail to encode them.
std::string json_dumps(const json& value);

/// One `{"key", value}` of an object written in braces, as in
/// `{{"detail", exc.errors()}, {"body", exc.body()}}`. It refers to the value where it is
/// instead of copying it (a value written in place is a temporary that lives until the end of
/// the braces' full expression).
struct JSONField {
  std::string_view key;
  const json& value;
};

/// `json_dumps(json(fields))` without building that json, so without copying the values. A
/// repeated key keeps its first value, as `json`'s own braces do.
std::string json_dumps_object(std::initializer_list<JSONField> fields);

}  // namespace fastcpp
