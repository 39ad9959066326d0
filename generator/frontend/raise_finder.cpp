#include "frontend/raise_finder.hpp"

#include <clang/AST/ExprCXX.h>
#include <clang/AST/GlobalDecl.h>
#include <clang/AST/Mangle.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/StmtCXX.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/raised_errors.hpp"

namespace fastcpp::gen::detail {
namespace {

// The expression under the temporaries, casts and copies that wrap a value: `HTTPException(404)`
// under its MaterializeTemporaryExpr, `"x"` under json's converting constructor.
const clang::Expr* unwrapped(const clang::Expr* expr) {
  while (expr != nullptr) {
    expr = expr->IgnoreImplicit()->IgnoreParens();
    if (const auto* cast = llvm::dyn_cast<clang::CXXFunctionalCastExpr>(expr)) {
      expr = cast->getSubExpr();
      continue;
    }
    if (const auto* cast = llvm::dyn_cast<clang::CastExpr>(expr)) {
      expr = cast->getSubExpr();
      continue;
    }
    if (const auto* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expr)) {
      expr = bind->getSubExpr();
      continue;
    }
    if (const auto* temporary = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expr)) {
      expr = temporary->getSubExpr();
      continue;
    }
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
      // A copy, a move or a conversion: what it is made from.
      if (construct->getNumArgs() == 1 && !llvm::isa<clang::CXXTemporaryObjectExpr>(construct) &&
          (construct->getConstructor()->isCopyOrMoveConstructor() ||
           construct->getConstructor()->isConvertingConstructor(false))) {
        expr = construct->getArg(0);
        continue;
      }
    }
    break;
  }
  return expr;
}

std::optional<std::string> literal_string(const clang::Expr* expr) {
  expr = unwrapped(expr);
  if (const auto* literal = llvm::dyn_cast_or_null<clang::StringLiteral>(expr)) {
    if (literal->isOrdinary() || literal->isUTF8()) return literal->getString().str();
  }
  return std::nullopt;
}

std::optional<int> literal_int(const clang::Expr* expr, const clang::ASTContext& context) {
  if (expr == nullptr) return std::nullopt;
  if (const auto* fallback = llvm::dyn_cast<clang::CXXDefaultArgExpr>(expr)) {
    expr = fallback->getExpr();
  }
  if (expr->isValueDependent() || !expr->getType()->isIntegralOrEnumerationType()) {
    return std::nullopt;
  }
  auto value = expr->getIntegerConstantExpr(context);
  if (!value || !value->isSignedIntN(32)) return std::nullopt;
  return static_cast<int>(value->getExtValue());
}

// Every string literal under `expr`, in source order.
struct StringCollector : clang::RecursiveASTVisitor<StringCollector> {
  std::vector<std::string> strings;
  bool VisitStringLiteral(clang::StringLiteral* literal) {
    strings.push_back(literal->getString().str());
    return true;
  }
};

// The construct expression a throw or a return makes its value with.
const clang::CXXConstructExpr* constructed(const clang::Expr* expr) {
  return llvm::dyn_cast_or_null<clang::CXXConstructExpr>(unwrapped(expr));
}

// The argument passed for the constructor's parameter `name`, or null.
const clang::Expr* argument(const clang::CXXConstructExpr& construct, llvm::StringRef name) {
  const auto* constructor = construct.getConstructor();
  for (unsigned i = 0; i < construct.getNumArgs() && i < constructor->getNumParams(); ++i) {
    if (constructor->getParamDecl(i)->getName() == name) return construct.getArg(i);
  }
  return nullptr;
}

void add_bases(const clang::CXXRecordDecl& record, std::vector<std::string>& bases) {
  for (const auto& base : record.bases()) {
    const auto* base_record = base.getType()->getAsCXXRecordDecl();
    if (base.getAccessSpecifier() != clang::AS_public || base_record == nullptr ||
        base_record->getDefinition() == nullptr) {
      continue;
    }
    auto name = qualified_type_name(*base_record);
    if (std::find(bases.begin(), bases.end(), name) != bases.end()) continue;
    bases.push_back(name);
    add_bases(*base_record->getDefinition(), bases);
  }
}

