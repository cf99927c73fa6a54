#include "http/middleware/security_headers.hpp"

namespace gp::http {
namespace {

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace

Response SecurityHeaders::handle(Request& req, RequestContext& ctx, const Next& next) {
    auto res = next(req, ctx);
    apply(res);
    return res;
}

void SecurityHeaders::apply(Response& res) const {
    res.set(Field::server, "GuardPress");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    // Every answer, not only HTML: an SVG or a file opened directly is a document too.
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    if (https_) res.set(Field::strict_transport_security, "max-age=31536000; includeSubDomains");
}

}  // namespace gp::http
