#pragma once

#include <functional>

#include "http/pipeline.hpp"

namespace gp::http {

/// The page for a status the pipeline itself answers (400, 404, 405, 413, 431, 500), in the
/// site's language; it may throw (a template failed), and the caller has a plain fallback.
using StatusPage = std::function<Response(Status, RequestContext&)>;

/// Turns an exception below it — a bug or broken infrastructure, never a user's mistake, which
/// handlers answer themselves — into a 500 page: the detail goes to the log with the request
/// id, the reader gets the id. Never throws.
class ErrorMapper : public Middleware {
public:
    explicit ErrorMapper(StatusPage page) : page_(std::move(page)) {}

    Response handle(Request& req, RequestContext& ctx, const Next& next) override;

    /// `status`'s page, or a plain-text one when the page cannot be made.
    Response status_page(Status status, RequestContext& ctx) const noexcept;

private:
    StatusPage page_;
};

}  // namespace gp::http
