#include "http/middleware/access_log.hpp"

#include <spdlog/spdlog.h>

#include "content/control_chars.hpp"

namespace gp::http {

Response AccessLog::handle(Request& req, RequestContext& ctx, const Next& next) {
    ctx.client_ip = clients_.resolve(req, ctx.client_ip);
    auto res = next(req, ctx);
    res.set("X-Request-Id", ctx.request_id);
    log_line(req, ctx, res.result_int());
    return res;
}

void AccessLog::log_line(const Request& req, const RequestContext& ctx, unsigned status) const {
    if (!enabled_) return;
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ctx.started)
            .count();
    spdlog::info("{} {} {} {} {} {:.1f}ms", ctx.request_id, ctx.client_ip,
                 std::string(req.method_string()),
                 content::escape_control_chars(req.target().substr(0, 300)), status, ms);
}

}  // namespace gp::http
