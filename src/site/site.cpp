#include "site/site.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/pchars.hpp>

#include "http/error_status.hpp"
#include "render/template_hierarchy.hpp"

namespace gp::site {

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

render::FrameView Site::frame(const content::CategoryTree& tree, std::string_view title,
                              std::int64_t active_section) const {
    const auto& s = deps_.settings;
    render::FrameView f;
    f.page_title = title.empty() ? s.site.name : std::string(title) + " - " + s.site.name;
    f.site_name = s.site.name;
    f.site_tagline = s.site.tagline;
    f.hotline = s.site.hotline;
    f.nav.push_back({"首页", "/", active_section == 0});
    for (const auto* section : tree.sections()) {
        f.nav.push_back({section->name, tree.url(section->id), section->id == active_section});
    }
    f.consult_label = s.widgets.consult_label;
    f.consult_url = s.widgets.consult_url;
    f.wechat_caption = s.widgets.wechat_caption;
    f.qr_url = "/wechat-qr.svg";
    f.css_url = deps_.static_files.versioned_url("css/site.css");
    f.js_url = deps_.static_files.versioned_url("js/site.js");
    f.icp_record = s.site.icp_record;
    f.police_record = s.site.police_record;
    f.year = deps_.time_zone.date(deps_.clock()).substr(0, 4);
    f.csrf_token = deps_.form_tokens.issue(deps_.clock());
    if (!s.site.logo_url.empty()) f.logo_url = s.site.logo_url;
    if (!s.site.analytics_script.empty()) f.analytics_script = s.site.analytics_script;
    return f;
}

render::SummaryView Site::summary_item(const content::ArticleSummary& a,
                                       const content::CategoryTree& tree) const {
    render::SummaryView item;
    item.title = a.title;
    item.url = article_url(tree, a.category_id, a.id);
    item.date = deps_.time_zone.date(a.published_at);
    item.summary = a.summary;
    if (const auto* c = tree.find(a.category_id)) {
        item.category = render::LinkView{c->name, tree.url(c->id)};
    }
    for (const auto& k : a.keywords) item.keywords.push_back({k, tag_url(k)});
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
    const auto f = frame(kept_tree ? *kept_tree : kNoTree, fmt::format("{} 错误", code), -1);
    const render::ErrorView view{code, std::string(message), ctx.request_id};
    return html(status, render_page(render::error_templates(code), f, nullptr, view));
}

http::Response Site::error_page(const content::Error& error, http::RequestContext& ctx) const {
    return status_page(http::status_for(error.code), error.user_message, ctx);
}

}  // namespace gp::site
