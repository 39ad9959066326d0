// fastcpp/detail/pyrepr.hpp: Python's repr() and str() of JSON values, for the texts FastAPI
// builds with them (`str(RequestValidationError)`, `str(exc.detail)`, `repr(HTTPException)`).
#pragma once

#include <string>
#include <string_view>

#include "fastcpp/json_value.hpp"

namespace fastcpp::detail {

/// Python's `repr(float)`: `1.5`, `1000.0`, `1e+16`, `inf`, `nan`, `-0.0`.
std::string py_float_repr(double value);
/// `py_float_repr`, appended to `out` (for writers that build one string).
void append_py_float_repr(double value, std::string& out);
/// Python's `repr(str)` of UTF-8 text: quote choice, `\\ \n \r \t`, `\xNN` for C0/DEL/C1/NBSP...
std::string py_str_repr(std::string_view text);
/// Python's `repr()` of the value the JSON stands for: dicts, lists, `None`, `True`, floats.
std::string py_repr(const json& value);
/// Python's `str()`: strings as they are, everything else as `py_repr`.
std::string py_str(const json& value);
/// `str(RequestValidationError)`: the repr of the error list, each `loc` as a tuple.
std::string validation_errors_repr(const json& errors);
/// The repr of one error dict of that list, its `loc` as a tuple (`ResponseValidationError`'s
/// `__str__` prints its errors one per line).
std::string validation_error_repr(const json& error);

}  // namespace fastcpp::detail
