#include "backend/backend.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "backend/emitter.hpp"
#include "model/decisions.hpp"

namespace fastcpp::gen {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string_view without_global_prefix(std::string_view name) {
  return name.substr(0, 2) == "::" ? name.substr(2) : name;
}

bool same_class(std::string_view a, std::string_view b) {
  return without_global_prefix(a) == without_global_prefix(b);
}

// `api::read_item` → `api_read_item_route`, unique within the file.
std::string route_function_name(const Route& route, std::set<std::string>& taken) {
  std::string base;
  for (char c : without_global_prefix(route.function)) base += c == ':' ? '_' : c;
  while (base.find("__") != std::string::npos) base.replace(base.find("__"), 2, "_");
  base += route.websocket ? "_websocket" : "_route";
  auto name = base;
  for (int n = 2; !taken.insert(name).second; ++n) name = fmt::format("{}_{}", base, n);
  return name;
}

// A parameter's local variable: its own name, unless that would hide the generated function's
// `request`, `websocket` or the binder `in`.
std::string variable_name(const Param& param) {
  if (param.name == "request" || param.name == "websocket" || param.name == "in") {
    return param.name + "_";
  }
  return param.name;
}

int source_rank(ParamSource source) {
  switch (source) {
    case ParamSource::kPath:
      return 0;
    case ParamSource::kQuery:
      return 1;
    case ParamSource::kHeader:
      return 2;
    case ParamSource::kCookie:
      return 3;
    case ParamSource::kBody:
      return 4;
    default:
      return 5;
  }
}

// One `auto x = in.query<int>("x", 10);` line per bound parameter, in FastAPI's error order:
// path, query, header, cookie, body; declaration order within each.
std::string render_bindings(const Route& route) {
  std::vector<const Param*> params;
  for (const auto& param : route.params) params.push_back(&param);
  std::stable_sort(params.begin(), params.end(), [](const Param* a, const Param* b) {
    return source_rank(a->source) < source_rank(b->source);
  });
  auto body_count = std::count_if(route.params.begin(), route.params.end(),
                                  [](const Param& p) { return p.source == ParamSource::kBody; });

  std::string out;
  if (body_count > 0) out += "  in.read_body();\n";
  for (const auto* param : params) {
    std::string method;
    std::string key = param->alias;
    switch (param->source) {
      case ParamSource::kPath:
        method = "path";
        break;
      case ParamSource::kQuery:
        method = "query";
        break;
      case ParamSource::kHeader:
        method = "header";
        break;
      case ParamSource::kCookie:
        method = "cookie";
        break;
      case ParamSource::kBody:
        method = body_count > 1 ? "body_field" : "body";
        if (body_count == 1) key.clear();
        break;
      case ParamSource::kRequest:
      case ParamSource::kWebSocket:
        continue;
    }
    std::vector<std::string> args;
    if (!key.empty()) args.push_back(quoted(key));
    if (param->default_value) args.push_back(*param->default_value);
    std::string joined;
    for (const auto& arg : args) joined += (joined.empty() ? "" : ", ") + arg;
    out += fmt::format("  auto {} = in.{}<{}>({});\n", variable_name(*param), method,
                       param->type.spelling, joined);
  }
  return out;
}

// Whether the route reads anything from the request (its Request or WebSocket it is handed).
bool binds_parameters(const Route& route) {
  return std::any_of(route.params.begin(), route.params.end(), [](const Param& param) {
    return param.source != ParamSource::kRequest && param.source != ParamSource::kWebSocket;
  });
}

// The handler's arguments in declaration order.
std::string render_arguments(const Route& route) {
  std::string out;
  for (const auto& param : route.params) {
    if (!out.empty()) out += ", ";
    switch (param.source) {
      case ParamSource::kRequest:
        out += route.websocket ? "websocket.request()" : "request";
        break;
      case ParamSource::kWebSocket:
        out += "websocket";
        break;
      default:
        out += "std::move(" + variable_name(param) + ")";
    }
  }
  return out;
}

// A route binds its parameters (a failure goes to `reject`), then calls the handler under
// `with_handlers`; a route without parameters only calls.
std::string render_route(const Route& route, const std::string& name) {
  auto status = route.status_code != 0 ? route.status_code : 200;
  auto call = fmt::format("{}({})", route.function, render_arguments(route));
  std::string call_lines;
  if (route.result.kind == TypeRef::Kind::kVoid) {
    call_lines =
        fmt::format("    {};\n    return fastcpp::detail::respond_void({});\n", call, status);
  } else {
    call_lines = fmt::format("    return fastcpp::detail::respond({}, {});\n", call, status);
  }
  auto bindings = render_bindings(route);
  if (binds_parameters(route)) {
    bindings = "  fastcpp::detail::Binder in(request);\n" + bindings +
               "  if (!in.finish()) return reject(request, in);\n";
  }
  std::string methods;
  for (const auto& method : route.methods) methods += (methods.empty() ? "" : ", ") + method;
  return render_template("route.cpp", {{"methods", methods},
                                       {"path", route.path},
                                       {"function", route.function},
                                       {"route", name},
                                       {"bindings", bindings},
                                       {"call", call_lines}});
}

std::string render_websocket_route(const Route& route, const std::string& name) {
  return render_template("websocket_route.cpp", {{"path", route.path},
                                                 {"function", route.function},
                                                 {"route", name},
                                                 {"bindings", render_bindings(route)},
                                                 {"arguments", render_arguments(route)}});
}

// The model's handlers plus FastAPI's defaults for the classes the user left alone; the
// `std::exception` handler is the server-error slot and stays out of the chain.
Model with_default_handlers(const Model& model) {
  Model chain;
  chain.classes = model.classes;
  for (const auto& handler : model.handlers) {
    if (handler.status_code == 0 && !same_class(handler.exception, "std::exception")) {
      chain.handlers.push_back(handler);
    }
  }
  const std::pair<const char*, const char*> defaults[] = {
      {"fastcpp::HTTPException", "fastcpp::exception_handlers::http_exception_handler"},
      {"fastcpp::RequestValidationError",
       "fastcpp::exception_handlers::request_validation_exception_handler"},
  };
  for (const auto& [exception, function] : defaults) {
    auto registered = std::any_of(chain.handlers.begin(), chain.handlers.end(),
                                  [&](const auto& h) { return same_class(h.exception, exception); });
    if (!registered) chain.handlers.push_back({function, exception, 0, {}});
    auto known = std::any_of(chain.classes.begin(), chain.classes.end(),
                             [&](const auto& c) { return same_class(c.name, exception); });
    if (!known) chain.classes.push_back({exception, {"std::exception"}});
  }
  // Compare names without a leading `::`, however the frontend spelled them.
  for (auto& handler : chain.handlers) {
    handler.exception = std::string(without_global_prefix(handler.exception));
  }
  for (auto& cls : chain.classes) {
    cls.name = std::string(without_global_prefix(cls.name));
    for (auto& base : cls.bases) base = std::string(without_global_prefix(base));
  }
  return chain;
}

bool derives_from(const Model& chain, const std::string& name, std::string_view base,
                  int depth = 0) {
  if (name == base) return true;
  if (depth > 64) return false;  // a cycle the frontend let through: not a base
  for (const auto& cls : chain.classes) {
    if (cls.name != name) continue;
    for (const auto& parent : cls.bases) {
      if (derives_from(chain, parent, base, depth + 1)) return true;
    }
  }
  return false;
}

std::string handler_for(const Model& chain, std::string_view exception) {
  for (const auto& handler : chain.handlers) {
    if (handler.exception == exception) return handler.function;
  }
  return {};
}

// The handler lookup of the whole service: status handlers, the handlers of what fastcpp raises
// itself, the catch chain of `with_handlers`, and `reject` when some route binds parameters.
std::string render_exception_handling(const Model& model) {
  std::vector<const ExceptionHandler*> status_handlers;
  for (const auto& handler : model.handlers) {
    if (handler.status_code != 0) status_handlers.push_back(&handler);
  }
  std::sort(status_handlers.begin(), status_handlers.end(),
            [](const auto* a, const auto* b) { return a->status_code < b->status_code; });
  std::string cases;
  for (const auto* handler : status_handlers) {
    cases += fmt::format("    case {}:\n      return {}(request, exc);\n", handler->status_code,
                         handler->function);
  }
  bool by_status = !cases.empty();
  constexpr std::string_view kStatusFirst =
      "    if (auto response = handle_status(request, exc)) return std::move(*response);\n";

  auto chain = with_default_handlers(model);
  std::string http_exception;
  if (by_status) http_exception += std::string(kStatusFirst).substr(2);
  http_exception +=
      fmt::format("  return {}(request, exc);\n", handler_for(chain, "fastcpp::HTTPException"));

  std::string catches;
  for (const auto* handler : catch_order(chain)) {
    std::string body;
    if (handler->exception == "fastcpp::HTTPException") {
      body = "    return handle_http_exception(request, exc);\n";
    } else if (handler->exception == "fastcpp::RequestValidationError") {
      body = "    return handle_validation_error(request, exc);\n";
    } else {
      if (by_status && derives_from(chain, handler->exception, "fastcpp::HTTPException")) {
        body += kStatusFirst;
      }
      body += fmt::format("    return {}(request, exc);\n", handler->function);
    }
    catches += fmt::format(" catch (const ::{}& exc) {{\n{}  }}", handler->exception, body);
  }

  bool binds = std::any_of(model.routes.begin(), model.routes.end(), [](const Route& route) {
    return !route.websocket && binds_parameters(route);
  });
  return render_template(
      "exception_handling.cpp",
      {{"status_handlers", by_status ? render_template("status_handlers.cpp", {{"cases", cases}})
                                     : ""},
       {"http_exception", http_exception},
       {"validation_handler", handler_for(chain, "fastcpp::RequestValidationError")},
       {"status_note",
        by_status ? "\n// An HTTPException is offered to its status handler first." : ""},
       {"catches", catches},
       {"reject", binds ? render_template("reject.cpp", {}) : ""}});
}

std::string render_traits(const Model& model) {
  if (model.enums.empty() && model.structs.empty()) return {};
  std::string declarations;
  std::string definitions;
  for (const auto& def : model.enums) {
    std::string names;
    std::string values;
    for (const auto& enumerator : def.enumerators) {
      names += (names.empty() ? "" : ", ") + quoted(enumerator);
      values += (values.empty() ? "" : ", ") + def.name + "::" + enumerator;
    }
    declarations += render_template(
        "enum_traits.cpp", {{"enum", def.name}, {"names", names}, {"values", values}});
  }
  for (const auto& def : model.structs) {
    declarations += render_template("struct_traits.cpp", {{"struct", def.name}});
    std::string decode_fields;
    std::string encode_fields;
    for (const auto& field : def.fields) {
      decode_fields += fmt::format("  fastcpp::detail::decode_field(input, {}, out.{}, errors, {});\n",
                                   quoted(field.name), field.name,
                                   field.has_default ? "/*required=*/false" : "/*required=*/true");
      encode_fields +=
          fmt::format("  out[{}] = fastcpp::detail::encode(value.{});\n", quoted(field.name),
                      field.name);
    }
    definitions += render_template("struct_codec.cpp", {{"struct", def.name},
                                                        {"decode_fields", decode_fields},
                                                        {"encode_fields", encode_fields}});
  }
  return render_template("traits.cpp",
                         {{"declarations", declarations}, {"definitions", definitions}});
}

}  // namespace

