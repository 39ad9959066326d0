#include "model/dependencies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

// A dependency's parameters as a route sees them: FastAPI's get_dependant(path=route.path).
std::vector<Param> classified_for(const Route& route, const Dependency& dependency) {
  Route scoped;
  scoped.path = route.path;
  scoped.websocket = route.websocket;
  scoped.params = dependency.params;
  classify_params(scoped);
  return std::move(scoped.params);
}

class Planner {
 public:
  Planner(const Route& route, const Model& model) : route_(route), model_(model) {}

  DependencyPlan plan() {
    for (const auto& use : route_.dependencies) add(use.function, true);
    for (const auto& param : route_.params) {
      if (param.source == ParamSource::kDepends) {
        plan_.arguments.push_back(add(param.dependency, param.use_cache));
      }
    }
    flatten_route();
    return std::move(plan_);
  }

 private:
  // FastAPI's solve_dependencies: a sub-dependant's own dependencies first, depth first, then
  // the call, or the value of the first call of the same function when it uses the cache.
  std::size_t add(const std::string& function, bool use_cache) {
    const auto* dependency = find_dependency(model_, function);
    DependencyStep step;
    step.dependency = dependency;
    step.params = classified_for(route_, *dependency);
    step.first = plan_.steps.size();
    for (const auto& param : step.params) {
      if (param.source == ParamSource::kDepends) {
        step.arguments.push_back(add(param.dependency, param.use_cache));
      }
    }
    auto index = plan_.steps.size();
    auto called = first_calls_.find(function);
    // A call without the cache still fills it when it is the first (FastAPI stores a value
    // under the function's key whenever there is none yet).
    step.cached = use_cache && called != first_calls_.end();
    step.value = step.cached ? called->second : index;
    if (called == first_calls_.end()) first_calls_.emplace(function, index);
    plan_.steps.push_back(std::move(step));
    return index;
  }

  // FastAPI's get_flat_dependant: a dependant's own parameters, then each of its dependencies'
  // (route-level ones first), each function once.
  void flatten_route() {
    for (const auto& param : route_.params) {
      if (param.source != ParamSource::kDepends) plan_.flat_params.push_back(param);
    }
    for (const auto& use : route_.dependencies) flatten(use.function);
    for (const auto& param : route_.params) {
      if (param.source == ParamSource::kDepends) flatten(param.dependency);
    }
  }

  void flatten(const std::string& function) {
    if (!flattened_.insert(function).second) return;
    const auto* dependency = find_dependency(model_, function);
    plan_.flat_dependencies.push_back(dependency);
    auto params = classified_for(route_, *dependency);
    for (const auto& param : params) {
      if (param.source != ParamSource::kDepends) plan_.flat_params.push_back(param);
    }
    for (const auto& param : params) {
      if (param.source == ParamSource::kDepends) flatten(param.dependency);
    }
  }

  const Route& route_;
  const Model& model_;
  DependencyPlan plan_;
  std::map<std::string, std::size_t> first_calls_;
  std::set<std::string> flattened_;
};

struct GraphCheck {
  const Model& model;
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, int> state;  // 1: on the current path, 2: done
  std::vector<std::string> path;

  // The Depends parameters of `params` that name a missing or void dependency are errors; a
  // cycle through one is reported at the parameter that closes it.
  void visit_params(const std::vector<Param>& params) {
    for (const auto& param : params) {
      if (param.wrapper != ParamWrapper::kDepends) continue;
      const auto* dependency = find_dependency(model, param.dependency);
      if (dependency == nullptr) {
        diagnostics.push_back({param.location,
                               fmt::format("unknown dependency '{}'", param.dependency),
                               "fastcpp::Depends takes a function declared before it"});
        continue;
      }
      if (dependency->returns_void) {
        diagnostics.push_back(
            {param.location,
             fmt::format("dependency '{}' returns void: it has no value for parameter '{}'",
                         param.dependency, param.name),
             fmt::format("return the value from '{}', or list it in "
                         "FASTCPP_DEPENDENCIES({}) on the route instead of taking a parameter",
                         param.dependency, param.dependency)});
        continue;
      }
      auto& seen = state[param.dependency];
      if (seen == 1) {
        auto start = std::find(path.begin(), path.end(), param.dependency);
        std::string cycle;
        for (auto it = start; it != path.end(); ++it) cycle += *it + " -> ";
        diagnostics.push_back({param.location,
                               fmt::format("dependency cycle: {}{}", cycle, param.dependency),
                               "a dependency cannot depend on itself, directly or through others"});
        continue;
      }
      if (seen == 2) continue;
      seen = 1;
      path.push_back(param.dependency);
      visit_params(dependency->params);
      path.pop_back();
      state[param.dependency] = 2;
    }
  }
};

}  // namespace

std::string solved_argument(const Dependency& dependency) {
  return dependency.security ? "&" + dependency.function : dependency.function;
}

const Dependency* find_dependency(const Model& model, const std::string& function) {
  for (const auto& dependency : model.dependencies) {
    if (dependency.function == function) return &dependency;
  }
  return nullptr;
}

bool has_dependencies(const Route& route) {
  return !route.dependencies.empty() ||
         std::any_of(route.params.begin(), route.params.end(),
                     [](const Param& param) { return param.source == ParamSource::kDepends; });
}

DependencyPlan plan_dependencies(const Route& route, const Model& model) {
  return Planner(route, model).plan();
}

BindingPlan plan_bindings(const std::vector<Param>& params, const DependencyPlan& plan) {
  Route flat;
  flat.params = plan.flat_params;
  auto flat_bindings = plan_bindings(flat);
  Route own;
  own.params = params;
  auto bindings = plan_bindings(own);
  bindings.embeds_body = flat_bindings.embeds_body;
  for (auto& binding : bindings.bindings) {
    if (binding.source == ParamSource::kBody) {
      binding.key = bindings.embeds_body ? params[binding.param].alias : std::string();
    }
  }
  return bindings;
}

std::vector<Diagnostic> check_dependencies(const Model& model) {
  GraphCheck graph{model, {}, {}, {}};
  for (const auto& route : model.routes) {
    for (const auto& use : route.dependencies) {
      if (find_dependency(model, use.function) == nullptr) {
        graph.diagnostics.push_back({use.location,
                                     fmt::format("unknown dependency '{}'", use.function),
                                     "FASTCPP_DEPENDENCIES takes functions declared before it"});
      }
    }
    graph.visit_params(route.params);
  }
  for (const auto& dependency : model.dependencies) graph.visit_params(dependency.params);
  if (!graph.diagnostics.empty()) return std::move(graph.diagnostics);

  // The graph is sound: each dependency's parameters as each route that uses it reads them.
  std::vector<Diagnostic> diagnostics;
  std::set<std::string> reported;
  for (const auto& route : model.routes) {
    auto plan = plan_dependencies(route, model);
    for (const auto& step : plan.steps) {
      for (auto& diagnostic : check_dependency_params(route, step.params)) {
        // Once per parameter, as the first route that uses it finds it.
        auto key = fmt::format("{}:{}:{}", diagnostic.location.file, diagnostic.location.line,
                               diagnostic.location.column);
        if (reported.insert(key).second) diagnostics.push_back(std::move(diagnostic));
      }
    }
  }
  return diagnostics;
}

}  // namespace fastcpp::gen
