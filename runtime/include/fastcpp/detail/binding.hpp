// fastcpp/detail/binding.hpp: what the code fastcpp-gen emits calls to read a request's
// parameters and body, collect pydantic-shaped errors, and render the handler's result.
//
// A generated route reads, in FastAPI's order (path, query, header, cookie, body):
//
//   fastcpp::detail::Binder in(request);
//   in.read_body();                                   // only when the route has a body
//   auto item_id = in.path<int>("item_id");
//   auto limit = in.query<int>("limit", 10);          // with the C++ default argument
//   auto item = in.body<::Item>();
//   if (!in.finish()) return reject(request, in);     // the service's handler of in.failure
//   return fastcpp::detail::respond(read_item(std::move(item_id), ...), 200);
//
// Nothing here throws for a bad request: a failure is kept for the generated code to hand to
// its handler directly, as FastAPI would have raised it (a throw costs more than the request).
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "fastcpp/detail/constraints.hpp"
#include "fastcpp/detail/convert.hpp"
#include "fastcpp/detail/pyrepr.hpp"
#include "fastcpp/exceptions.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"
#include "fastcpp/response_model.hpp"
#include "fastcpp/status.hpp"
#include "fastcpp/types.hpp"

namespace fastcpp::detail {

/// Generated for each enum a service uses: its enumerators by name.
///   static constexpr std::string_view names[] = {"red", ...};
///   static constexpr ::Color values[] = {::Color::red, ...};
/// and, for an enum marked FASTCPP_LITERAL (pydantic's `Literal["asc", "desc"]`):
///   static constexpr bool literal = true;
template <class T>
struct EnumTraits;

class Errors;
struct JsonLoadResult;

/// Generated for each body or response struct: field-by-field decode and encode.
///   static void decode(const json& input, T& out, Errors& errors);
///   static json encode(const T& value);
template <class T>
struct StructTraits;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct optional_value {
  using type = T;
};
template <class T>
struct optional_value<std::optional<T>> {
  using type = T;
};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class T>
struct is_map<std::map<std::string, T>> : std::true_type {};
/// fastcpp's value types (types.hpp): read from a string or a JSON value as scalars are.
template <class T>
struct is_value_type : std::false_type {};
template <>
struct is_value_type<UUID> : std::true_type {};
template <>
struct is_value_type<Date> : std::true_type {};
template <>
struct is_value_type<Time> : std::true_type {};
template <>
struct is_value_type<DateTime> : std::true_type {};
template <>
struct is_value_type<TimeDelta> : std::true_type {};
template <>
struct is_value_type<Decimal> : std::true_type {};
template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};
/// An enum marked FASTCPP_LITERAL: a Literal[...] of its enumerators' names.
template <class T, class = void>
struct is_literal : std::false_type {};
template <class T>
struct is_literal<T, std::void_t<decltype(EnumTraits<T>::literal)>>
    : std::bool_constant<EnumTraits<T>::literal> {};

/// pydantic's errors for one request, with the location currently being validated.
class Errors {
 public:
  /// Extends the location for as long as it lives: `["body", "lines", 1, "qty"]`. A key is
  /// not copied: it must outlive the scope.
  class Scope {
   public:
    Scope(Errors& errors, std::string_view key) : errors_(errors) {
      errors_.loc_.push_back({key, 0});
    }
    Scope(Errors& errors, std::size_t index) : errors_(errors) {
      errors_.loc_.push_back({{}, index + 1});
    }
    ~Scope() { errors_.loc_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Errors& errors_;
  };

  Errors() { loc_.reserve(8); }

  void add(std::string_view type, std::string_view msg, const json& input,
           const json& ctx = nullptr);
  void add(const ConversionError& error, const json& input) {
    add(error.type, error.msg, input, error.ctx);
  }
  /// pydantic's `missing`: "Field required".
  void missing(const json& input = nullptr) { add("missing", "Field required", input); }

  bool empty() const noexcept { return errors_.is_null(); }
  /// How many errors there are so far.
  std::size_t count() const noexcept { return errors_.is_null() ? 0 : errors_.size(); }
  /// The errors as a JSON array (empty if there are none).
  json take() { return errors_.is_null() ? json::array() : std::move(errors_); }

 private:
  struct LocPart {
    std::string_view key;
    std::size_t index_plus_one;  // 0: a key
  };
  json location() const;

