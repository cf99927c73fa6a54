// libFuzzer target: request-target parsing and routing must accept or refuse any bytes without
// crashing, a path they accept never holds a dot segment or a control character, and no route
// looks at a segment twice (matching stays linear in the path's length).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/router.hpp"
#include "http/target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const gp::http::Router router = [] {
        gp::http::Router r;
        const gp::http::Handler none = [](const gp::http::Request&, gp::http::RequestContext&,
                                          const gp::http::RouteParams&) {
            return gp::http::Response{};
        };
        r.add(gp::http::Verb::get, "/", none);
        r.add(gp::http::Verb::get, "/tag/{keyword}/", none);
        r.add(gp::http::Verb::get, "/static/{path...}", none);
        r.add(gp::http::Verb::get, "/{path...}/{id}.html", none);
        r.add(gp::http::Verb::get, "/{path...}/", none);
        return r;
    }();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto target = gp::http::parse_target(input);
    if (!target) return 0;
    for (const auto& segment : target->segments) {
        if (segment == "." || segment == "..") std::abort();
        for (unsigned char c : segment) {
            if (c < 0x20 || c == '/') std::abort();
        }
    }
    constexpr std::size_t kRoutes = 5;
    const auto n = target->segments.size();
    if (router.match(gp::http::Verb::get, target->segments).segments_visited > kRoutes * n) {
        std::abort();
    }
    return 0;
}
