#include <fmt/format.h>

#include "content/crawler.hpp"
#include "content/pagination.hpp"
#include "pagecache/page_cache.hpp"
#include "render/template_hierarchy.hpp"
#include "render/views/article_view.hpp"
#include "site/article_page.hpp"
#include "site/site.hpp"

namespace gp::site {

namespace depends = pagecache::depends;

namespace {

constexpr int kHomeItemsPerSection = 8;

}  // namespace

http::Response Site::show_home(const http::Request& req, http::RequestContext& ctx,
                               const http::RouteParams&) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    const auto now = deps_.clock();
    auto& articles = deps_.store.articles();
    const auto counts = tree.roll_up(articles.count_visible_by_category(now));
    render::HomeView view;
    for (const auto* section : tree.sections()) {
        render::HomeSectionView s;
        s.name = section->name;
        if (!section->subtitle.empty()) s.subtitle = section->subtitle;
        s.url = tree.url(section->id);
        const auto it = counts.find(section->id);
        s.count = std::to_string(it == counts.end() ? 0 : it->second);
        const auto ids = tree.subtree(section->id);
        for (const auto& a : articles.list_visible(ids, now, 0, kHomeItemsPerSection)) {
            s.items.push_back(summary_item(a, tree));
        }
        for (const auto* child : tree.children(section->id)) {
            s.children.push_back({child->name, tree.url(child->id)});
        }
        view.sections.push_back(std::move(s));
    }
    const auto head = seo(req, "/", deps_.settings.site.name, "", "",
                          nlohmann::json::array({organization_ld(req), breadcrumb_ld(req, {})}));
    cacheable(ctx, "/", {depends::all_articles()});
    return html(http::Status::ok, render_page({"home"}, frame(tree, "", 0), &head, view));
}

http::Response Site::list_category(const http::Request& req, http::RequestContext& ctx,
                                   const http::RouteParams& params) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    const auto* category = tree.find_path(params.get("path"));
    if (!category) {
        return error_page(content::make_error(content::Errc::not_found, "没有找到这个栏目。"), ctx);
    }
    auto page_number = content::parse_page_number(ctx.query_value("page"));
    if (!page_number) return error_page(page_number.error(), ctx);
    const auto now = deps_.clock();
    auto& articles = deps_.store.articles();
    const auto counts = tree.roll_up(articles.count_visible_by_category(now));
    const auto count_of = [&](std::int64_t id) {
        const auto it = counts.find(id);
        return it == counts.end() ? std::int64_t{0} : it->second;
    };
    const auto per_page = deps_.settings.site.per_page;
    auto pagination = content::paginate(*page_number, per_page, count_of(category->id));
    if (!pagination) return error_page(pagination.error(), ctx);

    const auto chain = tree.ancestry(category->id);
    const auto* section = chain.front();
    std::string title = category->name;
    if (pagination->page > 1) title += fmt::format("（第{}页）", pagination->page);
    auto f = frame(tree, title, section->id);
    render::CategoryView view;
    view.section_name = section->name;
    view.section_subtitle = section->subtitle;
    view.name = category->name;
    view.subtitle = category->subtitle.empty() ? section->subtitle : category->subtitle;
    for (const auto* c : chain) view.breadcrumb.push_back({c->name, tree.url(c->id)});
    // Tabs: "全部" is the section itself, then its children; the tab of the category shown (or
    // of its ancestor among the section's children) is marked current.
    const auto add_tab = [&](const content::Category* c, std::string name) {
        const bool current =
            c->id == category->id || (c != section && chain.size() > 1 && chain[1]->id == c->id);
        view.tabs.push_back(
            {std::move(name), tree.url(c->id), std::to_string(count_of(c->id)), current});
    };
    add_tab(section, "全部");
    for (const auto* child : tree.children(section->id)) add_tab(child, child->name);
    // Below the section's tabs, a deeper category shows its own children as sub-tabs.
    if (chain.size() > 1) {
        const auto* parent = chain.size() > 2 ? chain[chain.size() - 2] : category;
        const auto* anchor = tree.children(category->id).empty() ? parent : category;
        if (anchor != section) {
            for (const auto* child : tree.children(anchor->id)) {
                view.subtabs.push_back({child->name, tree.url(child->id),
                                        std::to_string(count_of(child->id)),
                                        child->id == category->id});
            }
        }
    }
    const auto ids = tree.subtree(category->id);
    for (const auto& a : articles.list_visible(ids, now, pagination->offset(), per_page)) {
        view.items.push_back(summary_item(a, tree));
    }
    const auto base = tree.url(category->id);
    const auto page_url = [&](std::int64_t n) {
        return n == 1 ? base : fmt::format("{}?page={}", base, n);
    };
    view.pager = render::pager_view(*pagination, page_url);
    std::vector<std::pair<std::string, std::string>> trail;
    trail.reserve(chain.size());
    for (const auto* c : chain) trail.emplace_back(c->name, tree.url(c->id));
    // The editor's SEO title and description win over the name and subtitle.
    std::string seo_title = category->seo_title.empty() ? title : category->seo_title;
    if (!category->seo_title.empty()) {
        if (pagination->page > 1) seo_title += fmt::format("（第{}页）", pagination->page);
        f.page_title = seo_title + " - " + deps_.settings.site.name;
    }
    auto head = seo(req, page_url(pagination->page), seo_title,
                    !category->seo_description.empty() ? category->seo_description
                    : category->subtitle.empty()       ? section->subtitle
                                                       : category->subtitle,
                    "", breadcrumb_ld(req, trail));
    if (pagination->has_prev()) head.head_prev = absolute(req, page_url(pagination->page - 1));
    if (pagination->has_next()) head.head_next = absolute(req, page_url(pagination->page + 1));
    head.rss_url = base + "rss.xml";
    cacheable(ctx, page_url(pagination->page), {depends::section(section->id)});
    return html(http::Status::ok,
                render_page(render::entry_templates("category", category->slug), f, &head, view));
}

