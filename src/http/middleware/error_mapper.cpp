#include "http/middleware/error_mapper.hpp"

#include <spdlog/spdlog.h>

#include "content/control_chars.hpp"

namespace gp::http {

Response ErrorMapper::handle(Request& req, RequestContext& ctx, const Next& next) {
    try {
        return next(req, ctx);
    } catch (const std::exception& e) {
        spdlog::error("{} {} {}: {}", ctx.request_id, std::string(req.method_string()),
                      content::escape_control_chars(req.target().substr(0, 300)), e.what());
        return status_page(Status::internal_server_error, ctx);
    }
}

Response ErrorMapper::status_page(Status status, RequestContext& ctx) const noexcept {
    try {
        return page_(status, ctx);
    } catch (const std::exception& e) {
        spdlog::error("{} error page failed too: {}", ctx.request_id, e.what());
    }
    try {
        const bool ours = status == Status::internal_server_error;
        return make_response(status, "text/plain; charset=utf-8",
                             std::string(ours ? "服务器内部错误。" : "请求无法处理。") +
                                 "请求编号：" + ctx.request_id + "\n");
    } catch (...) {
        return Response{status, 11};
    }
}

}  // namespace gp::http
