#include "app/app.hpp"
#include "app/route_table.hpp"

namespace gp::app {

void App::add_routes() {
    const auto& table = route_table();
    for (std::size_t i = 0; i < table.size(); ++i) {
        const auto& row = table[i];
        const http::Handler handler = std::visit(
            [&](auto method) -> http::Handler {
                using Method = decltype(method);
                if constexpr (std::is_same_v<Method, SiteHandler>) {
                    return [site = site_.get(), method](const http::Request& req,
                                                        http::RequestContext& ctx,
                                                        const http::RouteParams& params) {
                        return (site->*method)(req, ctx, params);
                    };
                } else if constexpr (std::is_same_v<Method, AppHandler>) {
                    return [this, method](const http::Request& req, http::RequestContext& ctx,
                                          const http::RouteParams& params) {
                        return (this->*method)(req, ctx, params);
                    };
                } else {
                    const auto& gate = admin_routes_.emplace_back(admin::AdminRoute{
                        row.pattern, *row.gate, row.permission, method, row.csrf});
                    return [this, &gate](const http::Request& req, http::RequestContext& ctx,
                                         const http::RouteParams& params) {
                        return admin_->serve(gate, req, ctx, params);
                    };
                }
            },
            row.handler);
        if (row.cacheable) {
            router_.add(row.verb, std::string(row.pattern), handler, i);
            continue;
        }
        // Only a cacheable row's answer may be kept, whatever its handler says.
        router_.add(
            row.verb, std::string(row.pattern),
            [handler](const http::Request& req, http::RequestContext& ctx,
                      const http::RouteParams& params) {
                auto res = handler(req, ctx, params);
                ctx.cacheable.reset();
                return res;
            },
            i);
    }
}

http::Response App::show_media(const http::Request&, http::RequestContext& ctx,
                               const http::RouteParams& params) {
    if (auto res = site::media_response(store_->media(), media_files_, params.get("name"))) {
        return std::move(*res);
    }
    return site_->status_page(http::Status::not_found, "您访问的文件不存在。", ctx);
}

http::Response App::redirect_to_admin(const http::Request&, http::RequestContext&,
                                      const http::RouteParams&) {
    return http::make_redirect(http::Status::moved_permanently, "/admin/");
}

}  // namespace gp::app
