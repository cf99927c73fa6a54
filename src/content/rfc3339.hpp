#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gp::content {

/// Parses an RFC 3339 date-time ("2025-03-11T09:00:00+08:00", "…Z", fractional seconds allowed
/// and dropped). Returns nullopt for anything else, including impossible dates (2025-02-30).
std::optional<std::chrono::sys_seconds> parse_rfc3339(std::string_view text);

/// Formats `t` as RFC 3339 at the given UTC offset, e.g. "2025-03-11T09:00:00+08:00".
std::string format_rfc3339(std::chrono::sys_seconds t, std::chrono::minutes utc_offset);

}  // namespace gp::content
