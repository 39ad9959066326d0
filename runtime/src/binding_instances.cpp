// The Binder readers and the JSON decode/encode of the common types, compiled once here for
// every generated file (the extern declarations at the end of fastcpp/detail/binding.hpp).
#include "fastcpp/detail/binding.hpp"

namespace fastcpp::detail {

#define FASTCPP_DETAIL_DEFINE_INSTANCES_OF(T) FASTCPP_DETAIL_INSTANCES_OF(, T)
FASTCPP_DETAIL_COMMON_TYPES(FASTCPP_DETAIL_DEFINE_INSTANCES_OF)
#undef FASTCPP_DETAIL_DEFINE_INSTANCES_OF

}  // namespace fastcpp::detail
