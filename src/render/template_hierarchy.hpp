#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gp::render {

/// The one place that lists which templates a page may be rendered with, most specific first;
/// the renderer takes the first that exists (as Ghost's getEntryTemplateHierarchy). A theme adds
/// `article-policy.mustache` to give the articles of category `policy` their own page, or
/// `error-404.mustache` for its own "not found", without code.

/// An entry of `kind` ("article", "category") in the category with `slug`:
/// `<kind>-<slug>`, then `<kind>`.
std::vector<std::string> entry_templates(std::string_view kind, std::string_view slug);

/// An error page for HTTP `status`: `error-<status>`, then `error-<n>xx`, then `error`.
std::vector<std::string> error_templates(unsigned status);

}  // namespace gp::render
