#include <fmt/format.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "content/html_text.hpp"
#include "content/pagination.hpp"
#include "pagecache/page_cache.hpp"
#include "render/views/search_view.hpp"
#include "search/marked_text.hpp"
#include "search/query.hpp"
#include "site/site.hpp"

namespace gp::site {

namespace {

/// Results per page: fewer than a list page, since each carries a snippet.
constexpr std::int64_t kResultsPerPage = 10;

std::string encode(std::string_view s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

/// As a browser sends a form field (application/x-www-form-urlencoded): spaces as '+'.
std::string form_encode(std::string_view s) {
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    return boost::urls::encode(s, boost::urls::unreserved_chars, opts);
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

}  // namespace

http::Response Site::show_search(const http::Request&, http::RequestContext& ctx,
                                 const http::RouteParams&) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    const auto query = trim(ctx.query_value("q").value_or(""));
    const auto slug = trim(ctx.query_value("category").value_or(""));
    const auto f = frame(tree, query.empty() ? "搜索" : "搜索：" + query, -1);
    const content::Category* category = slug.empty() ? nullptr : tree.find_slug(slug);
    render::SearchView view;
    view.query = query;
    for (const auto* s : tree.sections()) {
        view.sections.push_back({s->slug, s->name, category && category->id == s->id});
    }
    const auto page = [&](http::Status status, const std::string& message) {
        if (!message.empty()) view.message = message;
        auto res = html(status, render_page({"search"}, f, nullptr, view));
        // Result pages are endless combinations; crawlers get the site's own pages instead.
        res.set("X-Robots-Tag", "noindex");
        return res;
    };
    if (!content::is_valid_utf8(query) || !content::is_valid_utf8(slug)) {
        return page(http::Status::bad_request, "搜索词包含无法识别的字符，请重新输入。");
    }
    if (!slug.empty() && !category) {
        return page(http::Status::bad_request, "没有这个栏目，请在全部栏目中搜索。");
    }
    if (query.empty()) return page(http::Status::ok, "请输入要搜索的词语，例如：等保测评流程。");
    if (content::utf8_length(query) > search::kMaxQueryChars) {
        return page(http::Status::bad_request,
                    fmt::format("搜索词太长了，请控制在 {} 个字以内。", search::kMaxQueryChars));
    }
    auto page_number = content::parse_page_number(ctx.query_value("page"));
    if (!page_number) return error_page(page_number.error(), ctx);

    const auto now = deps_.clock();
    const auto ids = category ? tree.subtree(category->id) : std::vector<std::int64_t>{};
    const auto offset = (*page_number - 1) * kResultsPerPage;
    const auto result = deps_.store.search().search(query, ids, now, offset, kResultsPerPage);
    if (*page_number == 1 && !result.no_terms) {
        deps_.queries.add(result.normalized_query, result.total);
    }
    auto pagination = content::paginate(*page_number, kResultsPerPage, result.total);
    if (!pagination) return error_page(pagination.error(), ctx);

    auto& results = view.results.emplace();
    results.total = std::to_string(result.total);
    results.total_capped = result.total_capped;
    if (category) results.category_name = category->name;
    for (const auto& hit : result.hits) {
        render::SearchHitView item;
        item.url = article_url(tree, hit.category_id, hit.id);
        item.title_html = search::to_html(hit.title);
        item.snippet_html = search::to_html(hit.snippet);
        item.date = deps_.time_zone.date(hit.published_at);
        if (const auto* c = tree.find(hit.category_id)) {
            item.category = render::LinkView{c->name, tree.url(c->id)};
        }
        results.items.push_back(std::move(item));
    }
    const auto base = "/search?q=" + encode(query) + (category ? "&category=" + encode(slug) : "");
    const auto url_of = [&](std::int64_t n) {
        return n == 1 ? base : fmt::format("{}&page={}", base, n);
    };
    // Kept like any page, dropped by any article change (a result can come from any article)
    // and by a synonym change. The key is the target as the site's own forms and links send
    // it, so that other spellings of the same search cannot fill memory with copies.
    const bool form_sent_category = ctx.query_value("category").has_value();
    const auto kept_as =
        "/search?q=" + form_encode(query) +
        (form_sent_category ? "&category=" + form_encode(slug) : std::string{}) +
        (ctx.query_value("page") ? fmt::format("&page={}", *page_number) : std::string{});
    cacheable(ctx, kept_as, {pagecache::depends::all_articles()});
    if (*page_number == 1 && !result.no_terms) {
        ctx.cacheable->counted_query = result.normalized_query;
        ctx.cacheable->counted_results = result.total;
    }
    results.pager = render::pager_view(*pagination, url_of);
    return page(http::Status::ok, "");
}

}  // namespace gp::site
