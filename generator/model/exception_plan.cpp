#include "model/exception_plan.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace fastcpp::gen {
namespace {

// Starlette's: the class FastAPI's default handler takes, and the one fastcpp raises (the
// router's 404 and 405, a body that is not text), as FastAPI does.
constexpr std::string_view kHttpException = "fastcpp::starlette::HTTPException";
constexpr std::string_view kValidationError = "fastcpp::RequestValidationError";
constexpr std::string_view kStdException = "std::exception";

std::set<std::string_view> all_bases(const Model& model, std::string_view name) {
  std::map<std::string_view, const ExceptionClass*> classes;
  for (const auto& cls : model.classes) classes.emplace(class_key(cls.name), &cls);

  std::set<std::string_view> bases;
  std::vector<std::string_view> pending{class_key(name)};
  while (!pending.empty()) {
    auto it = classes.find(pending.back());
    pending.pop_back();
    if (it == classes.end()) continue;
    for (const auto& base : it->second->bases) {
      if (bases.insert(class_key(base)).second) pending.push_back(class_key(base));
    }
  }
  return bases;
}

bool derives_from(const Model& model, std::string_view name, std::string_view base) {
  return class_key(name) == base || all_bases(model, name).count(base) > 0;
}

// `pending` in catch order, with the bases the model's classes give them.
std::vector<const ExceptionHandler*> in_catch_order(const Model& model,
                                                    std::vector<const ExceptionHandler*> pending) {
  // Names first, declaration order for equal names: the pick below keeps the first minimum.
  std::stable_sort(pending.begin(), pending.end(), [](const auto* a, const auto* b) {
    return class_key(a->exception) < class_key(b->exception);
  });
  std::map<const ExceptionHandler*, std::set<std::string_view>> bases;
  for (const auto* handler : pending) bases[handler] = all_bases(model, handler->exception);

  // A handler may be emitted once no pending handler's class derives from its class; of those,
  // the first by name goes next, so unrelated classes stay in name order.
  std::vector<const ExceptionHandler*> order;
  while (!pending.empty()) {
    auto next = std::find_if(pending.begin(), pending.end(), [&](const auto* candidate) {
      return std::none_of(pending.begin(), pending.end(), [&](const auto* other) {
        return bases[other].count(class_key(candidate->exception)) > 0;
      });
    });
    // Only a cycle in the bases, which C++ cannot declare, leaves no candidate.
    if (next == pending.end()) next = pending.begin();
    order.push_back(*next);
    pending.erase(next);
  }
  return order;
}

ExceptionHandler fastapi_default(std::string_view exception, std::string_view function) {
  ExceptionHandler handler;
  handler.function = std::string(function);
  handler.exception = std::string(exception);
  return handler;
}

CatchClause::Kind kind_of(std::string_view exception) {
  if (exception == kHttpException) return CatchClause::Kind::kHttpException;
  if (exception == kValidationError) return CatchClause::Kind::kValidationError;
  return CatchClause::Kind::kHandler;
}

// The WebSocket endpoints' wrapper: each class's WebSocket handler, or, for a class whose handler
// takes a Request, a rethrow to the dispatcher (which answers with it before accept()), in catch
// order; nothing after the last WebSocket handler.
template <class IsDefault>
std::vector<WebSocketClause> websocket_chain(
    const Model& model, const std::vector<const ExceptionHandler*>& http_chain,
    const std::vector<const ExceptionHandler*>& websocket_handlers, const IsDefault& is_default) {
  auto pending = websocket_handlers;
  for (const auto* handler : http_chain) {
    auto taken = std::any_of(websocket_handlers.begin(), websocket_handlers.end(), [&](auto* ws) {
      return class_key(ws->exception) == class_key(handler->exception);
    });
    if (!taken) pending.push_back(handler);
  }
  std::vector<WebSocketClause> clauses;
  for (const auto* handler : in_catch_order(model, pending)) {
    clauses.push_back({std::string(class_key(handler->exception)),
                       handler->websocket ? handler->function : std::string(),
                       is_default(handler) ? -1 : handler->source});
  }
  while (!clauses.empty() && clauses.back().function.empty()) clauses.pop_back();
  return clauses;
}

}  // namespace

std::string_view class_key(std::string_view name) {
  return name.compare(0, 2, "::") == 0 ? name.substr(2) : name;
}

std::vector<const ExceptionHandler*> catch_order(const Model& model) {
  std::vector<const ExceptionHandler*> pending;
  for (const auto& handler : model.handlers) {
    if (handler.status_code == 0 && !handler.websocket) pending.push_back(&handler);
  }
  return in_catch_order(model, std::move(pending));
}

ExceptionPlan plan_exceptions(const Model& model) {
  ExceptionPlan plan;
  std::vector<const ExceptionHandler*> chain;
  std::vector<const ExceptionHandler*> websocket_handlers;
  for (const auto& handler : model.handlers) {
    if (handler.websocket) {
      websocket_handlers.push_back(&handler);
    } else if (handler.status_code != 0) {
      plan.status_handlers.push_back({handler.status_code, handler.function, handler.source});
    } else if (class_key(handler.exception) == kStdException) {
      // Starlette's `Exception` slot: ServerErrorMiddleware's, outside the route wrapper.
      plan.server_error_handler = {handler.function, handler.source};
    } else {
      chain.push_back(&handler);
    }
  }
  std::stable_sort(plan.status_handlers.begin(), plan.status_handlers.end(),
                   [](const auto& a, const auto& b) { return a.status_code < b.status_code; });

  // FastAPI's defaults for the classes fastcpp raises itself, unless the service overrides them.
  const ExceptionHandler defaults[] = {
      fastapi_default(kHttpException, "fastcpp::exception_handlers::http_exception_handler"),
      fastapi_default(kValidationError,
                      "fastcpp::exception_handlers::request_validation_exception_handler"),
  };
  auto is_default = [&](const ExceptionHandler* handler) {
    return std::any_of(std::begin(defaults), std::end(defaults),
                       [&](const auto& fallback) { return &fallback == handler; });
  };
  for (const auto& fallback : defaults) {
    auto overridden = std::any_of(chain.begin(), chain.end(), [&](const auto* handler) {
      return class_key(handler->exception) == fallback.exception;
    });
    if (!overridden) chain.push_back(&fallback);
  }

  auto by_status = !plan.status_handlers.empty();
  for (const auto* handler : in_catch_order(model, chain)) {
    CatchClause clause;
    clause.exception = std::string(class_key(handler->exception));
    clause.kind = kind_of(clause.exception);
    clause.function = handler->function;
    clause.is_default = is_default(handler);
    clause.status_first = by_status && derives_from(model, clause.exception, kHttpException);
    clause.source = clause.is_default ? -1 : handler->source;
    // Of two handlers for one class (misuse, see check_model) the first is the one called.
    if (clause.kind == CatchClause::Kind::kHttpException && plan.http_exception_handler.empty()) {
      plan.http_exception_handler = {clause.function, clause.source};
    }
    if (clause.kind == CatchClause::Kind::kValidationError &&
        plan.validation_error_handler.empty()) {
      plan.validation_error_handler = {clause.function, clause.source};
    }
    plan.catches.push_back(std::move(clause));
  }
  if (!websocket_handlers.empty()) {
    plan.websocket_catches = websocket_chain(model, chain, websocket_handlers, is_default);
  }
  return plan;
}

}  // namespace fastcpp::gen
