// fastcpp/detail/pyjson.hpp: Python's `json.loads(body_bytes)`, as FastAPI decodes a request
// body: same accepted inputs, same error messages and positions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fastcpp/json.hpp"

namespace fastcpp::detail {

/// The outcome of decoding a body.
struct JsonLoadResult {
  enum class Status {
    kOk,           ///< `value` holds the document
    kDecodeError,  ///< json.JSONDecodeError: `message` ("Expecting value") at `position`
    kNotText,      ///< UnicodeDecodeError: the bytes are not valid UTF-8/16/32
  };
  Status status = Status::kOk;
  json value;
  std::string message;   ///< the JSONDecodeError's `msg`
  std::size_t position = 0;  ///< its `pos`: a character (code point) offset in the decoded text
  std::string text;      ///< the decoded text (`e.doc`), kept for RequestValidationError.body
};

/// `json.loads(bytes)`: detects UTF-8 (with or without BOM), UTF-16 and UTF-32 as Python does;
/// accepts `NaN`, `Infinity`, `-Infinity`; duplicate keys: the last value wins at the first
/// key's position; integers too large for 64 bits become doubles.
JsonLoadResult python_json_loads(std::string_view bytes);

}  // namespace fastcpp::detail
