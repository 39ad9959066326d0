// A service whose one route never returns (deployment_test.cpp): what a shutdown does when a
// handler outlasts the grace period.
#include <fastcpp/fastcpp.hpp>

#include <chrono>
#include <thread>

FASTCPP_GET("/stuck")
static fastcpp::json stuck() {
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}
