#pragma once

#include "http/pipeline.hpp"
#include "store/redirect_store.hpp"

namespace gp::site {

/// A page that is gone may have moved: a GET or HEAD that would be a 404 is answered from the
/// operators' redirects table (301/302 to the new path) when it has the old path.
class MovedPages : public http::Middleware {
public:
    explicit MovedPages(store::RedirectStore& redirects) : redirects_(redirects) {}

    http::Response handle(http::Request& req, http::RequestContext& ctx,
                          const http::Next& next) override;

private:
    store::RedirectStore& redirects_;
};

}  // namespace gp::site
