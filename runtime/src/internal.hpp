// Helpers shared by the runtime's .cpp files; not installed.
#pragma once

#include <string>
#include <string_view>

namespace fastcpp::detail {

/// ASCII case-insensitive equality, defined in text.cpp with the other text helpers; declared here
/// too for the files that include only this header.
bool iequals(std::string_view a, std::string_view b) noexcept;

/// `urllib.parse.quote(text, safe)`: percent-encodes every byte that is neither unreserved
/// (`A-Za-z0-9_.-~`) nor in `safe`.
std::string quote(std::string_view text, std::string_view safe);

/// Logs one line to stderr: the time, `level` and `message`.
void log_line(std::string_view level, std::string_view message);

/// What the exception in flight is, for logs: its type and, for std::exception, what().
std::string describe_current_exception();

}  // namespace fastcpp::detail
