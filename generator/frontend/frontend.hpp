// generator/frontend/frontend.hpp: reads the annotated declarations of a service's sources
// into a Model. The only part of fastcpp-gen that includes clang (in frontend.cpp only).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace fastcpp::gen {

struct FrontendOptions {
  std::vector<std::string> sources;        ///< the service's .cpp files, each parsed on its own
  std::vector<std::string> compile_flags;  ///< -std, -I, -D... from the CMake target
  /// A precompiled header from write_runtime_pch with the same flags, or empty. Only a speed-up:
  /// when it cannot be used (stale, other flags, missing), the headers are parsed instead.
  std::string pch;
  /// Parse the bodies of the functions defined in `sources` (only theirs: the headers' are
  /// skipped), for what the routes raise (Route::raised, ExceptionHandler::response).
  bool read_bodies = false;
};

struct FrontendResult {
  Model model;  ///< routes, handlers, classes, structs and enums, not yet checked
  std::vector<std::string> dependencies;  ///< every file the parse read (for the depfile)
};

/// Precompiles the runtime's headers (<fastcpp/fastcpp.hpp>, and so nlohmann/json and the
/// standard headers it includes: most of a parse's time) into `path`, declarations only, as
/// read_service reads them. Returns every file it read (for a depfile), or nothing on error.
std::optional<std::vector<std::string>> write_runtime_pch(
    const std::vector<std::string>& compile_flags, const std::string& path);

/// Parses each source on its own (as its generated file is compiled) and merges what they
/// declare into one model: a route or handler records the source that saw it first, a struct or
/// enum the source that defines it (-1: a header's, kept once). Prints clang-style diagnostics
/// (`file:line:col: error: ...`) to stderr, for every source, and returns nothing on any error.
std::optional<FrontendResult> read_service(const FrontendOptions& options);

}  // namespace fastcpp::gen
