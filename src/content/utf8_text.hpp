#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gp::content {

/// `s` with every byte that does not belong to a well-formed UTF-8 sequence replaced by U+FFFD,
/// the way a browser shows it; valid text comes back unchanged. For text taken from a request
/// and stored: PostgreSQL refuses ill-formed UTF-8. Never throws on bad input.
std::string repair_utf8(std::string_view s);

/// repair_utf8(s) cut to at most `max_chars` code points (not bytes), never inside a sequence.
std::string clip_utf8(std::string_view s, std::size_t max_chars);

}  // namespace gp::content
