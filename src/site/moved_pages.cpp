#include "site/moved_pages.hpp"

namespace gp::site {

http::Response MovedPages::handle(http::Request& req, http::RequestContext& ctx,
                                  const http::Next& next) {
    auto res = next(req, ctx);
    if (res.result() != http::Status::not_found) return res;
    if (req.method() != http::Verb::get && req.method() != http::Verb::head) return res;
    // ctx.path is empty when the target could not be parsed (that answer is a 400, not here).
    if (auto moved = redirects_.find_redirect(ctx.path)) {
        return http::make_redirect(static_cast<http::Status>(moved->code), moved->to_path);
    }
    return res;
}

}  // namespace gp::site
