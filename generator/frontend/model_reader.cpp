#include "frontend/model_reader.hpp"

#include <clang/AST/APValue.h>
#include <clang/AST/Attr.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RawCommentList.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/CharInfo.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/StringSet.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "frontend/clang_util.hpp"
#include "frontend/field_info_reader.hpp"
#include "frontend/raise_finder.hpp"
#include "frontend/type_mapper.hpp"

namespace fastcpp::gen::detail {
namespace {

struct Annotation {
  enum class Kind {
    kRoute,
    kStatusCode,
    kWebSocket,
    kExceptionHandler,
    kStatusHandler,
    kSummary,
    kTags,
    kDeprecated,
    kMiddleware,
    kExcludeUnset,  // FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET
    kExcludeNone,   // FASTCPP_RESPONSE_MODEL_EXCLUDE_NONE
    kDependencies,  // FASTCPP_DEPENDENCIES
  };
  Kind kind = Kind::kRoute;
  std::string display;  // for messages: `FASTCPP_GET` as the user wrote it, not the attribute
  clang::SourceLocation location;
  std::string path;
  std::vector<std::string> methods;
  int code = 0;
  std::vector<std::string> texts;  // FASTCPP_SUMMARY's text, FASTCPP_TAGS's tags
  // FASTCPP_DEPENDENCIES' functions (and security objects), each with where it is named.
  std::vector<std::pair<const clang::NamedDecl*, clang::SourceLocation>> functions;

  // Identical annotations on two declarations of one function count once.
  std::string key() const {
    std::string key =
        std::to_string(static_cast<int>(kind)) + " " + path + " " + std::to_string(code);
    for (const auto& method : methods) key += " " + method;
    for (const auto& text : texts) key += "\n" + text;
    for (const auto& function : functions) key += "\n" + callable_name(*function.first);
    return key;
  }
};

using AnnotationKind = Annotation::Kind;

// What FASTCPP_SUMMARY, FASTCPP_TAGS, FASTCPP_DEPRECATED and the doc comment say of a route.
struct RouteDocs {
  std::string summary;
  std::string description;
  std::vector<std::string> tags;
  bool deprecated = false;
  // FASTCPP_RESPONSE_MODEL_EXCLUDE_UNSET / _NONE, where the first of them is.
  bool exclude_unset = false;
  bool exclude_none = false;
  clang::SourceLocation exclude_location;
  std::string exclude_display;
  const Annotation* dependencies = nullptr;  // FASTCPP_DEPENDENCIES
};

// FASTCPP_STATUS_CODE, FASTCPP_SUMMARY, FASTCPP_TAGS and FASTCPP_DEPRECATED only qualify a
// route: they are not roles of their own.
bool is_route_qualifier(AnnotationKind kind) {
  return kind == AnnotationKind::kStatusCode || kind == AnnotationKind::kSummary ||
         kind == AnnotationKind::kTags || kind == AnnotationKind::kDeprecated ||
         kind == AnnotationKind::kExcludeUnset || kind == AnnotationKind::kExcludeNone ||
         kind == AnnotationKind::kDependencies;
}

const char* role_of(AnnotationKind kind) {
  switch (kind) {
    case AnnotationKind::kRoute:
    case AnnotationKind::kStatusCode:
    case AnnotationKind::kSummary:
    case AnnotationKind::kTags:
    case AnnotationKind::kDeprecated:
    case AnnotationKind::kExcludeUnset:
    case AnnotationKind::kExcludeNone:
    case AnnotationKind::kDependencies:
      return "a route";
    case AnnotationKind::kWebSocket:
      return "a WebSocket endpoint";
    case AnnotationKind::kExceptionHandler:
      return "an exception handler";
    case AnnotationKind::kStatusHandler:
      return "a status handler";
    case AnnotationKind::kMiddleware:
      return "a middleware";
  }
  return "";
}

const char* describe(const clang::Decl& decl) {
  if (llvm::isa<clang::CXXMethodDecl>(decl)) return "a member function";
  if (llvm::isa<clang::FunctionDecl>(decl)) return "a function template";
  if (llvm::isa<clang::ParmVarDecl>(decl)) return "a parameter";
  if (llvm::isa<clang::VarDecl>(decl)) return "a variable";
  if (llvm::isa<clang::FieldDecl>(decl)) return "a data member";
  if (llvm::isa<clang::EnumDecl>(decl)) return "an enum";
  if (llvm::isa<clang::RecordDecl>(decl)) return "a class";
  if (llvm::isa<clang::NamespaceDecl>(decl)) return "a namespace";
  if (llvm::isa<clang::TypedefNameDecl>(decl)) return "a type alias";
  return "not a function";
}

bool is_http_method(llvm::StringRef method) {
  static const llvm::StringSet<> kMethods = {"GET",    "POST", "PUT",     "PATCH",
                                             "DELETE", "HEAD", "OPTIONS", "TRACE"};
  return kMethods.contains(method);
}

std::optional<std::string> string_value(const clang::Expr& expr) {
  const clang::Expr* value = expr.IgnoreParenImpCasts();
  if (const auto* constant = llvm::dyn_cast<clang::ConstantExpr>(value)) {
    value = constant->getSubExpr()->IgnoreParenImpCasts();
  }
  if (const auto* literal = llvm::dyn_cast<clang::StringLiteral>(value)) {
    if (literal->isOrdinary() || literal->isUTF8()) return literal->getString().str();
    return std::nullopt;
  }
  // `constexpr char kPrefix[] = "/api";` and `constexpr const char* kPath = ...;`
  if (const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(value)) {
    const auto* variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl());
    if (variable != nullptr && variable->getAnyInitializer() != nullptr) {
      return string_value(*variable->getAnyInitializer());
    }
  }
  return std::nullopt;
}

std::optional<int> int_value(const clang::Expr& expr, const clang::ASTContext& context) {
  if (!expr.getType()->isIntegralOrUnscopedEnumerationType() || expr.getType()->isBooleanType()) {
    return std::nullopt;
  }
  auto value = expr.getIntegerConstantExpr(context);
  if (!value || !value->isSignedIntN(32)) return std::nullopt;
  return static_cast<int>(value->getExtValue());
}

// `const fastcpp::Request&` → Request; `const E&` → E. Null for anything else.
const clang::CXXRecordDecl* const_reference_class(clang::QualType type) {
  const auto* reference = type->getAs<clang::LValueReferenceType>();
  if (reference == nullptr) return nullptr;
  clang::QualType pointee = reference->getPointeeType().getCanonicalType();
  if (!pointee.isConstQualified()) return nullptr;
  return pointee->getAsCXXRecordDecl();
}

// `fastcpp::WebSocket&`, not const.
bool is_websocket_reference(clang::QualType type) {
  const auto* reference = type->getAs<clang::LValueReferenceType>();
  if (reference == nullptr) return false;
  clang::QualType pointee = reference->getPointeeType().getCanonicalType();
  const auto* record = pointee->getAsCXXRecordDecl();
  return !pointee.isConstQualified() && record != nullptr && is_fastcpp_class(*record, "WebSocket");
}

// The string literals `expr` consists of, through the implicit conversions, temporaries,
// braces and `std::string(...)` of `{"a", "b"}` or `"a"`; false when it is anything else.
bool literal_strings(const clang::Expr* expr, std::vector<std::string>& out) {
  expr = expr->IgnoreImplicit()->IgnoreParens();
  if (const auto* literal = llvm::dyn_cast<clang::StringLiteral>(expr)) {
    if (literal->getCharByteWidth() != 1) return false;
    out.push_back(literal->getString().str());
    return true;
  }
  if (const auto* list = llvm::dyn_cast<clang::CXXStdInitializerListExpr>(expr)) {
    return literal_strings(list->getSubExpr(), out);
  }
  if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(expr)) {
    return literal_strings(cast->getSubExpr(), out);
  }
  if (const auto* list = llvm::dyn_cast<clang::InitListExpr>(expr)) {
    for (const auto* init : list->inits()) {
      if (!literal_strings(init, out)) return false;
    }
    return true;
  }
  if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
    if (construct->getNumArgs() == 0) return false;
    for (unsigned i = 1; i < construct->getNumArgs(); ++i) {
      if (!llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(i))) return false;
    }
    return literal_strings(construct->getArg(0), out);
  }
  return false;
}