  std::vector<LocPart> loc_;
  json errors_;  // null until the first error, then an array
};

/// "'red', 'green' or 'blue'", as pydantic lists an enum's expected values.
std::string expected_values(const std::string_view* names, std::size_t count);

// ---- Values from strings (path, query, header, cookie) -------------------------------------

/// pydantic's `enum` error for T: "Input should be 'red', 'green' or 'blue'"; for a Literal,
/// the same words as `literal_error`.
template <class T>
ConversionError enum_error() {
  const auto& names = EnumTraits<T>::names;
  auto expected = expected_values(names, std::size(names));
  return {is_literal<T>::value ? "literal_error" : "enum",
          "Input should be " + expected,
          {{"expected", expected}}};
}

template <class T>
bool convert_string(std::string_view text, T& out, ConversionError& error) {
  if constexpr (std::is_enum_v<T>) {
    const auto& names = EnumTraits<T>::names;
    for (std::size_t i = 0; i < std::size(names); ++i) {
      if (names[i] == text) {
        out = EnumTraits<T>::values[i];
        return true;
      }
    }
    error = enum_error<T>();
    return false;
  } else {
    return parse_string(text, out, error);
  }
}

/// No declared constraints: what a parameter or field without any is read with.
struct NoConstraints {};

/// FASTCPP_VALIDATOR's functions (pydantic's after validators), each `T f(T)`, called in order
/// on a value that converted and met its declared constraints C (or NoConstraints):
///
///   static const auto n_constraints =
///       fastcpp::detail::with_validators<check_even>(fastcpp::detail::IntConstraints().with_ge(0));
///   auto n = in.path<int>("n", n_constraints);
///
/// A std::invalid_argument (Python's ValueError) thrown by one is pydantic's `value_error`
/// ("Value error, <what()>", `ctx: {"error": {}}` as FastAPI renders the exception), with the
/// value's input; the later functions are not called. Any other exception propagates.
template <class C, auto... F>
struct Validated {
  C constraints;
};

template <auto... F, class C = NoConstraints>
Validated<C, F...> with_validators(const C& constraints = {}) {
  return {constraints};
}

template <class C>
struct is_validated : std::false_type {};
template <class C, auto... F>
struct is_validated<Validated<C, F...>> : std::true_type {};

/// The declared constraints of C (itself, or what a Validated wraps).
template <class C>
const auto& declared_constraints(const C& constraints) {
  if constexpr (is_validated<C>::value) {
    return constraints.constraints;
  } else {
    return constraints;
  }
}

/// Runs C's validators on `value` (nothing for plain constraints); false after a value_error.
template <class T, class C>
bool apply_validators(T& value, const C& constraints, const json& input, Errors& errors);

template <class T, class C2, auto... F>
bool apply_validators(T& value, const Validated<C2, F...>& /*validators*/, const json& input,
                      Errors& errors) {
  try {
    ((value = F(std::move(value))), ...);
  } catch (const std::invalid_argument& error) {
    errors.add("value_error", std::string("Value error, ") + error.what(), input,
               {{"error", json::object()}});
    return false;
  }
  return true;
}

template <class T, class C>
bool apply_validators(T& /*value*/, const C& /*constraints*/, const json& /*input*/,
                      Errors& /*errors*/) {
  return true;
}

template <class T, class C, class = void>
struct is_constraints_of : std::false_type {};
template <class T, class C>
struct is_constraints_of<T, C, std::enable_if_t<std::is_same_v<C, Constraints<T>>>>
    : std::true_type {};
template <class T, class C, auto... F>
struct is_constraints_of<T, Validated<C, F...>>
    : std::disjunction<std::is_same<C, NoConstraints>, is_constraints_of<T, C>> {};

/// Enables a Binder reader for C, the declared constraints of a value of type T (or a Validated
/// of them).
template <class T, class C>
using if_constraints_of = std::enable_if_t<is_constraints_of<T, C>::value>;

template <class T>
bool convert_string(std::string_view text, T& out, ConversionError& error, NoConstraints) {
  return convert_string(text, out, error);
}

/// convert_string, then the declared constraints (constraints.hpp) on the value pydantic would
/// hold: an integer before it is narrowed to T, a float as the double it was read as.
template <class T, class C>
bool convert_string(std::string_view text, T& out, ConversionError& error, const C& constraints) {
  if constexpr (std::is_integral_v<T>) {
    return parse_string_checked(text, out, constraints, error);
  } else if constexpr (std::is_floating_point_v<T>) {
    double value = 0.0;
    if (!parse_string(text, value, error) || !check_constraints(value, constraints, error)) {
      return false;
    }
    out = static_cast<T>(value);
    return true;
  } else {
    return parse_string(text, out, error) && check_constraints(out, constraints, error);
  }
}

// ---- Values from JSON (bodies) ---------------------------------------------------------------

template <class T, class C>
void decode_scalar(const json& input, T& out, Errors& errors, const C& constraints) {
  ConversionError error;
  bool ok = true;
  if constexpr (std::is_same_v<C, NoConstraints>) {
    ok = parse_json(input, out, error);
  } else if constexpr (std::is_integral_v<T>) {
    ok = parse_json_checked(input, out, constraints, error);
  } else if constexpr (std::is_floating_point_v<T>) {
    double value = 0.0;
    ok = parse_json(input, value, error) && check_constraints(value, constraints, error);
    if (ok) out = static_cast<T>(value);
  } else {
    ok = parse_json(input, out, error) && check_constraints(out, constraints, error);
  }
  if (!ok) errors.add(error, input);
}

/// decode, with the declared constraints of T (Constraints<T>, or NoConstraints).
template <class T, class C>
void decode(const json& input, T& out, Errors& errors, const C& constraints);

template <class T>
void decode(const json& input, T& out, Errors& errors);

/// The tag pydantic gives a union member in an error's `loc`: `["query", "v", "int"]`.
template <class T>
constexpr std::string_view union_tag() {
  if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (std::is_integral_v<T>) {
    return "int";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "float";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "str";
  } else {
    static_assert(std::is_same_v<T, UUID>, "a union member is a scalar or fastcpp::UUID");
    return "uuid";
  }
}

/// Whether pydantic's strict mode takes `input` as a T as it is (Python mode, the JSON already
/// decoded): a bool for bool, an integer for an integer type, a number for a float, a string
/// for std::string. A UUID is never exact: strict mode wants a uuid.UUID object.
template <class T>
bool exact_match(const json& input) {
  if constexpr (std::is_same_v<T, bool>) {
    return input.is_boolean();
  } else if constexpr (std::is_integral_v<T>) {
    return input.is_number_integer();
  } else if constexpr (std::is_floating_point_v<T>) {
    return input.is_number();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return input.is_string();
  } else {
    return false;
  }
}

/// pydantic's smart union (`Union[int, bool]`, std::variant<int, bool>): the first member that
/// takes the input exactly as it is (strict mode), else the first that converts it (lax mode,
/// in order); when none does, every member's error under its tag.
template <class... T>
void decode_variant(const json& input, std::variant<T...>& out, Errors& errors) {
  bool done = false;
  auto strict = [&](auto tag) {
    using Member = typename decltype(tag)::type;
    if (done || !exact_match<Member>(input)) return;
    Errors scratch;
    Member value{};
    decode(input, value, scratch);
    if (scratch.empty()) {
      out = std::move(value);
      done = true;
    }
  };
  (strict(std::common_type<T>{}), ...);
  if (done) return;
  auto lax = [&](auto tag) {
    using Member = typename decltype(tag)::type;
    if (done) return;
    Errors scratch;
    Member value{};
    decode(input, value, scratch);
    if (scratch.empty()) {
      out = std::move(value);
      done = true;
    }
  };
  (lax(std::common_type<T>{}), ...);
  if (done) return;
  auto report = [&](auto tag) {
    using Member = typename decltype(tag)::type;
    static constexpr std::string_view kTag = union_tag<Member>();
    Errors::Scope scope(errors, kTag);
    Member value{};
    decode(input, value, errors);
  };
  (report(std::common_type<T>{}), ...);
}

template <class T>
void decode(const json& input, T& out, Errors& errors) {
  decode(input, out, errors, NoConstraints{});
}

template <class T, class C>
void decode(const json& input, T& out, Errors& errors, const C& constraints) {
  constexpr bool kConstrained = !std::is_same_v<C, NoConstraints>;
  if constexpr (is_optional<T>::value) {
    if (input.is_null()) {
      out.reset();
      return;
    }
    typename T::value_type value{};
    decode(input, value, errors, constraints);
    out = std::move(value);
  } else if constexpr (is_vector<T>::value) {
    if (!input.is_array()) return errors.add("list_type", "Input should be a valid list", input);
    ConversionError error;
    if constexpr (kConstrained) {
      if (!check_max_length(input.size(), constraints, error)) return errors.add(error, input);
    }
    const std::size_t errors_before = errors.count();
    out.clear();
    out.reserve(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
      Errors::Scope scope(errors, i);
      typename T::value_type value{};
      decode(input[i], value, errors);
      out.push_back(std::move(value));
    }
    if constexpr (kConstrained) {
      if (errors.count() == errors_before && !check_min_length(out.size(), constraints, error)) {
        errors.add(error, input);
      }
    }
  } else if constexpr (is_map<T>::value) {
    if (!input.is_object()) {
      return errors.add("dict_type", "Input should be a valid dictionary", input);
    }
    out.clear();
    for (const auto& [key, item] : input.items()) {
      Errors::Scope scope(errors, key);
      typename T::mapped_type value{};
      decode(item, value, errors);
      out[key] = std::move(value);
    }
  } else if constexpr (is_variant<T>::value) {
    decode_variant(input, out, errors);
  } else if constexpr (std::is_same_v<T, json>) {
    out = input;
  } else if constexpr (std::is_enum_v<T>) {
    ConversionError error;
    if (!input.is_string()) return errors.add(enum_error<T>(), input);
    if (!convert_string(input.get_ref<const std::string&>(), out, error)) errors.add(error, input);
  } else if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, std::string> ||
                       is_value_type<T>::value) {
    decode_scalar(input, out, errors, constraints);
  } else {
    if (!input.is_object()) {
      return errors.add("model_attributes_type",
                        "Input should be a valid dictionary or object to extract fields from",
                        input);
    }
    StructTraits<T>::decode(input, out, errors);
  }
}