http::Response Site::show_article(const http::Request& req, http::RequestContext& ctx,
                                  const http::RouteParams& params) {
    // A view counts for a GET by a visitor that is not a known crawler; HEAD never counts.
    const bool counts_view =
        req.method() == http::Verb::get && !content::is_crawler(req[http::Field::user_agent]);
    auto read = article_pages_.read(params.get("id"), ctx.path, counts_view);
    if (const auto* moved = std::get_if<ArticleMoved>(&read)) {
        return http::make_redirect(http::Status::moved_permanently, moved->canonical);
    }
    if (std::holds_alternative<ArticleMissing>(read)) {
        return error_page(content::make_error(content::Errc::not_found,
                                              "没有找到这篇文章，它可能尚未发布或已被移除。"),
                          ctx);
    }
    const auto& page = std::get<ArticlePage>(read);
    const auto& article = page.article;
    const auto& tree = *page.tree;
    const auto& canonical = page.canonical;

    render::ArticleView view;
    view.title = article.title;
    view.date = deps_.time_zone.date(article.published_at);
    view.date_time = deps_.time_zone.date_time(article.published_at);
    view.datetime_iso = deps_.time_zone.rfc3339(article.published_at);
    // With the page cache the count is a slot filled at send time with the stored count at
    // render time plus every view counted since (views - views_counted + counted now).
    view.views = deps_.view_slot.empty() ? std::to_string(page.views) : deps_.view_slot;
    view.body_html = article.body_html;
    view.source = article.source.empty() ? std::string("本站") : article.source;
    view.source_url = article.source_url;
    for (const auto& k : article.keywords) view.keywords.push_back({k, tag_url(k)});
    for (const auto* c : page.chain) view.breadcrumb.push_back({c->name, tree.url(c->id)});
    const auto link = [&](const store::ArticleLink& l) {
        return render::LinkView{l.title, article_path(tree, l.category_id, l.id)};
    };
    if (page.older) view.prev = link(*page.older);
    if (page.newer) view.next = link(*page.newer);
    for (const auto& r : page.related) view.related.push_back(link(r));
    std::string_view category_slug;
    if (const auto* c = tree.find(article.category_id)) {
        view.category = render::LinkView{c->name, tree.url(c->id)};
        category_slug = c->slug;
    }

    std::string keyword_line;
    for (const auto& k : article.keywords) keyword_line += (keyword_line.empty() ? "" : ",") + k;
    std::vector<std::pair<std::string, std::string>> trail;
    for (const auto* c : page.chain) trail.emplace_back(c->name, tree.url(c->id));
    trail.emplace_back(article.title, canonical);
    nlohmann::json news{{"@context", "https://schema.org"},
                        {"@type", "NewsArticle"},
                        {"headline", article.title},
                        {"datePublished", deps_.time_zone.rfc3339(article.published_at)},
                        {"dateModified", deps_.time_zone.rfc3339(
                                             std::max(article.published_at, article.updated_at))},
                        {"keywords", article.keywords},
                        {"mainEntityOfPage", absolute(req, canonical)},
                        {"description", article.summary},
                        {"publisher",
                         {{"@type", "Organization"},
                          {"name", deps_.settings.site.name},
                          {"url", absolute(req, "/")}}}};
    if (article.source_url) {
        news["isBasedOn"] = *article.source_url;
    }
    if (!article.source.empty()) news["sourceOrganization"] = article.source;
    // The first picture of the body is what WeChat and others show with a shared link; the
    // sanitiser writes every img as <img src="…" so the search is exact.
    std::string image;
    if (const auto img = article.body_html.find("<img src=\""); img != std::string::npos) {
        const auto start = img + 10;
        const auto end = article.body_html.find('"', start);
        const auto src = article.body_html.substr(start, end - start);
        image = src.starts_with("/") ? absolute(req, src) : src;
        news["image"] = image;
    }
    auto head = seo(req, canonical, article.title, article.summary, keyword_line,
                    nlohmann::json::array({news, breadcrumb_ld(req, trail)}));
    head.og_type = "article";
    if (!image.empty()) head.og_image = image;

    std::vector<std::string> shows{depends::article(article.id)};
    for (const auto& n : {page.older, page.newer}) {
        if (n) shows.push_back(depends::link(n->id));
    }
    // A related article that is edited, unpublished or deleted drops this page too, so the list
    // never links to a page that is gone.
    for (const auto& r : page.related) shows.push_back(depends::link(r.id));
    cacheable(ctx, canonical, std::move(shows));
    if (!deps_.view_slot.empty()) {
        ctx.cacheable->view_article = article.id;
        ctx.cacheable->view_base = page.views - page.views_counted;
    }
    const auto f = frame(tree, article.title, page.chain.empty() ? -1 : page.chain.front()->id);
    return html(http::Status::ok,
                render_page(render::entry_templates("article", category_slug), f, &head, view));
}