// The member of a fastcpp middleware class that `expr` names (`cors.allow_origins`).
const clang::FieldDecl* middleware_member(const clang::Expr* expr) {
  const auto* member = llvm::dyn_cast<clang::MemberExpr>(expr->IgnoreParenImpCasts());
  const auto* field =
      member != nullptr ? llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl()) : nullptr;
  if (field == nullptr) return nullptr;
  for (const char* kind : {"CORSMiddleware", "GZipMiddleware", "TrustedHostMiddleware"}) {
    if (is_fastcpp_class(*field->getParent(), kind)) return field;
  }
  return nullptr;
}

// The options a middleware's function sets to constants, in the statements of its body itself
// (not in a branch, which may not run): `x.member = <integer>`, `x.member = "text"` or
// `x.member = {"a", "b"}`. The last assignment of a member counts.
std::vector<MiddlewareDef::Option> read_middleware_options(const clang::FunctionDecl& function,
                                                           const clang::ASTContext& context,
                                                           const Reporter& reporter) {
  std::vector<MiddlewareDef::Option> options;
  const auto* body = llvm::dyn_cast_or_null<clang::CompoundStmt>(function.getBody());
  if (body == nullptr) return options;
  for (const auto* statement : body->body()) {
    const auto* expr = llvm::dyn_cast<clang::Expr>(statement);
    if (expr == nullptr) continue;
    expr = expr->IgnoreImplicit();
    MiddlewareDef::Option option;
    const clang::FieldDecl* field = nullptr;
    if (const auto* assign = llvm::dyn_cast<clang::BinaryOperator>(expr)) {
      clang::Expr::EvalResult value;
      if (assign->getOpcode() != clang::BO_Assign) continue;
      field = middleware_member(assign->getLHS());
      if (field == nullptr || assign->getRHS()->isValueDependent() ||
          !assign->getRHS()->EvaluateAsInt(value, context)) {
        continue;
      }
      option.integer = value.Val.getInt().getExtValue();
    } else if (const auto* call = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr)) {
      if (call->getOperator() != clang::OO_Equal || call->getNumArgs() != 2) continue;
      field = middleware_member(call->getArg(0));
      if (field == nullptr || !literal_strings(call->getArg(1), option.strings)) continue;
    } else {
      continue;
    }
    option.name = field->getName().str();
    option.location = reporter.model_location(expr->getBeginLoc());
    auto same = [&option](const auto& earlier) { return earlier.name == option.name; };
    options.erase(std::remove_if(options.begin(), options.end(), same), options.end());
    options.push_back(std::move(option));
  }
  return options;
}

class ModelReader : public clang::RecursiveASTVisitor<ModelReader> {
 public:
  ModelReader(clang::ASTContext& context, Model& model, bool read_bodies)
      : context_(context),
        sources_(context.getSourceManager()),
        model_(model),
        reporter_(context),
        types_(context, reporter_, model) {
    if (read_bodies) raises_.emplace(context, reporter_);
  }

