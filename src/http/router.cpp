#include "http/router.hpp"

namespace gp::http {
namespace {

bool is_param(std::string_view s) { return s.size() > 2 && s.front() == '{'; }

bool match_from(const std::vector<std::string>& pattern, std::size_t pi,
                const std::vector<std::string>& path, std::size_t si, RouteParams& params) {
    if (pi == pattern.size()) return si == path.size();
    const std::string& p = pattern[pi];
    if (!is_param(p)) {
        return si < path.size() && path[si] == p &&
               match_from(pattern, pi + 1, path, si + 1, params);
    }
    const auto close = p.find('}');
    const std::string name = p.substr(1, close - 1);
    const std::string_view suffix = std::string_view(p).substr(close + 1);
    if (name.ends_with("...")) {
        // One or more non-empty segments, longest first.
        std::string joined;
        std::size_t end = si;
        while (end < path.size() && !path[end].empty()) ++end;
        for (std::size_t stop = end; stop > si; --stop) {
            RouteParams trial = params;
            joined.clear();
            for (std::size_t i = si; i < stop; ++i) {
                if (i > si) joined += '/';
                joined += path[i];
            }
            trial.set(name.substr(0, name.size() - 3), joined);
            if (match_from(pattern, pi + 1, path, stop, trial)) {
                params = std::move(trial);
                return true;
            }
        }
        return false;
    }
    if (si >= path.size()) return false;
    const std::string& seg = path[si];
    if (seg.size() <= suffix.size() || !std::string_view(seg).ends_with(suffix)) return false;
    params.set(name, seg.substr(0, seg.size() - suffix.size()));
    return match_from(pattern, pi + 1, path, si + 1, params);
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

void Router::add(Verb method, std::string pattern, Handler handler) {
    routes_.push_back(Route{method, split_path(pattern), std::move(handler)});
}

Router::Match Router::match(Verb method, const std::vector<std::string>& segments) const {
    Match result;
    const Verb lookup = method == Verb::head ? Verb::get : method;
    for (const auto& route : routes_) {
        RouteParams params;
        if (!match_from(route.pattern, 0, segments, 0, params)) continue;
        if (route.method == lookup) {
            result.handler = &route.handler;
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
