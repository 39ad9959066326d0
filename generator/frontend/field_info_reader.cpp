#include "frontend/field_info_reader.hpp"

#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/StringMap.h>

#include <set>
#include <string>

namespace fastcpp::gen::detail {
namespace {

using ConstraintKind = Constraint::Kind;

enum class Keyword {
  kConstraint,  // a number or a pattern: see kConstraints
  kAlias,
  kTitle,
  kDescription,
  kExamples,
  kDeprecated,
  kExcludeFromSchema,
  kEmbed,
  kKeepUnderscores,
  kValidator,
};

const llvm::StringMap<ConstraintKind>& constraint_kinds() {
  static const llvm::StringMap<ConstraintKind> kKinds = {
      {"fastcpp.gt", ConstraintKind::kGt},
      {"fastcpp.ge", ConstraintKind::kGe},
      {"fastcpp.lt", ConstraintKind::kLt},
      {"fastcpp.le", ConstraintKind::kLe},
      {"fastcpp.multiple_of", ConstraintKind::kMultipleOf},
      {"fastcpp.min_length", ConstraintKind::kMinLength},
      {"fastcpp.max_length", ConstraintKind::kMaxLength},
      {"fastcpp.pattern", ConstraintKind::kPattern},
      {"fastcpp.max_digits", ConstraintKind::kMaxDigits},
      {"fastcpp.decimal_places", ConstraintKind::kDecimalPlaces},
  };
  return kKinds;
}

const llvm::StringMap<Keyword>& keywords() {
  static const llvm::StringMap<Keyword> kKeywords = {
      {"fastcpp.alias", Keyword::kAlias},
      {"fastcpp.title", Keyword::kTitle},
      {"fastcpp.description", Keyword::kDescription},
      {"fastcpp.examples", Keyword::kExamples},
      {"fastcpp.deprecated", Keyword::kDeprecated},
      {"fastcpp.exclude_from_schema", Keyword::kExcludeFromSchema},
      {"fastcpp.embed", Keyword::kEmbed},
      {"fastcpp.keep_underscores", Keyword::kKeepUnderscores},
      {"fastcpp.validator", Keyword::kValidator},
  };
  return kKeywords;
}

std::optional<std::string> string_argument(const clang::Expr& expr) {
  const clang::Expr* value = expr.IgnoreParenImpCasts();
  if (const auto* constant = llvm::dyn_cast<clang::ConstantExpr>(value)) {
    value = constant->getSubExpr()->IgnoreParenImpCasts();
  }
  if (const auto* literal = llvm::dyn_cast<clang::StringLiteral>(value)) {
    if (literal->isOrdinary() || literal->isUTF8()) return literal->getString().str();
    return std::nullopt;
  }
  // `constexpr char kDescription[] = "...";`, as the route annotations take it.
  if (const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(value)) {
    const auto* variable = llvm::dyn_cast<clang::VarDecl>(reference->getDecl());
    if (variable != nullptr && variable->getAnyInitializer() != nullptr) {
      return string_argument(*variable->getAnyInitializer());
    }
  }
  return std::nullopt;
}

// An integer or floating constant, as its type says it was written (`1` or `1.0`).
std::optional<Number> number_argument(const clang::Expr& expr, const clang::ASTContext& context) {
  clang::QualType type = expr.getType();
  if (type->isBooleanType()) return std::nullopt;
  clang::Expr::EvalResult result;
  if (!expr.EvaluateAsRValue(result, context)) return std::nullopt;
  Number number;
  if (type->isIntegerType() && result.Val.isInt()) {
    const llvm::APSInt& value = result.Val.getInt();
    if (value.getBitWidth() > 64) return std::nullopt;
    number.integral = true;
    number.negative = value.isSigned() && value.isNegative();
    llvm::APSInt magnitude = number.negative ? -value.extend(65) : value.extend(65);
    number.magnitude = magnitude.getZExtValue();
    number.value = number.negative ? -static_cast<double>(number.magnitude)
                                   : static_cast<double>(number.magnitude);
    return number;
  }
  if (type->isRealFloatingType() && result.Val.isFloat()) {
    number.integral = false;
    llvm::APFloat value = result.Val.getFloat();
    bool loses_info = false;
    value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven, &loses_info);
    number.value = value.convertToDouble();
    return number;
  }
  return std::nullopt;
}

bool is_bound(ConstraintKind kind) {
  return kind == ConstraintKind::kGt || kind == ConstraintKind::kGe ||
         kind == ConstraintKind::kLt || kind == ConstraintKind::kLe ||
         kind == ConstraintKind::kMultipleOf;
}

// The function an expression names: `f`, `&f`, `ns::f`; null for anything else.
const clang::FunctionDecl* named_function(const clang::Expr& expr) {
  const clang::Expr* value = expr.IgnoreParenImpCasts();
  if (const auto* constant = llvm::dyn_cast<clang::ConstantExpr>(value)) {
    value = constant->getSubExpr()->IgnoreParenImpCasts();
  }
  if (const auto* address = llvm::dyn_cast<clang::UnaryOperator>(value);
      address != nullptr && address->getOpcode() == clang::UO_AddrOf) {
    value = address->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto* reference = llvm::dyn_cast<clang::DeclRefExpr>(value);
  if (reference == nullptr) return nullptr;
  return llvm::dyn_cast<clang::FunctionDecl>(reference->getDecl());
}

class FieldInfoReader {
 public:
  FieldInfoReader(clang::ASTContext& context, Reporter& reporter, clang::QualType value_type)
      : context_(context),
        sources_(context.getSourceManager()),
        reporter_(reporter),
        value_type_(value_type.getNonReferenceType().getUnqualifiedType()) {}

  std::optional<FieldInfo> read(const clang::Decl& decl) {
    FieldInfo info;
    bool ok = true;
    for (const auto* attr : decl.specific_attrs<clang::AnnotateAttr>()) {
      if (!is_field_info_annotation(*attr)) continue;
      ok = read_one(*attr, info) && ok;
    }
    if (!ok) return std::nullopt;
    return info;
  }

 private:
  // The macro the user wrote (`FASTCPP_GE`), for messages.
  std::string display(const clang::AnnotateAttr& attr) const {
    if (attr.getLocation().isMacroID()) {
      auto token =
          clang::CharSourceRange::getTokenRange(sources_.getExpansionLoc(attr.getLocation()));
      auto text = clang::Lexer::getSourceText(token, sources_, context_.getLangOpts());
      if (!text.empty()) return text.str();
    }
    return ("clang::annotate(\"" + attr.getAnnotation() + "\")").str();
  }

  bool read_one(const clang::AnnotateAttr& attr, FieldInfo& info) {
    auto name = attr.getAnnotation();
    auto at = sources_.getFileLoc(attr.getLocation());
    auto location = reporter_.model_location(at);
    llvm::ArrayRef<clang::Expr*> args(attr.args_begin(), attr.args_size());
    auto macro = display(attr);
    if (!seen_.insert(name.str()).second) {
      reporter_.error(at, "%0 is given twice") << macro;
      return false;
    }

    auto constraint = constraint_kinds().find(name);
    if (constraint != constraint_kinds().end()) {
      Constraint out;
      out.kind = constraint->second;
      out.location = location;
      if (args.size() != 1) {
        reporter_.error(at, "%0 takes one argument") << macro;
        return false;
      }
      if (out.kind == ConstraintKind::kPattern) {
        auto text = string_argument(*args[0]);
        if (!text) {
          reporter_.error(args[0]->getExprLoc(), "the pattern of %0 must be a string literal")
              << macro;
          return false;
        }
        out.pattern = *text;
      } else if (auto text = string_argument(*args[0]); text && is_bound(out.kind)) {
        out.number.integral = false;
        out.number.text = *text;
      } else {
        auto number = number_argument(*args[0], context_);
        bool length =
            out.kind == ConstraintKind::kMinLength || out.kind == ConstraintKind::kMaxLength ||
            out.kind == ConstraintKind::kMaxDigits || out.kind == ConstraintKind::kDecimalPlaces;
        if (length && (!number || !number->integral || number->negative)) {
          reporter_.error(args[0]->getExprLoc(), "%0 takes a non-negative integer constant")
              << macro;
          return false;
        }
        if (!number) {
          reporter_.error(args[0]->getExprLoc(),
                          "%0 takes an integer or floating-point constant, like 1 or 0.5, or "
                          "a fastcpp::Decimal's as a string literal, like \"0.1\"")
              << macro;
          return false;
        }
        out.number = *number;
      }
      info.constraints.push_back(std::move(out));
      return true;
    }

    auto keyword = keywords().find(name);
    switch (keyword->second) {
      case Keyword::kDeprecated:
      case Keyword::kExcludeFromSchema:
      case Keyword::kEmbed:
      case Keyword::kKeepUnderscores:
        if (!args.empty()) {
          reporter_.error(at, "%0 takes no arguments") << macro;
          return false;
        }
        flag(keyword->second, info) = location;
        return true;
      case Keyword::kValidator:
        return read_validators(args, at, macro, info.validators);
      default:
        break;
    }
    std::optional<std::string> text;
    if (args.size() == 1) text = string_argument(*args[0]);
    if (!text) {
      reporter_.error(args.empty() ? at : args[0]->getExprLoc(), "%0 takes one string literal")
          << macro;
      return false;
    }
    DeclaredText declared{*text, location};
    switch (keyword->second) {
      case Keyword::kAlias:
        info.alias = declared;
        break;
      case Keyword::kTitle:
        info.title = declared;
        break;
      case Keyword::kDescription:
        info.description = declared;
        break;
      case Keyword::kExamples:
        declared.location = reporter_.model_location(sources_.getFileLoc(args[0]->getExprLoc()));
        info.examples = declared;
        break;
      default:
        break;
    }
    return true;
  }

  static std::optional<SourceLocation>& flag(Keyword keyword, FieldInfo& info) {
    switch (keyword) {
      case Keyword::kDeprecated:
        return info.deprecated;
      case Keyword::kExcludeFromSchema:
        return info.exclude_from_schema;
      case Keyword::kEmbed:
        return info.embed;
      default:
        return info.keep_underscores;
    }
  }

 public:
  // FASTCPP_VALIDATOR(f, g): functions the generated code calls as `value = f(std::move(value))`,
  // so each takes and returns the value's type (by value, const& or &&).
  bool read_validators(llvm::ArrayRef<clang::Expr*> args, clang::SourceLocation at,
                       const std::string& macro, std::vector<Validator>& out) {
    if (args.empty()) {
      reporter_.error(at, "%0 takes one or more functions, like FASTCPP_VALIDATOR(check_name)")
          << macro;
      return false;
    }
    bool ok = true;
    for (const auto* arg : args) {
      auto arg_at = sources_.getFileLoc(arg->getExprLoc());
      const auto* function = named_function(*arg);
      if (function == nullptr) {
        reporter_.error(arg_at, "the arguments of %0 must be functions") << macro;
        ok = false;
        continue;
      }
      if (!fits(*function)) {
        auto type = type_for_message(value_type_, context_);
        reporter_.error(arg_at,
                        "validator '%0' must take and return the value's type %1, like '%2 "
                        "%0(%2 value)'; it is %3")
            << callable_name(*function) << type << value_type_.getAsString(policy())
            << type_for_message(function->getType(), context_);
        reporter_.note(function->getLocation(), "'%0' is declared here")
            << callable_name(*function);
        ok = false;
        continue;
      }
      out.push_back({callable_name(*function), reporter_.model_location(arg_at)});
    }
    return ok;
  }

 private:
  clang::PrintingPolicy policy() const {
    clang::PrintingPolicy out(context_.getLangOpts());
    out.SuppressUnwrittenScope = true;
    return out;
  }

  bool fits(const clang::FunctionDecl& function) const {
    if (function.getNumParams() != 1 || function.isVariadic() ||
        function.getTemplatedKind() != clang::FunctionDecl::TK_NonTemplate) {
      return false;
    }
    if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
        method != nullptr && !method->isStatic()) {
      return false;
    }
    clang::QualType param = function.getParamDecl(0)->getType();
    if (param->isLValueReferenceType() && !param.getNonReferenceType().isConstQualified()) {
      return false;
    }
    return context_.hasSameType(param.getNonReferenceType().getUnqualifiedType(), value_type_) &&
           context_.hasSameType(function.getReturnType(), value_type_);
  }

  clang::ASTContext& context_;
  const clang::SourceManager& sources_;
  Reporter& reporter_;
  clang::QualType value_type_;
  std::set<std::string> seen_;
};

}  // namespace

