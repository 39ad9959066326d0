#include "frontend/frontend.hpp"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
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
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "frontend/model_reader.hpp"

#ifndef FASTCPP_CLANG_RESOURCE_DIR
#error "FASTCPP_CLANG_RESOURCE_DIR must name clang's resource directory"
#endif

namespace fastcpp::gen {
namespace {

constexpr const char* kToolName = "fastcpp-gen";

// The umbrella TU exists only in memory; its name never appears in messages.
constexpr const char* kUmbrellaName = "fastcpp-gen-umbrella.cpp";

// Without the "In file included from <umbrella>:N:" line: the user never wrote the umbrella,
// so each source's diagnostics read as if it had been compiled on its own.
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
    if (name != umbrella) files.push_back(std::move(name));
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

class ModelConsumer : public clang::ASTConsumer {
 public:
  ModelConsumer(FrontendResult& result, std::string umbrella)
      : result_(result), umbrella_(std::move(umbrella)) {}

  void HandleTranslationUnit(clang::ASTContext& context) override {
    // A source that does not compile would only add confusing follow-up errors.
    if (context.getDiagnostics().hasErrorOccurred()) return;
    detail::read_model(context, result_.model);
    result_.dependencies = read_files(context.getSourceManager(), umbrella_);
  }

 private:
  FrontendResult& result_;
  std::string umbrella_;
};

class ReadModelAction : public clang::ASTFrontendAction {
 public:
  ReadModelAction(FrontendResult& result, std::string umbrella)
      : result_(result), umbrella_(std::move(umbrella)) {}

 protected:
  bool BeginInvocation(clang::CompilerInstance& compiler) override {
    // Declarations are all the model needs; skipping the bodies (the standard library's and
    // nlohmann/json's above all) halves the time of the parse.
    compiler.getFrontendOpts().SkipFunctionBodies = true;
    return true;
  }

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&,
                                                        llvm::StringRef) override {
    return std::make_unique<ModelConsumer>(result_, umbrella_);
  }

 private:
  FrontendResult& result_;
  std::string umbrella_;
};

std::optional<std::string> absolute_path(const std::string& source) {
  llvm::SmallString<256> path(source);
  if (llvm::sys::fs::make_absolute(path)) return std::nullopt;
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  return std::string(path);
}

}  // namespace

std::optional<FrontendResult> read_service(const FrontendOptions& options) {
  if (options.sources.empty()) {
    llvm::errs() << kToolName << ": error: no source files\n";
    return std::nullopt;
  }
  // One TU that includes every source, as the generated file will: one parse for the whole
  // service, and the same view of the declarations as the compiler's.
  std::string umbrella_code;
  for (const auto& source : options.sources) {
    auto path = absolute_path(source);
    if (!path || !llvm::sys::fs::is_regular_file(*path)) {
      llvm::errs() << kToolName << ": error: no such file: '" << source << "'\n";
      return std::nullopt;
    }
    umbrella_code += "#include \"" + *path + "\"\n";
  }
  llvm::SmallString<256> umbrella;
  llvm::sys::fs::current_path(umbrella);
  llvm::sys::path::append(umbrella, kUmbrellaName);

  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> file_system(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(new llvm::vfs::InMemoryFileSystem);
  file_system->pushOverlay(memory);
  memory->addFile(umbrella, 0, llvm::MemoryBuffer::getMemBufferCopy(umbrella_code));
  llvm::IntrusiveRefCntPtr<clang::FileManager> files(
      new clang::FileManager(clang::FileSystemOptions(), file_system));

  // `-w`: the compiler proper reports warnings when it builds the sources; repeating them here
  // would only be noise.
  std::vector<std::string> command_line = {kToolName, "-fsyntax-only", "-resource-dir",
                                           FASTCPP_CLANG_RESOURCE_DIR};
  command_line.insert(command_line.end(), options.compile_flags.begin(),
                      options.compile_flags.end());
  command_line.push_back("-w");
  command_line.push_back(std::string(umbrella));

  FrontendResult result;
  DiagnosticPrinter printer(llvm::errs(), std::string(umbrella));
  clang::tooling::ToolInvocation invocation(
      command_line, std::make_unique<ReadModelAction>(result, std::string(umbrella)), files.get());
  invocation.setDiagnosticConsumer(&printer);
  // The driver reports a bad flag as an error but goes on; the printer counts it.
  bool ok = invocation.run() && printer.getNumErrors() == 0;
  if (!ok) return std::nullopt;
  return result;
}

}  // namespace fastcpp::gen