/// One member of a struct: a missing required field is reported with the enclosing object as
/// its input, as pydantic does; an absent optional one keeps its default member initializer.
template <class T>
void decode_field(const json& object, const char* name, T& out, Errors& errors, bool required) {
  decode_field(object, name, out, errors, required, NoConstraints{});
}

/// The same, with the field's declared constraints (`Field(ge=1)`).
template <class T, class C>
void decode_field(const json& object, const char* name, T& out, Errors& errors, bool required,
                  const C& constraints) {
  Errors::Scope scope(errors, name);
  auto it = object.find(name);
  if (it == object.end()) {
    if (required) errors.missing(object);
    return;
  }
  const std::size_t errors_before = errors.count();
  decode(*it, out, errors, declared_constraints(constraints));
  if (errors.count() == errors_before) apply_validators(out, constraints, *it, errors);
}

/// A struct's FASTCPP_VALIDATOR (pydantic's `model_validator(mode="after")`), called by its
/// decode once every field converted: a value_error is the struct's, with `object` as input.
template <auto... F, class T>
void validate_model(const json& object, T& out, Errors& errors) {
  apply_validators(out, with_validators<F...>(), object, errors);
}

/// pydantic's `extra="forbid"` (a struct marked FASTCPP_FORBID_EXTRA): an `extra_forbidden`
/// error for each key of `object` that is none of `fields`, in the input's order, after the
/// fields' own errors.
void forbid_extra(const json& object, std::initializer_list<std::string_view> fields,
                  Errors& errors);

