// Helpers shared by the runtime's .cpp files; not installed.
#pragma once

#include <string>
#include <string_view>

#include "text.hpp"

namespace fastcpp::detail {

/// `urllib.parse.quote(text, safe)`: percent-encodes every byte that is neither unreserved
/// (`A-Za-z0-9_.-~`) nor in `safe`.
std::string quote(std::string_view text, std::string_view safe);

/// Logs one line to stderr: the time, `level` and `message`.
void log_line(std::string_view level, std::string_view message);

/// What the exception in flight is, for logs: its type and, for std::exception, what().
std::string describe_current_exception();

}  // namespace fastcpp::detail
