#include "model/source_plan.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "model/dependencies.hpp"
#include "model/routes.hpp"

namespace fastcpp::gen {
namespace {

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The definition a source's file sees for `name`: its own, else a header's.
template <class Def>
const Def* visible_def(const std::vector<Def>& defs, const std::string& name, int source) {
  const Def* found = nullptr;
  for (const auto& def : defs) {
    if (def.name != name) continue;
    if (def.source == source) return &def;
    if (found == nullptr || def.source == -1) found = &def;
  }
  return found;
}

// The enums and structs a type reaches, through optional, vector, map and struct fields.
void collect_types(const Model& model, int source, const TypeRef& type,
                   std::set<const EnumDef*>& enums, std::set<const StructDef*>& structs) {
  for (const auto& arg : type.args) collect_types(model, source, arg, enums, structs);
  if (type.kind == TypeRef::Kind::kEnum) {
    if (const auto* def = visible_def(model.enums, type.name, source)) enums.insert(def);
  } else if (type.kind == TypeRef::Kind::kStruct) {
    const auto* def = visible_def(model.structs, type.name, source);
    if (def == nullptr || !structs.insert(def).second) return;
    for (const auto& field : def->fields) collect_types(model, source, field.type, enums, structs);
  }
}

// In the model's order, so that one source's file lists them as the model does.
template <class Def>
std::vector<const Def*> in_model_order(const std::vector<Def>& defs,
                                       const std::set<const Def*>& used) {
  std::vector<const Def*> ordered;
  for (const auto& def : defs) {
    if (used.count(&def) > 0) ordered.push_back(&def);
  }
  return ordered;
}

// Each clause's source; FastAPI's defaults (which every file can name) join the run before
// them, or the first run when they lead the chain. Clause: CatchClause or WebSocketClause.
template <class Clause>
std::vector<CatchRun> plan_runs(const std::vector<Clause>& catches) {
  auto first_owned = std::find_if(catches.begin(), catches.end(),
                                  [](const Clause& clause) { return clause.source >= 0; });
  int owner = first_owned == catches.end() ? 0 : first_owned->source;
  std::vector<CatchRun> runs;
  for (size_t index = 0; index < catches.size(); ++index) {
    if (catches[index].source >= 0) owner = catches[index].source;
    if (runs.empty() || runs.back().source != owner) runs.push_back({owner, index, index});
    runs.back().end = index + 1;
  }
  return runs;
}

bool is_exported(const ExceptionHandler& handler, const ExceptionPlan& plan) {
  if (handler.status_code != 0) return true;
  for (const auto* used :
       {&plan.http_exception_handler, &plan.validation_error_handler, &plan.server_error_handler}) {
    if (used->function == handler.function && used->source == handler.source) return true;
  }
  return false;
}

}  // namespace

std::string source_id(std::string_view source) {
  std::string id;
  for (char c : source) id += is_identifier_char(c) ? c : '_';
  if (id.empty() || (id[0] >= '0' && id[0] <= '9')) id.insert(id.begin(), '_');
  return id;
}

ServicePlan plan_service(const Model& model) {
  ServicePlan plan;
  plan.exceptions = plan_exceptions(model);
  plan.runs = plan_runs(plan.exceptions.catches);
  const auto& catches = plan.exceptions.catches;

  bool websocket_lookup = false;
  for (size_t index = 0; index < model.sources.size(); ++index) {
    SourcePlan file;
    file.source = static_cast<int>(index);
    file.id = source_id(model.sources[index]);

    std::set<const EnumDef*> enums;
    std::set<const StructDef*> structs;
    for (const auto& route : model.routes) {
      if (route.source != file.source) continue;
      file.routes.push_back(&route);
      for (const auto& param : route.params) {
        collect_types(model, file.source, param.type, enums, structs);
      }
      collect_types(model, file.source, route.result, enums, structs);
      // A route with dependencies rejects through `reject` even when none of them binds.
      if (!route.websocket && (!plan_bindings(route).bindings.empty() || has_dependencies(route))) {
        file.binds = true;
      }
    }
    for (const auto& middleware : model.middleware) {
      if (middleware.source == file.source) file.middleware.push_back(&middleware);
    }
    file.enums = in_model_order(model.enums, enums);
    file.structs = in_model_order(model.structs, structs);

    while (file.direct_catches < catches.size() &&
           (catches[file.direct_catches].source == file.source ||
            catches[file.direct_catches].source == -1)) {
      ++file.direct_catches;
    }
    const auto& websocket_catches = plan.exceptions.websocket_catches;
    file.websocket_wrapper = !websocket_catches.empty() &&
                             std::any_of(file.routes.begin(), file.routes.end(),
                                         [](const Route* route) { return route->websocket; });
    while (file.websocket_wrapper && file.websocket_catches < websocket_catches.size() &&
           (websocket_catches[file.websocket_catches].source == file.source ||
            websocket_catches[file.websocket_catches].source == -1)) {
      ++file.websocket_catches;
    }
    if (file.websocket_wrapper && file.websocket_catches < websocket_catches.size()) {
      websocket_lookup = true;
    }
    for (const auto& run : plan.runs) {
      if (run.source == file.source) file.runs.push_back(run);
    }
    for (const auto& handler : model.handlers) {
      if (handler.source != file.source || !is_exported(handler, plan.exceptions)) continue;
      // One function may handle several status codes: one forwarder calls it for all.
      auto& exported = file.exported_handlers;
      auto again = std::any_of(exported.begin(), exported.end(), [&](const auto* other) {
        return other->function == handler.function && other->exception == handler.exception;
      });
      if (!again) exported.push_back(&handler);
    }
    plan.sources.push_back(std::move(file));
  }
  // A WebSocket endpoint's file that cannot name the whole chain hands the rest to the
  // service-wide lookup, which tries each source's runs in their own files.
  if (websocket_lookup) {
    plan.websocket_runs = plan_runs(plan.exceptions.websocket_catches);
    for (const auto& run : plan.websocket_runs) {
      plan.sources[static_cast<size_t>(run.source)].websocket_runs.push_back(run);
    }
  }
  return plan;
}

}  // namespace fastcpp::gen