template <class T>
void decode_or_throw(const json& input, T& out) {
  Errors errors;
  decode(input, out, errors);
  if (!errors.empty()) throw std::invalid_argument(validation_errors_repr(errors.take()));
}

template <class T>
json encode(const T& value) {
  if constexpr (is_optional<T>::value) {
    return value ? encode(*value) : json(nullptr);
  } else if constexpr (is_vector<T>::value) {
    json out = json::array();
    for (const auto& item : value) out.push_back(encode(item));
    return out;
  } else if constexpr (is_map<T>::value) {
    json out = json::object();
    for (const auto& [key, item] : value) out[key] = encode(item);
    return out;
  } else if constexpr (is_variant<T>::value) {
    return std::visit([](const auto& member) { return encode(member); }, value);
  } else if constexpr (std::is_enum_v<T>) {
    const auto& values = EnumTraits<T>::values;
    for (std::size_t i = 0; i < std::size(values); ++i) {
      if (values[i] == value) return std::string(EnumTraits<T>::names[i]);
    }
    return nullptr;
  } else if constexpr (is_value_type<T>::value) {
    return to_model_json(value);  // pydantic's JSON mode: `Z`, ISO 8601 durations
  } else if constexpr (std::is_same_v<T, json> || std::is_arithmetic_v<T> ||
                       std::is_same_v<T, std::string>) {
    return json(value);
  } else {
    return StructTraits<T>::encode(value);
  }
}

