#include "model/raised_errors.hpp"

#include <algorithm>
#include <utility>

namespace fastcpp::gen {
namespace {

class CallResolver {
 public:
  explicit CallResolver(const Model& model) : by_function_(model.raises_by_function) {}

  std::vector<RaisedError> resolved(const std::vector<RaisedError>& raised) {
    std::vector<RaisedError> out;
    for (const auto& error : raised) {
      if (error.kind != RaisedError::Kind::kCall) {
        out.push_back(error);
        continue;
      }
      for (auto& inner : callee_raises(error.callee)) {
        if (!is_caught(inner, error.caught)) out.push_back(std::move(inner));
      }
    }
    return out;
  }

 private:
  std::vector<RaisedError> callee_raises(const std::string& callee) {
    auto it = by_function_.find(callee);
    if (it == by_function_.end()) return {};
    // Recursion across sources: what a function raises is counted where the walk first meets it.
    if (std::find(in_progress_.begin(), in_progress_.end(), callee) != in_progress_.end()) {
      return {};
    }
    in_progress_.push_back(callee);
    auto raised = resolved(it->second);
    in_progress_.pop_back();
    return raised;
  }

  const std::map<std::string, std::vector<RaisedError>>& by_function_;
  std::vector<std::string> in_progress_;
};

}  // namespace

bool is_caught(const RaisedError& raised, const std::vector<std::string>& classes) {
  auto thrown =
      raised.kind == RaisedError::Kind::kHttpException
          ? std::vector<std::string>{"fastcpp::HTTPException", "fastcpp::starlette::HTTPException",
                                     "std::exception"}
          : raised.bases;
  if (raised.kind == RaisedError::Kind::kClass) thrown.push_back(raised.exception);
  return std::any_of(classes.begin(), classes.end(), [&](const std::string& name) {
    return std::find(thrown.begin(), thrown.end(), name) != thrown.end();
  });
}

void resolve_calls(Model& model) {
  CallResolver resolver(model);
  for (auto& route : model.routes) route.raised = resolver.resolved(route.raised);
  for (auto& dependency : model.dependencies) {
    dependency.raised = resolver.resolved(dependency.raised);
  }
  for (auto& handler : model.handlers) {
    handler.response.raised = resolver.resolved(handler.response.raised);
  }
}

}  // namespace fastcpp::gen