http::Response Site::list_keyword(const http::Request& req, http::RequestContext& ctx,
                                  const http::RouteParams& params) {
    const auto& keyword = params.get("keyword");
    auto page_number = content::parse_page_number(ctx.query_value("page"));
    if (!page_number) return error_page(page_number.error(), ctx);
    const auto now = deps_.clock();
    auto& articles = deps_.store.articles();
    const auto total = articles.count_by_keyword(keyword, now);
    if (total == 0) {
        return error_page(
            content::make_error(content::Errc::not_found, "没有与这个关键词相关的已发布文章。"),
            ctx);
    }
    const auto per_page = deps_.settings.site.per_page;
    auto pagination = content::paginate(*page_number, per_page, total);
    if (!pagination) return error_page(pagination.error(), ctx);
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    std::string title = "关键词：" + keyword;
    if (pagination->page > 1) title += fmt::format("（第{}页）", pagination->page);
    render::KeywordView view;
    view.keyword = keyword;
    view.total = std::to_string(total);
    for (const auto& a : articles.list_by_keyword(keyword, now, pagination->offset(), per_page)) {
        view.items.push_back(summary_item(a, tree));
    }
    const auto base = tag_url(keyword);
    const auto page_url = [&](std::int64_t n) {
        return n == 1 ? base : fmt::format("{}?page={}", base, n);
    };
    view.pager = render::pager_view(*pagination, page_url);
    const auto page_path = page_url(pagination->page);
    auto head =
        seo(req, page_path, title,
            fmt::format("与“{}”相关的等保资讯、政策解读与测评实践，共 {} 篇。", keyword, total),
            keyword, breadcrumb_ld(req, {{"关键词：" + keyword, base}}));
    if (pagination->has_prev()) head.head_prev = absolute(req, page_url(pagination->page - 1));
    if (pagination->has_next()) head.head_next = absolute(req, page_url(pagination->page + 1));
    cacheable(ctx, page_path, {depends::keyword(keyword)});
    return html(http::Status::ok, render_page({"tag"}, frame(tree, title, -1), &head, view));
}

