// fastcpp/json_value.hpp: the JSON type of the public API, and FastAPI's JSON rendering.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace fastcpp {

/// JSON value with keys in insertion order, as Python dicts keep them.
using json = nlohmann::ordered_json;

/// Renders `value` as FastAPI does: `json.dumps(value, ensure_ascii=False, allow_nan=False,
/// separators=(",", ":"))`. Floats use Python's repr (`1000.0`, `1e+16`). Throws
/// `std::domain_error` for NaN or infinity (FastAPI answers those with a 500) and for strings
/// that are not valid UTF-8, except the three bytes of a lone surrogate, which only a request
/// body's error carries (detail/pyjson.hpp): those are written as `\udXXX`, the escape the client
/// sent, where Python would fail to encode them.
std::string json_dumps(const json& value);

/// One `{"key", value}` of an object written in braces, as in
/// `{{"detail", exc.errors()}, {"body", exc.body()}}`. It refers to the value where it is
/// instead of copying it (a value written in place is a temporary that lives until the end of
/// the braces' full expression).
struct JSONField {
  std::string_view key;
  const json& value;
};

/// `json_dumps(json(fields))` without building that json, so without copying the values. A
/// repeated key keeps its first value, as `json`'s own braces do.
std::string json_dumps_object(std::initializer_list<JSONField> fields);

/// A Python int beyond 64 bits (`int(Decimal("1e30"))`), which a json number cannot hold: a
/// binary value of subtype kPythonIntSubtype with its decimal text (`-` and digits), which
/// json_dumps and py_repr write as the number it is.
inline constexpr std::uint64_t kPythonIntSubtype = 0x7079;  // "py"
json python_int(std::string_view digits);

}  // namespace fastcpp

// ---- Structs and enums inside a json -------------------------------------------------------
//
// `return {{"item", item}, {"color", color}};` renders a body struct and an enum as FastAPI's
// jsonable_encoder does: the struct as an object of its fields, the enum as its name, a
// std::optional as its value or null (std::vector and std::map of them as arrays and objects);
// `j.get<Item>()` reads one back with pydantic's rules. The fields and enumerators are the
// generated StructTraits and EnumTraits (fastcpp/detail/binding.hpp) of the structs and enums
// the service's routes take or return, and of theirs: a struct or enum no route reaches has
// none, and its use in a json does not compile (incomplete type 'StructTraits<...>'). The
// traits are defined after the source in its generated file, where the conversions below are
// instantiated (a function template's body is, at the end of the file).

namespace fastcpp::detail {

template <class T>
struct StructTraits;
template <class T>
struct EnumTraits;
/// Defined in fastcpp/detail/binding.hpp, which each generated file includes after the source.
template <class T>
json encode(const T& value);
/// The same: `json` to T with pydantic's lax rules; throws std::invalid_argument (Python's
/// ValueError, as pydantic's ValidationError is one) with the errors when it does not fit.
template <class T>
void decode_or_throw(const json& input, T& out);

template <class T, class = void>
struct has_adl_to_json : std::false_type {};
template <class T>
struct has_adl_to_json<
    T, std::void_t<decltype(to_json(std::declval<json&>(), std::declval<const T&>()))>>
    : std::true_type {};

template <class T, class = void>
struct is_range : std::false_type {};
template <class T>
struct is_range<T, std::void_t<decltype(std::begin(std::declval<const T&>()))>> : std::true_type {};

/// A body struct or an enum of the user's, which the generator gives traits: an aggregate class
/// (not a container) or an enum, with no `to_json` of its own.
template <class T>
constexpr bool is_model_type_v =
    !has_adl_to_json<T>::value && !std::is_same_v<T, JSONField> &&
    (std::is_enum_v<T> || (std::is_class_v<T> && std::is_aggregate_v<T> && !is_range<T>::value));

}  // namespace fastcpp::detail

NLOHMANN_JSON_NAMESPACE_BEGIN

template <class T>
struct adl_serializer<T, std::enable_if_t<fastcpp::detail::is_model_type_v<T>>> {
  static void to_json(fastcpp::json& out, const T& value) { out = fastcpp::detail::encode(value); }
  static void from_json(const fastcpp::json& input, T& out) {
    fastcpp::detail::decode_or_throw(input, out);
  }
};

/// std::optional: its value, or null (FastAPI's None).
template <class T>
struct adl_serializer<std::optional<T>> {
  template <class Json>
  static void to_json(Json& out, const std::optional<T>& value) {
    if (value) {
      out = *value;
    } else {
      out = nullptr;
    }
  }
  template <class Json>
  static void from_json(const Json& input, std::optional<T>& out) {
    if (input.is_null()) {
      out.reset();
    } else {
      out = input.template get<T>();
    }
  }
};

NLOHMANN_JSON_NAMESPACE_END
