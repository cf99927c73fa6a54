#include "content/article_body.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <memory>

#include "content/html_sanitizer.hpp"

namespace gp::content {
namespace {

struct NodeFree {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct ParserFree {
    void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

}  // namespace

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
    auto sanitized = sanitize_html_within_depth(html);
    if (!sanitized) {
        return make_error(Errc::bad_request, "err_body_depth",
                          "body nested deeper than " + std::to_string(kMaxBodyDepth));
    }
    return std::move(*sanitized);
}

}  // namespace gp::content
