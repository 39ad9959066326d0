#include "frontend/frontend.hpp"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Frontend/FrontendActions.h>
#include <clang/Frontend/TextDiagnostic.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/Process.h>
#include <llvm/Support/VirtualFileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "frontend/model_reader.hpp"
#include "model/raised_errors.hpp"

#ifndef FASTCPP_CLANG_RESOURCE_DIR
#error "FASTCPP_CLANG_RESOURCE_DIR must name clang's resource directory"
#endif

namespace fastcpp::gen {
namespace {

constexpr const char* kToolName = "fastcpp-gen";

// The precompiled header's umbrella lives in memory, named after the header (`<pch>.hpp`)
// wherever it is read from, so that a parse using it finds the same file, with the same
// contents and time, as the parse that built it. Its name never appears in messages.
constexpr const char* kPchUmbrellaCode = "#include <fastcpp/fastcpp.hpp>\n";

// Without the "In file included from <umbrella>:N:" line: the user never wrote the umbrella.
class SourceDiagnostic : public clang::TextDiagnostic {
 public:
  SourceDiagnostic(llvm::raw_ostream& out, const clang::LangOptions& language,
                   clang::DiagnosticOptions* options, std::string umbrella)
      : TextDiagnostic(out, language, options), umbrella_(std::move(umbrella)) {}

 protected:
  void emitIncludeLocation(clang::FullSourceLoc location, clang::PresumedLoc presumed) override {
    if (presumed.getFilename() == umbrella_) return;
    TextDiagnostic::emitIncludeLocation(location, presumed);
  }

 private:
  std::string umbrella_;
};

// clang's TextDiagnosticPrinter, re-done because its renderer cannot be replaced. Diagnostics
// without a location (the driver's `unknown argument`) get a `fastcpp-gen:` prefix, as
// clang's get `clang:`.
class DiagnosticPrinter : public clang::DiagnosticConsumer {
 public:
  DiagnosticPrinter(llvm::raw_ostream& out, std::string umbrella)
      : out_(out), options_(new clang::DiagnosticOptions), umbrella_(std::move(umbrella)) {
    options_->ShowColors = llvm::sys::Process::StandardErrHasColors();
  }

  void BeginSourceFile(const clang::LangOptions& language, const clang::Preprocessor*) override {
    renderer_ = std::make_unique<SourceDiagnostic>(out_, language, options_.get(), umbrella_);
  }

  void EndSourceFile() override { renderer_.reset(); }

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic& info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    llvm::SmallString<128> message;
    info.FormatDiagnostic(message);
    if (!info.getLocation().isValid() || !info.hasSourceManager() || renderer_ == nullptr) {
      out_ << kToolName << ": ";
      clang::TextDiagnostic::printDiagnosticLevel(out_, level, options_->ShowColors);
      clang::TextDiagnostic::printDiagnosticMessage(out_, level == clang::DiagnosticsEngine::Note,
                                                    message, 0, 0, options_->ShowColors);
    } else {
      renderer_->emitDiagnostic(clang::FullSourceLoc(info.getLocation(), info.getSourceManager()),
                                level, message, info.getRanges(), info.getFixItHints());
    }
    out_.flush();
  }

