#include <fmt/format.h>

#include "content/pagination.hpp"
#include "pagecache/page_cache.hpp"
#include "site/site.hpp"

namespace gp::site {

using render::Data;
using render::List;

namespace {

constexpr std::int64_t kUrlsPerSitemap = 50000;

/// RFC 822 dates, as RSS 2.0 wants them ("Tue, 11 Mar 2025 01:00:00 +0000").
std::string rfc822(content::Time t) {
    using namespace std::chrono;
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const weekday wd{day};
    const hh_mm_ss hms{t - day};
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[wd.c_encoding()],
                       unsigned(ymd.day()), kMonths[unsigned(ymd.month()) - 1], int(ymd.year()),
                       hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

http::Response xml(std::string body, std::string_view type = "application/xml; charset=utf-8") {
    auto res = http::make_response(http::Status::ok, type, std::move(body));
    res.set(http::Field::cache_control, "public, max-age=300");
    return res;
}

}  // namespace

http::Response Site::show_feed(const http::Request& req, http::RequestContext& ctx,
                               const http::RouteParams& params) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    const auto now = deps_.clock();
    const auto& site = deps_.settings.site;
    const auto& path = params.get("path");
    const content::Category* category = nullptr;
    if (!path.empty()) {
        category = tree.find_path(path);
        if (!category) return status_page(http::Status::not_found, "没有找到这个栏目。", ctx);
    }
    std::vector<std::int64_t> ids;
    if (category) {
        ids = tree.subtree(category->id);
    } else {
        for (const auto& c : tree.all()) ids.push_back(c.id);
    }
    auto& articles = deps_.store.articles();
    const auto items = articles.list_visible(ids, now, 0, deps_.settings.feeds.items);
    Data d;
    d.set("title", category ? category->name + " - " + site.name : site.name);
    d.set("link", absolute(req, category ? tree.url(category->id) : "/"));
    d.set("self", absolute(req, category ? tree.url(category->id) + "rss.xml" : "/rss.xml"));
    d.set("description", category && !category->subtitle.empty() ? category->subtitle
                         : site.description.empty()              ? site.tagline
                                                                 : site.description);
    d.set("build_date", rfc822(items.empty() ? now : items.front().published_at));
    List list;
    for (const auto& a : items) {
        Data item;
        item.set("title", a.title);
        item.set("link", absolute(req, article_url(tree, a.category_id, a.id)));
        item.set("pub_date", rfc822(a.published_at));
        if (const auto* c = tree.find(a.category_id)) item.set("category", c->name);
        // The description holds HTML as escaped text, as RSS readers expect.
        if (deps_.settings.feeds.full_content) {
            const auto full = articles.find_article(a.id);
            item.set("description", full ? full->body_html : a.summary);
        } else {
            item.set("description", a.summary);
        }
        list.push_back(item);
    }
    d.set("items", list);
    if (category) {
        cacheable(ctx, tree.url(category->id) + "rss.xml",
                  {pagecache::depends::section(tree.ancestry(category->id).front()->id)});
    } else {
        cacheable(ctx, "/rss.xml", {pagecache::depends::all_articles()});
    }
    return xml(deps_.renderer.render("rss", d), "application/rss+xml; charset=utf-8");
}

std::vector<std::pair<std::string, std::string>> Site::sitemap_entries(
    const http::Request& req, const content::CategoryTree& tree, std::int64_t offset,
    std::int64_t limit) const {
    // Entry 0 is the home page, then every category, then every visible article.
    std::vector<std::pair<std::string, std::string>> out;
    const auto now = deps_.clock();
    std::vector<std::string> fixed{"/"};
    for (const auto& c : tree.all()) fixed.push_back(tree.url(c.id));
    for (auto i = offset; i < static_cast<std::int64_t>(fixed.size()) && i < offset + limit; ++i) {
        out.emplace_back(absolute(req, fixed[i]), "");
    }
    const auto article_offset = std::max<std::int64_t>(0, offset - std::int64_t(fixed.size()));
    const auto remaining = limit - static_cast<std::int64_t>(out.size());
    if (remaining > 0) {
        for (const auto& a :
             deps_.store.articles().list_visible_stamps(now, article_offset, remaining)) {
            out.emplace_back(absolute(req, article_url(tree, a.category_id, a.id)),
                             deps_.time_zone.rfc3339(std::max(a.published_at, a.updated_at)));
        }
    }
    return out;
}

http::Response Site::show_sitemap(const http::Request& req, http::RequestContext& ctx,
                                  const http::RouteParams& params) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    const auto total = 1 + static_cast<std::int64_t>(tree.all().size()) +
                       deps_.store.articles().count_all_visible(deps_.clock());
    const auto parts = (total + kUrlsPerSitemap - 1) / kUrlsPerSitemap;
    const auto& n_text = params.get("n");
    std::int64_t part = 1;
    if (n_text.empty()) {
        if (parts > 1) {
            List maps;
            for (std::int64_t i = 1; i <= parts; ++i) {
                Data m;
                m.set("loc", absolute(req, fmt::format("/sitemaps/{}.xml", i)));
                maps.push_back(m);
            }
            Data d;
            d.set("sitemaps", maps);
            cacheable(ctx, "/sitemap.xml", {pagecache::depends::all_articles()});
            return xml(deps_.renderer.render("sitemap-index", d));
        }
    } else {
        auto parsed = content::parse_page_number(n_text);
        if (!parsed || *parsed > parts) {
            return status_page(http::Status::not_found, "没有这个站点地图。", ctx);
        }
        part = *parsed;
    }
    List urls;
    for (const auto& [loc, lastmod] :
         sitemap_entries(req, tree, (part - 1) * kUrlsPerSitemap, kUrlsPerSitemap)) {
        Data u;
        u.set("loc", loc);
        if (!lastmod.empty()) u.set("lastmod", lastmod);
        urls.push_back(u);
    }
    Data d;
    d.set("urls", urls);
    cacheable(ctx, n_text.empty() ? "/sitemap.xml" : fmt::format("/sitemaps/{}.xml", part),
              {pagecache::depends::all_articles()});
    return xml(deps_.renderer.render("sitemap", d));
}

http::Response Site::show_sitemap_text(const http::Request& req, http::RequestContext& ctx,
                                       const http::RouteParams&) {
    cacheable(ctx, "/sitemap.txt", {pagecache::depends::all_articles()});
    // Baidu's plain-text sitemap: one URL a line, at most 50,000 lines.
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    std::string body;
    for (const auto& [loc, lastmod] : sitemap_entries(req, tree, 0, kUrlsPerSitemap)) {
        body += loc;
        body += '\n';
    }
    return xml(std::move(body), "text/plain; charset=utf-8");
}

http::Response Site::show_robots(const http::Request& req, http::RequestContext& ctx,
                                 const http::RouteParams&) {
    cacheable(ctx, "/robots.txt", {});
    return xml(fmt::format("User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /callback\n\n"
                           "Sitemap: {}\n",
                           absolute(req, "/sitemap.xml")),
               "text/plain; charset=utf-8");
}

}  // namespace gp::site
