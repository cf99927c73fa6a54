#include "site/site.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/pchars.hpp>

#include "http/error_status.hpp"
#include "render/template_hierarchy.hpp"

namespace gp::site {

using render::Data;
using render::List;

std::string tag_url(std::string_view keyword) {
    return "/tag/" + boost::urls::encode(keyword, boost::urls::pchars) + "/";
}

std::shared_ptr<const content::CategoryTree> Site::load_tree() const {
    return category_trees_.get();
}

http::Response Site::html(http::Status status, std::string body) const {
    auto res = http::make_response(status, "text/html; charset=utf-8", std::move(body));
    res.set(http::Field::cache_control, "no-cache");
    return res;
}

void Site::cacheable(http::RequestContext& ctx, std::string target,
                     std::vector<std::string> depends_on) {
    auto& page = ctx.cacheable.emplace();
    page.target = std::move(target);
    page.depends_on = std::move(depends_on);
}

std::string Site::article_url(const content::CategoryTree& tree, std::int64_t category_id,
                              std::int64_t id) const {
    return article_path(tree, category_id, id);
}

Data Site::frame(const content::CategoryTree& tree, std::string_view title,
                 std::int64_t active_section) const {
    const auto& s = deps_.settings;
    Data d;
    d.set("page_title", title.empty() ? s.site.name : std::string(title) + " - " + s.site.name);
    d.set("site_name", s.site.name);
    d.set("site_tagline", s.site.tagline);
    d.set("hotline", s.site.hotline);
    d.set("has_hotline", !s.site.hotline.empty());
    List nav;
    Data home;
    home.set("name", "首页");
    home.set("url", "/");
    home.set("active", active_section == 0);
    nav.push_back(home);
    for (const auto* section : tree.sections()) {
        Data item;
        item.set("name", section->name);
        item.set("url", tree.url(section->id));
        item.set("active", section->id == active_section);
        nav.push_back(item);
    }
    d.set("nav", nav);
    d.set("consult_label", s.widgets.consult_label);
    d.set("consult_url", s.widgets.consult_url);
    d.set("wechat_caption", s.widgets.wechat_caption);
    d.set("qr_url", "/wechat-qr.svg");
    d.set("css_url", deps_.static_files.versioned_url("css/site.css"));
    d.set("js_url", deps_.static_files.versioned_url("js/site.js"));
    d.set("icp_record", s.site.icp_record);
    d.set("has_icp", !s.site.icp_record.empty());
    d.set("police_record", s.site.police_record);
    d.set("has_police", !s.site.police_record.empty());
    d.set("year", deps_.time_zone.date(deps_.clock()).substr(0, 4));
    d.set("csrf_token", deps_.form_tokens.issue(deps_.clock()));
    if (!s.site.logo_url.empty()) d.set("logo_url", s.site.logo_url);
    if (!s.site.analytics_script.empty()) d.set("analytics_script", s.site.analytics_script);
    return d;
}

Data Site::summary_item(const content::ArticleSummary& a, const content::CategoryTree& tree) const {
    Data item;
    item.set("title", a.title);
    item.set("url", article_url(tree, a.category_id, a.id));
    item.set("date", deps_.time_zone.date(a.published_at));
    item.set("summary", a.summary);
    if (const auto* c = tree.find(a.category_id)) {
        item.set("category_name", c->name);
        item.set("category_url", tree.url(c->id));
    }
    List keywords;
    for (const auto& k : a.keywords) {
        Data kw;
        kw.set("name", k);
        kw.set("url", tag_url(k));
        keywords.push_back(kw);
    }
    item.set("keywords", keywords);
    item.set("has_keywords", !a.keywords.empty());
    return item;
}

http::Response Site::status_page(http::Status status, std::string_view message,
                                 http::RequestContext& ctx) const {
    const auto code = static_cast<unsigned>(status);
    // The error page must not depend on the store: it is also what a broken store shows.
    static const content::CategoryTree kNoTree;
    std::shared_ptr<const content::CategoryTree> kept_tree;
    if (code != 500 && code != 503) {
        try {
            kept_tree = load_tree();
        } catch (const std::exception& e) {
            // Navigation is a nicety on an error page; the page itself must still render.
            spdlog::warn("{} error page without navigation: {}", ctx.request_id, e.what());
        }
    }
    Data d = frame(kept_tree ? *kept_tree : kNoTree, fmt::format("{} 错误", code), -1);
    d.set("status", std::to_string(code));
    d.set("message", std::string(message));
    d.set("request_id", ctx.request_id);
    d.set("is_server_error", code >= 500);
    return html(status, deps_.renderer.render_page(render::error_templates(code), d));
}

http::Response Site::error_page(const content::Error& error, http::RequestContext& ctx) const {
    return status_page(http::status_for(error.code), error.user_message, ctx);
}

}  // namespace gp::site
