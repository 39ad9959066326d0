// generator/model/dependencies.hpp: what FastAPI's solve_dependencies decides for a route, at
// build time: which dependency calls a request makes, in which order, which reuse an earlier
// call's value (use_cache), which parameters each reads; and the misuse in the graph.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "model/routes.hpp"

namespace fastcpp::gen {

/// One use of a dependency in a route's solve, FastAPI's sub-dependant: its own dependencies are
/// the steps before it from `first` on; then its parameters are read; then, when none of that
/// added an error, it is called (or its earlier value reused).
struct DependencyStep {
  const Dependency* dependency = nullptr;
  /// Its parameters, classified against the route's path (as FastAPI builds a dependant per
  /// route): a name in the route's path template is a path parameter.
  std::vector<Param> params;
  std::size_t first = 0;  ///< the first step of its own dependencies (itself when it has none)
  /// The step whose call holds its value: itself, or for a cached use (use_cache, the default)
  /// the first call of the same function in this request. A cached use still reads its
  /// parameters, and its errors count again, as FastAPI validates each use.
  std::size_t value = 0;
  /// For each kDepends parameter of `params`, in order: the step giving its value.
  std::vector<std::size_t> arguments;
  bool cached = false;  ///< reuses the value of step `value` instead of calling
};

/// A route's dependencies in solve order (FastAPI's dependant.dependencies, depth first): the
/// FASTCPP_DEPENDENCIES entries, then each fastcpp::Depends parameter in declaration order.
struct DependencyPlan {
  std::vector<DependencyStep> steps;
  /// For each kDepends parameter of the route, in declaration order: the step giving its value.
  std::vector<std::size_t> arguments;
  /// The route's parameters and every dependency's, once per function, as FastAPI flattens them
  /// (get_flat_dependant): the endpoint's first, then each dependency's in solve order. What the
  /// OpenAPI document lists, and what decides whether several body parameters embed.
  std::vector<Param> flat_params;
  /// Each function the route uses, once, in that order: what they raise is the route's too.
  std::vector<const Dependency*> flat_dependencies;
};

/// True when the route has FASTCPP_DEPENDENCIES or a fastcpp::Depends parameter.
bool has_dependencies(const Route& route);

/// The plan of a classified route of a model that check_dependencies passed.
DependencyPlan plan_dependencies(const Route& route, const Model& model);

/// How a route with dependencies reads one dependant's parameters (a step's, or the endpoint's
/// own): in FastAPI's order (path, query, header, cookie, body), each body parameter a field of
/// the body object when the flat parameters have several, as FastAPI embeds them.
BindingPlan plan_bindings(const std::vector<Param>& params, const DependencyPlan& plan);

/// What fastcpp::detail::Solved takes for it: the function (`get_db`), or a security object's
/// address (`&oauth2_scheme`), as fastcpp::Depends does.
std::string solved_argument(const Dependency& dependency);

/// The dependency `function` of the model, or null.
const Dependency* find_dependency(const Model& model, const std::string& function);

/// The misuse in the routes' dependencies: a cycle (named, at the parameter that closes it), a
/// dependency that returns void used as a parameter, and each dependency's parameters as
/// check_params finds them on every route that uses it (each diagnostic once).
std::vector<Diagnostic> check_dependencies(const Model& model);

}  // namespace fastcpp::gen
