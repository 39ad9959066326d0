// The runtime's log lines, and how an exception in flight is described in them.
#include <cxxabi.h>
#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <memory>
#include <typeinfo>

#include "internal.hpp"

namespace fastcpp::detail {
namespace {

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> readable(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && readable ? readable.get() : name;
}

}  // namespace

void log_line(std::string_view level, std::string_view message) {
  auto now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  // One write per line, so lines from several workers do not interleave.
  auto line = fmt::format("{} {:<8} {}\n", stamp, level, message);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string describe_current_exception() {
  auto error = std::current_exception();
  if (!error) return "no exception";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& exc) {
    return fmt::format("{}: {}", demangle(typeid(exc).name()), exc.what());
  } catch (...) {
    auto* type = abi::__cxa_current_exception_type();
    return fmt::format("{} (not a std::exception)", type ? demangle(type->name()) : "unknown");
  }
}

}  // namespace fastcpp::detail
