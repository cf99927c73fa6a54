#pragma once

#include "http/pipeline.hpp"

namespace gp::http {

/// Sets the headers every answer carries (MLPS 8.1.4.x; docs/compliance.md): Server, nosniff,
/// frame denial, referrer policy, the content security policy, and HSTS on an https site. It
/// sits under the page cache, so a kept page carries them in its bytes and a hit needs no stage.
class SecurityHeaders : public Middleware {
public:
    explicit SecurityHeaders(bool https) : https_(https) {}

    Response handle(Request& req, RequestContext& ctx, const Next& next) override;
    /// The same headers on a response made outside the pipeline (a transport rejection).
    void apply(Response& res) const;

private:
    const bool https_;
};

}  // namespace gp::http
