#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/src.hpp>  // Boost.URL header-only mode: compiled into this one file.

#include "content/html_text.hpp"

namespace gp::http {
namespace {

bool clean(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7f) return false;
    }
    return content::is_valid_utf8(s);
}

}  // namespace

std::optional<Target> parse_target(std::string_view target) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return std::nullopt;
    Target out;
    out.path = std::string(parsed->path());
    if (!clean(out.path)) return std::nullopt;
    for (auto seg : parsed->segments()) {
        std::string s(seg);
        if (s == "." || s == ".." || s.find('/') != std::string::npos) return std::nullopt;
        out.segments.push_back(std::move(s));
    }
    // Boost.URL keeps the empty last segment of "/a/" but gives none for "/"; the router wants
    // the root as one empty segment too, so that every trailing slash looks the same.
    if (out.path == "/") out.segments = {""};
    for (auto param : parsed->params()) {
        std::string key(param.key);
        std::string value = param.has_value ? std::string(param.value) : std::string{};
        if (!clean(key) || !clean(value)) return std::nullopt;
        out.query.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace gp::http
