// generator/model/decisions.hpp: the decisions fastcpp-gen takes about a model, as pure
// functions: parameter sources, the order of the catch chain, and what is misuse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace fastcpp::gen {

/// A misuse found in a model, reported as `file:line:col: error: message` plus a hint.
struct Diagnostic {
  SourceLocation location;
  std::string message;
  std::string hint;  ///< may be empty
};

/// Names of the parameters in a Starlette path template, in order: `{item_id}` → `item_id`,
/// `{file_path:path}` → `file_path`.
std::vector<std::string> path_param_names(std::string_view path);

/// Decides each parameter's source, wire name and whether it is required, as FastAPI does: a
/// name in the path template is a path parameter; a wrapper says the source; a struct, map or
/// vector of structs is the body; any other type is a query parameter. Headers convert `_` to
/// `-`. Also reports misuse (a path name without parameter, a Path<T> not in the template,
/// a type a source cannot hold).
std::vector<Diagnostic> classify_params(Route& route);

/// The class handlers in catch order: each class before all of its bases; unrelated classes by
/// name. Status handlers are not included.
std::vector<const ExceptionHandler*> catch_order(const Model& model);

/// Every check across routes and handlers: duplicate method+path, duplicate handlers for one
/// class or status, unknown status codes. Calls classify_params on every route.
std::vector<Diagnostic> check_model(Model& model);

/// The model as JSON text, for `fastcpp-gen --dump-model`.
std::string dump_model(const Model& model);

}  // namespace fastcpp::gen
