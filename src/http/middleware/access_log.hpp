#pragma once

#include "http/middleware/client_address.hpp"
#include "http/pipeline.hpp"

namespace gp::http {

/// The outermost stage: settles who the client is (so every later stage and the rate limits
/// see the visitor, not the proxy), stamps the request id on the answer and writes the access
/// log line. The I/O-thread answer from the page cache writes the same line with log_line().
class AccessLog : public Middleware {
public:
    AccessLog(const ClientAddress& clients, bool enabled) : clients_(clients), enabled_(enabled) {}

    Response handle(Request& req, RequestContext& ctx, const Next& next) override;

    /// One request's line: id, client, method, target (control characters escaped, so a
    /// request cannot forge entries), status, milliseconds since ctx.started.
    void log_line(const Request& req, const RequestContext& ctx, unsigned status) const;
    bool enabled() const { return enabled_; }

private:
    const ClientAddress& clients_;
    const bool enabled_;
};

}  // namespace gp::http
