#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "content/editorial.hpp"
#include "content/error.hpp"
#include "content/import_document.hpp"  // kMaxBodyBytes: the same bound as an import's

namespace gp::content {

/// Deeper nesting than any article needs; gumbo's cost grows with depth times tag count, so
/// hostile nesting is refused before it is parsed.
constexpr int kMaxBodyDepth = 200;

/// The deepest element nesting a cheap scan of `html` finds (void elements and self-closed tags
/// do not nest). An upper bound of what a parser would build, never an underestimate.
int nesting_depth(std::string_view html);

/// Turns what an editor typed into the body readers get: Markdown is rendered by cmark-gfm
/// (tables, strikethrough, autolinks), then HTML either way goes through the allowlist
/// sanitiser. Errors: payload_too_large over kMaxBodyBytes, bad_request past kMaxBodyDepth
/// (user messages are catalog keys: err_body_size, err_body_depth).
Result<std::string> render_body(std::string_view input, BodyFormat format);

/// Markdown to HTML by cmark-gfm, raw HTML left out (the sanitiser would strip it anyway).
std::string markdown_to_html(std::string_view markdown);

}  // namespace gp::content