 private:
  llvm::raw_ostream& out_;
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> options_;
  std::string umbrella_;
  std::unique_ptr<SourceDiagnostic> renderer_;
};

// Every file the parse read, by canonical path, except the in-memory umbrella.
std::vector<std::string> read_files(const clang::SourceManager& sources,
                                    const std::string& umbrella) {
  std::vector<std::string> files;
  auto& file_manager = sources.getFileManager();
  for (auto it = sources.fileinfo_begin(); it != sources.fileinfo_end(); ++it) {
    auto name = file_manager.getCanonicalName(it->first).str();
    // Not the in-memory umbrellas (the precompiled header's included): a depfile naming a file
    // that is not on disk would make every build run the generator again.
    if (name != umbrella && llvm::sys::fs::exists(name)) files.push_back(std::move(name));
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

class ModelConsumer : public clang::ASTConsumer {
 public:
  // `body_files`: the sources whose function bodies are parsed (none: declarations only).
  ModelConsumer(FrontendResult& result, std::string umbrella, std::vector<std::string> body_files)
      : result_(result), umbrella_(std::move(umbrella)), body_files_(std::move(body_files)) {}

  void Initialize(clang::ASTContext& context) override { sources_ = &context.getSourceManager(); }

  // Bodies are what makes a parse slow (the standard library's and nlohmann/json's above all):
  // only the service's own are read, and only when they are needed.
  bool shouldSkipFunctionBody(clang::Decl* decl) override {
    if (body_files_.empty() || sources_ == nullptr) return true;
    auto location = sources_->getExpansionLoc(decl->getLocation());
    const auto* file = sources_->getFileEntryForID(sources_->getFileID(location));
    if (file == nullptr) return true;
    auto name = sources_->getFileManager().getCanonicalName(file).str();
    return std::find(body_files_.begin(), body_files_.end(), name) == body_files_.end();
  }

  void HandleTranslationUnit(clang::ASTContext& context) override {
    // A source that does not compile would only add confusing follow-up errors.
    if (context.getDiagnostics().hasErrorOccurred()) return;
    detail::read_model(context, result_.model, !body_files_.empty());
    result_.dependencies = read_files(context.getSourceManager(), umbrella_);
  }

 private:
  FrontendResult& result_;
  std::string umbrella_;
  std::vector<std::string> body_files_;
  const clang::SourceManager* sources_ = nullptr;
};

class ReadModelAction : public clang::ASTFrontendAction {
 public:
  ReadModelAction(FrontendResult& result, std::string umbrella, std::vector<std::string> body_files)
      : result_(result), umbrella_(std::move(umbrella)), body_files_(std::move(body_files)) {}

 protected:
  bool BeginInvocation(clang::CompilerInstance& compiler) override {
    // Declarations are all the model needs; skipping the bodies (the standard library's and
    // nlohmann/json's above all) halves the time of the parse.
    compiler.getFrontendOpts().SkipFunctionBodies = true;
    return true;
  }

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&,
                                                        llvm::StringRef) override {
    return std::make_unique<ModelConsumer>(result_, umbrella_, body_files_);
  }

 private:
  FrontendResult& result_;
  std::string umbrella_;
  std::vector<std::string> body_files_;
};

class RuntimePchAction : public clang::GeneratePCHAction {
 public:
  RuntimePchAction(std::vector<std::string>& files, std::string umbrella)
      : files_(files), umbrella_(std::move(umbrella)) {}

 protected:
  bool BeginInvocation(clang::CompilerInstance& compiler) override {
    compiler.getFrontendOpts().SkipFunctionBodies = true;  // as ReadModelAction parses
    return true;
  }
  void EndSourceFileAction() override {
    files_ = read_files(getCompilerInstance().getSourceManager(), umbrella_);
    clang::GeneratePCHAction::EndSourceFileAction();
  }

 private:
  std::vector<std::string>& files_;
  std::string umbrella_;
};

// A file system that is the real one plus the precompiled header's in-memory umbrella.
struct ParseFiles {
  std::string pch_umbrella;
  llvm::IntrusiveRefCntPtr<clang::FileManager> manager;
};

std::string pch_umbrella_path(const std::string& pch) {
  llvm::SmallString<256> path(pch + ".hpp");
  llvm::sys::fs::make_absolute(path);
  return std::string(path);
}

ParseFiles make_files(const std::string& pch) {
  ParseFiles files;
  files.pch_umbrella = pch_umbrella_path(pch);

  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> file_system(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(new llvm::vfs::InMemoryFileSystem);
  file_system->pushOverlay(memory);
  if (!pch.empty()) {
    memory->addFile(files.pch_umbrella, 0, llvm::MemoryBuffer::getMemBufferCopy(kPchUmbrellaCode));
  }
  files.manager = new clang::FileManager(clang::FileSystemOptions(), file_system);
  return files;
}

std::optional<std::string> absolute_path(const std::string& source) {
  llvm::SmallString<256> path(source);
  if (llvm::sys::fs::make_absolute(path)) return std::nullopt;
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  return std::string(path);
}

}  // namespace

namespace {

// One source, parsed as the compiler will build its generated file: on its own.
std::optional<FrontendResult> read_source(const std::string& path, const FrontendOptions& options) {
  // Function bodies are parsed in the user's source only (what its handlers raise), not in the
  // headers it includes.
  std::vector<std::string> body_files;
  if (options.read_bodies) {
    llvm::SmallString<256> real;
    body_files.push_back(llvm::sys::fs::real_path(path, real) ? path : std::string(real));
  }
  auto parse = [&](bool with_pch, clang::DiagnosticConsumer& diagnostics) {
    auto files = make_files(options.pch);
    // `-w`: the compiler proper reports warnings when it builds the sources; repeating them
    // here would only be noise.
    std::vector<std::string> command_line = {kToolName, "-fsyntax-only", "-resource-dir",
                                             FASTCPP_CLANG_RESOURCE_DIR};
    command_line.insert(command_line.end(), options.compile_flags.begin(),
                        options.compile_flags.end());
    if (with_pch) {
      // Without carets, clang does not print its "N errors generated." either: this parse is
      // the quiet one.
      command_line.insert(command_line.end(),
                          {"-include-pch", options.pch, "-fno-caret-diagnostics"});
    }
    command_line.push_back("-w");
    command_line.push_back(path);

    FrontendResult result;
    clang::tooling::ToolInvocation invocation(
        command_line, std::make_unique<ReadModelAction>(result, files.pch_umbrella, body_files),
        files.manager.get());
    invocation.setDiagnosticConsumer(&diagnostics);
    // The driver reports a bad flag as an error but goes on; the consumer counts it.
    bool ok = invocation.run() && diagnostics.getNumErrors() == 0;
    return ok ? std::optional<FrontendResult>(std::move(result)) : std::nullopt;
  };

  // With the precompiled header first, quietly: whatever goes wrong (a stale header, other
  // flags, an error in the sources) is found again, and reported, by the parse without it.
  if (!options.pch.empty() && llvm::sys::fs::exists(options.pch)) {
    clang::DiagnosticConsumer quiet;  // counts errors, prints nothing
    if (auto result = parse(/*with_pch=*/true, quiet)) {
      // The headers inside it were not read: the header stands for them.
      llvm::SmallString<256> pch(options.pch);
      llvm::sys::fs::make_absolute(pch);
      result->dependencies.emplace_back(pch);
      return result;
    }
  }
  DiagnosticPrinter printer(llvm::errs(), pch_umbrella_path(options.pch));
  return parse(/*with_pch=*/false, printer);
}

bool same_location(const SourceLocation& a, const SourceLocation& b) {
  return a.file == b.file && a.line == b.line && a.column == b.column;
}

// Adds what one source's parse read to the service's model. A declaration of a header is seen
// by every source that includes it: it is kept once, with the first of them.
void merge_source(Model& into, Model&& from, int source, const std::string& path) {
  auto owner = [&](const SourceLocation& location) { return location.file == path ? source : -1; };
  for (auto& route : from.routes) {
    auto seen = std::any_of(into.routes.begin(), into.routes.end(), [&](const Route& other) {
      return same_location(other.location, route.location) && other.path == route.path;
    });
    if (seen) continue;
    route.source = source;
    into.routes.push_back(std::move(route));
  }
  for (auto& handler : from.handlers) {
    auto seen = std::any_of(into.handlers.begin(), into.handlers.end(), [&](const auto& other) {
      return same_location(other.location, handler.location) &&
             other.status_code == handler.status_code;
    });
    if (seen) continue;
    handler.source = source;
    into.handlers.push_back(std::move(handler));
  }
  for (auto& middleware : from.middleware) {
    auto seen = std::any_of(into.middleware.begin(), into.middleware.end(),
                            [&](const MiddlewareDef& other) {
                              return same_location(other.location, middleware.location);
                            });
    if (seen) continue;
    middleware.source = source;
    into.middleware.push_back(std::move(middleware));
  }
  for (auto& app : from.apps) {
    auto seen = std::any_of(into.apps.begin(), into.apps.end(), [&](const AppDecl& other) {
      return same_location(other.location, app.location);
    });
    if (seen) continue;
    app.source = source;
    into.apps.push_back(std::move(app));
  }
  for (auto& cls : from.classes) {
    auto seen = std::any_of(into.classes.begin(), into.classes.end(),
                            [&](const ExceptionClass& other) { return other.name == cls.name; });
    if (!seen) into.classes.push_back(std::move(cls));
  }
  for (auto& def : from.structs) {
    def.source = owner(def.location);
    auto seen = std::any_of(into.structs.begin(), into.structs.end(), [&](const StructDef& other) {
      return other.name == def.name && other.source == def.source;
    });
    if (!seen) into.structs.push_back(std::move(def));
  }
  for (auto& dependency : from.dependencies) {
    auto seen = std::any_of(into.dependencies.begin(), into.dependencies.end(),
                            [&](const Dependency& other) {
                              return other.function == dependency.function &&
                                     same_location(other.location, dependency.location);
                            });
    if (!seen) into.dependencies.push_back(std::move(dependency));
  }
  for (auto& def : from.enums) {
    def.source = owner(def.location);
    auto seen = std::any_of(into.enums.begin(), into.enums.end(), [&](const EnumDef& other) {
      return other.name == def.name && other.source == def.source;
    });
    if (!seen) into.enums.push_back(std::move(def));
  }
  // A function two sources define (an inline one) keeps the first's answer: they are the same.
  into.raises_by_function.insert(std::make_move_iterator(from.raises_by_function.begin()),
                                 std::make_move_iterator(from.raises_by_function.end()));
}

}  // namespace

std::optional<FrontendResult> read_service(const FrontendOptions& options) {
  if (options.sources.empty()) {
    llvm::errs() << kToolName << ": error: no source files\n";
    return std::nullopt;
  }
  // Each source is parsed on its own, as its generated file is compiled: a `static` of one
  // source is not visible in another, and two may share a name.
  FrontendResult service;
  bool ok = true;
  for (size_t index = 0; index < options.sources.size(); ++index) {
    const auto& source = options.sources[index];
    auto path = absolute_path(source);
    if (!path || !llvm::sys::fs::is_regular_file(*path)) {
      llvm::errs() << kToolName << ": error: no such file: '" << source << "'\n";
      return std::nullopt;
    }
    auto result = read_source(*path, options);
    if (!result) {
      ok = false;  // the other sources' errors are reported too, as a compiler's would be
      continue;
    }
    merge_source(service.model, std::move(result->model), static_cast<int>(index), *path);
    auto& deps = service.dependencies;
    deps.insert(deps.end(), result->dependencies.begin(), result->dependencies.end());
  }
  if (!ok) return std::nullopt;
  // A route may call into another source: what that raises is known only now.
  resolve_calls(service.model);
  service.model.raises_by_function.clear();
  auto& deps = service.dependencies;
  std::sort(deps.begin(), deps.end());
  deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
  return service;
}

std::optional<std::vector<std::string>> write_runtime_pch(
    const std::vector<std::string>& compile_flags, const std::string& path) {
  auto files = make_files(path);
  std::vector<std::string> command_line = {kToolName, "-x", "c++-header", "-resource-dir",
                                           FASTCPP_CLANG_RESOURCE_DIR};
  command_line.insert(command_line.end(), compile_flags.begin(), compile_flags.end());
  command_line.insert(command_line.end(), {"-w", files.pch_umbrella, "-o", path});

  std::vector<std::string> read;
  DiagnosticPrinter printer(llvm::errs(), files.pch_umbrella);
  clang::tooling::ToolInvocation invocation(
      command_line, std::make_unique<RuntimePchAction>(read, files.pch_umbrella),
      files.manager.get());
  invocation.setDiagnosticConsumer(&printer);
  if (!invocation.run() || printer.getNumErrors() != 0) return std::nullopt;
  return read;
}

}  // namespace fastcpp::gen
