#pragma once

#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "accounts/roles.hpp"
#include "admin/admin.hpp"
#include "http/route_policy.hpp"
#include "http/router.hpp"
#include "site/site.hpp"

namespace gp::app {

class App;

using SiteHandler = http::Response (site::Site::*)(const http::Request&, http::RequestContext&,
                                                   const http::RouteParams&);
using AppHandler = http::Response (App::*)(const http::Request&, http::RequestContext&,
                                           const http::RouteParams&);

/// One route: what it answers and every rule that applies before its handler runs.
struct RouteRow {
    http::Verb verb;
    std::string_view pattern;
    std::variant<SiteHandler, admin::AdminHandler, AppHandler> handler;
    /// The back end's gate (admin::Admin::serve) for an admin handler; none for a public page.
    std::optional<admin::Gate> gate;
    std::optional<accounts::Permission> permission;
    http::Csrf csrf = http::Csrf::none;
    http::BodyLimit body = http::BodyLimit::public_form;
    /// The page cache may keep the answer (the handler still says for which target and what
    /// it shows; on any other route what it says is dropped).
    bool cacheable = false;
};

/// The one route table (docs/design.md "Public URLs"), in match order: the router, the body
/// limits (body_limits.cpp) and the permission-matrix test all read it.
const std::vector<RouteRow>& route_table();

}  // namespace gp::app
