#pragma once

#include "config/settings.hpp"
#include "http/request_limits.hpp"

namespace gp::app {

/// The body limit of every request, from the settings and the body limit of the route it
/// matches (route_table.cpp): the media upload gets the upload limit, the back end's routes the
/// back-end limit, public routes and a target no route takes the small server.body_limit. The
/// session calls it knowing no path (docs/adr/0027).
http::LimitsFor body_limits(const config::Settings& settings);

}  // namespace gp::app