// What the handlers of a try statement take: `catch (...)`, or these classes (and so what
// derives from them).
struct CatchScope {
  bool all = false;
  std::vector<std::string> classes;

  bool takes(const RaisedError& raised) const { return all || is_caught(raised, classes); }
};

std::string without_global_prefix(const std::string& name) {
  return name.rfind("::", 0) == 0 ? name.substr(2) : name;
}

class BodyVisitor : public clang::RecursiveASTVisitor<BodyVisitor> {
 public:
  using Callees = std::function<std::vector<RaisedError>(const clang::FunctionDecl&)>;

  BodyVisitor(clang::ASTContext& context, const Reporter& reporter, Callees callees)
      : context_(context), reporter_(reporter), callees_(std::move(callees)) {}

  std::vector<RaisedError> raised;

  bool TraverseCXXTryStmt(clang::CXXTryStmt* statement) {
    CatchScope scope;
    for (unsigned i = 0; i < statement->getNumHandlers(); ++i) {
      const auto* handler = statement->getHandler(i);
      if (handler->getExceptionDecl() == nullptr) {
        scope.all = true;
        continue;
      }
      auto type = handler->getCaughtType().getNonReferenceType();
      if (const auto* record = type->getAsCXXRecordDecl()) {
        scope.classes.push_back(without_global_prefix(qualified_type_name(*record)));
      }
    }
    scopes_.push_back(scope);
    TraverseStmt(statement->getTryBlock());
    scopes_.pop_back();
    // What the handlers throw goes on.
    for (unsigned i = 0; i < statement->getNumHandlers(); ++i) {
      TraverseStmt(statement->getHandler(i)->getHandlerBlock());
    }
    return true;
  }

  bool VisitCXXThrowExpr(clang::CXXThrowExpr* expr) {
    const auto* value = expr->getSubExpr();
    if (value == nullptr) return true;  // a rethrow: what the enclosing catch took
    const auto* record = value->getType()->getAsCXXRecordDecl();
    if (record == nullptr) return true;  // `throw 42`: the plain 500
    RaisedError error;
    error.location = reporter_.model_location(expr->getThrowLoc());
    if (is_fastcpp_class(*record, "HTTPException")) {
      error.kind = RaisedError::Kind::kHttpException;
      if (const auto* construct = constructed(value)) {
        error.status_code = literal_int(argument(*construct, "status_code"), context_).value_or(0);
        const auto* detail = argument(*construct, "detail");
        if (detail != nullptr && !llvm::isa<clang::CXXDefaultArgExpr>(detail)) {
          error.detail = literal_string(detail);
          error.detail_unknown = !error.detail.has_value();
        }
        const auto* headers = argument(*construct, "headers");
        if (headers != nullptr && !llvm::isa<clang::CXXDefaultArgExpr>(headers)) {
          StringCollector strings;
          strings.TraverseStmt(const_cast<clang::Expr*>(headers));
          for (size_t i = 0; i + 1 < strings.strings.size(); i += 2) {
            error.headers.emplace_back(strings.strings[i], strings.strings[i + 1]);
          }
        }
      }
    } else {
      error.kind = RaisedError::Kind::kClass;
      error.exception = qualified_type_name(*record);
      if (const auto* definition = record->getDefinition()) add_bases(*definition, error.bases);
    }
    add(std::move(error));
    return true;
  }

  bool VisitCallExpr(clang::CallExpr* call) {
    if (const auto* callee = call->getDirectCallee()) add_all(callees_(*callee));
    return true;
  }

  bool VisitCXXConstructExpr(clang::CXXConstructExpr* construct) {
    add_all(callees_(*construct->getConstructor()));
    return true;
  }

