// generator/model/diagnostic.hpp: a misuse found in a model, as the checks report it.
#pragma once

#include <string>

#include "model/model.hpp"

namespace fastcpp::gen {

/// A misuse found in a model, reported as `file:line:col: error: message` plus a hint.
struct Diagnostic {
  SourceLocation location;
  std::string message;
  std::string hint;  ///< may be empty
};

}  // namespace fastcpp::gen
