#include "frontend/clang_util.hpp"

#include <clang/AST/DeclCXX.h>
#include <clang/AST/Type.h>
#include <llvm/Support/raw_ostream.h>

namespace fastcpp::gen::detail {
namespace {

clang::PrintingPolicy naming_policy(const clang::ASTContext& context) {
  clang::PrintingPolicy policy(context.getLangOpts());
  // A source's generated file includes it, so members of its anonymous namespaces are reachable
  // there without naming the namespace.
  policy.SuppressUnwrittenScope = true;
  policy.SuppressInlineNamespace = true;
  return policy;
}

bool in_named_namespace(const clang::Decl& decl) {
  for (const auto* context = decl.getDeclContext(); !context->isTranslationUnit();
       context = context->getParent()) {
    const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(context);
    if (ns != nullptr && !ns->isAnonymousNamespace()) return true;
  }
  return false;
}

}  // namespace

Reporter::Reporter(clang::ASTContext& context)
    : engine_(context.getDiagnostics()), sources_(context.getSourceManager()) {}

clang::DiagnosticBuilder Reporter::error(clang::SourceLocation location, llvm::StringRef format) {
  return report(clang::DiagnosticIDs::Error, location, format);
}

clang::DiagnosticBuilder Reporter::note(clang::SourceLocation location, llvm::StringRef format) {
  return report(clang::DiagnosticIDs::Note, location, format);
}

clang::DiagnosticBuilder Reporter::report(clang::DiagnosticIDs::Level level,
                                          clang::SourceLocation location, llvm::StringRef format) {
  unsigned id = engine_.getDiagnosticIDs()->getCustomDiagID(level, format);
  return engine_.Report(sources_.getFileLoc(location), id);
}

SourceLocation Reporter::model_location(clang::SourceLocation location) const {
  clang::PresumedLoc presumed = sources_.getPresumedLoc(sources_.getFileLoc(location));
  if (presumed.isInvalid()) return {};
  return {presumed.getFilename(), presumed.getLine(), presumed.getColumn()};
}

std::string qualified_type_name(const clang::NamedDecl& decl) {
  std::string name;
  llvm::raw_string_ostream out(name);
  decl.getNameForDiagnostic(out, naming_policy(decl.getASTContext()), /*Qualified=*/true);
  out.flush();
  return in_named_namespace(decl) ? name : "::" + name;
}

std::string callable_name(const clang::NamedDecl& function) {
  std::string name;
  llvm::raw_string_ostream out(name);
  function.printQualifiedName(out, naming_policy(function.getASTContext()));
  out.flush();
  return name;
}

std::string type_for_message(clang::QualType type, const clang::ASTContext& context) {
  clang::PrintingPolicy policy(context.getLangOpts());
  policy.SuppressUnwrittenScope = true;
  std::string written = "'" + type.getAsString(policy) + "'";

  clang::QualType unqualified = type.getNonReferenceType().getUnqualifiedType();
  const auto* alias = unqualified->getAs<clang::TypedefType>();
  if (alias == nullptr || alias->getDecl()->isInStdNamespace() ||
      context.getSourceManager().isInSystemHeader(alias->getDecl()->getLocation()) ||
      qualified_type_name(*alias->getDecl()).rfind("fastcpp::", 0) == 0) {
    return written;
  }
  return written + " (aka '" + type.getCanonicalType().getAsString(policy) + "')";
}

bool is_fastcpp_class(const clang::NamedDecl& decl, llvm::StringRef name) {
  return decl.getIdentifier() != nullptr && decl.getName() == name &&
         qualified_type_name(decl) == "fastcpp::" + name.str();
}

bool is_or_derives_from_fastcpp(const clang::CXXRecordDecl& record, llvm::StringRef name) {
  if (is_fastcpp_class(record, name)) return true;
  const auto* definition = record.getDefinition();
  if (definition == nullptr) return false;
  for (const auto& base : definition->bases()) {
    if (base.getAccessSpecifier() != clang::AS_public) continue;
    const auto* base_record = base.getType()->getAsCXXRecordDecl();
    if (base_record != nullptr && is_or_derives_from_fastcpp(*base_record, name)) return true;
  }
  return false;
}

}  // namespace fastcpp::gen::detail
