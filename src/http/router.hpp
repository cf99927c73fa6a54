#pragma once

#include <functional>
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

/// The one route table. Patterns are paths whose segments are literals, `{name}` (one segment),
/// `{name}.html` (one segment with a literal suffix) or `{name...}` (one or more segments). A
/// trailing slash in a pattern requires one in the path. HEAD is served by GET routes.
class Router {
public:
    void add(Verb method, std::string pattern, Handler handler);

    struct Match {
        const Handler* handler = nullptr;
        RouteParams params;
        /// Set when the path matched but not the method: the value of the Allow header.
        std::string allow;
    };
    /// `segments` are the decoded path segments, with "" last when the path ends in '/'.
    Match match(Verb method, const std::vector<std::string>& segments) const;

private:
    struct Route {
        Verb method;
        std::vector<std::string> pattern;
        Handler handler;
    };
    std::vector<Route> routes_;
};

/// Splits a decoded path into segments for Router::match ("/a/b/" → {"a","b",""}).
std::vector<std::string> split_path(std::string_view path);

}  // namespace gp::http