 private:
  void add(RaisedError error) {
    for (const auto& scope : scopes_) {
      if (error.kind == RaisedError::Kind::kCall) {
        // What the callee raises is known later: the catches go with the call.
        if (scope.all) return;
        error.caught.insert(error.caught.end(), scope.classes.begin(), scope.classes.end());
      } else if (scope.takes(error)) {
        return;
      }
    }
    raised.push_back(std::move(error));
  }
  void add_all(std::vector<RaisedError> errors) {
    for (auto& error : errors) add(std::move(error));
  }

  clang::ASTContext& context_;
  const Reporter& reporter_;
  Callees callees_;
  std::vector<CatchScope> scopes_;
};

// A literal scalar (string, number, bool, nullptr), as JSON.
std::optional<nlohmann::ordered_json> literal_scalar(const clang::Expr* expr,
                                                     const clang::ASTContext& context) {
  expr = unwrapped(expr);
  if (expr == nullptr) return std::nullopt;
  if (auto text = literal_string(expr)) return nlohmann::ordered_json(*text);
  if (const auto* boolean = llvm::dyn_cast<clang::CXXBoolLiteralExpr>(expr)) {
    return nlohmann::ordered_json(boolean->getValue());
  }
  if (llvm::isa<clang::CXXNullPtrLiteralExpr>(expr)) return nlohmann::ordered_json(nullptr);
  if (const auto* floating = llvm::dyn_cast<clang::FloatingLiteral>(expr)) {
    return nlohmann::ordered_json(floating->getValueAsApproximateDouble());
  }
  if (auto number = literal_int(expr, context)) return nlohmann::ordered_json(*number);
  return std::nullopt;
}

// `{{"key", literal}, ...}` as JSONResponse's braced fields (fastcpp::JSONField) take it: the
// object, or nothing when any key or value is not a literal.
std::optional<nlohmann::ordered_json> literal_fields(const clang::Expr* content,
                                                     const clang::ASTContext& context) {
  const auto* list = llvm::dyn_cast_or_null<clang::CXXStdInitializerListExpr>(
      content == nullptr ? nullptr : content->IgnoreImplicit());
  if (list == nullptr) return std::nullopt;
  const auto* fields = llvm::dyn_cast<clang::InitListExpr>(unwrapped(list->getSubExpr()));
  if (fields == nullptr) return std::nullopt;
  auto object = nlohmann::ordered_json::object();
  for (const auto* field : fields->inits()) {
    const auto* pair = llvm::dyn_cast<clang::InitListExpr>(unwrapped(field));
    if (pair == nullptr || pair->getNumInits() != 2) return std::nullopt;
    auto key = literal_string(pair->getInit(0));
    auto value = literal_scalar(pair->getInit(1), context);
    if (!key || !value) return std::nullopt;
    if (!object.contains(*key)) object[*key] = *value;  // the first of a repeated key
  }
  return object;
}

struct Returned {
  std::optional<int> status;
  std::string media_type;
  std::optional<nlohmann::ordered_json> content;
};

// The status, media type and literal content of one `return`: `JSONResponse(418, {{"a", 1}})`
// → 418, application/json, {"a": 1}.
Returned returned_response(const clang::Expr* value, const clang::ASTContext& context) {
  const auto* construct = constructed(value);
  if (construct == nullptr) return {};
  const auto* record = construct->getConstructor()->getParent();
  Returned returned;
  if (is_fastcpp_class(*record, "JSONResponse")) {
    returned.media_type = "application/json";
    returned.content = literal_fields(argument(*construct, "content"), context);
  }
  if (is_fastcpp_class(*record, "PlainTextResponse")) returned.media_type = "text/plain";
  if (is_fastcpp_class(*record, "HTMLResponse")) returned.media_type = "text/html";
  returned.status = literal_int(argument(*construct, "status_code"), context);
  return returned;
}