http::Response Site::show_health(const http::Request&, http::RequestContext&,
                                 const http::RouteParams&) {
    const bool ok = deps_.store.ping();
    auto res = http::make_response(ok ? http::Status::ok : http::Status::service_unavailable,
                                   "application/json",
                                   ok ? "{\"status\":\"ok\",\"store\":\"ok\"}\n"
                                      : "{\"status\":\"unavailable\",\"store\":\"down\"}\n");
    res.set(http::Field::cache_control, "no-store");
    return res;
}

http::Response Site::show_wechat_qr(const http::Request& req, http::RequestContext& ctx,
                                    const http::RouteParams&) {
    cacheable(ctx, "/wechat-qr.svg", {});
    const std::string& etag = qr_etag_;
    if (etag_matches(req[http::Field::if_none_match], etag)) {
        http::Response res{http::Status::not_modified, 11};
        res.set(http::Field::etag, etag);
        return res;
    }
    auto res = http::make_response(http::Status::ok, "image/svg+xml", deps_.qr_svg);
    res.set(http::Field::etag, etag);
    res.set(http::Field::cache_control, "public, max-age=3600");
    return res;
}

http::Response Site::show_static(const http::Request& req, http::RequestContext& ctx,
                                 const http::RouteParams& params) {
    const auto* file = deps_.static_files.find(params.get("path"));
    if (!file) return status_page(http::Status::not_found, "没有这个文件。", ctx);
    // Only the plain URL and the one versioned URL of the file are kept, not any query.
    const auto version = ctx.query_value("v");
    cacheable(
        ctx,
        "/static/" + params.get("path") + (version ? "?v=" + std::string(*version) : std::string{}),
        {});
    if (version && *version != file->etag.substr(1, 8)) ctx.cacheable.reset();
    http::Response res{http::Status::ok, 11};
    res.set(http::Field::etag, file->etag);
    // Versioned URLs (?v=hash) never change content; plain ones are revalidated.
    res.set(http::Field::cache_control,
            ctx.query_value("v") ? "public, max-age=31536000, immutable" : "public, max-age=300");
    if (etag_matches(req[http::Field::if_none_match], file->etag)) {
        res.result(http::Status::not_modified);
        return res;
    }
    res.set(http::Field::content_type, file->content_type);
    res.body() = file->body;
    return res;
}

http::Response Site::add_slash(const http::Request& req, http::RequestContext& ctx,
                               const http::RouteParams& params) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    if (!tree.find_path(params.get("path"))) {
        return status_page(http::Status::not_found, "您访问的页面不存在。", ctx);
    }
    // Keep the query, so /news?page=2 lands on /news/?page=2.
    const auto target = std::string_view(req.target());
    const auto q = target.find('?');
    auto location = tree.url(tree.find_path(params.get("path"))->id);
    if (q != std::string_view::npos) location += target.substr(q);
    return http::make_redirect(http::Status::moved_permanently, location);
}

}  // namespace gp::site
