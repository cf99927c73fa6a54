#include "app/app.hpp"

namespace gp::app {

// The one route table (docs/design.md "Public URLs"): every method, path and handler.
void App::add_routes() {
    using http::Verb;
    auto& s = *site_;
    const auto bind = [&s](auto method) {
        return
            [&s, method](const http::Request& req, http::RequestContext& ctx,
                         const http::RouteParams& params) { return (s.*method)(req, ctx, params); };
    };
    router_.add(Verb::get, "/", bind(&site::Site::show_home));
    router_.add(Verb::get, "/healthz", bind(&site::Site::show_health));
    router_.add(Verb::get, "/wechat-qr.svg", bind(&site::Site::show_wechat_qr));
    router_.add(Verb::get, "/static/{path...}", bind(&site::Site::show_static));
    router_.add(Verb::get, "/callback", bind(&site::Site::show_callback_form));
    router_.add(Verb::post, "/callback", bind(&site::Site::submit_callback));
    router_.add(Verb::get, "/callback/thanks", bind(&site::Site::show_callback_thanks));
    router_.add(Verb::get, "/tag/{keyword}/", bind(&site::Site::list_keyword));
    router_.add(Verb::get, "/search", bind(&site::Site::show_search));
    router_.add(Verb::get, "/rss.xml", bind(&site::Site::show_feed));
    router_.add(Verb::get, "/sitemap.xml", bind(&site::Site::show_sitemap));
    router_.add(Verb::get, "/sitemaps/{n}.xml", bind(&site::Site::show_sitemap));
    router_.add(Verb::get, "/sitemap.txt", bind(&site::Site::show_sitemap_text));
    router_.add(Verb::get, "/robots.txt", bind(&site::Site::show_robots));
    router_.add(
        Verb::get, "/media/{name}",
        [this](const http::Request&, http::RequestContext& ctx, const http::RouteParams& params) {
            if (auto res =
                    site::media_response(store_->media(), media_files_, params.get("name"))) {
                return std::move(*res);
            }
            return site_->status_page(http::Status::not_found, "您访问的文件不存在。", ctx);
        });
    router_.add(Verb::get, "/admin",
                [](const http::Request&, http::RequestContext&, const http::RouteParams&) {
                    return http::make_redirect(http::Status::moved_permanently, "/admin/");
                });
    // The back end's routes carry their gate and permission in admin_routes(); the permission
    // matrix test reads the same table.
    for (const auto& route : admin::admin_routes()) {
        router_.add(route.verb, std::string(route.pattern),
                    [this, &route](const http::Request& req, http::RequestContext& ctx,
                                   const http::RouteParams& params) {
                        return admin_->serve(route, req, ctx, params);
                    });
    }
    router_.add(Verb::get, "/{path...}/rss.xml", bind(&site::Site::show_feed));
    router_.add(Verb::get, "/{path...}/{id}.html", bind(&site::Site::show_article));
    router_.add(Verb::get, "/{path...}/", bind(&site::Site::list_category));
    router_.add(Verb::get, "/{path...}", bind(&site::Site::add_slash));
}

}  // namespace gp::app
