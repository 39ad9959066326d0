// generator/model/field_info.hpp: what the constraints and metadata of a parameter or a struct
// member mean (docs/constraints.md): the misuse of them and the runtime constraints object that
// checks them (their JSON schema keywords are model/openapi's).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace fastcpp::gen {

/// What carries a FieldInfo: a route's parameter from `source`, or a struct's member.
struct FieldOwner {
  std::string subject;                ///< for messages: `parameter 'q'`, `member 'Order::name'`
  std::optional<ParamSource> source;  ///< none for a struct's member
};

/// The misuse in a FieldInfo, each at its annotation: a constraint on a type it does not apply
/// to, a fractional bound on an integer, a bound outside the C++ type's range, bounds that leave
/// no value, min_length above max_length, a multiple_of that is not positive, a pattern the
/// runtime refuses (with its reason), examples that are not a JSON array, an alias,
/// FASTCPP_EXCLUDE_FROM_SCHEMA, FASTCPP_EMBED (body parameters only), FASTCPP_KEEP_UNDERSCORES
/// (header parameters without an alias only) or FASTCPP_VALIDATOR where FastAPI has none.
std::vector<Diagnostic> check_field_info(const FieldInfo& info, const TypeRef& type,
                                         const FieldOwner& owner);

/// The runtime's constraints object for a checked FieldInfo (fastcpp/detail/constraints.hpp):
/// `IntConstraints().with_ge(1).with_le(100)`, and the validators that run after them. None when
/// nothing is declared.
struct ConstraintsPlan {
  std::string type;  ///< `IntConstraints`, `FloatConstraints`, `StringConstraints`...
  /// Each `with_<name>(<argument>)`, in declaration order; the pattern's argument is empty (it
  /// is the static Pattern the backend names).
  std::vector<std::pair<std::string, std::string>> calls;
  std::optional<std::string> pattern;  ///< the pattern's text
  /// FASTCPP_VALIDATOR's functions, called after the constraints (`with_validators<f, g>(...)`);
  /// `type` is empty when they are all there is.
  std::vector<std::string> validators;
};
std::optional<ConstraintsPlan> plan_constraints(const FieldInfo& info, const TypeRef& type);

/// A bound on a fastcpp::Decimal as the JSON schema shows it: float() of the Decimal pydantic
/// makes (`ge="1E+3"` is 1000.0); none if it is not a decimal.
std::optional<double> decimal_bound_as_float(const Number& number);

/// The declared constraint of `kind`, or null.
const Constraint* find_constraint(const FieldInfo& info, Constraint::Kind kind);

/// The type the constraints apply to: the value of a std::optional, the type itself otherwise.
const TypeRef& constrained_type(const TypeRef& type);

}  // namespace fastcpp::gen
