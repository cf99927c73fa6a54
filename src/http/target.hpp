#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gp::http {

struct Target {
    std::string path;                                        ///< percent-decoded
    std::vector<std::string> segments;                       ///< for Router::match
    std::vector<std::pair<std::string, std::string>> query;  ///< decoded
};

/// Parses an origin-form request target ("/news/?page=2") with Boost.URL. Returns nullopt for
/// anything malformed, for a decoded path holding NUL, control characters or invalid UTF-8,
/// and for dot segments, so handlers only ever see clean paths.
std::optional<Target> parse_target(std::string_view target);

}  // namespace gp::http
