// fastcpp/detail/pyjson.hpp: Python's `json.loads(body_bytes)`, as FastAPI decodes a request
// body: same accepted inputs, same error messages and positions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fastcpp/json_value.hpp"

namespace fastcpp::detail {

/// The outcome of decoding a body.
struct JsonLoadResult {
  enum class Status {
    kOk,           ///< `value` holds the document
    kDecodeError,  ///< json.JSONDecodeError: `message` ("Expecting value") at `position`
    /// json.loads raised something else, which FastAPI answers with its 400 "There was an
    /// error parsing the body": UnicodeDecodeError (the bytes are not valid in the detected
    /// UTF-8/16/32), RecursionError (nesting beyond CPython's recursion budget, as measured
    /// under FastAPI/uvicorn), ValueError (an integer of more than 4300 digits) or MemoryError.
    /// `message` is then only a diagnostic.
    kNotText,
  };
  Status status = Status::kOk;
  json value;
  std::string message;   ///< the JSONDecodeError's `msg`
  std::size_t position = 0;  ///< its `pos`: a character (code point) offset in the decoded text
  std::string text;      ///< kDecodeError only: the decoded text (`e.doc`) as UTF-8, kept for
                         ///< RequestValidationError.body
};

/// `json.loads(bytes)`: detects UTF-8 (with or without BOM), UTF-16 and UTF-32 as Python does;
/// accepts `NaN`, `Infinity`, `-Infinity`; duplicate keys: the last value wins at the first
/// key's position; integers become int64, else uint64, else the nearest double (Python keeps
/// them exact). Lone surrogates, which Python keeps in its str (from `\ud800` escapes or from
/// "surrogatepass" decoding), become U+FFFD in strings and in `text`, so that both stay valid
/// UTF-8; every position still counts characters exactly as Python does. Never throws; the
/// parser keeps its own stack, so no nesting depth can exhaust the C++ stack.
JsonLoadResult python_json_loads(std::string_view bytes);

}  // namespace fastcpp::detail
