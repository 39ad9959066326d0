// generator/frontend/clang_util.hpp: helpers over clang's AST shared by the frontend's parts.
// Private to the frontend: only frontend/*.cpp include it.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/SourceManager.h>

#include <string>

#include "model/model.hpp"

namespace fastcpp::gen::detail {

/// Reports fastcpp's own diagnostics through clang's DiagnosticsEngine, so that they print
/// exactly like compiler errors (`file:line:col: error: ...`, the source line, a caret) and
/// count as errors of the parse. Locations inside macro expansions are moved to where the user
/// wrote the macro (or the macro argument), so no "expanded from macro" notes follow.
class Reporter {
 public:
  explicit Reporter(clang::ASTContext& context);

  /// An error at `location`; `format` uses clang's `%0`, `%1`... placeholders, filled by `<<`.
  clang::DiagnosticBuilder error(clang::SourceLocation location, llvm::StringRef format);
  /// A note attached to the previous error.
  clang::DiagnosticBuilder note(clang::SourceLocation location, llvm::StringRef format);

  /// `location` as the model records it: the presumed file, line and column of its file
  /// location.
  SourceLocation model_location(clang::SourceLocation location) const;

 private:
  clang::DiagnosticBuilder report(clang::DiagnosticIDs::Level level, clang::SourceLocation location,
                                  llvm::StringRef format);

  clang::DiagnosticsEngine& engine_;
  const clang::SourceManager& sources_;
};

/// The qualified name of a class or enum, as the generated file spells it: anonymous and inline
/// namespaces left out, a leading `::` when the name is in no named namespace (`::Item`,
/// `::Outer::Inner`, `api::Item`, `fastcpp::HTTPException`, `std::exception`).
std::string qualified_type_name(const clang::NamedDecl& decl);

/// How the generated file, which #includes the sources, calls a free function: `read_item`,
/// `api::read_item` (anonymous namespaces left out; static functions are callable as is).
std::string callable_name(const clang::NamedDecl& function);

/// A type as messages name it: quoted, as the user wrote it, plus what it stands for when it is
/// an alias the user declared (`'Ids' (aka 'std::list<long>')`). Unlike clang's own `aka`, never
/// spells out the standard library's aliases (`std::string`).
std::string type_for_message(clang::QualType type, const clang::ASTContext& context);

/// True when `decl` is `fastcpp::<name>` (e.g. `is_fastcpp_class(decl, "Request")`).
bool is_fastcpp_class(const clang::NamedDecl& decl, llvm::StringRef name);

/// True when `record` is `fastcpp::<name>` or publicly derives from it, directly or not.
bool is_or_derives_from_fastcpp(const clang::CXXRecordDecl& record, llvm::StringRef name);

}  // namespace fastcpp::gen::detail
