#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace gp::http {
namespace {

bool is_param(std::string_view s) { return s.size() > 2 && s.front() == '{'; }

bool is_rest(std::string_view s) {
    if (!is_param(s)) return false;
    const auto close = s.find('}');
    return close != std::string_view::npos && s.substr(1, close - 1).ends_with("...");
}

}  // namespace

const std::string& RouteParams::get(std::string_view name) const {
    static const std::string kEmpty;
    for (const auto& [k, v] : values_) {
        if (k == name) return v;
    }
    return kEmpty;
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    if (path.empty() || path.front() != '/') return out;
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    // "/" gives {""}: the root is the empty path with a trailing slash.
    return out;
}

SegmentBounds segment_bounds(std::string_view pattern) {
    const auto segments = split_path(pattern);
    bool rest = false;
    for (const auto& s : segments) rest = rest || is_rest(s);
    return SegmentBounds{segments.size(), rest ? SegmentBounds::kUnbounded : segments.size()};
}

void Router::add(Verb method, std::string pattern, Handler handler, std::size_t row) {
    Route route{method, {}, std::nullopt, segment_bounds(pattern), std::move(handler), row};
    for (auto& p : split_path(pattern)) {
        Segment s;
        if (!is_param(p)) {
            s.text = std::move(p);
        } else {
            const auto close = p.find('}');
            if (close == std::string::npos) {
                throw std::invalid_argument("route " + pattern + ": a '{' without its '}'");
            }
            s.text = p.substr(1, close - 1);
            s.suffix = p.substr(close + 1);
            s.kind = Segment::Kind::param;
            if (s.text.ends_with("...")) {
                // One `{name...}` has only one way to split a path, which keeps matching
                // linear; a second, or a suffix after it, would need a search over the splits.
                if (route.rest || !s.suffix.empty()) {
                    throw std::invalid_argument("route " + pattern +
                                                ": one {name...} per pattern, with no suffix");
                }
                s.text.resize(s.text.size() - 3);
                s.kind = Segment::Kind::rest;
                route.rest = route.pattern.size();
            }
        }
        route.pattern.push_back(std::move(s));
    }
    max_segments_ = std::max(max_segments_, route.bounds.max);
    routes_.push_back(std::move(route));
}

bool Router::match_route(const Route& route, const std::vector<std::string>& path,
                         RouteParams& params, std::size_t& visited) {
    const auto& pattern = route.pattern;
    // The bounds were checked, so the `{name...}` segment, if any, takes path[rest, stop): every
    // other segment takes exactly one.
    const std::size_t rest = route.rest.value_or(pattern.size());
    const std::size_t stop = rest + path.size() - (pattern.size() - 1);
    const auto at = [&](std::size_t pi) { return pi < rest ? pi : stop + (pi - rest - 1); };
    const auto fits = [&](const Segment& p, const std::string& seg) {
        ++visited;
        if (p.kind == Segment::Kind::literal) return seg == p.text;
        return seg.size() > p.suffix.size() && std::string_view(seg).ends_with(p.suffix);
    };
    for (std::size_t pi = 0; pi < pattern.size(); ++pi) {
        if (pi != rest && !fits(pattern[pi], path[at(pi)])) return false;
    }
    if (route.rest) {
        for (std::size_t i = rest; i < stop; ++i) {
            ++visited;
            if (path[i].empty()) return false;
        }
    }
    // Taken in pattern order, so that a name given twice still reads as its first.
    for (std::size_t pi = 0; pi < pattern.size(); ++pi) {
        const auto& p = pattern[pi];
        if (p.kind == Segment::Kind::param) {
            const auto& seg = path[at(pi)];
            params.set(p.text, seg.substr(0, seg.size() - p.suffix.size()));
        } else if (p.kind == Segment::Kind::rest) {
            std::string joined;
            for (std::size_t i = rest; i < stop; ++i) {
                if (i > rest) joined += '/';
                joined += path[i];
            }
            params.set(p.text, std::move(joined));
        }
    }
    return true;
}

Router::Match Router::match(Verb method, const std::vector<std::string>& segments) const {
    Match result;
    if (segments.size() > max_segments_) return result;
    const Verb lookup = method == Verb::head ? Verb::get : method;
    for (const auto& route : routes_) {
        if (segments.size() < route.bounds.min || segments.size() > route.bounds.max) continue;
        RouteParams params;
        if (!match_route(route, segments, params, result.segments_visited)) continue;
        if (route.method == lookup) {
            result.handler = &route.handler;
            result.row = route.row;
            result.params = std::move(params);
            result.allow.clear();
            return result;
        }
        if (!result.allow.empty()) result.allow += ", ";
        result.allow += std::string(beast_http::to_string(route.method));
        if (route.method == Verb::get) result.allow += ", HEAD";
    }
    return result;
}

}  // namespace gp::http
