// generator/frontend/type_mapper.hpp: C++ types → TypeRef, collecting the structs and enums a
// service uses into the model. Private to the frontend.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "frontend/clang_util.hpp"
#include "model/model.hpp"

namespace fastcpp::gen::detail {

/// Maps the types of route parameters, struct fields and results to TypeRefs. Each struct and
/// enum met on the way is added to the model once; a struct comes after the structs its fields
/// use. An unsupported type is reported as an error at the declaration that uses it, naming the
/// type and what to use instead.
class TypeMapper {
 public:
  TypeMapper(clang::ASTContext& context, Reporter& reporter, Model& model);

  /// A route parameter's wrapper and value type: `fastcpp::Query<int>` → (kQuery, int),
  /// `std::string` → (kNone, std::string). `fastcpp::Request` and `fastcpp::WebSocket` come
  /// back as (kNone, a TypeRef spelled `fastcpp::Request` / `fastcpp::WebSocket`). Nothing, after
  /// an error naming `display_name`, when the type is unsupported.
  std::optional<std::pair<ParamWrapper, TypeRef>> map_parameter(const clang::ParmVarDecl& param,
                                                                llvm::StringRef display_name);

  /// The parameter's type without a fastcpp::Query<...> wrapper, references or qualifiers.
  static clang::QualType parameter_value_type(const clang::ParmVarDecl& param);

  /// A function's result: void, fastcpp::Response (or a class derived from it),
  /// fastcpp::ResponseModel<Model, Source>, or any type a parameter may have. Nothing, after an
  /// error, when the type is unsupported.
  std::optional<TypeRef> map_result(const clang::FunctionDecl& function);

 private:
  /// A type fastcpp cannot bind: the type as the user wrote it, and what to use instead.
  struct Rejection;
  /// One type's outcome: a TypeRef, or a Rejection to report at the declaration that uses the
  /// type, or neither when an error was reported already (a bad field of a struct).
  struct Mapping;
  enum class StructState { kInProgress, kDone, kFailed };

  Mapping map(clang::QualType type);
  std::optional<TypeRef> map_response_model(
      const clang::FunctionDecl& function, clang::QualType type,
      const clang::ClassTemplateSpecializationDecl& specialization);
  Mapping map_builtin(const clang::BuiltinType& builtin, clang::QualType type);
  Mapping map_record(const clang::CXXRecordDecl& record, clang::QualType type);
  Mapping map_std_record(const clang::CXXRecordDecl& record, clang::QualType type);
  Mapping map_struct(const clang::CXXRecordDecl& record, clang::QualType type);
  Mapping map_enum(const clang::EnumDecl& decl, clang::QualType type);
  bool add_fields(const clang::CXXRecordDecl& record, std::vector<FieldDef>& fields);

  clang::ASTContext& context_;
  Reporter& reporter_;
  Model& model_;
  clang::QualType fastcpp_json_;  ///< canonical `fastcpp::json`, null without the runtime headers
  std::map<const clang::CXXRecordDecl*, StructState> structs_;
  std::set<const clang::EnumDecl*> enums_;
};

}  // namespace fastcpp::gen::detail
