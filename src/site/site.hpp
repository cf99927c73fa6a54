#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "cache/query_counter.hpp"
#include "cache/view_counter.hpp"
#include "config/settings.hpp"
#include "content/article.hpp"
#include "content/category_tree.hpp"
#include "content/error.hpp"
#include "content/time_zone.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "leads/lead_service.hpp"
#include "render/renderer.hpp"
#include "render/views/listing_views.hpp"
#include "render/views/message_views.hpp"
#include "render/views/page_frame.hpp"
#include "security/form_token.hpp"
#include "site/article_page.hpp"
#include "site/category_tree_cache.hpp"
#include "site/static_files.hpp"
#include "store/store.hpp"

namespace gp::site {

using Clock = std::function<content::Time()>;

/// What the public site's handlers need, built once in app.cpp and passed by reference.
struct SiteDeps {
    const config::Settings& settings;
    store::Store& store;
    cache::ViewCounter& views;
    leads::LeadService& leads;  ///< the call-back form's rules
    const security::FormTokens& form_tokens;
    const render::Renderer& renderer;
    const StaticFiles& static_files;
    const content::SiteTimeZone& time_zone;
    Clock clock;
    std::string qr_svg;  ///< rendered once from widgets.wechat_url
    cache::QueryCounter& queries;
    /// With the page cache on: the placeholder an article page shows instead of its 访问量,
    /// filled at send time (pagecache). Empty: the count is rendered into the page.
    std::string view_slot;
    /// Keep the category tree between requests: only when something calls
    /// category_tree_changed() on every category change (the page cache's invalidator).
    bool keep_category_tree = false;
};

/// The public portal's handlers: parse input → call the store → build a view model → render.
/// Each returns a response; expected failures come back as error pages, never exceptions.
class Site {
public:
    explicit Site(SiteDeps deps)
        : deps_(std::move(deps)),
          qr_etag_(make_etag(deps_.qr_svg)),
          category_trees_(deps_.store.categories(), deps_.keep_category_tree),
          article_pages_({deps_.store, deps_.views, deps_.clock, [this] { return load_tree(); }}) {}

    /// Categories changed (added, renamed, moved, removed): the kept tree is read again.
    void category_tree_changed() { category_trees_.drop(); }

    http::Response show_home(const http::Request&, http::RequestContext&, const http::RouteParams&);
    http::Response list_category(const http::Request&, http::RequestContext&,
                                 const http::RouteParams&);
    http::Response show_article(const http::Request&, http::RequestContext&,
                                const http::RouteParams&);
    http::Response list_keyword(const http::Request&, http::RequestContext&,
                                const http::RouteParams&);
    http::Response show_health(const http::Request&, http::RequestContext&,
                               const http::RouteParams&);
    http::Response show_wechat_qr(const http::Request&, http::RequestContext&,
                                  const http::RouteParams&);
    http::Response show_static(const http::Request&, http::RequestContext&,
                               const http::RouteParams&);
    http::Response show_feed(const http::Request&, http::RequestContext&, const http::RouteParams&);
    http::Response show_sitemap(const http::Request&, http::RequestContext&,
                                const http::RouteParams&);
    http::Response show_sitemap_text(const http::Request&, http::RequestContext&,
                                     const http::RouteParams&);
    http::Response show_robots(const http::Request&, http::RequestContext&,
                               const http::RouteParams&);
    /// "/news" → 301 "/news/" when it names a category; 404 otherwise.
    http::Response add_slash(const http::Request&, http::RequestContext&, const http::RouteParams&);
    http::Response show_callback_form(const http::Request&, http::RequestContext&,
                                      const http::RouteParams&);
    http::Response submit_callback(const http::Request&, http::RequestContext&,
                                   const http::RouteParams&);
    http::Response show_callback_thanks(const http::Request&, http::RequestContext&,
                                        const http::RouteParams&);
    /// /search?q=…&category=slug&page=N: ranked, highlighted results; an empty, over-long or
    /// malformed query gets the search page with a message (200 or 400), never an error.
    http::Response show_search(const http::Request&, http::RequestContext&,
                               const http::RouteParams&);

