#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "content/article_limits.hpp"
#include "content/editorial.hpp"
#include "content/error.hpp"
#include "content/html_depth.hpp"

namespace gp::content {

/// Deeper nesting than any article needs (content/html_depth.hpp says why it is capped).
constexpr std::size_t kMaxBodyDepth = kMaxHtmlDepth;

/// Turns what an editor typed into the body readers get: Markdown is rendered by cmark-gfm
/// (tables, strikethrough, autolinks), then HTML either way goes through the allowlist
/// sanitiser. Errors: payload_too_large over kMaxBodyBytes, bad_request past kMaxBodyDepth
/// (user messages are catalog keys: err_body_size, err_body_depth).
Result<std::string> render_body(std::string_view input, BodyFormat format);

/// Markdown to HTML by cmark-gfm, raw HTML left out (the sanitiser would strip it anyway).
std::string markdown_to_html(std::string_view markdown);

}  // namespace gp::content
