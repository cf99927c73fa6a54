#pragma once

#include <gumbo.h>

#include <memory>
#include <string_view>

namespace gp::content {

struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

using GumboDocument = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

/// Parses an HTML fragment as the content of a <div>, the way a body or a paste is parsed, or
/// returns null when it nests deeper than kMaxHtmlDepth: open_element_bound keeps markup that
/// would make gumbo's work quadratic (and its recursive free overflow the stack) away from it,
/// and the depth of the tree gumbo built is checked after.
GumboDocument parse_fragment(std::string_view html);

/// The deepest element nesting under `node` (0 for a node without element children), found
/// without recursion.
std::size_t element_depth(const GumboNode& node);

}  // namespace gp::content
