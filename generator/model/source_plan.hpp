// generator/model/source_plan.hpp: how a service's generated code is split by source, as moc
// emits a file per header: each source gets a file of its own with its routes, their binding,
// the traits of the structs and enums they use, and the part of the catch chain it can name;
// one small service file holds the route table and the service-wide exception handlers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/exception_plan.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

/// A source's name in generated code (its file's name and its namespace): the path as given,
/// each character that cannot be in a C identifier replaced by `_`, as CMake's
/// string(MAKE_C_IDENTIFIER) spells it. `api/items.cpp` → `api_items_cpp`.
std::string source_id(std::string_view source);

/// Consecutive clauses of the catch chain that one source's file can name. The service-wide
/// lookup (ExceptionMiddleware's, and a route's for what its own file cannot name) tries the
/// runs in order, each in its source's file: the chain's order is kept exactly.
struct CatchRun {
  int source = 0;
  size_t first = 0;  ///< the first clause, in ExceptionPlan::catches
  size_t end = 0;    ///< one past the last
};

/// The generated file of one source.
struct SourcePlan {
  int source = 0;                    ///< the index in Model::sources
  std::string id;                    ///< source_id
  std::vector<const Route*> routes;  ///< its routes, in declaration order
  /// The enums and structs its routes read or render, with the ones they contain: their traits
  /// are declared in this file (a header's inline: other files may declare them too).
  std::vector<const EnumDef*> enums;
  std::vector<const StructDef*> structs;
  /// Its route wrapper catches the first `direct_catches` clauses of the chain itself: the
  /// chain up to the first clause of another source's. What it cannot name (when this is less
  /// than the chain) goes to the service-wide lookup, which tries the rest in their files.
  size_t direct_catches = 0;
  /// Its WebSocket endpoints run under a wrapper of their own: it has some, and some handler of
  /// the service's takes the WebSocket.
  bool websocket_wrapper = false;
  /// That wrapper catches the first `websocket_catches` clauses of
  /// ExceptionPlan::websocket_catches itself: the chain up to the first clause of another
  /// source's. What it cannot name (when this is less than the chain) goes to the service-wide
  /// WebSocket lookup, which tries the rest in their files.
  size_t websocket_catches = 0;
  std::vector<CatchRun> runs;  ///< the runs of the service-wide lookup that are this file's
  std::vector<CatchRun> websocket_runs;  ///< the same for the WebSocket lookup
  /// The handlers of this source that the service-wide code calls (status handlers, the
  /// HTTPException, RequestValidationError and std::exception handlers): the service file
  /// reaches them through a function of this file, since they may be `static`.
  std::vector<const ExceptionHandler*> exported_handlers;
  bool binds = false;  ///< some route of its binds parameters (so it has a `reject`)
  std::vector<const MiddlewareDef*> middleware;  ///< its FASTCPP_MIDDLEWARE, in order
};

/// The split of a whole service.
struct ServicePlan {
  ExceptionPlan exceptions;
  std::vector<SourcePlan> sources;  ///< in the order of Model::sources: the route table's order
  std::vector<CatchRun> runs;       ///< the whole catch chain, as runs of one source each
  /// The WebSocket endpoints' chain as runs, when some file's wrapper cannot name all of it;
  /// empty otherwise (no service-wide WebSocket lookup is needed).
  std::vector<CatchRun> websocket_runs;
};

/// The plan for a checked model.
ServicePlan plan_service(const Model& model);

}  // namespace fastcpp::gen
