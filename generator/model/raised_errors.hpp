// generator/model/raised_errors.hpp: what a `catch` takes of what a function raises, and the
// calls across sources resolved once every source is read.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace fastcpp::gen {

/// Whether a `catch` of one of `classes` (qualified names, no leading `::`) takes `raised`: its
/// class or one of its bases is among them (an HTTPException is a std::exception).
bool is_caught(const RaisedError& raised, const std::vector<std::string>& classes);

/// Replaces every call into another source (RaisedError::Kind::kCall) in the routes' and the
/// handlers' raised errors with what the callee raises (Model::raises_by_function), transitively,
/// but what the catches around the call take. A call of a function no source defines (a library's)
/// raises nothing the document can list, and is dropped.
void resolve_calls(Model& model);

}  // namespace fastcpp::gen
