#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gp::content {

/// The visible text of sanitised or untrusted HTML: tags removed, entities decoded, runs of
/// whitespace (including U+3000 and NBSP) collapsed to one space, trimmed. Block elements (p,
/// h1-h6, li, br, div, tr, td...) separate words with a space. Never throws on bad input; returns
/// "" for empty input and for markup nested deeper than kMaxHtmlDepth (content/html_depth.hpp).
std::string html_to_text(std::string_view html);

/// A summary of at most `max_chars` Unicode code points (not bytes) taken from the text;
/// when cut, it ends with "…" (counted in max_chars) and never splits a UTF-8 sequence.
/// Prefers to cut after a Chinese full stop/semicolon/comma (。；，！？) or space found in the last
/// 30% of the budget. Returns the text unchanged when it fits, "" when max_chars is 0.
std::string summarize(std::string_view text, std::size_t max_chars = 120);

/// Counts Unicode code points of valid UTF-8 (used to enforce "title over 200 characters"); each
/// byte of an ill-formed sequence counts as one.
std::size_t utf8_length(std::string_view s);

/// True when s is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF, no truncated
/// sequences).
bool is_valid_utf8(std::string_view s);

}  // namespace gp::content
