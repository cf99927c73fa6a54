#pragma once

#include <string>
#include <string_view>

namespace gp::content {

/// `s` safe to print on a terminal or in a one-line log entry: C0 controls (tab and newline
/// too), DEL and the bytes of invalid UTF-8 become `\xNN`; C1 controls (U+0080–U+009F) and the
/// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) become `\uNNNN`. All
/// else, Chinese text included, is kept. Never throws on bad input.
std::string escape_control_chars(std::string_view s);

/// `s` without what escape_control_chars() escapes, for text taken from a visitor to be shown
/// later: the characters are dropped, not escaped. Never throws on bad input.
std::string strip_control_chars(std::string_view s);

}  // namespace gp::content
