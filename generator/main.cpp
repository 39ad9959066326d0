// fastcpp-gen: reads a service's annotated handler sources and writes the service's C++.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "frontend/frontend.hpp"
#include "model/app.hpp"
#include "model/checks.hpp"
#include "model/dump_model.hpp"
#include "model/openapi.hpp"
#include "model/routes.hpp"

namespace {

constexpr const char* kUsage =
    "usage: fastcpp-gen --service NAME --output FILE [--depfile FILE] [--pch FILE] "
    "[--dump-model] [--no-main]\n"
    "                   [--title TEXT] [--version TEXT] [--description TEXT] [--openapi-url URL]\n"
    "                   [--docs-url URL] [--redoc-url URL] [--no-raised-errors] [--dump-openapi]\n"
    "                   SOURCES... [-- COMPILE_FLAGS...]\n"
    "       fastcpp-gen --make-pch FILE [--depfile FILE] [-- COMPILE_FLAGS...]\n";

constexpr const char* kHelp =
    "\n"
    "Reads the annotated handlers of SOURCES (each parsed on its own, as it is compiled) and\n"
    "writes the service's generated C++: the route table and the service-wide exception\n"
    "handlers to FILE, and each source's routes to NAME.<source>.gen.cpp beside it, where\n"
    "<source> is the source's path as given, with `_` for each character that cannot be in a C\n"
    "identifier (CMake's string(MAKE_C_IDENTIFIER)).\n"
    "\n"
    "  --service NAME   the service's name (its CMake target)\n"
    "  --output FILE    the service's generated .cpp; each file is rewritten only when its\n"
    "                   text changes\n"
    "  --depfile FILE   also write a Makefile-syntax depfile: every file the parse read\n"
    "  --dump-model     print the model as JSON to stdout and write nothing\n"
    "  --no-main        generate no main(); the program runs the service itself\n"
    "  --title TEXT, --version TEXT, --description TEXT\n"
    "                   the OpenAPI document's info (FastAPI's title=, version=, description=;\n"
    "                   default: the source's FASTCPP_APP, else \"FastAPI\", \"0.1.0\", none)\n"
    "  --openapi-url URL, --docs-url URL, --redoc-url URL\n"
    "                   where the document, Swagger UI and ReDoc are served (default\n"
    "                   /openapi.json, /docs, /redoc); an empty URL turns that one off, and no\n"
    "                   document means no pages; each one given wins over FASTCPP_APP's\n"
    "  --no-raised-errors  list only what FastAPI lists: not the statuses that the routes'\n"
    "                   throws answer with\n"
    "  --dump-openapi   print the OpenAPI document (as served) to stdout and write nothing\n"
    "  --pch FILE       read the runtime's headers from this precompiled header (made by\n"
    "                   --make-pch with the same flags), if it is usable\n"
    "  --make-pch FILE  only precompile the runtime's headers into FILE\n"
    "  --help           print this help\n"
    "  -- FLAGS...      compile flags for the parse: -std=..., -I..., -D...\n"
    "\n"
    "Exit status: 0 on success, 1 when the sources have errors, 2 on a usage error.\n";

enum ExitCode { kSuccess = 0, kFailure = 1, kUsageError = 2 };

struct Options {
  std::string service;
  std::string output;
  std::string depfile;
  std::string pch;
  std::string make_pch;
  bool dump_model = false;
  bool dump_openapi = false;
  bool with_main = true;
  fastcpp::gen::AppOverrides app;  ///< given ones win over the source's FASTCPP_APP
  bool help = false;
  std::vector<std::string> sources;
  std::vector<std::string> compile_flags;
};

// Options, or the usage error in `error`.
std::optional<Options> parse_arguments(const std::vector<std::string>& args, std::string& error) {
  Options options;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      options.compile_flags.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (arg == "--dump-model") {
      options.dump_model = true;
      continue;
    }
    if (arg == "--no-main") {
      options.with_main = false;
      continue;
    }
    if (arg == "--dump-openapi") {
      options.dump_openapi = true;
      continue;
    }
    if (arg == "--no-raised-errors") {
      options.app.raised_errors = false;
      continue;
    }
    bool valued = false;
    auto take_value = [&](std::string_view flag) -> std::optional<std::string> {
      if (arg == flag) {
        if (i + 1 == args.size()) {
          error = std::string(flag) + " needs a value";
          return std::nullopt;
        }
        valued = true;
        return args[++i];
      }
      if (arg.substr(0, flag.size() + 1) == std::string(flag) + "=") {
        valued = true;
        return std::string(arg.substr(flag.size() + 1));
      }
      return std::nullopt;
    };
    for (auto [name, target] :
         {std::pair{"--service", &options.service}, std::pair{"--output", &options.output},
          std::pair{"--depfile", &options.depfile}, std::pair{"--pch", &options.pch},
          std::pair{"--make-pch", &options.make_pch}}) {
      if (auto value = take_value(name)) *target = std::move(*value);
    }
    for (auto [name, target] :
         {std::pair{"--title", &options.app.title}, std::pair{"--version", &options.app.version},
          std::pair{"--description", &options.app.description},
          std::pair{"--openapi-url", &options.app.openapi_url},
          std::pair{"--docs-url", &options.app.docs_url},
          std::pair{"--redoc-url", &options.app.redoc_url}}) {
      if (auto value = take_value(name)) *target = std::move(*value);
    }
    if (!error.empty()) return std::nullopt;
    if (valued) continue;
    if (arg.size() > 1 && arg[0] == '-') {
      error = "unknown option '" + std::string(arg) + "'";
      return std::nullopt;
    }
    options.sources.emplace_back(arg);
  }
  if (!options.make_pch.empty()) {
    if (!options.sources.empty()) error = "--make-pch takes no source files";
  } else if (options.service.empty()) {
    error = "--service is required";
  } else if (options.output.empty() && !options.dump_model && !options.dump_openapi) {
    error = "--output is required";
  } else if (options.sources.empty()) {
    error = "no source files";
  }
  if (!error.empty()) return std::nullopt;
  return options;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Leaves an unchanged file untouched, so that a no-op rebuild compiles nothing; otherwise
// writes a temporary file and renames it, so that no reader sees half a file.
bool write_if_changed(const std::string& path, const std::string& content) {
  if (read_file(path) == content) return true;
  auto temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) return false;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

std::string escape_for_make(std::string_view path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#') {
      escaped += '\\';
    } else if (c == '$') {
      escaped += '$';
    }
    escaped += c;
  }
  return escaped;
}