bool is_field_info_annotation(const clang::AnnotateAttr& attr) {
  auto name = attr.getAnnotation();
  return constraint_kinds().count(name) != 0 || keywords().count(name) != 0;
}

std::optional<FieldInfo> read_field_info(const clang::Decl& decl, clang::QualType value_type,
                                         clang::ASTContext& context, Reporter& reporter) {
  return FieldInfoReader(context, reporter, value_type).read(decl);
}

std::optional<std::vector<Validator>> read_struct_validators(const clang::CXXRecordDecl& record,
                                                             clang::ASTContext& context,
                                                             Reporter& reporter) {
  std::vector<Validator> validators;
  FieldInfoReader reader(context, reporter, context.getRecordType(&record));
  bool ok = true;
  for (const auto* attr : record.specific_attrs<clang::AnnotateAttr>()) {
    if (attr->getAnnotation() != "fastcpp.validator") continue;
    llvm::ArrayRef<clang::Expr*> args(attr->args_begin(), attr->args_size());
    ok = reader.read_validators(args, context.getSourceManager().getFileLoc(attr->getLocation()),
                                "FASTCPP_VALIDATOR", validators) &&
         ok;
  }
  if (!ok) return std::nullopt;
  return validators;
}

}  // namespace fastcpp::gen::detail