struct ReturnCollector : clang::RecursiveASTVisitor<ReturnCollector> {
  std::vector<const clang::Expr*> values;
  bool VisitReturnStmt(clang::ReturnStmt* statement) {
    values.push_back(statement->getRetValue());
    return true;
  }
  bool TraverseLambdaExpr(clang::LambdaExpr*) { return true; }  // its returns are its own
};

}  // namespace

RaiseFinder::RaiseFinder(clang::ASTContext& context, const Reporter& reporter)
    : context_(context), reporter_(reporter), mangler_(context.createMangleContext()) {}

RaiseFinder::~RaiseFinder() = default;

std::string RaiseFinder::linkage_name(const clang::FunctionDecl& function) const {
  if (!mangler_->shouldMangleDeclName(&function)) return function.getNameAsString();
  clang::GlobalDecl global(&function);
  if (const auto* constructor = llvm::dyn_cast<clang::CXXConstructorDecl>(&function)) {
    global = clang::GlobalDecl(constructor, clang::Ctor_Complete);
  } else if (const auto* destructor = llvm::dyn_cast<clang::CXXDestructorDecl>(&function)) {
    global = clang::GlobalDecl(destructor, clang::Dtor_Complete);
  }
  std::string name;
  llvm::raw_string_ostream out(name);
  mangler_->mangleName(global, out);
  return out.str();
}

bool RaiseFinder::defined_elsewhere(const clang::FunctionDecl& function) const {
  if (!function.isExternallyVisible() || function.isDependentContext()) return false;
  if (context_.getSourceManager().isInSystemHeader(function.getLocation())) return false;
  // The runtime's own functions raise what the document already says (422, 500...).
  return function.getQualifiedNameAsString().rfind("fastcpp::", 0) != 0;
}

std::vector<RaisedError> RaiseFinder::raised_by(const clang::FunctionDecl& function) {
  const clang::FunctionDecl* definition = nullptr;
  if (!function.hasBody(definition) || definition == nullptr || definition->getBody() == nullptr) {
    if (!defined_elsewhere(function)) return {};
    // Perhaps another source's: resolved once all are read (resolve_calls).
    RaisedError call;
    call.kind = RaisedError::Kind::kCall;
    call.callee = linkage_name(function);
    call.location = reporter_.model_location(function.getLocation());
    return {std::move(call)};
  }
  if (auto it = done_.find(definition); it != done_.end()) return it->second;
  // Recursion: what a function raises is found once, where the walk first meets it.
  if (std::find(in_progress_.begin(), in_progress_.end(), definition) != in_progress_.end()) {
    return {};
  }
  in_progress_.push_back(definition);
  BodyVisitor visitor(context_, reporter_,
                      [this](const clang::FunctionDecl& callee) { return raised_by(callee); });
  visitor.TraverseStmt(definition->getBody());
  in_progress_.pop_back();
  return done_[definition] = std::move(visitor.raised);
}

HandlerResponse RaiseFinder::handler_response(const clang::FunctionDecl& function) {
  HandlerResponse response;
  response.raised = raised_by(function);
  const clang::FunctionDecl* definition = nullptr;
  if (!function.hasBody(definition) || definition == nullptr || definition->getBody() == nullptr) {
    return response;
  }
  ReturnCollector returns;
  returns.TraverseStmt(definition->getBody());
  std::optional<int> status;
  std::optional<nlohmann::ordered_json> content;
  bool one_status = !returns.values.empty();
  bool one_content = one_status;
  for (const auto* value : returns.values) {
    auto returned = returned_response(value, context_);
    if (!returned.status || (status && *status != *returned.status)) one_status = false;
    if (!returned.content || (content && *content != *returned.content)) one_content = false;
    if (returned.status) status = returned.status;
    if (returned.content) content = returned.content;
    if (response.media_type.empty()) response.media_type = returned.media_type;
  }
  if (one_status && status) response.status_code = *status;
  if (one_status && one_content && content) response.example = content->dump();
  return response;
}

}  // namespace fastcpp::gen::detail