std::string render_depfile(const std::string& output, const std::vector<std::string>& deps) {
  std::string text = escape_for_make(output) + ":";
  for (const auto& dep : deps) text += " \\\n  " + escape_for_make(dep);
  return text + "\n";
}

void print_diagnostic(const fastcpp::gen::Diagnostic& diagnostic, const char* level = "error") {
  const auto& at = diagnostic.location;
  auto where = at.file.empty() ? std::string("fastcpp-gen: ")
                               : at.file + ":" + std::to_string(at.line) + ":" +
                                     std::to_string(at.column) + ": ";
  std::cerr << where << level << ": " << diagnostic.message << "\n";
  if (!diagnostic.hint.empty()) std::cerr << where << "note: " << diagnostic.hint << "\n";
}

int make_pch(const Options& options) {
  auto read = fastcpp::gen::write_runtime_pch(options.compile_flags, options.make_pch);
  if (!read) return kFailure;
  if (!options.depfile.empty() &&
      !write_if_changed(options.depfile, render_depfile(options.make_pch, *read))) {
    std::cerr << "fastcpp-gen: error: cannot write '" << options.depfile << "'\n";
    return kFailure;
  }
  return kSuccess;
}

int run(const Options& options) {
  if (!options.make_pch.empty()) return make_pch(options);
  // The source may turn the document off (FASTCPP_APP): only the command line's word is known.
  bool documents_raised = options.app.raised_errors &&
                          (options.app.openapi_url.value_or("/") != "" || options.dump_openapi);
  auto result = fastcpp::gen::read_service(
      {options.sources, options.compile_flags, options.pch, documents_raised});
  if (!result) return kFailure;
  auto& model = result->model;
  model.service = options.service;
  model.sources = options.sources;
  fastcpp::gen::apply_app(model, options.app);

  fastcpp::gen::classify_params(model);
  auto diagnostics = fastcpp::gen::check_model(model);
  for (const auto& diagnostic : diagnostics) print_diagnostic(diagnostic);
  if (!diagnostics.empty()) {
    std::cerr << diagnostics.size() << (diagnostics.size() == 1 ? " error" : " errors")
              << " generated.\n";
    return kFailure;
  }

  if (options.dump_model) {
    std::cout << fastcpp::gen::dump_model(model) << "\n";
    return kSuccess;
  }
  std::string openapi_document;
  if (!model.openapi.openapi_url.empty() || options.dump_openapi) {
    auto openapi = fastcpp::gen::build_openapi(model);
    // What the document cannot list is a note at its source, never a silent gap.
    for (const auto& note : openapi.notes) print_diagnostic(note, "note");
    if (options.dump_openapi) {
      std::cout << fastcpp::gen::openapi_text(openapi.document) << "\n";
      return kSuccess;
    }
    openapi_document = openapi.document.dump(2, ' ', /*ensure_ascii=*/false,
                                             nlohmann::ordered_json::error_handler_t::replace);
  }
  // The service's file where --output says, each source's beside it.
  auto directory = std::filesystem::path(options.output).parent_path();
  auto files = fastcpp::gen::render_service(model, options.with_main, openapi_document);
  for (size_t index = 0; index < files.size(); ++index) {
    auto path = index == 0 ? options.output : (directory / files[index].name).string();
    if (!write_if_changed(path, files[index].text)) {
      std::cerr << "fastcpp-gen: error: cannot write '" << path << "'\n";
      return kFailure;
    }
  }
  if (!options.depfile.empty() &&
      !write_if_changed(options.depfile, render_depfile(options.output, result->dependencies))) {
    std::cerr << "fastcpp-gen: error: cannot write '" << options.depfile << "'\n";
    return kFailure;
  }
  return kSuccess;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  auto options = parse_arguments(std::vector<std::string>(argv + 1, argv + argc), error);
  if (!options) {
    std::cerr << "fastcpp-gen: error: " << error << "\n" << kUsage;
    return kUsageError;
  }
  if (options->help) {
    std::cout << kUsage << kHelp;
    return kSuccess;
  }
  return run(*options);
}
