// generator/model/exception_plan.hpp: how a service's exceptions are looked up, as Starlette
// does: the status handlers, the catch chain of the route wrapper in order, FastAPI's default
// handlers where the service has none, and the server-error handler.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace fastcpp::gen {

/// A class name as the model compares it: without a leading `::` (the frontend may spell a
/// class `::E` in one place and `E` in another).
std::string_view class_key(std::string_view name);

/// The class handlers in catch order: each class before all of its bases; unrelated classes by
/// name. Status handlers are not included.
std::vector<const ExceptionHandler*> catch_order(const Model& model);

/// A FASTCPP_EXCEPTION_HANDLER_FOR_STATUS handler.
struct StatusHandler {
  int status_code = 0;
  std::string function;
  int source = 0;  ///< the source whose generated file can call it (Model::sources)
};

/// A handler the service-wide code calls, and the source whose generated file can call it; -1
/// for FastAPI's defaults, which every file can call.
struct HandlerRef {
  std::string function;
  int source = -1;
  bool empty() const { return function.empty(); }
};

/// One catch clause of the route wrapper.
struct CatchClause {
  enum class Kind {
    kHandler,          ///< a class of the service's: its handler answers
    kHttpException,    ///< fastcpp::starlette::HTTPException: answered as the router's are
    kValidationError,  ///< fastcpp::RequestValidationError: the same
  };
  Kind kind = Kind::kHandler;
  std::string exception;  ///< the class, as class_key spells it: `fastcpp::HTTPException`
  std::string function;   ///< its handler
  /// The handler is FastAPI's default, added for a class the service has no handler for.
  bool is_default = false;
  /// Starlette's HTTPException or a class derived from it, in a service with status handlers:
  /// offered to them first.
  bool status_first = false;
  /// The source whose generated file can name the class and call the handler (Model::sources);
  /// -1 for FastAPI's defaults, which every file can.
  int source = -1;
};

/// One catch clause of the WebSocket endpoints' route wrapper.
struct WebSocketClause {
  std::string exception;  ///< the class, as class_key spells it
  /// Its handler that takes the WebSocket; empty when the class's handler takes a Request: the
  /// exception goes on to the dispatcher, which answers with that handler before accept().
  std::string function;
  int source = -1;  ///< the source whose generated file can name the class (-1: every file)
};

/// The exception handling of a whole service.
struct ExceptionPlan {
  /// Tried first for any HTTPException, by status code; in ascending order of it.
  std::vector<StatusHandler> status_handlers;
  /// Answers an HTTPException that no status handler took: the service's handler for
  /// Starlette's class, or FastAPI's default.
  HandlerRef http_exception_handler;
  /// Answers a RequestValidationError: the service's, or FastAPI's default.
  HandlerRef validation_error_handler;
  /// The route wrapper's catch clauses in order: every class handler but the `std::exception`
  /// one, and FastAPI's defaults for the two classes fastcpp raises itself.
  std::vector<CatchClause> catches;
  /// The WebSocket endpoints' catch clauses in order, when some handler takes the WebSocket:
  /// FastAPI looks a WebSocket endpoint's exception up in the same handlers as a route's.
  std::vector<WebSocketClause> websocket_catches;
  /// The `std::exception` handler, which ServerErrorMiddleware calls with whatever went
  /// unhandled; empty when the service has none (the plain 500).
  HandlerRef server_error_handler;
};

/// The plan for a checked model (see check_model).
ExceptionPlan plan_exceptions(const Model& model);

}  // namespace fastcpp::gen
