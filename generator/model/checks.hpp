// generator/model/checks.hpp: the misuse in a classified model, behind fastcpp-gen's
// diagnostics.
#pragma once

#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

/// Every check across routes and handlers, in the order fastcpp-gen prints them: route by
/// route, check_params and then the route's own (a status code out of range, a method and path
/// or a WebSocket path already declared); then handler by handler (two for one class or one
/// status, a status code out of range, a status handler for 500); then a second FASTCPP_APP.
/// The routes' parameters must be classified (classify_params).
std::vector<Diagnostic> check_model(const Model& model);

}  // namespace fastcpp::gen
