#pragma once

#include <string_view>

namespace gp::http {

/// "W/…" and lists aside, true when an If-None-Match header value names `etag` (weak
/// comparison, RFC 9110 13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace gp::http