    /// The error page for an expected failure, status from the one Errc table.
    http::Response error_page(const content::Error& error, http::RequestContext& ctx) const;
    /// The page for a status the transport or router decided (404, 405, 431, 413, 500…).
    http::Response status_page(http::Status status, std::string_view message,
                               http::RequestContext& ctx) const;

private:
    /// The call-back form as the reader left it, and what was wrong with it.
    struct CallbackView {
        std::string phone;
        std::string name;
        std::string preferred_time;
        bool consent = false;
        std::string error;
        std::string error_field;  ///< "phone", "consent" or "form"
    };
    http::Response callback_page(const http::Request& req, http::Status status,
                                 const CallbackView& view) const;
    render::PrivacyNoticeView callback_notice() const;
    /// The one SubmitResult as the form page (re-shown with the input, or the redirect to the
    /// thanks page) and as JSON for site.js.
    http::Response callback_html(const http::Request& req, const leads::CallbackInput& input,
                                 const leads::SubmitResult& result) const;
    static http::Response callback_json(const leads::SubmitResult& result);

    /// (absolute URL, lastmod) of sitemap entries [offset, offset + limit): home, categories,
    /// then visible articles newest first.
    std::vector<std::pair<std::string, std::string>> sitemap_entries(
        const http::Request& req, const content::CategoryTree& tree, std::int64_t offset,
        std::int64_t limit) const;
    /// An absolute URL for a path: site.base_url, or the request's Host when none is set.
    std::string absolute(const http::Request& req, std::string_view path) const;
    /// JSON for a <script type="application/ld+json"> element, safe against early close.
    static std::string script_json(const nlohmann::json& value);
    nlohmann::json breadcrumb_ld(
        const http::Request& req,
        const std::vector<std::pair<std::string, std::string>>& trail) const;
    nlohmann::json organization_ld(const http::Request& req) const;
    /// Canonical link, meta description and keywords with the site's fallbacks, Open Graph
    /// and structured data for one page.
    render::HeadView seo(const http::Request& req, const std::string& path,
                         const std::string& title, const std::string& description,
                         const std::string& keywords, const nlohmann::json& json_ld) const;

    /// What every page's layout needs: site name, navigation, widgets, footer.
    render::FrameView frame(const content::CategoryTree& tree, std::string_view title,
                            std::int64_t active_section) const;
    render::SummaryView summary_item(const content::ArticleSummary& a,
                                     const content::CategoryTree& tree) const;
    /// Renders the first existing template of `names` with the frame, the head (when the page
    /// has one) and the page's own view.
    template <typename View>
    std::string render_page(const std::vector<std::string>& names, const render::FrameView& frame,
                            const render::HeadView* head, const View& view) const {
        auto d = render::to_data(frame);
        if (head) render::add_to(d, *head);
        render::add_to(d, view);
        return deps_.renderer.render_page(names, std::move(d));
    }
    std::string article_url(const content::CategoryTree& tree, std::int64_t category_id,
                            std::int64_t id) const;
    http::Response html(http::Status status, std::string body) const;
    /// Tells the page cache that this answer may be kept for `target`, and what it shows.
    static void cacheable(http::RequestContext& ctx, std::string target,
                          std::vector<std::string> depends_on);
    std::shared_ptr<const content::CategoryTree> load_tree() const;

    SiteDeps deps_;
    std::string qr_etag_;
    mutable CategoryTreeCache category_trees_;
    ArticlePages article_pages_;
};

/// "/tag/%E7%AD%89%E4%BF%9D/": a keyword page's URL, percent-encoded.
std::string tag_url(std::string_view keyword);

}  // namespace gp::site
