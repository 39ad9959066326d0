// generator/frontend/frontend.hpp: reads the annotated declarations of a service's sources
// into a Model. The only part of fastcpp-gen that includes clang (in frontend.cpp only).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace fastcpp::gen {

struct FrontendOptions {
  std::vector<std::string> sources;        ///< the service's .cpp files, parsed as one TU
  std::vector<std::string> compile_flags;  ///< -std, -I, -D... from the CMake target
};

struct FrontendResult {
  Model model;  ///< routes, handlers, classes, structs and enums, not yet checked
  std::vector<std::string> dependencies;  ///< every file the parse read (for the depfile)
};

/// Parses the sources and fills the model. Prints clang-style diagnostics
/// (`file:line:col: error: ...`) to stderr and returns nothing on any error.
std::optional<FrontendResult> read_service(const FrontendOptions& options);

}  // namespace fastcpp::gen
