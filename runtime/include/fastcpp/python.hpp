// fastcpp/python.hpp: Python's str(), repr() and type(x).__name__, for the texts FastAPI's
// handlers build with them (`str(exc.detail)`, `repr(exc)`, `type(exc).__name__`).
#pragma once

#include <string>
#include <typeinfo>

#include "fastcpp/json_value.hpp"

namespace fastcpp {

/// Python's `str()` of the value the JSON stands for: a string as it is, anything else as its
/// repr. `py_str(exc.detail())` is `str(exc.detail)`: `{'a': 1, 'b': [True, None, 1.5]}`.
std::string py_str(const json& value);

/// Python's `repr()` of the value the JSON stands for: `'Item not found'`, `{'a': [1, None]}`,
/// `1e+16`, `inf`.
std::string py_repr(const json& value);

/// `type(x).__name__`: the class's own name, without its namespaces (`UnicornException`,
/// `HTTPException` for both fastcpp::HTTPException and fastcpp::starlette::HTTPException).
std::string type_name(const std::type_info& type);

/// `type(exc).__name__` of an object: its dynamic type's name when the class is polymorphic (an
/// exception caught as `const std::exception&` names the class thrown).
template <class T>
std::string type_name(const T& value) {
  return type_name(typeid(value));
}

}  // namespace fastcpp
