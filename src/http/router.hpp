#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace gp::http {

/// Named values taken from the path by a route pattern, percent-decoded.
class RouteParams {
public:
    void set(std::string name, std::string value) {
        values_.emplace_back(std::move(name), std::move(value));
    }
    /// The value, or "" when the pattern has no such name.
    const std::string& get(std::string_view name) const;

private:
    std::vector<std::pair<std::string, std::string>> values_;
};

using Handler = std::function<Response(const Request&, RequestContext&, const RouteParams&)>;

/// How many path segments a pattern can match.
struct SegmentBounds {
    static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();
    std::size_t min = 0;
    std::size_t max = 0;  ///< kUnbounded when the pattern holds a `{name...}` segment
    friend bool operator==(const SegmentBounds&, const SegmentBounds&) = default;
};

/// The bounds of a pattern (`"/{path...}/"` → {2, kUnbounded}); a `{name...}` segment takes one
/// or more segments, every other segment exactly one.
SegmentBounds segment_bounds(std::string_view pattern);

/// The one route table. Patterns are paths whose segments are literals, `{name}` (one segment),
/// `{name}.html` (one segment with a literal suffix) or `{name...}` (one or more segments, at
/// most one per pattern). A trailing slash in a pattern requires one in the path. HEAD is served
/// by GET routes. Matching costs time linear in the path's length.
class Router {
public:
    /// Throws std::invalid_argument for a pattern with more than one `{name...}` segment or one
    /// with a suffix: a route table bug, and one that would make matching no longer linear.
    /// `row` is handed back in Match::row: the caller's index into its route table.
    void add(Verb method, std::string pattern, Handler handler, std::size_t row = 0);

    struct Match {
        const Handler* handler = nullptr;
        std::size_t row = 0;  ///< the matched route's `row`, when handler is set
        RouteParams params;
        /// Set when the path matched but not the method: the value of the Allow header.
        std::string allow;
        /// Path segments the matcher looked at, over every route it tried: the work of a match,
        /// counted so that a test can bound it without a clock.
        std::size_t segments_visited = 0;
    };
    /// `segments` are the decoded path segments, with "" last when the path ends in '/'. A path
    /// with more segments than any route takes matches nothing, at the cost of one comparison.
    Match match(Verb method, const std::vector<std::string>& segments) const;

private:
    struct Segment {
        enum class Kind { literal, param, rest };
        Kind kind = Kind::literal;
        std::string text;  ///< the literal, or the parameter's name
        std::string suffix;
    };
    struct Route {
        Verb method;
        std::vector<Segment> pattern;
        std::optional<std::size_t> rest;  ///< index of the `{name...}` segment
        SegmentBounds bounds;
        Handler handler;
        std::size_t row = 0;
    };
    static bool match_route(const Route& route, const std::vector<std::string>& path,
                            RouteParams& params, std::size_t& visited);

    std::vector<Route> routes_;
    std::size_t max_segments_ = 0;
};

/// Splits a decoded path into segments for Router::match ("/a/b/" → {"a","b",""}).
std::vector<std::string> split_path(std::string_view path);

}  // namespace gp::http
