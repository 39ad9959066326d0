#include "frontend/type_mapper.hpp"

#include <clang/AST/Attr.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/QualTypeNames.h>
#include <clang/AST/Type.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/StringSet.h>

#include <string>

#include "frontend/field_info_reader.hpp"

namespace fastcpp::gen::detail {

using Kind = TypeRef::Kind;

struct TypeMapper::Rejection {
  clang::QualType type;
  std::string hint;
  // The list of every supported type is worded per use (parameters and results differ).
  bool generic = false;
};

struct TypeMapper::Mapping {
  std::optional<TypeRef> type;
  std::optional<Rejection> rejection;
};

namespace {

constexpr const char* kValueTypes =
    "bool, an integer type, double, std::string, fastcpp::UUID, fastcpp::Decimal, "
    "fastcpp::DateTime, Date, Time, TimeDelta, an enum, a struct, std::optional<T>, "
    "std::vector<T>, std::map<std::string, T> or fastcpp::json";
constexpr const char* kResultTypes =
    "void, fastcpp::Response (or a class derived from it), fastcpp::json, or a type a "
    "parameter may have";
constexpr const char* kUnionHint =
    "a std::variant of bool, integer types, double, std::string and fastcpp::UUID";
constexpr const char* kStructHint =
    "an aggregate struct (public data members, no user-declared constructors, no virtual "
    "functions)";

TypeRef make_type(Kind kind, std::string spelling, std::string name = {},
                  std::vector<TypeRef> args = {}) {
  TypeRef type;
  type.kind = kind;
  type.spelling = std::move(spelling);
  type.name = std::move(name);
  type.args = std::move(args);
  return type;
}

clang::QualType find_fastcpp_json(clang::ASTContext& context) {
  auto* unit = context.getTranslationUnitDecl();
  for (auto* decl : unit->lookup(&context.Idents.get("fastcpp"))) {
    const auto* ns = llvm::dyn_cast<clang::NamespaceDecl>(decl);
    if (ns == nullptr) continue;
    for (auto* member : ns->lookup(&context.Idents.get("json"))) {
      if (const auto* alias = llvm::dyn_cast<clang::TypedefNameDecl>(member)) {
        return context.getCanonicalType(alias->getUnderlyingType());
      }
    }
  }
  return {};
}

const clang::ClassTemplateSpecializationDecl* as_specialization(
    const clang::CXXRecordDecl& record) {
  return llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(&record);
}

// Template argument `index` as the user wrote it when the written type still says so
// (`std::vector<Ids>` keeps the alias `Ids`, so errors name what the user wrote), otherwise as
// the specialization records it.
clang::QualType template_arg(clang::QualType written,
                             const clang::ClassTemplateSpecializationDecl& specialization,
                             unsigned index) {
  const auto* written_specialization = written->getAs<clang::TemplateSpecializationType>();
  while (written_specialization != nullptr && written_specialization->isTypeAlias()) {
    written_specialization =
        written_specialization->getAliasedType()->getAs<clang::TemplateSpecializationType>();
  }
  if (written_specialization != nullptr) {
    const auto* written_template = written_specialization->getTemplateName().getAsTemplateDecl();
    auto args = written_specialization->template_arguments();
    if (written_template != nullptr &&
        written_template->getCanonicalDecl() ==
            specialization.getSpecializedTemplate()->getCanonicalDecl() &&
        index < args.size() && args[index].getKind() == clang::TemplateArgument::Type) {
      return args[index].getAsType();
    }
  }
  return specialization.getTemplateArgs()[index].getAsType();
}

// `std::vector<T, std::allocator<T>>`, not `std::pmr::vector<T>`: the generated code spells
// the type with its default allocator.
bool has_std_allocator(const clang::ClassTemplateSpecializationDecl& specialization) {
  const auto& args = specialization.getTemplateArgs();
  if (args.size() == 0 || args[args.size() - 1].getKind() != clang::TemplateArgument::Type) {
    return false;
  }
  const auto* allocator = args[args.size() - 1].getAsType()->getAsCXXRecordDecl();
  return allocator != nullptr && allocator->isInStdNamespace() &&
         allocator->getIdentifier() != nullptr && allocator->getName() == "allocator";
}

bool is_std_string(clang::QualType type) {
  const auto* record = type->getAsCXXRecordDecl();
  if (record == nullptr || !record->isInStdNamespace() || record->getIdentifier() == nullptr ||
      record->getName() != "basic_string") {
    return false;
  }
  const auto* specialization = as_specialization(*record);
  return specialization != nullptr && has_std_allocator(*specialization) &&
         specialization->getTemplateArgs()[0].getAsType()->isCharType();
}

std::optional<ParamWrapper> wrapper_of(const clang::CXXRecordDecl& record) {
  const auto* specialization = as_specialization(record);
  if (specialization == nullptr) return std::nullopt;
  const auto& wrapper = *specialization->getSpecializedTemplate();
  if (is_fastcpp_class(wrapper, "Query")) return ParamWrapper::kQuery;
  if (is_fastcpp_class(wrapper, "Path")) return ParamWrapper::kPath;
  if (is_fastcpp_class(wrapper, "Header")) return ParamWrapper::kHeader;
  if (is_fastcpp_class(wrapper, "Cookie")) return ParamWrapper::kCookie;
  if (is_fastcpp_class(wrapper, "Body")) return ParamWrapper::kBody;
  if (is_fastcpp_class(wrapper, "Form")) return ParamWrapper::kForm;
  return std::nullopt;
}

// FASTCPP_LITERAL on an enum, FASTCPP_FORBID_EXTRA on a struct: on any of its declarations.
bool has_annotation(const clang::TagDecl& decl, llvm::StringRef name) {
  for (const auto* redecl : decl.redecls()) {
    for (const auto* attr : redecl->specific_attrs<clang::AnnotateAttr>()) {
      if (attr->getAnnotation() == name) return true;
    }
  }
  return false;
}

}  // namespace

TypeMapper::TypeMapper(clang::ASTContext& context, Reporter& reporter, Model& model)
    : context_(context),
      reporter_(reporter),
      model_(model),
      fastcpp_json_(find_fastcpp_json(context)) {}

std::optional<std::pair<ParamWrapper, TypeRef>> TypeMapper::map_parameter(
    const clang::ParmVarDecl& param, llvm::StringRef display_name) {
  clang::QualType type = param.getType().getNonReferenceType().getUnqualifiedType();
  auto wrapper = ParamWrapper::kNone;
  if (const auto* record = type->getAsCXXRecordDecl()) {
    for (const char* injected : {"Request", "WebSocket"}) {
      if (is_fastcpp_class(*record, injected)) {
        return std::pair{wrapper, make_type(Kind::kVoid, std::string("fastcpp::") + injected)};
      }
    }
    if (auto explicit_wrapper = wrapper_of(*record)) {
      wrapper = *explicit_wrapper;
      type = template_arg(type, *as_specialization(*record), 0);
    }
  }
  Mapping mapping = map(type);
  if (mapping.type) return std::pair{wrapper, std::move(*mapping.type)};
  if (mapping.rejection) {
    const auto& rejection = *mapping.rejection;
    reporter_.error(param.getLocation(), "unsupported parameter type %0 for '%1'; use %2")
        << type_for_message(rejection.type, context_) << display_name
        << (rejection.generic ? kValueTypes : rejection.hint);
  }
  return std::nullopt;
}

clang::QualType TypeMapper::parameter_value_type(const clang::ParmVarDecl& param) {
  clang::QualType type = param.getType().getNonReferenceType().getUnqualifiedType();
  if (const auto* record = type->getAsCXXRecordDecl(); record != nullptr && wrapper_of(*record)) {
    type = template_arg(type, *as_specialization(*record), 0);
  }
  return type;
}

std::optional<TypeRef> TypeMapper::map_result(const clang::FunctionDecl& function) {
  clang::QualType type = function.getReturnType();
  if (type->isVoidType()) return make_type(Kind::kVoid, "void");
  clang::QualType value = type.getNonReferenceType().getUnqualifiedType();
  if (const auto* record = value->getAsCXXRecordDecl();
      record != nullptr && is_or_derives_from_fastcpp(*record, "Response")) {
    return make_type(Kind::kResponse, qualified_type_name(*record));
  }
  if (const auto* record = value->getAsCXXRecordDecl()) {
    const auto* specialization = as_specialization(*record);
    if (specialization != nullptr &&
        is_fastcpp_class(*specialization->getSpecializedTemplate(), "ResponseModel")) {
      return map_response_model(function, value, *specialization);
    }
  }
  Mapping mapping = map(value);
  if (mapping.type) return std::move(mapping.type);
  if (mapping.rejection) {
    const auto& rejection = *mapping.rejection;
    clang::SourceLocation location = function.getReturnTypeSourceRange().getBegin();
    if (location.isInvalid()) location = function.getLocation();
    reporter_.error(location, "unsupported result type %0 for '%1'; use %2")
        << type_for_message(rejection.type, context_) << function.getName()
        << (rejection.generic ? kResultTypes : rejection.hint);
  }
  return std::nullopt;
}

// ResponseModel<Model, Source>: both sides are types a parameter may have.
std::optional<TypeRef> TypeMapper::map_response_model(
    const clang::FunctionDecl& function, clang::QualType type,
    const clang::ClassTemplateSpecializationDecl& specialization) {
  std::vector<TypeRef> args;
  for (unsigned i = 0; i < 2; ++i) {
    Mapping mapping = map(template_arg(type, specialization, i));
    if (!mapping.type) {
      if (mapping.rejection) {
        clang::SourceLocation location = function.getReturnTypeSourceRange().getBegin();
        if (location.isInvalid()) location = function.getLocation();
        reporter_.error(location, "unsupported %0 type %1 in the result of '%2'; use %3")
            << (i == 0 ? "response model" : "answer")
            << type_for_message(mapping.rejection->type, context_) << function.getName()
            << (mapping.rejection->generic ? kValueTypes : mapping.rejection->hint);
      }
      return std::nullopt;
    }
    args.push_back(std::move(*mapping.type));
  }
  auto spelling = "fastcpp::ResponseModel<" + args[0].spelling + ", " + args[1].spelling + ">";
  return make_type(Kind::kResponseModel, spelling, {}, std::move(args));
}

TypeMapper::Mapping TypeMapper::map(clang::QualType type) {
  clang::QualType canonical = type.getCanonicalType().getUnqualifiedType();
  if (const auto* builtin = canonical->getAs<clang::BuiltinType>()) {
    return map_builtin(*builtin, type);
  }
  if (const auto* enum_type = canonical->getAs<clang::EnumType>()) {
    return map_enum(*enum_type->getDecl(), type);
  }
  if (const auto* record = canonical->getAsCXXRecordDecl()) return map_record(*record, type);
  if (canonical->isPointerType() && canonical->getPointeeType()->isAnyCharacterType()) {
    return {std::nullopt, Rejection{type, "std::string"}};
  }
  return {std::nullopt, Rejection{type, {}, /*generic=*/true}};
}

TypeMapper::Mapping TypeMapper::map_builtin(const clang::BuiltinType& builtin,
                                            clang::QualType type) {
  clang::PrintingPolicy policy(context_.getLangOpts());
  switch (builtin.getKind()) {
    case clang::BuiltinType::Bool:
      return {make_type(Kind::kBool, "bool"), std::nullopt};
    case clang::BuiltinType::Float:
    case clang::BuiltinType::Double:
      return {make_type(Kind::kFloat, builtin.getName(policy).str()), std::nullopt};
    case clang::BuiltinType::LongDouble:
      return {std::nullopt, Rejection{type, "double"}};
    case clang::BuiltinType::Char_S:
    case clang::BuiltinType::Char_U:
    case clang::BuiltinType::WChar_S:
    case clang::BuiltinType::WChar_U:
    case clang::BuiltinType::Char8:
    case clang::BuiltinType::Char16:
    case clang::BuiltinType::Char32:
      return {std::nullopt, Rejection{type, "std::string for text, or an integer type"}};
    case clang::BuiltinType::Int128:
    case clang::BuiltinType::UInt128:
      return {std::nullopt, Rejection{type, "a 64-bit integer type such as std::int64_t"}};
    default:
      if (builtin.isInteger()) {
        return {make_type(Kind::kInt, builtin.getName(policy).str()), std::nullopt};
      }
      return {std::nullopt, Rejection{type, {}, /*generic=*/true}};
  }
}

TypeMapper::Mapping TypeMapper::map_record(const clang::CXXRecordDecl& record,
                                           clang::QualType type) {
  if (record.isInStdNamespace()) return map_std_record(record, type);
  const auto* specialization = as_specialization(record);
  if (specialization != nullptr &&
      qualified_type_name(*specialization->getSpecializedTemplate()) == "nlohmann::basic_json") {
    clang::QualType json_type(record.getTypeForDecl(), 0);
    if (!fastcpp_json_.isNull() && context_.hasSameType(fastcpp_json_, json_type)) {
      return {make_type(Kind::kJson, "fastcpp::json"), std::nullopt};
    }
    clang::PrintingPolicy policy(context_.getLangOpts());
    policy.SuppressInlineNamespace = true;
    return {make_type(Kind::kJson, clang::TypeName::getFullyQualifiedName(type, context_, policy)),
            std::nullopt};
  }
  if (is_or_derives_from_fastcpp(record, "Response")) {
    return {std::nullopt, Rejection{type, {}, /*generic=*/true}};
  }
  // The value types of fastcpp/types.hpp, fastcpp/datetime.hpp and fastcpp/decimal.hpp.
  for (const char* name : {"UUID", "Date", "Time", "DateTime", "TimeDelta", "Decimal"}) {
    if (is_fastcpp_class(record, name)) {
      std::string spelling = std::string("fastcpp::") + name;
      return {make_type(Kind::kValue, spelling, spelling), std::nullopt};
    }
  }
  return map_struct(record, type);
}

TypeMapper::Mapping TypeMapper::map_std_record(const clang::CXXRecordDecl& record,
                                               clang::QualType type) {
  static const llvm::StringSet<> kSequences = {
      "array", "deque", "forward_list",       "list",          "multiset",
      "set",   "span",  "unordered_multiset", "unordered_set", "valarray"};
  static const llvm::StringSet<> kMaps = {"map", "multimap", "unordered_map", "unordered_multimap"};
  llvm::StringRef name = record.getIdentifier() != nullptr ? record.getName() : "";
  const auto* specialization = as_specialization(record);

  if (name == "basic_string" || name == "basic_string_view") {
    if (is_std_string(clang::QualType(record.getTypeForDecl(), 0))) {
      return {make_type(Kind::kString, "std::string"), std::nullopt};
    }
    return {std::nullopt, Rejection{type, "std::string"}};
  }
  if (specialization != nullptr && name == "optional") {
    Mapping value = map(template_arg(type, *specialization, 0));
    if (!value.type) return value;
    auto spelling = "std::optional<" + value.type->spelling + ">";
    return {make_type(Kind::kOptional, spelling, {}, {std::move(*value.type)}), std::nullopt};
  }
  if (specialization != nullptr && name == "vector" && has_std_allocator(*specialization)) {
    Mapping element = map(template_arg(type, *specialization, 0));
    if (!element.type) return element;
    auto spelling = "std::vector<" + element.type->spelling + ">";
    return {make_type(Kind::kVector, spelling, {}, {std::move(*element.type)}), std::nullopt};
  }
  if (specialization != nullptr && name == "map" && has_std_allocator(*specialization) &&
      is_std_string(specialization->getTemplateArgs()[0].getAsType())) {
    Mapping value = map(template_arg(type, *specialization, 1));
    if (!value.type) return value;
    auto spelling = "std::map<std::string, " + value.type->spelling + ">";
    return {make_type(Kind::kMap, spelling, {}, {std::move(*value.type)}), std::nullopt};
  }
  if (specialization != nullptr && name == "variant") {
    // Union[int, bool]: members read from a string or a JSON value in turn, as pydantic's
    // smart union does; a member's errors are tagged with its Python type's name.
    std::vector<TypeRef> members;
    std::string spelling = "std::variant<";
    for (const auto& arg : specialization->getTemplateArgs()[0].pack_elements()) {
      Mapping member = map(arg.getAsType());
      if (!member.type) return member;
      auto kind = member.type->kind;
      if (kind != Kind::kBool && kind != Kind::kInt && kind != Kind::kFloat &&
          kind != Kind::kString &&
          !(kind == Kind::kValue && member.type->name == "fastcpp::UUID")) {
        return {std::nullopt, Rejection{type, kUnionHint}};
      }
      spelling += (members.empty() ? "" : ", ") + member.type->spelling;
      members.push_back(std::move(*member.type));
    }
    if (members.empty()) return {std::nullopt, Rejection{type, kUnionHint}};
    return {make_type(Kind::kVariant, spelling + ">", {}, std::move(members)), std::nullopt};
  }
  if (name == "vector" || kSequences.contains(name)) {
    return {std::nullopt, Rejection{type, "std::vector<T>"}};
  }
  if (kMaps.contains(name)) return {std::nullopt, Rejection{type, "std::map<std::string, T>"}};
  return {std::nullopt, Rejection{type, {}, /*generic=*/true}};
}

TypeMapper::Mapping TypeMapper::map_struct(const clang::CXXRecordDecl& record,
                                           clang::QualType type) {
  const auto* definition = record.getDefinition();
  if (definition == nullptr || definition->isUnion() || definition->isLambda() ||
      !definition->isAggregate()) {
    return {std::nullopt, Rejection{type, kStructHint}};
  }
  auto name = qualified_type_name(*definition);
  auto struct_type = make_type(Kind::kStruct, name, name);
  auto [state, inserted] = structs_.try_emplace(definition, StructState::kInProgress);
  if (!inserted) {
    // In progress: a struct that contains itself through a vector, optional or map.
    if (state->second == StructState::kFailed) return {};
    return {std::move(struct_type), std::nullopt};
  }
  StructDef struct_def;
  struct_def.name = name;
  struct_def.forbid_extra = has_annotation(*definition, "fastcpp.forbid_extra");
  struct_def.location = reporter_.model_location(definition->getLocation());
  auto validators = read_struct_validators(*definition, context_, reporter_);
  if (validators) struct_def.validators = std::move(*validators);
  bool ok = add_fields(*definition, struct_def.fields) && validators.has_value();
  structs_[definition] = ok ? StructState::kDone : StructState::kFailed;
  if (!ok) return {};
  model_.structs.push_back(std::move(struct_def));
  return {std::move(struct_type), std::nullopt};
}

// Fields of public bases first, as aggregate initialization orders them.
bool TypeMapper::add_fields(const clang::CXXRecordDecl& record, std::vector<FieldDef>& fields) {
  bool ok = true;
  for (const auto& base : record.bases()) {
    const auto* base_record = base.getType()->getAsCXXRecordDecl();
    if (base_record != nullptr && base_record->getDefinition() != nullptr) {
      ok = add_fields(*base_record->getDefinition(), fields) && ok;
    }
  }
  for (const auto* field : record.fields()) {
    if (field->isUnnamedBitfield()) continue;
    auto owner = record.getQualifiedNameAsString();
    if (field->isAnonymousStructOrUnion()) {
      reporter_.error(field->getLocation(),
                      "anonymous struct or union in '%0' is not supported; "
                      "give the member a name")
          << owner;
      ok = false;
      continue;
    }
    Mapping mapping = field->getType()->isReferenceType()
                          ? Mapping{std::nullopt, Rejection{field->getType(), "a value type"}}
                          : map(field->getType());
    if (!mapping.type) {
      if (mapping.rejection) {
        reporter_.error(field->getLocation(), "unsupported field type %0 for '%1::%2'; use %3")
            << type_for_message(mapping.rejection->type, context_) << owner << field->getName()
            << (mapping.rejection->generic ? kValueTypes : mapping.rejection->hint);
      }
      ok = false;
      continue;
    }
    FieldDef field_def;
    field_def.name = field->getNameAsString();
    field_def.has_default = field->hasInClassInitializer() || mapping.type->kind == Kind::kOptional;
    if (field->hasInClassInitializer()) {
      // As written (`false`, `{}`), for the OpenAPI document's `default`: the declaration's text
      // after its name (an empty `= {}` has no range of its own).
      const auto& sources = context_.getSourceManager();
      auto range = clang::Lexer::makeFileCharRange(
          clang::CharSourceRange::getTokenRange(field->getLocation(), field->getEndLoc()), sources,
          context_.getLangOpts());
      auto text = range.isValid()
                      ? clang::Lexer::getSourceText(range, sources, context_.getLangOpts())
                      : llvm::StringRef();
      if (text.consume_front(field->getName())) {
        text = text.ltrim();
        text.consume_front("=");
        field_def.default_value = text.trim().str();
      }
    }
    auto info = read_field_info(*field, field->getType(), context_, reporter_);
    if (!info) {
      ok = false;
      continue;
    }
    field_def.info = std::move(*info);
    field_def.location = reporter_.model_location(field->getLocation());
    field_def.type = std::move(*mapping.type);
    fields.push_back(std::move(field_def));
  }
  return ok;
}

TypeMapper::Mapping TypeMapper::map_enum(const clang::EnumDecl& decl, clang::QualType type) {
  const auto* definition = decl.getDefinition();
  if (definition == nullptr) return {std::nullopt, Rejection{type, "a complete enum type"}};
  auto name = qualified_type_name(*definition);
  if (enums_.insert(definition).second) {
    EnumDef enum_def;
    enum_def.name = name;
    enum_def.literal = has_annotation(*definition, "fastcpp.literal");
    enum_def.location = reporter_.model_location(definition->getLocation());
    for (const auto* enumerator : definition->enumerators()) {
      enum_def.enumerators.push_back(enumerator->getNameAsString());
    }
    model_.enums.push_back(std::move(enum_def));
  }
  return {make_type(Kind::kEnum, name, name), std::nullopt};
}

}  // namespace fastcpp::gen::detail
