// generator/frontend/field_info_reader.hpp: FASTCPP_GE(1), FASTCPP_TITLE("...")... beside a route's
// parameter or a struct's member, read into a FieldInfo. Private to the frontend.
#pragma once

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>

#include <optional>

#include "frontend/clang_util.hpp"
#include "model/model.hpp"

namespace fastcpp::gen::detail {

/// True for the annotations of a parameter or a member (`fastcpp.ge`, `fastcpp.title`...,
/// `fastcpp.deprecated`), which read_field_info reads.
bool is_field_info_annotation(const clang::AnnotateAttr& attr);

/// The constraints and metadata annotating `decl` (a ParmVarDecl or a FieldDecl), each with
/// the location of its annotation. An argument of the wrong kind (`FASTCPP_GE("1")`,
/// `FASTCPP_MIN_LENGTH(-1)`, `FASTCPP_PATTERN(3)`) or a keyword given twice is reported here;
/// nothing then. What the model decides (the type it applies to, contradictory bounds, the
/// pattern) is model/field_info's.
/// `value_type`: the parameter's or member's value type (without fastcpp::Query<...>), which
/// a FASTCPP_VALIDATOR function must take and return.
std::optional<FieldInfo> read_field_info(const clang::Decl& decl, clang::QualType value_type,
                                         clang::ASTContext& context, Reporter& reporter);

/// FASTCPP_VALIDATOR on a struct (pydantic's `model_validator(mode="after")`): functions taking
/// and returning the struct; a wrong signature is reported at the annotation.
std::optional<std::vector<Validator>> read_struct_validators(const clang::CXXRecordDecl& record,
                                                             clang::ASTContext& context,
                                                             Reporter& reporter);

}  // namespace fastcpp::gen::detail
