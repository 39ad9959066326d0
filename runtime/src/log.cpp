// The runtime's log lines, and how an exception in flight is described in them.
#include <cxxabi.h>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <typeinfo>
#include <utility>

#include "fastcpp/json_value.hpp"
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

namespace {

struct LogSettings {
  std::atomic<LogFormat> format{LogFormat::kText};
  std::atomic<int> least{20};
};
LogSettings settings;

// uvicorn's levels (Python's logging numbers, and uvicorn's TRACE).
int level_number(std::string_view level) {
  static constexpr std::pair<std::string_view, int> kLevels[] = {
      {"critical", 50}, {"error", 40}, {"warning", 30}, {"info", 20}, {"debug", 10}, {"trace", 5}};
  for (const auto& [name, number] : kLevels) {
    if (iequals(name, level)) return number;
  }
  return -1;
}

std::string local_stamp(std::time_t now) {
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  return stamp;
}

// ISO 8601 in UTC with milliseconds, as log collectors parse it.
std::string utc_stamp() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03d}Z", stamp, static_cast<int>(millis.count()));
}

// One write per line, so lines from several workers do not interleave.
void write_line(const std::string& line) { std::fwrite(line.data(), 1, line.size(), stderr); }

std::string json_line(const json& object) {
  return object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

bool configure_logging(LogFormat format, std::string_view level) {
  int number = level_number(level);
  if (number < 0) return false;
  settings.format = format;
  settings.least = number;
  return true;
}

void log_line(std::string_view level, std::string_view message) {
  int number = level_number(level);
  if (number >= 0 && number < settings.least.load(std::memory_order_relaxed)) return;
  if (settings.format.load(std::memory_order_relaxed) == LogFormat::kJson) {
    json object;
    object["time"] = utc_stamp();
    object["level"] = level;
    object["message"] = message;
    return write_line(json_line(object));
  }
  write_line(fmt::format("{} {:<8} {}\n", local_stamp(std::time(nullptr)), level, message));
}

void log_access(const AccessEntry& entry) {
  if (settings.least.load(std::memory_order_relaxed) > 20) return;
  if (settings.format.load(std::memory_order_relaxed) == LogFormat::kJson) {
    json object;
    object["time"] = utc_stamp();
    object["level"] = "INFO";
    object["client"] = fmt::format("{}:{}", entry.client_host, entry.client_port);
    object["method"] = entry.method;
    object["path"] = entry.target;
    object["http_version"] = entry.http_version;
    object["status"] = entry.status;
    object["duration_ms"] = std::round(entry.duration_ms * 1000) / 1000;
    if (!entry.request_id.empty()) object["request_id"] = entry.request_id;
    return write_line(json_line(object));
  }
  auto line =
      fmt::format("{}:{} - \"{} {} {}\" {} {:.3f}ms", entry.client_host, entry.client_port,
                  entry.method, entry.target, entry.http_version, entry.status, entry.duration_ms);
  if (!entry.request_id.empty()) line += fmt::format(" [{}]", entry.request_id);
  write_line(fmt::format("{} {:<8} {}\n", local_stamp(std::time(nullptr)), "INFO", line));
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
