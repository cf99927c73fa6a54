#pragma once

#include "config/settings.hpp"
#include "http/request_limits.hpp"

namespace gp::app {

/// The body limit of every request, from the settings: the media upload (a POST to exactly
/// /admin/media) gets the upload limit, any other /admin/ request the back-end limit, and every
/// public request the small server.body_limit. The one place these path rules live until the
/// route table carries them (docs/adr/0027).
http::LimitsFor body_limits(const config::Settings& settings);

}  // namespace gp::app
