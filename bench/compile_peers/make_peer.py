#!/usr/bin/env python3
"""Writes the service of bench/make_synthetic.sh for another C++ HTTP library, to time its build
next to fastcpp's in the same run (bench/compile_times.sh):

    bench/compile_peers/make_peer.py OUT_DIR LIBRARY FILES HANDLERS

LIBRARY is httplib (cpp-httplib), pistache or restinio. OUT_DIR gets handlers_1.cpp ...
handlers_FILES.cpp with HANDLERS handlers spread as make_synthetic.sh spreads them, main.cpp
that registers every file's routes, and a CMakeLists.txt building them into one executable
(cpp-httplib's header is found in -DHTTPLIB_INCLUDE_DIR). Each handler does what a synthetic fastcpp handler does, the
way a careful user of that library writes it: an int path parameter, an optional query `q` and a
query `limit` defaulting to 10, a JSON body {name, quantity, note?, urgent = false} read with
nlohmann/json and checked field by field by one helper per file (a 422 when it does not fit), and
a JSON answer. Files that already have the same text are left untouched, so re-running this does
not make them look changed.
"""
import os
import sys

METHODS = ["POST", "PUT", "PATCH"]

# What every handler file starts with: the body's struct and its reading, the same in each
# library (nlohmann/json, as a fastcpp body is read).
COMMON = """\
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace {{

struct Payload{f} {{
  std::string name;
  int quantity = 0;
  std::optional<std::string> note;
  bool urgent = false;
}};

// The body, or nothing when it is not an object with these fields of these types.
std::optional<Payload{f}> read_payload(const std::string& body) {{
  nlohmann::json input = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!input.is_object()) return std::nullopt;
  Payload{f} out;
  auto name = input.find("name");
  auto quantity = input.find("quantity");
  if (name == input.end() || !name->is_string()) return std::nullopt;
  if (quantity == input.end() || !quantity->is_number_integer()) return std::nullopt;
  out.name = name->get<std::string>();
  out.quantity = quantity->get<int>();
  if (auto note = input.find("note"); note != input.end() && !note->is_null()) {{
    if (!note->is_string()) return std::nullopt;
    out.note = note->get<std::string>();
  }}
  if (auto urgent = input.find("urgent"); urgent != input.end()) {{
    if (!urgent->is_boolean()) return std::nullopt;
    out.urgent = urgent->get<bool>();
  }}
  return out;
}}

nlohmann::json answer(int item_id, const Payload{f}& payload, const std::optional<std::string>& q,
                      int limit, int quantity_step) {{
  return {{{{"item_id", item_id}}, {{"name", payload.name}},
          {{"quantity", payload.quantity + quantity_step}}, {{"q", q.value_or("")}},
          {{"limit", limit}}, {{"urgent", payload.urgent}}}};
}}

const char* const kInvalidBody = R"({{"detail":"invalid body"}})";

}}  // namespace
"""

