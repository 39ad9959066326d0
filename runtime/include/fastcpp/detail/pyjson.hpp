// fastcpp/detail/pyjson.hpp: Python's `json.loads(body_bytes)`, as FastAPI decodes a request
// body: same accepted inputs, same error messages and positions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fastcpp/json_value.hpp"

namespace fastcpp::detail {

/// A value of a decoded document that C++ cannot hold as Python does.
struct JsonUnrepresentable {
  enum class Kind {
    /// A string or key with a lone surrogate (`"\ud800"`, or its bytes under "surrogatepass"),
    /// which Python keeps in its str and UTF-8 cannot carry.
    kLoneSurrogate,
    /// A number beyond a double's range (`1e999999`), which Python's float() makes infinite.
    kOverflow,
  };
  Kind kind;
  json loc;    ///< where, from the root: keys and indices; a key's ends with the key and "[key]"
  json input;  ///< the string as sent (each lone surrogate in its three-byte form, which
               ///< json_dumps writes back as `\udXXX`), or the number's text
};

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
  std::string message;       ///< the JSONDecodeError's `msg`
  std::size_t position = 0;  ///< its `pos`: a character (code point) offset in the decoded text
  /// kDecodeError, or kOk with `unrepresentable` values: the decoded text (`e.doc`) as UTF-8
  /// (lone surrogates in their three-byte form), kept for RequestValidationError.body
  std::string text;
  /// kOk only: the values `value` does not hold as Python would, in document order. In `value`,
  /// each lone surrogate is U+FFFD (so that it stays valid UTF-8) and each overflow an infinity,
  /// as in Python: a caller that must not change the client's data refuses the document instead.
  std::vector<JsonUnrepresentable> unrepresentable;
};

/// `json.loads(bytes)`: detects UTF-8 (with or without BOM), UTF-16 and UTF-32 as Python does;
/// accepts `NaN`, `Infinity`, `-Infinity`; duplicate keys: the last value wins at the first
/// key's position; integers become int64, else uint64, else the nearest double (Python keeps
/// them exact). Lone surrogates and numbers beyond a double are listed in `unrepresentable`;
/// every position counts characters exactly as Python does. Never throws; the parser keeps its
/// own stack, so no nesting depth can exhaust the C++ stack.
JsonLoadResult python_json_loads(std::string_view bytes);

}  // namespace fastcpp::detail
