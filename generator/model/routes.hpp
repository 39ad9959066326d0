// generator/model/routes.hpp: what FastAPI decides about a route's parameters (where each comes
// from, under which name, whether it is required, in which order they are read), and the misuse
// in them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

/// Names of the parameters in a Starlette path template, in order: `{item_id}` → `item_id`,
/// `{file_path:path}` → `file_path`.
std::vector<std::string> path_param_names(std::string_view path);

/// A source as the diagnostics and the model dump name it: `path`, `query`, `header`, `cookie`,
/// `body`, `form`, `request`, `websocket`, `depends`.
std::string_view source_name(ParamSource source);

/// Decides each parameter's source, wire name and whether it is required, as FastAPI does: a
/// name in the path template is a path parameter; a wrapper says the source; a struct, map or
/// vector of structs is the body; any other type is a query parameter; `const
/// fastcpp::Request&` and `fastcpp::WebSocket&` are injected. Headers convert `_` to `-`. Decides
/// even for a misdeclared parameter; check_params says what is wrong.
void classify_params(Route& route);

/// classify_params on every route of the model.
void classify_params(Model& model);

/// The misuse in a classified route's path template and parameters: an unknown convertor or a
/// duplicate name in the template, a path name without parameter, a Path<T> not in the
/// template, a type its source cannot hold, a wrapped or repeated Request or WebSocket, a
/// WebSocket endpoint without its WebSocket or with a body. The template's first, then the
/// route's, then each parameter's in declaration order. `dependency_params`: the classified
/// parameters of the route's dependencies, which may bind a path parameter too.
std::vector<Diagnostic> check_params(const Route& route,
                                     const std::vector<Param>& dependency_params = {});

/// The misuse in a dependency's parameters (classified for `route`), as check_params finds it in
/// a route's own.
std::vector<Diagnostic> check_dependency_params(const Route& route,
                                                const std::vector<Param>& params);

/// How the generated code reads one parameter from the request.
struct Binding {
  std::size_t param = 0;                     ///< its index in Route::params
  ParamSource source = ParamSource::kQuery;  ///< kPath, kQuery, kHeader, kCookie or kBody
  /// The name it is read under (the alias); empty for a body parameter that is the whole body.
  std::string key;
};

/// The parameters a route reads from the request, and how.
struct BindingPlan {
  /// Every parameter but the injected Request and WebSocket, in FastAPI's error order: path,
  /// query, header, cookie, body; in declaration order within each source.
  std::vector<Binding> bindings;
  bool reads_body = false;   ///< some parameter is read from the JSON body
  bool embeds_body = false;  ///< several are: each is a field of the body object, by name
  bool reads_form = false;   ///< some parameter is a field of a form body (Form<T>)
};

/// How a classified route (see classify_params) reads its parameters.
BindingPlan plan_bindings(const Route& route);

/// The status of a successful answer: FASTCPP_STATUS_CODE, or FastAPI's default 200.
int response_status(const Route& route);

}  // namespace fastcpp::gen