std::string render_service(const Model& model, bool with_main) {
  std::string includes;
  for (const auto& source : model.sources) includes += "#include " + quoted(source) + "\n";

  std::set<std::string> taken;
  std::string routes;
  std::string route_table;
  std::string websocket_table;
  for (const auto& route : model.routes) {
    auto name = route_function_name(route, taken);
    if (route.websocket) {
      routes += render_websocket_route(route, name);
      websocket_table += fmt::format("      {{{}, {}}},\n", quoted(route.path), name);
    } else {
      routes += render_route(route, name);
      std::string methods;
      for (const auto& method : route.methods) {
        methods += (methods.empty() ? "" : ", ") + quoted(method);
      }
      route_table += fmt::format("      {{{}, {{{}}}, {}}},\n", quoted(route.path), methods, name);
    }
  }

  std::string server_error;
  for (const auto& handler : model.handlers) {
    if (handler.status_code == 0 && same_class(handler.exception, "std::exception")) {
      server_error = fmt::format("  service.handle_server_error = {};\n", handler.function);
    }
  }

  if (!websocket_table.empty()) {
    websocket_table = "  service.websocket_routes = {\n" + websocket_table + "  };\n";
  }
  return render_template("service.cpp", {{"service", model.service},
                                         {"includes", includes},
                                         {"traits", render_traits(model)},
                                         {"routes", routes},
                                         {"exception_handling", render_exception_handling(model)},
                                         {"route_table", route_table},
                                         {"websocket_table", websocket_table},
                                         {"server_error", server_error},
                                         {"main", with_main ? render_template("main.cpp", {}) : ""}});
}

}  // namespace fastcpp::gen
