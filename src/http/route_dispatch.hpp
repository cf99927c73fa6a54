#pragma once

#include "http/middleware/error_mapper.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"

namespace gp::http {

/// The pipeline's endpoint: parses the target into ctx.path and ctx.query, then runs the
/// matching route's handler. A target that cannot be parsed is a 400, a path no route knows a
/// 404, a known path asked with another method a 405 with its Allow header; `miss` makes those
/// pages. `router` must outlive the endpoint.
Endpoint route_endpoint(const Router& router, StatusPage miss);

}  // namespace gp::http