LIBRARIES = {
    "httplib": {
        "include": "#include <httplib.h>\n",
        "register": "void add_routes_{f}(httplib::Server& server)",
        "handler": """\
  server.{method}(R"(/f{f}/r{h}/(-?\\d+))", [](const httplib::Request& request,
                                              httplib::Response& response) {{
    int item_id = std::stoi(request.matches[1]);
    std::optional<std::string> q;
    if (request.has_param("q")) q = request.get_param_value("q");
    int limit = request.has_param("limit") ? std::stoi(request.get_param_value("limit")) : 10;
    auto payload = read_payload(request.body);
    if (!payload) {{
      response.status = 422;
      response.set_content(kInvalidBody, "application/json");
      return;
    }}
    response.set_content(answer(item_id, *payload, q, limit, {h}).dump(), "application/json");
  }});
""",
        "methods": {"POST": "Post", "PUT": "Put", "PATCH": "Patch"},
        "main": """\
#include <httplib.h>

{declarations}
int main() {{
  httplib::Server server;
{calls}  server.listen("127.0.0.1", 8080);
}}
""",
        "arguments": "server",
        "link": "Threads::Threads",
    },
    "pistache": {
        "include": "#include <pistache/endpoint.h>\n#include <pistache/router.h>\n",
        "register": "void add_routes_{f}(Pistache::Rest::Router& router)",
        "handler": """\
  Pistache::Rest::Routes::{method}(
      router, "/f{f}/r{h}/:item_id",
      [](const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter response) {{
        int item_id = request.param(":item_id").as<int>();
        std::optional<std::string> q = request.query().get("q");
        auto limit_text = request.query().get("limit");
        int limit = limit_text ? std::stoi(*limit_text) : 10;
        auto payload = read_payload(request.body());
        if (!payload) {{
          response.send(static_cast<Pistache::Http::Code>(422), kInvalidBody,
                        MIME(Application, Json));
          return Pistache::Rest::Route::Result::Ok;
        }}
        response.send(Pistache::Http::Code::Ok, answer(item_id, *payload, q, limit, {h}).dump(),
                      MIME(Application, Json));
        return Pistache::Rest::Route::Result::Ok;
      }});
""",
        "methods": {"POST": "Post", "PUT": "Put", "PATCH": "Patch"},
        "main": """\
#include <pistache/endpoint.h>
#include <pistache/router.h>

{declarations}
int main() {{
  Pistache::Rest::Router router;
{calls}  Pistache::Http::Endpoint server(Pistache::Address("127.0.0.1", Pistache::Port(8080)));
  server.init(Pistache::Http::Endpoint::options().threads(1));
  server.setHandler(router.handler());
  server.serve();
}}
""",
        "arguments": "router",
        "link": "pistache Threads::Threads",
    },
    "restinio": {
        "include": "#include <restinio/all.hpp>\n",
        "register": "void add_routes_{f}(restinio::router::express_router_t<>& router)",
        "handler": """\
  router.{method}(R"(/f{f}/r{h}/:item_id(-?\\d+))", [](auto request, auto params) {{
    int item_id = restinio::cast_to<int>(params["item_id"]);
    const auto query = restinio::parse_query(request->header().query());
    std::optional<std::string> q;
    if (query.has("q")) q = restinio::cast_to<std::string>(query["q"]);
    int limit = query.has("limit") ? restinio::cast_to<int>(query["limit"]) : 10;
    auto payload = read_payload(request->body());
    if (!payload) {{
      return request->create_response(restinio::http_status_line_t{{
                                          restinio::http_status_code_t{{422}}, "Unprocessable"}})
          .append_header(restinio::http_field::content_type, "application/json")
          .set_body(kInvalidBody)
          .done();
    }}
    return request->create_response()
        .append_header(restinio::http_field::content_type, "application/json")
        .set_body(answer(item_id, *payload, q, limit, {h}).dump())
        .done();
  }});
""",
        "methods": {"POST": "http_post", "PUT": "http_put", "PATCH": "add_handler"},
        "main": """\
#include <restinio/all.hpp>

#include <memory>

{declarations}
int main() {{
  auto router = std::make_unique<restinio::router::express_router_t<>>();
{calls}  using traits = restinio::traits_t<restinio::asio_timer_manager_t,
                                 restinio::null_logger_t, restinio::router::express_router_t<>>;
  restinio::run(restinio::on_this_thread<traits>().address("127.0.0.1").port(8080).request_handler(
      std::move(router)));
}}
""",
        "arguments": "*router",
        "link": "fmt http_parser Threads::Threads",
    },
}


def handler_file(library, f, count):
    spec = LIBRARIES[library]
    text = (f"// Synthetic {library} handlers written by bench/compile_peers/make_peer.py (file {f})"
            " to time a build next to fastcpp's.\n")
    text += spec["include"] + COMMON.format(f=f) + "\n" + spec["register"].format(f=f) + " {\n"
    for h in range(1, count + 1):
        method = METHODS[h % 3]
        name = spec["methods"][method]
        if library == "restinio" and method == "PATCH":
            # express_router_t has no http_patch: the method is given to add_handler.
            handler = spec["handler"].replace(
                "router.{method}(", "router.{method}(restinio::http_method_patch(), ")
        else:
            handler = spec["handler"]
        text += handler.format(method=name, f=f, h=h)
    return text + "}\n"


def main_file(library, files):
    spec = LIBRARIES[library]
    declarations = "".join(spec["register"].format(f=f) + ";\n" for f in range(1, files + 1))
    calls = "".join(f"  add_routes_{f}({spec['arguments']});\n" for f in range(1, files + 1))
    return spec["main"].format(declarations=declarations, calls=calls)


def cmake_lists(library, files):
    sources = " ".join(["main.cpp"] + [f"handlers_{f}.cpp" for f in range(1, files + 1)])
    include = ("target_include_directories(service PRIVATE ${HTTPLIB_INCLUDE_DIR})\n"
               if library == "httplib" else "")
    return f"""\
# Synthetic {library} service written by bench/compile_peers/make_peer.py: {files} files.
cmake_minimum_required(VERSION 3.25)
project(peer_{library} LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(Threads REQUIRED)
add_executable(service {sources})
{include}target_link_libraries(service PRIVATE {LIBRARIES[library]["link"]})
"""


def write_if_changed(path, text):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as existing:
            if existing.read() == text:
                return
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def main():
    if len(sys.argv) != 5 or sys.argv[2] not in LIBRARIES:
        sys.exit(__doc__.split("\n\n")[1])
    out, library = sys.argv[1], sys.argv[2]
    files, handlers = int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(out, exist_ok=True)
    for f in range(1, files + 1):
        count = handlers // files + (1 if f <= handlers % files else 0)
        write_if_changed(os.path.join(out, f"handlers_{f}.cpp"), handler_file(library, f, count))
    write_if_changed(os.path.join(out, "main.cpp"), main_file(library, files))
    write_if_changed(os.path.join(out, "CMakeLists.txt"), cmake_lists(library, files))


if __name__ == "__main__":
    main()
