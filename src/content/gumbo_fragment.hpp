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

/// Parses an HTML fragment as the content of a <div>, the way a body or a paste is parsed.
inline GumboDocument parse_fragment(std::string_view html) {
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_DIV;
    options.fragment_namespace = GUMBO_NAMESPACE_HTML;
    options.max_errors = 0;  // nobody reads them; bad input would otherwise grow the list
    return GumboDocument(gumbo_parse_with_options(&options, html.data(), html.size()));
}

}  // namespace gp::content
