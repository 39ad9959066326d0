// Helpers shared by the runtime's .cpp files; not installed.
#pragma once

#include <string>
#include <string_view>

#include "text.hpp"

namespace fastcpp::detail {

/// `urllib.parse.quote(text, safe)`: percent-encodes every byte that is neither unreserved
/// (`A-Za-z0-9_.-~`) nor in `safe`.
std::string quote(std::string_view text, std::string_view safe);

/// How log lines are written: uvicorn's text lines, or one JSON object a line (--log-format).
enum class LogFormat { kText, kJson };
/// Process-wide: the format, and the least level written (uvicorn's --log-level names:
/// critical, error, warning, info, debug, trace). False for an unknown level name.
bool configure_logging(LogFormat format, std::string_view level);

/// Logs one line to stderr: the time, `level` ("INFO", "ERROR"...) and `message`; nothing when
/// `level` is below the configured one.
void log_line(std::string_view level, std::string_view message);

/// One request as the access log shows it (at INFO).
struct AccessEntry {
  std::string_view client_host;
  int client_port = 0;
  std::string_view method;
  std::string_view target;
  std::string_view http_version;  ///< "HTTP/1.1"
  int status = 0;
  double duration_ms = 0;
  std::string_view request_id;  ///< empty unless the server gives requests an id
};
void log_access(const AccessEntry& entry);

/// What the exception in flight is, for logs: its type and, for std::exception, what().
std::string describe_current_exception();

}  // namespace fastcpp::detail
