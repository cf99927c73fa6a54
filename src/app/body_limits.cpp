#include "app/body_limits.hpp"

#include <algorithm>
#include <memory>

#include "app/route_table.hpp"
#include "http/target.hpp"

namespace gp::app {

http::LimitsFor body_limits(const config::Settings& settings) {
    const std::size_t public_limit = settings.server.body_limit;
    // Article bodies are larger than any public form, and only signed-in staff reach the
    // handlers that accept them.
    const std::size_t admin_limit = settings.server.admin_body_limit;
    // The file, plus the multipart framing and the other fields; never below the admin limit.
    const std::size_t upload_limit =
        std::max(settings.media.max_upload_bytes + (256u << 10), admin_limit);
    // The table's patterns without their handlers: a match only names the row.
    auto routes = std::make_shared<http::Router>();
    const auto& table = route_table();
    for (std::size_t i = 0; i < table.size(); ++i) {
        routes->add(table[i].verb, std::string(table[i].pattern), {}, i);
    }
    return [=](http::Verb method, std::string_view target) {
        // A target no route takes, or one the handler would refuse anyway, gets the smallest.
        const auto parsed = http::parse_target(target);
        if (!parsed) return http::RequestLimits{public_limit};
        const auto match = routes->match(method, parsed->segments);
        if (!match.handler) return http::RequestLimits{public_limit};
        switch (route_table()[match.row].body) {
            case http::BodyLimit::upload:
                return http::RequestLimits{upload_limit};
            case http::BodyLimit::back_end:
                return http::RequestLimits{admin_limit};
            case http::BodyLimit::public_form:
                break;
        }
        return http::RequestLimits{public_limit};
    };
}

}  // namespace gp::app
