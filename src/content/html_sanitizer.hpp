#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gp::content {

/// Parses untrusted HTML (a fragment: article body from an import, a paste from Word or a web page)
/// with gumbo and returns HTML that keeps only an allowlist of tags and attributes. Never throws on
/// bad input; returns "" for empty input. The result is valid UTF-8 and a fixed point:
/// sanitize_html(sanitize_html(x)) == sanitize_html(x). Input whose filtered tree still changes
/// after a few re-parses comes back as escaped plain text (a safety net; no such input is known).
///
/// Markup nested deeper than kMaxHtmlDepth (content/html_depth.hpp) is never parsed: it comes
/// back whole as escaped text. Cost: linear in the input (gumbo's work grows with tag count times
/// nesting depth, and the depth is capped before gumbo sees it); callers cap the input's size.
std::string sanitize_html(std::string_view untrusted);

/// The same, but nullopt for markup nested deeper than kMaxHtmlDepth, for callers that refuse it
/// with a message instead.
std::optional<std::string> sanitize_html_within_depth(std::string_view untrusted);

}  // namespace gp::content
