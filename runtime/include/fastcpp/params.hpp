// fastcpp/params.hpp: explicit parameter sources, FastAPI's Query(), Path(), Header(),
// Cookie(), Body() and Form().
//
// A wrapper behaves as the value it holds: `Query<int> limit = 10` converts to `int`,
// `Cookie<std::optional<std::string>> session` is a `std::optional<std::string>`.
#pragma once

#include <type_traits>
#include <utility>

namespace fastcpp {
namespace detail {

/// Class types are inherited, so their members and operators stay usable as they are.
template <class T, bool = std::is_class_v<T>>
class ParamValue : public T {
 public:
  ParamValue() = default;
  template <class U, class = std::enable_if_t<std::is_constructible_v<T, U&&>>>
  ParamValue(U&& value) : T(std::forward<U>(value)) {}  // NOLINT(google-explicit-constructor)

  const T& value() const noexcept { return *this; }
  T& value() noexcept { return *this; }
};

/// Scalars (int, double, bool, enums) are held and converted implicitly.
template <class T>
class ParamValue<T, false> {
 public:
  ParamValue() = default;
  ParamValue(T value) : value_(value) {}  // NOLINT(google-explicit-constructor)

  operator T() const noexcept { return value_; }  // NOLINT(google-explicit-constructor)
  const T& value() const noexcept { return value_; }
  T& value() noexcept { return value_; }

 private:
  T value_{};
};

}  // namespace detail

/// A query parameter, even when its type would otherwise make it something else.
template <class T>
class Query : public detail::ParamValue<T> {
  using detail::ParamValue<T>::ParamValue;
};

/// A path parameter: its name must appear in the route's path template.
template <class T>
class Path : public detail::ParamValue<T> {
  using detail::ParamValue<T>::ParamValue;
};

/// A header: `user_agent` reads `user-agent`. `std::vector<T>` takes every line of it.
template <class T>
class Header : public detail::ParamValue<T> {
  using detail::ParamValue<T>::ParamValue;
};

/// A cookie from the request's `Cookie` header.
template <class T>
class Cookie : public detail::ParamValue<T> {
  using detail::ParamValue<T>::ParamValue;
};

/// A JSON body parameter, even for a scalar type. With more than one body parameter, each is
/// read from the body object's key of its name, as FastAPI embeds them.
template <class T>
class Body : public detail::ParamValue<T> {
  using detail::ParamValue<T>::ParamValue;
};

/// A field of a form body (`application/x-www-form-urlencoded`), FastAPI's Form(): read under its
/// name (or FASTCPP_ALIAS); `std::vector<T>` takes every value of the name.
template <class T>
class Form : public detail::ParamValue<T> {
  using detail::ParamValue<T>::ParamValue;
};

}  // namespace fastcpp
