#include "content/gumbo_fragment.hpp"

#include <algorithm>
#include <vector>

#include "content/html_depth.hpp"

namespace gp::content {

GumboDocument parse_fragment(std::string_view html) {
    if (open_element_bound(html) > kMaxHtmlDepth) return nullptr;
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_DIV;
    options.fragment_namespace = GUMBO_NAMESPACE_HTML;
    options.max_errors = 0;  // nobody reads them; bad input would otherwise grow the list
    GumboDocument output(gumbo_parse_with_options(&options, html.data(), html.size()));
    // The bound counts what the input opens; the tree also holds what the parser adds (a table's
    // <tbody> and <tr>, reopened formatting), and the limit holds for the tree readers get.
    if (element_depth(*output->root) > kMaxHtmlDepth) return nullptr;
    return output;
}

std::size_t element_depth(const GumboNode& node) {
    struct Frame {
        const GumboNode* node;
        std::size_t depth;
    };
    std::size_t deepest = 0;
    std::vector<Frame> stack{{&node, 0}};
    while (!stack.empty()) {
        const Frame frame = stack.back();
        stack.pop_back();
        deepest = std::max(deepest, frame.depth);
        if (frame.node->type != GUMBO_NODE_ELEMENT && frame.node->type != GUMBO_NODE_TEMPLATE) {
            continue;
        }
        const GumboVector& children = frame.node->v.element.children;
        for (unsigned int i = 0; i < children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(children.data[i]);
            if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE) {
                stack.push_back({child, frame.depth + 1});
            }
        }
    }
    return deepest;
}

}  // namespace gp::content
