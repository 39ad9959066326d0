// fastcpp/depends.hpp: FastAPI's Depends(): a parameter whose value is what another function
// returns, called with its own parameters bound from the same request.
//
//   static User get_current_user(fastcpp::Header<std::string> authorization);
//
//   FASTCPP_GET("/users/me")
//   static User read_me(fastcpp::Depends<get_current_user> user) { return *user; }
//
// fastcpp-gen resolves the graph at build time (docs/dependencies.md): sub-dependencies first,
// one call per request for a function used several times (`Depends<f, false>` calls it anew,
// FastAPI's use_cache=False), every parameter error in one 422, an exception raised in a
// dependency answered by the exception handlers. The value lives until the response is built:
// its destructor is the cleanup of FastAPI's dependencies with `yield`.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

namespace fastcpp {
namespace detail {

template <class Function>
struct function_result;
template <class R, class... Args>
struct function_result<R (*)(Args...)> {
  using type = R;
};
template <class R, class... Args>
struct function_result<R (*)(Args...) noexcept> {
  using type = R;
};

/// What dependency F returns, without reference or const.
template <auto F>
using dependency_result_t =
    std::remove_cv_t<std::remove_reference_t<typename function_result<decltype(F)>::type>>;

/// The value of one dependency call in a generated route: empty until the call, which constructs
/// the value in place (so a result that can be neither copied nor moved is fine); destroyed with
/// the route's other values in the reverse order of their calls, as FastAPI closes its exit stack.
template <auto F>
class Solved {
 public:
  using value_type = dependency_result_t<F>;

  // The member stays empty until call(); a trivial one is zeroed, so that no compiler takes a
  // read after a call it cannot see for a read of nothing.
  Solved() noexcept {  // NOLINT(modernize-use-equals-default)
    if constexpr (std::is_trivially_default_constructible_v<value_type>) {
      ::new (static_cast<void*>(&value_)) value_type();
    }
  }
  ~Solved() {
    if (engaged_) value_.~value_type();
  }
  Solved(const Solved&) = delete;
  Solved& operator=(const Solved&) = delete;

  /// Calls `call` (a lambda that calls F with its arguments) and keeps what it returns.
  template <class Call>
  void call(Call&& call) {
    ::new (static_cast<void*>(&value_)) value_type(std::forward<Call>(call)());
    engaged_ = true;
  }

  value_type& operator*() noexcept { return value_; }

 private:
  union {
    value_type value_;
  };
  bool engaged_ = false;
};

}  // namespace detail

/// A parameter whose value is the result of `F`, a function whose own parameters are bound
/// from the request as a handler's are (path, query, header, cookie, body, `const Request&`,
/// `WebSocket&`, other dependencies). `UseCache` false: a call of its own even when the request
/// already called F (FastAPI's `use_cache=False`).
///
/// It refers to the value the generated route keeps, which lives until the response is built;
/// dependents that use F share it (a list one appends to is the list the next one reads).
template <auto F, bool UseCache = true>
class Depends {
 public:
  using value_type = detail::dependency_result_t<F>;
  static_assert(!std::is_void_v<value_type>,
                "fastcpp::Depends<f>: f returns void, so there is no value to pass; list it in "
                "FASTCPP_DEPENDENCIES(f) on the route instead, or return a value");
  using reference = std::add_lvalue_reference_t<value_type>;

  template <class V, class = std::enable_if_t<std::is_same_v<V, value_type>>>
  Depends(V& value) noexcept  // NOLINT(google-explicit-constructor)
      : value_(&value) {}

  reference operator*() const noexcept { return *value_; }
  value_type* operator->() const noexcept { return value_; }
  operator reference() const noexcept { return *value_; }  // NOLINT(google-explicit-constructor)
  reference value() const noexcept { return *value_; }

 private:
  value_type* value_;
};

}  // namespace fastcpp
