#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "http/message.hpp"

namespace gp::http {

class Pipeline;

/// The rest of the pipeline below a stage; calling it runs the next stage (or the handler).
class Next {
public:
    Response operator()(Request& req, RequestContext& ctx) const;

private:
    friend class Pipeline;
    Next(const Pipeline& pipeline, std::size_t index) : pipeline_(&pipeline), index_(index) {}
    const Pipeline* pipeline_;
    std::size_t index_;
};

/// One stage of the request pipeline: it may answer by itself, or call `next` and change what
/// comes back. Stages are built once and shared by every request, so they must be thread-safe.
class Middleware {
public:
    virtual ~Middleware() = default;
    virtual Response handle(Request& req, RequestContext& ctx, const Next& next) = 0;
};

/// The handler at the bottom of the pipeline (the router's dispatch).
using Endpoint = std::function<Response(Request&, RequestContext&)>;

/// Stages in the order they were added, outermost first, then the endpoint. The order is fixed
/// by whoever builds it (app.cpp, docs/design.md "A request, step by step"); run() adds no
/// behaviour of its own and costs no allocation per request.
class Pipeline {
public:
    Pipeline(std::vector<std::unique_ptr<Middleware>> stages, Endpoint endpoint);

    Response run(Request& req, RequestContext& ctx) const { return Next(*this, 0)(req, ctx); }

private:
    friend class Next;
    std::vector<std::unique_ptr<Middleware>> stages_;
    Endpoint endpoint_;
};

}  // namespace gp::http
