#include "http/route_dispatch.hpp"

#include "http/target.hpp"

namespace gp::http {

Endpoint route_endpoint(const Router& router, StatusPage miss) {
    return [&router, miss = std::move(miss)](Request& req, RequestContext& ctx) {
        auto target = parse_target(req.target());
        if (!target) return miss(Status::bad_request, ctx);
        ctx.path = std::move(target->path);
        ctx.query = std::move(target->query);
        auto match = router.match(req.method(), target->segments);
        if (match.handler) return (*match.handler)(req, ctx, match.params);
        if (match.allow.empty()) return miss(Status::not_found, ctx);
        auto res = miss(Status::method_not_allowed, ctx);
        res.set(Field::allow, match.allow);
        return res;
    };
}

}  // namespace gp::http
