#include "content/article_body.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "content/html_sanitizer.hpp"

namespace gp::content {
namespace {

constexpr std::array<std::string_view, 14> kVoidElements{
    "area",  "base", "br",   "col",   "embed",  "hr",    "img",
    "input", "link", "meta", "param", "source", "track", "wbr"};

bool is_void(std::string_view name) {
    return std::find(kVoidElements.begin(), kVoidElements.end(), name) != kVoidElements.end();
}

struct NodeFree {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserFree {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

}  // namespace

int nesting_depth(std::string_view html) {
    int depth = 0;
    int deepest = 0;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        ++i;
        if (i >= html.size()) break;
        const bool closing = html[i] == '/';
        if (closing) ++i;
        std::size_t j = i;
        while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
        if (j == i) continue;  // "<" as text, a comment or a declaration
        std::string name(html.substr(i, j - i));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const auto end = html.find('>', j);
        const bool self_closed = end != std::string_view::npos && end > j && html[end - 1] == '/';
        if (closing) {
            if (depth > 0) --depth;
        } else if (!is_void(name) && !self_closed) {
            deepest = std::max(deepest, ++depth);
        }
        i = j;
    }
    return deepest;
}

std::string markdown_to_html(std::string_view markdown) {
    cmark_gfm_core_extensions_ensure_registered();
    std::unique_ptr<cmark_parser, ParserFree> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
        if (auto* ext = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser.get(), ext);
        }
    }
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    std::unique_ptr<cmark_node, NodeFree> doc(cmark_parser_finish(parser.get()));
    char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT,
                                   cmark_parser_get_syntax_extensions(parser.get()));
    std::string out(html ? html : "");
    cmark_get_default_mem_allocator()->free(html);
    return out;
}

Result<std::string> render_body(std::string_view input, BodyFormat format) {
    if (input.size() > kMaxBodyBytes) {
        return make_error(Errc::payload_too_large, "err_body_size",
                          "body of " + std::to_string(input.size()) + " bytes");
    }
    std::string html =
        format == BodyFormat::markdown ? markdown_to_html(input) : std::string(input);
    if (html.size() > 2 * kMaxBodyBytes) {
        return make_error(Errc::payload_too_large, "err_body_size", "rendered body too large");
    }
    if (const int depth = nesting_depth(html); depth > kMaxBodyDepth) {
        return make_error(Errc::bad_request, "err_body_depth",
                          "body nested " + std::to_string(depth) + " deep");
    }
    return sanitize_html(html);
}

}  // namespace gp::content