  bool TraverseDecl(clang::Decl* decl) {
    // System headers (the standard library, nlohmann/json) hold no handlers; not walking
    // them keeps the walk cheap.
    if (decl != nullptr && !llvm::isa<clang::TranslationUnitDecl>(decl) &&
        sources_.isInSystemHeader(decl->getLocation())) {
      return true;
    }
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitDecl(clang::Decl* decl) {
    if (raises_) record_raises(*raises_, *decl);
    if (!decl->hasAttrs()) return true;
    const auto* function = llvm::dyn_cast<clang::FunctionDecl>(decl);
    if (function != nullptr && !llvm::isa<clang::CXXMethodDecl>(function) &&
        function->getTemplatedKind() == clang::FunctionDecl::TK_NonTemplate) {
      read_function(*function);
      return true;
    }
    auto annotations = own_annotations(*decl);
    const auto* variable = llvm::dyn_cast<clang::VarDecl>(decl);
    auto app = std::find_if(annotations.begin(), annotations.end(), [](const auto* attr) {
      return attr->getAnnotation() == "fastcpp.app";
    });
    if (variable != nullptr && app != annotations.end()) {
      read_app(*variable, **app, annotations);
      return true;
    }
    // A parameter's or a member's constraints and metadata are read with its function or
    // struct (read_params, TypeMapper).
    bool field = llvm::isa<clang::ParmVarDecl>(decl) || llvm::isa<clang::FieldDecl>(decl);
    for (const auto* attr : annotations) {
      if (field && is_field_info_annotation(*attr)) continue;
      // The type annotations, read where the type is used (TypeMapper).
      if (type_annotation_fits(*attr, *decl)) continue;
      const auto* named = llvm::dyn_cast<clang::NamedDecl>(decl);
      std::string name = named != nullptr ? named->getQualifiedNameAsString() : "";
      if (auto what = type_annotation_target(*attr)) {
        reporter_.error(attr->getLocation(), "%0 can only annotate %1; '%2' is %3")
            << display_name(*attr) << *what << name << describe(*decl);
        continue;
      }
      reporter_.error(attr->getLocation(), "%0 can only annotate a free function; '%1' is %2")
          << display_name(*attr) << name << describe(*decl);
    }
    return true;
  }

 private:
  // What FASTCPP_LITERAL and FASTCPP_FORBID_EXTRA may annotate; none for the others.
  static std::optional<std::string> type_annotation_target(const clang::AnnotateAttr& attr) {
    if (attr.getAnnotation() == "fastcpp.literal") return "an enum";
    if (attr.getAnnotation() == "fastcpp.forbid_extra") return "a struct";
    if (attr.getAnnotation() == "fastcpp.validator") return "a struct, a member or a parameter";
    return std::nullopt;
  }

  static bool type_annotation_fits(const clang::AnnotateAttr& attr, const clang::Decl& decl) {
    if (attr.getAnnotation() == "fastcpp.literal") return llvm::isa<clang::EnumDecl>(decl);
    if (attr.getAnnotation() == "fastcpp.forbid_extra" ||
        attr.getAnnotation() == "fastcpp.validator") {
      const auto* record = llvm::dyn_cast<clang::CXXRecordDecl>(&decl);
      return record != nullptr && !record->isUnion();
    }
    return false;
  }

  // What a function of this source that other sources can call raises: their calls of it are
  // resolved against it once every source is read (resolve_calls).
  void record_raises(RaiseFinder& raises, const clang::Decl& decl) {
    const auto* function = llvm::dyn_cast<clang::FunctionDecl>(&decl);
    if (function == nullptr || !function->doesThisDeclarationHaveABody() ||
        !function->isExternallyVisible() || function->isDependentContext() ||
        !sources_.isInMainFile(sources_.getExpansionLoc(function->getLocation()))) {
      return;
    }
    auto raised = raises.raised_by(*function);
    if (raised.empty()) return;
    model_.raises_by_function.emplace(raises.linkage_name(*function), std::move(raised));
  }

  std::vector<const clang::AnnotateAttr*> own_annotations(const clang::Decl& decl) const {
    std::vector<const clang::AnnotateAttr*> annotations;
    for (const auto* attr : decl.specific_attrs<clang::AnnotateAttr>()) {
      // Inherited: the same annotation seen on an earlier declaration.
      if (!attr->isInherited() && attr->getAnnotation().startswith("fastcpp.")) {
        annotations.push_back(attr);
      }
    }
    return annotations;
  }

  // The macro the user wrote (`FASTCPP_GET`), for messages; the raw attribute otherwise.
  std::string display_name(const clang::AnnotateAttr& attr) const {
    if (attr.getLocation().isMacroID()) {
      auto macro =
          clang::CharSourceRange::getTokenRange(sources_.getExpansionLoc(attr.getLocation()));
      auto text = clang::Lexer::getSourceText(macro, sources_, context_.getLangOpts());
      if (!text.empty()) return text.str();
    }
    return ("clang::annotate(\"" + attr.getAnnotation() + "\")").str();
  }

  std::optional<Annotation> parse(const clang::AnnotateAttr& attr) {
    Annotation annotation;
    annotation.display = display_name(attr);
    annotation.location = sources_.getFileLoc(attr.getLocation());
    llvm::StringRef name = attr.getAnnotation();
    llvm::ArrayRef<clang::Expr*> args(attr.args_begin(), attr.args_size());

    auto expect_args = [&](unsigned min, unsigned max) {
      if (args.size() >= min && args.size() <= max) return true;
      reporter_.error(annotation.location, "wrong number of arguments to %0") << annotation.display;
      return false;
    };
    auto read_path = [&]() {
      auto path = string_value(*args[0]);
      if (!path) {
        reporter_.error(args[0]->getExprLoc(),
                        "the path of %0 must be a string literal, like \"/items/{item_id}\"")
            << annotation.display;
        return false;
      }
      if (!llvm::StringRef(*path).startswith("/")) {
        reporter_.error(args[0]->getExprLoc(), "path \"%0\" of %1 must start with '/'")
            << *path << annotation.display;
        return false;
      }
      annotation.path = *path;
      return true;
    };
    auto read_code = [&]() {
      auto code = int_value(*args[0], context_);
      if (!code) {
        reporter_.error(args[0]->getExprLoc(),
                        "the status code of %0 must be an integer constant, like 404")
            << annotation.display;
        return false;
      }
      annotation.code = *code;
      return true;
    };

    if (name == "fastcpp.route") {
      annotation.kind = AnnotationKind::kRoute;
      if (!expect_args(1, ~0U) || !read_path()) return std::nullopt;
      if (args.size() == 1) {
        reporter_.error(annotation.location,
                        "%0 needs at least one HTTP method, like "
                        "FASTCPP_ROUTE(\"/things\", \"GET\", \"POST\")")
            << annotation.display;
        return std::nullopt;
      }
      bool ok = true;
      for (const auto* arg : args.drop_front()) {
        auto method = string_value(*arg);
        if (method && is_http_method(*method)) {
          annotation.methods.push_back(*method);
          continue;
        }
        reporter_.error(arg->getExprLoc(),
                        "HTTP method %0 of %1 must be one of \"GET\", \"POST\", \"PUT\", "
                        "\"PATCH\", \"DELETE\", \"HEAD\", \"OPTIONS\" or \"TRACE\"")
            << (method ? "\"" + *method + "\"" : std::string("argument")) << annotation.display;
        ok = false;
      }
      return ok ? std::optional(annotation) : std::nullopt;
    }
    if (name == "fastcpp.websocket") {
      annotation.kind = AnnotationKind::kWebSocket;
      if (!expect_args(1, 1) || !read_path()) return std::nullopt;
      return annotation;
    }
    if (name == "fastcpp.status_code") {
      annotation.kind = AnnotationKind::kStatusCode;
      if (!expect_args(1, 1) || !read_code()) return std::nullopt;
      return annotation;
    }
    if (name == "fastcpp.summary" || name == "fastcpp.tags") {
      bool summary = name == "fastcpp.summary";
      annotation.kind = summary ? AnnotationKind::kSummary : AnnotationKind::kTags;
      if (!expect_args(1, summary ? 1 : ~0U)) return std::nullopt;
      for (const auto* arg : args) {
        auto text = string_value(*arg);
        if (!text) {
          reporter_.error(arg->getExprLoc(), "the arguments of %0 must be string literals")
              << annotation.display;
          return std::nullopt;
        }
        annotation.texts.push_back(*text);
      }
      return annotation;
    }
    if (name == "fastcpp.dependencies") {
      annotation.kind = AnnotationKind::kDependencies;
      if (!expect_args(1, ~0U)) return std::nullopt;
      bool ok = true;
      for (const auto* arg : args) {
        const auto* object = llvm::dyn_cast_or_null<clang::VarDecl>(named_decl(*arg));
        if (object != nullptr && security_kind(*object)) {
          annotation.functions.emplace_back(object, arg->getExprLoc());
          continue;
        }
        const auto* function = named_function(*arg);
        if (function == nullptr) {
          reporter_.error(
              arg->getExprLoc(),
              "the arguments of %0 must be functions or fastcpp::security objects, "
              "like FASTCPP_DEPENDENCIES(verify_token) or FASTCPP_DEPENDENCIES(&api_key)")
              << annotation.display;
          ok = false;
          continue;
        }
        if (!check_dependable(*function, arg->getExprLoc())) {
          ok = false;
          continue;
        }
        annotation.functions.emplace_back(function, arg->getExprLoc());
      }
      return ok ? std::optional(annotation) : std::nullopt;
    }
    if (name == "fastcpp.deprecated") {
      annotation.kind = AnnotationKind::kDeprecated;
      if (!expect_args(0, 0)) return std::nullopt;
      return annotation;
    }
    if (name == "fastcpp.response_model_exclude_unset" ||
        name == "fastcpp.response_model_exclude_none") {
      annotation.kind = name == "fastcpp.response_model_exclude_unset"
                            ? AnnotationKind::kExcludeUnset
                            : AnnotationKind::kExcludeNone;
      if (!expect_args(0, 0)) return std::nullopt;
      return annotation;
    }
    if (name == "fastcpp.exception_handler") {
      annotation.kind = AnnotationKind::kExceptionHandler;
      if (!expect_args(0, 0)) return std::nullopt;
      return annotation;
    }
    if (name == "fastcpp.middleware") {
      annotation.kind = AnnotationKind::kMiddleware;
      if (!expect_args(0, 0)) return std::nullopt;
      return annotation;
    }
    if (name == "fastcpp.status_handler") {
      annotation.kind = AnnotationKind::kStatusHandler;
      if (!expect_args(1, 1) || !read_code()) return std::nullopt;
      return annotation;
    }
    if (is_field_info_annotation(attr)) {
      reporter_.error(annotation.location,
                      "%0 annotates a parameter of a route or a member of a struct, not a "
                      "function")
          << annotation.display;
      return std::nullopt;
    }
    if (auto what = type_annotation_target(attr)) {
      reporter_.error(annotation.location, "%0 can only annotate %1, not a function")
          << annotation.display << *what;
      return std::nullopt;
    }
    reporter_.error(annotation.location,
                    "unknown fastcpp annotation '%0'; use the FASTCPP_* macros of "
                    "<fastcpp/annotations.hpp>")
        << name;
    return std::nullopt;
  }

  // The annotations of every declaration of `function`, each once, in source order.
  std::optional<std::vector<Annotation>> read_annotations(const clang::FunctionDecl& function) {
    std::vector<Annotation> annotations;
    std::set<std::string> keys;
    bool ok = true;
    for (const auto* declaration : function.redecls()) {
      for (const auto* attr : own_annotations(*declaration)) {
        auto annotation = parse(*attr);
        if (!annotation) {
          ok = false;
        } else if (keys.insert(annotation->key()).second) {
          annotations.push_back(std::move(*annotation));
        }
      }
    }
    std::sort(annotations.begin(), annotations.end(), [&](const auto& a, const auto& b) {
      return sources_.isBeforeInTranslationUnit(a.location, b.location);
    });
    if (!ok) return std::nullopt;
    return annotations;
  }

  void read_function(const clang::FunctionDecl& function) {
    if (!functions_.insert(function.getCanonicalDecl()).second) return;
    auto annotations = read_annotations(function);
    if (!annotations || annotations->empty()) return;
    auto name = callable_name(function);

    const Annotation* role = nullptr;
    const Annotation* status_code = nullptr;
    const Annotation* qualifier = nullptr;  // the first of FASTCPP_SUMMARY, _TAGS, _DEPRECATED
    RouteDocs docs;
    for (const auto& annotation : *annotations) {
      if (annotation.kind == AnnotationKind::kDependencies) {
        docs.dependencies = &annotation;  // a route's or a WebSocket endpoint's
        continue;
      }
      if (is_route_qualifier(annotation.kind) && annotation.kind != AnnotationKind::kStatusCode) {
        if (qualifier == nullptr) qualifier = &annotation;
        if (annotation.kind == AnnotationKind::kSummary) docs.summary = annotation.texts.front();
        if (annotation.kind == AnnotationKind::kDeprecated) docs.deprecated = true;
        if (annotation.kind == AnnotationKind::kExcludeUnset ||
            annotation.kind == AnnotationKind::kExcludeNone) {
          if (docs.exclude_location.isInvalid()) {
            docs.exclude_location = annotation.location;
            docs.exclude_display = annotation.display;
          }
          (annotation.kind == AnnotationKind::kExcludeUnset ? docs.exclude_unset
                                                            : docs.exclude_none) = true;
        }
        if (annotation.kind == AnnotationKind::kTags) {
          docs.tags.insert(docs.tags.end(), annotation.texts.begin(), annotation.texts.end());
        }
        continue;
      }
      if (annotation.kind == AnnotationKind::kStatusCode) {
        if (status_code != nullptr && status_code->code != annotation.code) {
          reporter_.error(annotation.location, "conflicting status codes for '%0': %1 and %2")
              << name << status_code->code << annotation.code;
          reporter_.note(status_code->location, "the first status code is here");
          return;
        }
        status_code = &annotation;
        continue;
      }
      if (role != nullptr && role->kind != annotation.kind) {
        reporter_.error(annotation.location, "'%0' cannot be both %1 and %2; use two functions")
            << name << role_of(role->kind) << role_of(annotation.kind);
        reporter_.note(role->location, "'%0' is declared %1 here") << name << role_of(role->kind);
        return;
      }
      if (role == nullptr) role = &annotation;
    }
    if (role == nullptr && docs.dependencies != nullptr) {
      reporter_.error(docs.dependencies->location,
                      "%0 needs a route: annotate '%1' with FASTCPP_GET, FASTCPP_POST...")
          << docs.dependencies->display << name;
      return;
    }
    if (docs.dependencies != nullptr && role->kind != AnnotationKind::kRoute &&
        role->kind != AnnotationKind::kWebSocket) {
      reporter_.error(docs.dependencies->location, "%0 does not apply to '%1', which is %2")
          << docs.dependencies->display << name << role_of(role->kind);
      return;
    }
    for (const auto* qualifying : {status_code, qualifier}) {
      if (qualifying == nullptr || (role != nullptr && role->kind == AnnotationKind::kRoute)) {
        continue;
      }
      if (role == nullptr) {
        reporter_.error(qualifying->location,
                        "%0 needs a route: annotate '%1' with FASTCPP_GET, FASTCPP_POST...")
            << qualifying->display << name;
      } else {
        reporter_.error(qualifying->location, "%0 does not apply to '%1', which is %2")
            << qualifying->display << name << role_of(role->kind);
      }
      return;
    }

    switch (role->kind) {
      case AnnotationKind::kRoute:
      case AnnotationKind::kWebSocket:
        docs.description = doc_comment(function, annotations->front().location);
        read_routes(function, *annotations, status_code != nullptr ? status_code->code : 0, docs);
        break;
      case AnnotationKind::kExceptionHandler:
      case AnnotationKind::kStatusHandler:
        read_handlers(function, *annotations);
        break;
      case AnnotationKind::kMiddleware:
        read_middleware(function, annotations->front());
        break;
      case AnnotationKind::kStatusCode:
      case AnnotationKind::kSummary:
      case AnnotationKind::kTags:
      case AnnotationKind::kDeprecated:
      case AnnotationKind::kExcludeUnset:
      case AnnotationKind::kExcludeNone:
      case AnnotationKind::kDependencies:
        break;
    }
  }

  // The doc comment (`///`, `/** */`) right above the function's first annotation or its
  // declaration, as its text without the comment markers: FastAPI's docstring.
  std::string doc_comment(const clang::FunctionDecl& function, clang::SourceLocation annotation) {
    for (const auto* declaration : function.redecls()) {
      if (const auto* comment = context_.getRawCommentForDeclNoCache(declaration)) {
        return comment->getFormattedText(sources_, context_.getDiagnostics());
      }
    }
    // A comment above the annotation, which clang does not attach to the declaration.
    auto location = sources_.getExpansionLoc(annotation);
    auto [file, offset] = sources_.getDecomposedLoc(location);
    const auto* comments = context_.Comments.getCommentsInFile(file);
    if (comments == nullptr) return {};
    const clang::RawComment* above = nullptr;
    for (const auto& [comment_offset, comment] : *comments) {
      if (comment_offset < offset) above = comment;
    }
    if (above == nullptr || !above->isDocumentation()) return {};
    auto [end_file, end_offset] = sources_.getDecomposedLoc(above->getEndLoc());
    llvm::StringRef between = sources_.getBufferData(file).slice(end_offset, offset);
    if (!between.trim().empty()) return {};
    return above->getFormattedText(sources_, context_.getDiagnostics());
  }

  void read_routes(const clang::FunctionDecl& function, const std::vector<Annotation>& annotations,
                   int status_code, const RouteDocs& docs) {
    auto params = read_params(function);
    auto result = types_.map_result(*function.getMostRecentDecl());
    std::vector<DependencyUse> dependencies;
    if (docs.dependencies != nullptr) {
      for (const auto& [dependency, location] : docs.dependencies->functions) {
        if (!read_listed_dependency(*dependency, location)) return;
        dependencies.push_back({callable_name(*dependency), reporter_.model_location(location)});
      }
    }
    if (!params || !result) return;
    if (docs.exclude_location.isValid() && result->kind != TypeRef::Kind::kResponseModel) {
      reporter_.error(docs.exclude_location,
                      "%0 needs a response model: '%1' must return "
                      "fastcpp::ResponseModel<T>")
          << docs.exclude_display << callable_name(function);
      return;
    }
    for (const auto& annotation : annotations) {
      if (is_route_qualifier(annotation.kind)) continue;
      Route route;
      route.summary = docs.summary;
      route.description = docs.description;
      route.tags = docs.tags;
      route.deprecated = docs.deprecated;
      route.response_model_exclude_unset = docs.exclude_unset;
      route.response_model_exclude_none = docs.exclude_none;
      route.function = callable_name(function);
      route.path = annotation.path;
      route.methods = annotation.methods;
      route.websocket = annotation.kind == AnnotationKind::kWebSocket;
      route.status_code = status_code;
      route.params = *params;
      route.result = *result;
      route.dependencies = dependencies;
      if (raises_) route.raised = raises_->raised_by(function);
      route.location = reporter_.model_location(annotation.location);
      model_.routes.push_back(std::move(route));
    }
  }

  std::optional<std::vector<Param>> read_params(const clang::FunctionDecl& function) {
    const auto& declaration = *function.getMostRecentDecl();
    std::vector<Param> params;
    bool ok = true;
    for (unsigned index = 0; index < declaration.getNumParams(); ++index) {
      const auto& param = *declaration.getParamDecl(index);
      auto name = param_name(declaration, index);
      auto display = name.empty() ? "parameter " + std::to_string(index + 1) : name;
      if (const auto* depends = depends_of(param)) {
        auto model_param = read_depends_param(param, *depends, name);
        if (!model_param) {
          ok = false;
          continue;
        }
        params.push_back(std::move(*model_param));
        continue;
      }
      auto mapped = types_.map_parameter(param, display);
      if (!mapped) {
        ok = false;
        continue;
      }
      // Not a structured binding: clang-tidy 16 crashes on one of an optional's value.
      auto wrapper = mapped->first;
      auto& type = mapped->second;
      bool injected = type.spelling == "fastcpp::Request" || type.spelling == "fastcpp::WebSocket";
      if (name.empty() && !injected) {
        reporter_.error(param.getBeginLoc(),
                        "parameter %0 of '%1' needs a name, which is its name in the request; "
                        "add [[maybe_unused]] if the function does not use it")
            << index + 1 << callable_name(function);
        ok = false;
        continue;
      }
      Param model_param;
      model_param.name = name;
      model_param.wrapper = wrapper;
      model_param.type = std::move(type);
      model_param.default_value = default_value(param);
      auto info =
          read_field_info(param, TypeMapper::parameter_value_type(param), context_, reporter_);
      if (!info) {
        ok = false;
        continue;
      }
      model_param.info = std::move(*info);
      model_param.location = reporter_.model_location(param.getIdentifier() ? param.getLocation()
                                                                            : param.getBeginLoc());
      params.push_back(std::move(model_param));
    }
    if (!ok) return std::nullopt;
    return params;
  }

  // `fastcpp::Depends<f>` (or `<f, false>`), as declared: its specialization; null for any other
  // type.
  static const clang::ClassTemplateSpecializationDecl* depends_of(const clang::ParmVarDecl& param) {
    clang::QualType type = param.getType().getNonReferenceType().getUnqualifiedType();
    const auto* record = type->getAsCXXRecordDecl();
    const auto* specialization =
        llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(record);
    if (specialization == nullptr ||
        !is_fastcpp_class(*specialization->getSpecializedTemplate(), "Depends")) {
      return nullptr;
    }
    return specialization;
  }

  // The function or variable an expression names: `f`, `&f`, `ns::f`, `&object`.
  static const clang::ValueDecl* named_decl(const clang::Expr& expr) {
    const clang::Expr* value = expr.IgnoreParenImpCasts();
    if (const auto* constant = llvm::dyn_cast<clang::ConstantExpr>(value)) {
      value = constant->getSubExpr()->IgnoreParenImpCasts();
    }
    if (const auto* address = llvm::dyn_cast<clang::UnaryOperator>(value);
        address != nullptr && address->getOpcode() == clang::UO_AddrOf) {
      value = address->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(value);
    return reference == nullptr ? nullptr : reference->getDecl();
  }

  static const clang::FunctionDecl* named_function(const clang::Expr& expr) {
    return llvm::dyn_cast_or_null<clang::FunctionDecl>(named_decl(expr));
  }

  // A FASTCPP_DEPENDENCIES entry: a function, or a fastcpp::security object (`&api_key`, as
  // FastAPI's `dependencies=[Depends(api_key)]`).
  bool read_listed_dependency(const clang::NamedDecl& listed, clang::SourceLocation use) {
    if (const auto* object = llvm::dyn_cast<clang::VarDecl>(&listed)) {
      return read_security_dependency(*object, use);
    }
    return read_dependency(*llvm::cast<clang::FunctionDecl>(&listed));
  }

  // A dependency is a free function the generated code can call by name: not a member function,
  // a template or a variadic function.
  bool check_dependable(const clang::FunctionDecl& function, clang::SourceLocation use) {
    const char* what = nullptr;
    if (llvm::isa<clang::CXXMethodDecl>(function)) {
      what = "a member function";
    } else if (function.getTemplatedKind() != clang::FunctionDecl::TK_NonTemplate) {
      what = "a function template";
    } else if (function.isVariadic()) {
      what = "a variadic function";
    }
    if (what == nullptr) return true;
    reporter_.error(use, "'%0' cannot be a dependency: it is %1")
        << callable_name(function) << what;
    reporter_.note(function.getLocation(), "'%0' is declared here") << callable_name(function);
    return false;
  }

  std::optional<Param> read_depends_param(const clang::ParmVarDecl& param,
                                          const clang::ClassTemplateSpecializationDecl& depends,
                                          const std::string& name) {
    const auto& args = depends.getTemplateArgs();
    const clang::FunctionDecl* function = nullptr;
    const clang::VarDecl* object = nullptr;
    if (args.size() > 0 && args[0].getKind() == clang::TemplateArgument::Declaration) {
      function = llvm::dyn_cast<clang::FunctionDecl>(args[0].getAsDecl());
      object = llvm::dyn_cast<clang::VarDecl>(args[0].getAsDecl());
    }
    if (object != nullptr && security_kind(*object)) {
      if (!read_security_dependency(*object, param.getLocation())) return std::nullopt;
      Param model_param;
      model_param.name = name;
      model_param.wrapper = ParamWrapper::kDepends;
      model_param.type.spelling = "fastcpp::Depends";
      model_param.dependency = callable_name(*object);
      model_param.use_cache =
          !(args.size() > 1 && args[1].getKind() == clang::TemplateArgument::Integral &&
            args[1].getAsIntegral() == 0);
      model_param.location = reporter_.model_location(param.getIdentifier() ? param.getLocation()
                                                                            : param.getBeginLoc());
      return model_param;
    }
    if (function == nullptr) {
      reporter_.error(param.getLocation(),
                      "the argument of fastcpp::Depends must be a function, like "
                      "fastcpp::Depends<get_current_user>");
      return std::nullopt;
    }
    if (!check_dependable(*function, param.getLocation())) return std::nullopt;
    if (!read_dependency(*function)) return std::nullopt;
    Param model_param;
    model_param.name = name;
    model_param.wrapper = ParamWrapper::kDepends;
    model_param.type.spelling = "fastcpp::Depends";
    model_param.dependency = callable_name(*function);
    model_param.use_cache =
        !(args.size() > 1 && args[1].getKind() == clang::TemplateArgument::Integral &&
          args[1].getAsIntegral() == 0);
    model_param.location =
        reporter_.model_location(param.getIdentifier() ? param.getLocation() : param.getBeginLoc());
    return model_param;
  }

  // Adds `function` to Model::dependencies (once), with its parameters, which may name other
  // dependencies: a cycle among them ends here and is the model's to report (check_model).
  bool read_dependency(const clang::FunctionDecl& function) {
    const auto* canonical = function.getCanonicalDecl();
    if (auto known = dependencies_.find(canonical); known != dependencies_.end()) {
      return known->second;
    }
    dependencies_[canonical] = true;
    const auto& declaration = *function.getMostRecentDecl();
    auto params = read_params(declaration);
    if (!params) {
      dependencies_[canonical] = false;
      return false;
    }
    Dependency dependency;
    dependency.function = callable_name(function);
    dependency.params = std::move(*params);
    clang::QualType result = declaration.getReturnType();
    dependency.returns_void = result->isVoidType();
    dependency.result = type_for_message(result, context_);
    dependency.location = reporter_.model_location(declaration.getLocation());
    if (raises_) dependency.raised = raises_->raised_by(function);
    model_.dependencies.push_back(std::move(dependency));
    return true;
  }

  // The fastcpp::security class of a variable's type (`OAuth2PasswordBearer`), if it is one.
  static std::optional<std::string> security_kind(const clang::VarDecl& object) {
    const auto* record = object.getType()->getAsCXXRecordDecl();
    if (record == nullptr || record->getIdentifier() == nullptr) return std::nullopt;
    for (const char* kind : {"OAuth2PasswordBearer", "HTTPBasic", "HTTPBearer", "APIKeyHeader",
                             "APIKeyQuery", "APIKeyCookie"}) {
      if (record->getName() == kind &&
          qualified_type_name(*record) == std::string("fastcpp::security::") + kind) {
        return kind;
      }
    }
    return std::nullopt;
  }

  // The string literal an argument of a constructor is made of (`"token"`, converted to a
  // std::string), if it is one.
  static std::optional<std::string> literal_argument(const clang::Expr* expr) {
    while (expr != nullptr) {
      expr = expr->IgnoreImplicit()->IgnoreParens();
      if (const auto* literal = llvm::dyn_cast<clang::StringLiteral>(expr)) {
        return literal->getString().str();
      }
      const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr);
      if (construct == nullptr || construct->getNumArgs() == 0) return std::nullopt;
      expr = construct->getArg(0);
    }
    return std::nullopt;
  }

  // What calling a security object raises, as FastAPI 0.115.11's classes do (docs/dependencies.md;
  // tests/conformance/security_utilities.json): "Not authenticated" when credentials are missing,
  // unless its auto_error is false; HTTPBasic's malformed credentials whatever auto_error says;
  // HTTPBearer's other scheme. An auto_error that is not a constant counts as true.
  std::vector<RaisedError> security_raises(const std::string& kind,
                                           const clang::CXXConstructExpr* construct,
                                           clang::SourceLocation at) const {
    unsigned auto_error_index = kind == "HTTPBearer" ? 0 : 1;
    bool auto_error = true;
    if (construct != nullptr && construct->getNumArgs() > auto_error_index) {
      bool value = true;
      if (construct->getArg(auto_error_index)->EvaluateAsBooleanCondition(value, context_)) {
        auto_error = value;
      }
    }
    auto location = reporter_.model_location(at);
    auto error = [&](int status, const char* detail, const std::string& authenticate) {
      RaisedError raised;
      raised.status_code = status;
      raised.detail = detail;
      if (!authenticate.empty()) raised.headers.emplace_back("WWW-Authenticate", authenticate);
      raised.location = location;
      return raised;
    };
    std::vector<RaisedError> raised;
    if (kind == "HTTPBasic") {
      auto realm = construct != nullptr && construct->getNumArgs() > 0
                       ? literal_argument(construct->getArg(0))
                       : std::nullopt;
      std::string authenticate =
          realm && !realm->empty() ? "Basic realm=\"" + *realm + "\"" : "Basic";
      if (auto_error) raised.push_back(error(401, "Not authenticated", authenticate));
      raised.push_back(error(401, "Invalid authentication credentials", authenticate));
    } else if (auto_error) {
      if (kind == "OAuth2PasswordBearer") {
        raised.push_back(error(401, "Not authenticated", "Bearer"));
      } else {
        raised.push_back(error(403, "Not authenticated", ""));
        if (kind == "HTTPBearer") {
          raised.push_back(error(403, "Invalid authentication credentials", ""));
        }
      }
    }
    return raised;
  }

  // A fastcpp::security object used as a dependency: a Dependency named after the object, called
  // with the request, with its scheme for the OpenAPI document, read from its initializer.
  bool read_security_dependency(const clang::VarDecl& object, clang::SourceLocation use) {
    auto name = callable_name(object);
    if (std::any_of(model_.dependencies.begin(), model_.dependencies.end(),
                    [&](const Dependency& known) { return known.function == name; })) {
      return true;
    }
    const auto* definition = object.getDefinition();
    const auto* construct =
        definition != nullptr && definition->getInit() != nullptr
            ? llvm::dyn_cast<clang::CXXConstructExpr>(definition->getInit()->IgnoreImplicit())
            : nullptr;
    SecurityScheme scheme;
    scheme.kind = *security_kind(object);
    bool named = scheme.kind == "OAuth2PasswordBearer" || scheme.kind.rfind("APIKey", 0) == 0;
    if (named) {
      auto argument = construct != nullptr && construct->getNumArgs() > 0
                          ? literal_argument(construct->getArg(0))
                          : std::nullopt;
      if (!argument) {
        reporter_.error(
            use,
            "'%0' cannot be a dependency: the OpenAPI document needs its %2 as a string "
            "literal in its definition, like %1(\"%3\")")
            << name << scheme.kind << (scheme.kind[0] == 'O' ? "token URL" : "name")
            << (scheme.kind[0] == 'O' ? "token" : "X-API-Key");
        reporter_.note(object.getLocation(), "'%0' is declared here") << name;
        return false;
      }
      scheme.argument = *argument;
    }
    Dependency dependency;
    dependency.function = name;
    if (raises_) {
      dependency.raised = security_raises(scheme.kind, construct, object.getLocation());
    }
    Param request;
    request.name = "request";
    request.type.kind = TypeRef::Kind::kVoid;
    request.type.spelling = "fastcpp::Request";
    request.location = reporter_.model_location(object.getLocation());
    dependency.params.push_back(std::move(request));
    dependency.result = type_for_message(object.getType(), context_);
    dependency.location = reporter_.model_location(object.getLocation());
    dependency.security = std::move(scheme);
    model_.dependencies.push_back(std::move(dependency));
    return true;
  }

  // A parameter's name on any declaration of the function, or from a `/*name*/` comment in
  // its place: the usual way to leave unnamed a parameter the function does not use.
  std::string param_name(const clang::FunctionDecl& function, unsigned index) const {
    for (const auto* declaration : function.redecls()) {
      const auto* param = declaration->getParamDecl(index);
      if (param->getIdentifier() != nullptr) return param->getName().str();
    }
    const auto* param = function.getParamDecl(index);
    if (param->getTypeSourceInfo() == nullptr) return {};
    clang::SourceLocation type_end = clang::Lexer::getLocForEndOfToken(
        sources_.getFileLoc(param->getTypeSourceInfo()->getTypeLoc().getEndLoc()), 0, sources_,
        context_.getLangOpts());
    if (type_end.isInvalid()) return {};
    auto [file, offset] = sources_.getDecomposedLoc(type_end);
    llvm::StringRef rest = sources_.getBufferData(file).substr(offset).ltrim(" \t");
    if (!rest.consume_front("/*")) return {};
    llvm::StringRef name = rest.substr(0, rest.find("*/")).trim();
    return clang::isValidAsciiIdentifier(name) ? name.str() : std::string();
  }

  // The default argument as the user wrote it (`10`, `"abc"`, `{}`, `std::nullopt`).
  std::optional<std::string> default_value(const clang::ParmVarDecl& param) const {
    if (!param.hasDefaultArg() || param.hasUnparsedDefaultArg() ||
        param.hasUninstantiatedDefaultArg()) {
      return std::nullopt;
    }
    auto range = clang::Lexer::makeFileCharRange(
        clang::CharSourceRange::getTokenRange(param.getDefaultArgRange()), sources_,
        context_.getLangOpts());
    if (range.isInvalid()) return std::nullopt;
    auto text = clang::Lexer::getSourceText(range, sources_, context_.getLangOpts());
    // A braced default of a class type (`Query<std::vector<int>> ids = {}`) is a constructor
    // call whose range starts at the `=`.
    if (text.consume_front("=")) text = text.ltrim();
    return text.str();
  }

  void read_handlers(const clang::FunctionDecl& function,
                     const std::vector<Annotation>& annotations) {
    const auto& declaration = *function.getMostRecentDecl();
    const Annotation& first = annotations.front();
    bool for_status = first.kind == AnnotationKind::kStatusHandler;
    auto name = callable_name(function);
    auto misuse = [&](clang::SourceLocation cause, llvm::StringRef note) {
      reporter_.error(first.location,
                      "%0 function '%1' must be declared as 'fastcpp::Response %1(const "
                      "fastcpp::Request&, %2)'%3")
          << first.display << name
          << (for_status ? "const fastcpp::starlette::HTTPException&" : "const E&")
          << (for_status ? "" : " for an exception class E");
      return reporter_.note(cause, note);
    };

    if (declaration.getNumParams() != 2) {
      misuse(declaration.getLocation(), "'%0' takes %1 %plural{1:parameter|:parameters}1")
          << name << declaration.getNumParams();
      return;
    }
    const auto& request = *declaration.getParamDecl(0);
    // FastAPI calls a handler with the WebSocket for what a WebSocket endpoint raises: in C++, a
    // handler of its own, `void f(fastcpp::WebSocket&, const E&)`.
    bool websocket = !for_status && is_websocket_reference(request.getType());
    const auto* request_class = const_reference_class(request.getType());
    if (!websocket && (request_class == nullptr || !is_fastcpp_class(*request_class, "Request"))) {
      misuse(request.getBeginLoc(), "the first parameter has type %0")
          << type_for_message(request.getType(), context_);
      return;
    }
    const auto& exception = *declaration.getParamDecl(1);
    const auto* exception_class = const_reference_class(exception.getType());
    if (exception_class == nullptr || exception_class->getDefinition() == nullptr ||
        (for_status &&
         qualified_type_name(*exception_class) != "fastcpp::starlette::HTTPException")) {
      // FastAPI's class is the one users throw, but the router's 404 and 405 are not of it.
      bool fastapi_class =
          exception_class != nullptr && is_fastcpp_class(*exception_class, "HTTPException");
      misuse(exception.getBeginLoc(), fastapi_class
                                          ? "the second parameter has type %0: the router's 404 "
                                            "and 405 are Starlette's HTTPException, FastAPI's "
                                            "derives from it"
                                          : "the second parameter has type %0")
          << type_for_message(exception.getType(), context_);
      return;
    }
    clang::QualType result = declaration.getReturnType();
    const auto* result_class = result->getAsCXXRecordDecl();
    if (websocket && !result->isVoidType()) {
      reporter_.error(first.location,
                      "%0 function '%1' takes a fastcpp::WebSocket, so it must be declared as "
                      "'void %1(fastcpp::WebSocket&, const E&)' for an exception class E")
          << first.display << name;
      auto location = declaration.getReturnTypeSourceRange().getBegin();
      reporter_.note(location.isValid() ? location : declaration.getLocation(), "'%0' returns %1")
          << name << type_for_message(result, context_);
      return;
    }
    if (!websocket && (result->isReferenceType() || result_class == nullptr ||
                       !is_or_derives_from_fastcpp(*result_class, "Response"))) {
      auto location = declaration.getReturnTypeSourceRange().getBegin();
      misuse(location.isValid() ? location : declaration.getLocation(), "'%0' returns %1")
          << name << type_for_message(result, context_);
      return;
    }

    for (const auto& annotation : annotations) {
      ExceptionHandler handler;
      handler.function = name;
      handler.exception = qualified_type_name(*exception_class);
      handler.status_code = for_status ? annotation.code : 0;
      handler.location = reporter_.model_location(annotation.location);
      handler.exception_location =
          reporter_.model_location(exception_class->getDefinition()->getLocation());
      handler.websocket = websocket;
      if (raises_ && !websocket) handler.response = raises_->handler_response(function);
      model_.handlers.push_back(std::move(handler));
    }
    add_exception_class(*exception_class->getDefinition());
  }

  // `Response f(Request&, const CallNext&)` is `@app.middleware("http")`; `M f()` returns the
  // middleware `app.add_middleware` adds (one of fastcpp's, or a fastcpp::Middleware).
  void read_middleware(const clang::FunctionDecl& function, const Annotation& annotation) {
    const auto& declaration = *function.getMostRecentDecl();
    auto name = callable_name(function);
    auto misuse = [&](clang::SourceLocation cause, llvm::StringRef note) {
      reporter_.error(
          annotation.location,
          "%0 function '%1' must be declared as 'fastcpp::Response %1(fastcpp::Request&, "
          "const fastcpp::CallNext&)', or as '%1()' returning a middleware "
          "(fastcpp::CORSMiddleware, GZipMiddleware, TrustedHostMiddleware, "
          "HTTPSRedirectMiddleware or Middleware)")
          << annotation.display << name;
      return reporter_.note(cause, note);
    };
    clang::QualType result = declaration.getReturnType();
    const auto* result_class = result->getAsCXXRecordDecl();
    auto result_location = declaration.getReturnTypeSourceRange().getBegin();
    if (result_location.isInvalid()) result_location = declaration.getLocation();
    MiddlewareDef middleware;
    middleware.function = name;
    middleware.location = reporter_.model_location(annotation.location);
    if (declaration.getNumParams() == 0) {
      static constexpr const char* kMiddleware[] = {"CORSMiddleware", "GZipMiddleware",
                                                    "TrustedHostMiddleware",
                                                    "HTTPSRedirectMiddleware", "Middleware"};
      bool known =
          !result->isReferenceType() && result_class != nullptr &&
          std::any_of(std::begin(kMiddleware), std::end(kMiddleware),
                      [&](const char* kind) { return is_fastcpp_class(*result_class, kind); });
      if (!known) {
        misuse(result_location, "'%0' returns %1") << name << type_for_message(result, context_);
        return;
      }
      middleware.kind = result_class->getName().str();
      middleware.options = read_middleware_options(function, context_, reporter_);
      model_.middleware.push_back(std::move(middleware));
      return;
    }
    if (declaration.getNumParams() != 2) {
      misuse(declaration.getLocation(), "'%0' takes %1 %plural{1:parameter|:parameters}1")
          << name << declaration.getNumParams();
      return;
    }
    const auto& request = *declaration.getParamDecl(0);
    const auto* reference = request.getType()->getAs<clang::LValueReferenceType>();
    const auto* request_class =
        reference != nullptr ? reference->getPointeeType()->getAsCXXRecordDecl() : nullptr;
    if (request_class == nullptr || !is_fastcpp_class(*request_class, "Request")) {
      misuse(request.getBeginLoc(), "the first parameter has type %0")
          << type_for_message(request.getType(), context_);
      return;
    }
    const auto& next = *declaration.getParamDecl(1);
    const auto* next_class = const_reference_class(next.getType());
    if (next_class == nullptr) next_class = next.getType()->getAsCXXRecordDecl();
    if (next_class == nullptr || !is_fastcpp_class(*next_class, "CallNext")) {
      misuse(next.getBeginLoc(), "the second parameter has type %0")
          << type_for_message(next.getType(), context_);
      return;
    }
    if (result->isReferenceType() || result_class == nullptr ||
        !is_or_derives_from_fastcpp(*result_class, "Response")) {
      misuse(result_location, "'%0' returns %1") << name << type_for_message(result, context_);
      return;
    }
    middleware.http = true;
    model_.middleware.push_back(std::move(middleware));
  }

  // FASTCPP_APP: the fastcpp::FastAPI value, evaluated as the compiler would, field by field.
  // `annotations`: the variable's, FASTCPP_APP's among them; FASTCPP_DEPENDENCIES may be another
  // (the service's dependencies), and nothing else.
  void read_app(const clang::VarDecl& variable, const clang::AnnotateAttr& attr,
                const std::vector<const clang::AnnotateAttr*>& annotations) {
    const auto* record = variable.getType()->getAsCXXRecordDecl();
    const clang::APValue* value = variable.isConstexpr() && variable.getInit() != nullptr &&
                                          !variable.getInit()->isValueDependent()
                                      ? variable.evaluateValue()
                                      : nullptr;
    if (record == nullptr || !is_fastcpp_class(*record, "FastAPI") || value == nullptr ||
        !value->isStruct()) {
      reporter_.error(attr.getLocation(),
                      "FASTCPP_APP takes a constant 'fastcpp::FastAPI' value, such as "
                      "'fastcpp::FastAPI().title(\"Items\")'");
      return;
    }
    AppDecl app;
    app.location = reporter_.model_location(attr.getLocation());
    for (const auto* other : annotations) {
      if (other == &attr) continue;
      auto annotation = parse(*other);
      if (!annotation) continue;
      if (annotation->kind != AnnotationKind::kDependencies) {
        reporter_.error(annotation->location,
                        "%0 does not apply to FASTCPP_APP; only FASTCPP_DEPENDENCIES does")
            << annotation->display;
        continue;
      }
      for (const auto& [dependency, location] : annotation->functions) {
        if (!read_listed_dependency(*dependency, location)) continue;
        app.dependencies.push_back(
            {callable_name(*dependency), reporter_.model_location(location)});
      }
    }
    const std::pair<llvm::StringRef, std::string*> texts[] = {
        {"title_", &app.openapi.title},
        {"version_", &app.openapi.version},
        {"description_", &app.openapi.description},
        {"openapi_url_", &app.openapi.openapi_url},
        {"docs_url_", &app.openapi.docs_url},
        {"redoc_url_", &app.openapi.redoc_url}};
    unsigned index = 0;
    for (const auto* field : record->fields()) {
      const auto& member = value->getStructField(index++);
      if (field->getName() == "redirect_slashes_" && member.isInt()) {
        app.redirect_slashes = member.getInt().getBoolValue();
      }
      for (const auto& [name, target] : texts) {
        if (field->getName() == name) *target = pointed_string(member);
      }
    }
    model_.apps.push_back(std::move(app));
  }

  // The text a `const char*` constant points to; empty for nullptr (FastAPI's None).
  static std::string pointed_string(const clang::APValue& value) {
    if (!value.isLValue() || value.isNullPointer()) return {};
    auto base = value.getLValueBase();
    std::optional<std::string> text;
    if (const auto* expr = base.dyn_cast<const clang::Expr*>()) {
      text = string_value(*expr);
    } else if (const auto* declared = base.dyn_cast<const clang::ValueDecl*>()) {
      const auto* array = llvm::dyn_cast<clang::VarDecl>(declared);
      if (array != nullptr && array->getAnyInitializer() != nullptr) {
        text = string_value(*array->getAnyInitializer());
      }
    }
    auto offset = static_cast<size_t>(value.getLValueOffset().getQuantity());
    return text && offset <= text->size() ? text->substr(offset) : std::string();
  }

  void add_exception_class(const clang::CXXRecordDecl& record) {
    auto name = qualified_type_name(record);
    if (!exception_classes_.insert(name).second) return;
    auto index = model_.classes.size();
    model_.classes.push_back({name, {}});
    for (const auto& base : record.bases()) {
      const auto* base_record = base.getType()->getAsCXXRecordDecl();
      if (base.getAccessSpecifier() != clang::AS_public || base_record == nullptr ||
          base_record->getDefinition() == nullptr) {
        continue;
      }
      model_.classes[index].bases.push_back(qualified_type_name(*base_record));
      add_exception_class(*base_record->getDefinition());
    }
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sources_;
  Model& model_;
  Reporter reporter_;
  TypeMapper types_;
  std::optional<RaiseFinder> raises_;
  std::set<const clang::FunctionDecl*> functions_;
  // Each dependency read, and whether it could be (its parameters' types are supported).
  std::map<const clang::FunctionDecl*, bool> dependencies_;
  std::set<std::string> exception_classes_;
};

}  // namespace

void read_model(clang::ASTContext& context, Model& model, bool read_bodies) {
  ModelReader reader(context, model, read_bodies);
  reader.TraverseDecl(context.getTranslationUnitDecl());
}

}  // namespace fastcpp::gen::detail