// ---- Parameters ------------------------------------------------------------------------------

/// Reads one request's parameters and body into C++ values, collecting every error.
class Binder {
 public:
  /// `websocket`: errors raise WebSocketRequestValidationError instead.
  explicit Binder(const Request& request, bool websocket = false);
  // Out of line, as its members' destructors are large: each route would expand them again.
  ~Binder();
  Binder(const Binder&) = delete;
  Binder& operator=(const Binder&) = delete;

  // Each reader also takes the parameter's declared constraints (constraints.hpp) last:
  // `in.query<int>("limit", 10, kLimit)`, where kLimit is a Constraints<int>. The type is
  // deduced, so that `in.query<std::vector<int>>("ids", {})` stays a fallback.

  template <class T>
  T path(const char* name) {
    return path_value<T>(name, NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T path(const char* name, const C& constraints) {
    return path_value<T>(name, constraints);
  }

  template <class T>
  T query(const char* name) {
    return from_source<T>("query", name, request_.query_values(name), false, nullptr,
                          NoConstraints{});
  }
  template <class T>
  T query(const char* name, T fallback) {
    return from_source<T>("query", name, request_.query_values(name), false, &fallback,
                          NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T query(const char* name, const C& constraints) {
    return from_source<T>("query", name, request_.query_values(name), false, nullptr, constraints);
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T query(const char* name, T fallback, const C& constraints) {
    return from_source<T>("query", name, request_.query_values(name), false, &fallback,
                          constraints);
  }

  template <class T>
  T header(const char* alias) {
    return from_source<T>("header", alias, request_.header_values(alias), true, nullptr,
                          NoConstraints{});
  }
  template <class T>
  T header(const char* alias, T fallback) {
    return from_source<T>("header", alias, request_.header_values(alias), true, &fallback,
                          NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T header(const char* alias, const C& constraints) {
    return from_source<T>("header", alias, request_.header_values(alias), true, nullptr,
                          constraints);
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T header(const char* alias, T fallback, const C& constraints) {
    return from_source<T>("header", alias, request_.header_values(alias), true, &fallback,
                          constraints);
  }

  template <class T>
  T cookie(const char* name) {
    return cookie_value<T>(name, nullptr, NoConstraints{});
  }
  template <class T>
  T cookie(const char* name, T fallback) {
    return cookie_value<T>(name, &fallback, NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T cookie(const char* name, const C& constraints) {
    return cookie_value<T>(name, nullptr, constraints);
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T cookie(const char* name, T fallback, const C& constraints) {
    return cookie_value<T>(name, &fallback, constraints);
  }

  /// Decodes the body as FastAPI does: JSON when the content type is absent, `application/json`
  /// or `application/*+json`; otherwise the raw text. A JSON syntax error is the request's
  /// failure on its own (`json_invalid`), and so are values C++ cannot keep as sent: a lone
  /// surrogate (`string_unicode`) or a number beyond a double (`finite_number`), with the text as
  /// the error's body; bytes that are not text fail it with HTTPException(400). The body
  /// parameters then bind nothing.
  void read_body();

  /// The whole body as one parameter (a single, non-embedded body parameter).
  template <class T>
  T body() {
    return body_value<T>(nullptr, NoConstraints{});
  }
  template <class T>
  T body(T fallback) {
    return body_value<T>(&fallback, NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T body(const C& constraints) {
    return body_value<T>(nullptr, constraints);
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T body(T fallback, const C& constraints) {
    return body_value<T>(&fallback, constraints);
  }

  /// One key of the body object (several body parameters are embedded by name).
  template <class T>
  T body_field(const char* name) {
    return body_field_value<T>(name, nullptr, NoConstraints{});
  }
  template <class T>
  T body_field(const char* name, T fallback) {
    return body_field_value<T>(name, &fallback, NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T body_field(const char* name, const C& constraints) {
    return body_field_value<T>(name, nullptr, constraints);
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T body_field(const char* name, T fallback, const C& constraints) {
    return body_field_value<T>(name, &fallback, constraints);
  }

  /// Reads the body as FastAPI reads one for `Form()` parameters (Starlette's `request.form()`):
  /// an `application/x-www-form-urlencoded` body's fields; any other content type, or none, is
  /// an empty form. A form past Starlette's limits fails the request with its HTTPException(400).
  void read_form();

  /// One field of the form, under its alias. A list takes every value, a scalar the last one.
  /// An empty value counts as absent for a field with a default other than null, as FastAPI's
  /// `_get_multidict_value` has it; a required or null-default field gets the empty string.
  template <class T>
  T form(const char* name) {
    return form_value<T>(name, nullptr, NoConstraints{});
  }
  template <class T>
  T form(const char* name, T fallback) {
    return form_value<T>(name, &fallback, NoConstraints{});
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T form(const char* name, const C& constraints) {
    return form_value<T>(name, nullptr, constraints);
  }
  template <class T, class C, class = if_constraints_of<T, C>>
  T form(const char* name, T fallback, const C& constraints) {
    return form_value<T>(name, &fallback, constraints);
  }

  /// True when every parameter was bound. Otherwise failure() is what FastAPI raises.
  [[nodiscard]] bool finish();

  /// How many errors the parameters read so far had: a dependency is called only when its own
  /// parameters and its dependencies added none.
  std::size_t error_count() const noexcept { return errors_.count(); }

  /// Why finish() returned false: a RequestValidationError with every error, or the
  /// HTTPException of an unreadable body.
  struct Failure {
    std::optional<RequestValidationError> validation_error;
    std::optional<starlette::HTTPException> http_exception;
  };
  const Failure& failure() const noexcept { return failure_; }
  /// Throws the failure, as FastAPI raises it: for a WebSocket endpoint, a
  /// WebSocketRequestValidationError. Only after finish() returned false (before, a
  /// std::logic_error).
  [[noreturn]] void raise();

 private:
  template <class T, class C>
  T path_value(const char* name, const C& constraints);

  template <class T, class C>
  T cookie_value(const char* name, const T* fallback, const C& constraints);

  template <class T, class C>
  T from_string(const char* source, const char* name, std::optional<std::string_view> text,
                const T* fallback, const C& constraints);

  // Query and header values: a list takes every value; a scalar the last query value (a dict
  // of the parsed pairs) or the first header line (Starlette's Headers.get). A list's
  // max_length is checked before its items, its min_length after them, as pydantic does.
  template <class T, class C>
  T from_source(const char* source, const char* name, const std::vector<std::string_view>& values,
                bool first_wins, const T* fallback, const C& constraints);

  template <class T, class C>
  bool convert_one(std::string_view text, T& out, const C& constraints);

  template <class T, class C>
  T body_value(const T* fallback, const C& constraints);

  template <class T, class C>
  T body_field_value(const char* name, const T* fallback, const C& constraints);

  template <class T, class C>
  T form_value(const char* name, const T* fallback, const C& constraints);

  std::vector<std::string_view> form_values(std::string_view name) const;

  static json as_json_list(const std::vector<std::string_view>& values) {
    json list = json::array();
    for (auto value : values) list.push_back(std::string(value));
    return list;
  }

  void refuse_unrepresentable(JsonLoadResult& result);

  const Request& request_;
  bool websocket_;
  json body_;            // the decoded body; null when absent or empty
  Request::Pairs form_;  // read_form(): the form's fields, in order
  bool body_failed_ = false;
  Errors errors_;
  Failure failure_;
};

// Binder's readers, defined out of the class: not inline, so that the `extern template`
// declarations below keep a generated file from instantiating them for the common types.

template <class T, class C>
T Binder::path_value(const char* name, const C& constraints) {
  const auto* value = request_.path_param(name);
  return from_string<T>("path", name,
                        value ? std::optional<std::string_view>(*value) : std::nullopt, nullptr,
                        constraints);
}

template <class T, class C>
T Binder::cookie_value(const char* name, const T* fallback, const C& constraints) {
  const auto* value = request_.cookie(name);
  return from_string<T>("cookie", name,
                        value ? std::optional<std::string_view>(*value) : std::nullopt, fallback,
                        constraints);
}

template <class T, class C>
T Binder::from_string(const char* source, const char* name, std::optional<std::string_view> text,
                      const T* fallback, const C& constraints) {
  Errors::Scope at_source(errors_, source);
  Errors::Scope at_name(errors_, name);
  if constexpr (is_optional<T>::value) {
    if (!text) return fallback ? *fallback : T{};
    typename T::value_type value{};
    if (!convert_one(*text, value, declared_constraints(constraints))) return T{};
    T out(std::move(value));
    apply_validators(out, constraints, std::string(*text), errors_);
    return out;
  } else {
    if (!text) {
      if (fallback) return *fallback;
      errors_.missing();
      return T{};
    }
    T value{};
    if (convert_one(*text, value, declared_constraints(constraints))) {
      apply_validators(value, constraints, std::string(*text), errors_);
    }
    return value;
  }
}

template <class T, class C>
T Binder::from_source(const char* source, const char* name,
                      const std::vector<std::string_view>& values, bool first_wins,
                      const T* fallback, const C& constraints) {
  using List = std::conditional_t<is_optional<T>::value, typename optional_value<T>::type, T>;
  if constexpr (is_vector<List>::value) {
    Errors::Scope at_source(errors_, source);
    Errors::Scope at_name(errors_, name);
    if (values.empty()) {
      if (fallback) return *fallback;
      if constexpr (!is_optional<T>::value) errors_.missing();
      return T{};
    }
    const auto& declared = declared_constraints(constraints);
    constexpr bool kConstrained = !std::is_same_v<std::decay_t<decltype(declared)>, NoConstraints>;
    ConversionError error;
    if constexpr (kConstrained) {
      if (!check_max_length(values.size(), declared, error)) {
        errors_.add(error, as_json_list(values));
        return T{};
      }
    }
    const std::size_t errors_before = errors_.count();
    List out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      Errors::Scope at_index(errors_, i);
      typename List::value_type value{};
      convert_one(values[i], value, NoConstraints{});
      out.push_back(std::move(value));
    }
    if constexpr (kConstrained) {
      if (errors_.count() == errors_before && !check_min_length(values.size(), declared, error)) {
        errors_.add(error, as_json_list(values));
      }
    }
    T result(std::move(out));
    if (errors_.count() == errors_before) {
      apply_validators(result, constraints, as_json_list(values), errors_);
    }
    return result;
  } else {
    std::optional<std::string_view> text;
    if (!values.empty()) text = first_wins ? values.front() : values.back();
    return from_string<T>(source, name, text, fallback, constraints);
  }
}

template <class T, class C>
bool Binder::convert_one(std::string_view text, T& out, const C& constraints) {
  if constexpr (is_variant<T>::value) {
    // A string is a str to every member, as pydantic sees a query value.
    const std::size_t errors_before = errors_.count();
    decode(json(std::string(text)), out, errors_);
    return errors_.count() == errors_before;
  } else {
    ConversionError error;
    if (convert_string(text, out, error, constraints)) return true;
    errors_.add(error, std::string(text));
    return false;
  }
}

template <class T, class C>
T Binder::body_value(const T* fallback, const C& constraints) {
  if (body_failed_) return T{};
  Errors::Scope at_body(errors_, "body");
  if (body_.is_null()) {
    if (fallback) return *fallback;
    if constexpr (!is_optional<T>::value) errors_.missing();
    return T{};
  }
  T value{};
  const std::size_t errors_before = errors_.count();
  decode(body_, value, errors_, declared_constraints(constraints));
  if (errors_.count() == errors_before) apply_validators(value, constraints, body_, errors_);
  return value;
}

template <class T, class C>
T Binder::body_field_value(const char* name, const T* fallback, const C& constraints) {
  if (body_failed_) return T{};
  Errors::Scope at_body(errors_, "body");
  Errors::Scope at_name(errors_, name);
  const json* item = nullptr;
  if (body_.is_object()) {
    auto it = body_.find(name);
    if (it != body_.end()) item = &*it;
  }
  if (!item || item->is_null()) {
    if (fallback) return *fallback;
    if constexpr (!is_optional<T>::value) errors_.missing();
    return T{};
  }
  T value{};
  const std::size_t errors_before = errors_.count();
  decode(*item, value, errors_, declared_constraints(constraints));
  if (errors_.count() == errors_before) apply_validators(value, constraints, *item, errors_);
  return value;
}

template <class T, class C>
T Binder::form_value(const char* name, const T* fallback, const C& constraints) {
  if (body_failed_) return T{};
  auto values = form_values(name);
  using List = std::conditional_t<is_optional<T>::value, typename optional_value<T>::type, T>;
  if constexpr (!is_vector<List>::value) {
    bool null_fallback = false;
    if constexpr (is_optional<T>::value) null_fallback = fallback == nullptr || !*fallback;
    if (!values.empty() && values.back().empty() && fallback != nullptr && !null_fallback) {
      return *fallback;
    }
  }
  return from_source<T>("body", name, values, false, fallback, constraints);
}

// ---- Results ---------------------------------------------------------------------------------

/// A route's JSON result with its status: FastAPI drops the body (keeping the content type) for
/// statuses that allow none.
Response json_result(const json& content, int status_code);

/// Renders a handler's return value: a Response as it is, anything else as JSON.
template <class R>
Response respond(R&& result, int status_code) {
  using T = std::decay_t<R>;
  if constexpr (std::is_base_of_v<Response, T>) {
    return Response(std::forward<R>(result));
  } else if constexpr (std::is_same_v<T, json>) {
    return json_result(result, status_code);
  } else {
    return json_result(encode(result), status_code);
  }
}

/// What a handler returning void answers: JSON `null`.
inline Response respond_void(int status_code) { return json_result(nullptr, status_code); }

/// FastAPI's `response_model_exclude_unset=` and `response_model_exclude_none=`.
struct ResponseModelOptions {
  bool exclude_unset = false;
  bool exclude_none = false;
};

/// response_model_exclude_unset: drops from `out` every object member that `given` (the answer
/// as the handler gave it) does not have, at every level; pydantic's fields set are the keys
/// of the dict it validated.
void drop_unset(json& out, const json& given);
/// response_model_exclude_none: drops every object member whose value is null, at every level.
void drop_none(json& out);

/// A ResponseModel's answer, as FastAPI's serialize_response: validated into Model (errors at
/// `["response", ...]` are a ResponseValidationError), then rendered as Model renders.
template <class Model, class Source>
Response respond_model(ResponseModel<Model, Source>&& result, int status_code,
                       ResponseModelOptions options) {
  json given;
  if constexpr (std::is_same_v<Source, json>) {
    given = std::move(result).value();
  } else {
    given = encode(result.value());
  }
  Errors errors;
  Model model{};
  {
    Errors::Scope scope(errors, "response");
    decode(given, model, errors);
  }
  if (!errors.empty()) throw ResponseValidationError(errors.take(), std::move(given));
  json out = encode(model);
  if (options.exclude_unset) drop_unset(out, given);
  if (options.exclude_none) drop_none(out);
  return json_result(out, status_code);
}

// ---- Compiled once, in libfastcpp ------------------------------------------------------------

// The readers and writers of the types most parameters and fields have are instantiated in the
// library (binding_instances.cpp): a generated file calls them instead of instantiating and
// optimising them again, which is most of what a route costs to compile. Other types (enums,
// structs, lists, constrained values) are instantiated where they are used, as before.
// clang-format off
#define FASTCPP_DETAIL_COMMON_TYPES(X)                                                  \
  X(bool) X(int) X(long) X(long long) X(float) X(double) X(std::string)                 \
  X(std::optional<bool>) X(std::optional<int>) X(std::optional<long>)                   \
  X(std::optional<long long>) X(std::optional<float>) X(std::optional<double>)          \
  X(std::optional<std::string>)
// clang-format on

// `extern template ...;` here (prefix: extern), `template ...;` in binding_instances.cpp. A
// keyword and a type in a declaration cannot be parenthesised: hence the NOLINT.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define FASTCPP_DETAIL_INSTANCES_OF(prefix, T)                                                     \
  prefix template T Binder::path_value<T, NoConstraints>(const char*, const NoConstraints&);       \
  prefix template T Binder::cookie_value<T, NoConstraints>(const char*, const T*,                  \
                                                           const NoConstraints&);                  \
  prefix template T Binder::from_string<T, NoConstraints>(                                         \
      const char*, const char*, std::optional<std::string_view>, const T*, const NoConstraints&);  \
  prefix template T Binder::from_source<T, NoConstraints>(const char*, const char*,                \
                                                          const std::vector<std::string_view>&,    \
                                                          bool, const T*, const NoConstraints&);   \
  prefix template void decode<T, NoConstraints>(const json&, T&, Errors&, const NoConstraints&);   \
  prefix template void decode<T>(const json&, T&, Errors&);                                        \
  prefix template void decode_field<T>(const json&, const char*, T&, Errors&, bool);               \
  prefix template void decode_field<T, NoConstraints>(const json&, const char*, T&, Errors&, bool, \
                                                      const NoConstraints&);                       \
  prefix template json encode<T>(const T&);
// NOLINTEND(bugprone-macro-parentheses)

#define FASTCPP_DETAIL_EXTERN_INSTANCES_OF(T) FASTCPP_DETAIL_INSTANCES_OF(extern, T)
FASTCPP_DETAIL_COMMON_TYPES(FASTCPP_DETAIL_EXTERN_INSTANCES_OF)
#undef FASTCPP_DETAIL_EXTERN_INSTANCES_OF

}  // namespace fastcpp::detail
