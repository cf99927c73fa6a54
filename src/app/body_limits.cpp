#include "app/body_limits.hpp"

#include <algorithm>
#include <string_view>

namespace gp::app {

http::LimitsFor body_limits(const config::Settings& settings) {
    constexpr std::string_view kUploadPath = "/admin/media";
    const std::size_t public_limit = settings.server.body_limit;
    // Article bodies are larger than any public form, and only signed-in staff reach the
    // handlers that accept them.
    const std::size_t admin_limit = settings.server.admin_body_limit;
    // The file, plus the multipart framing and the other fields; never below the admin limit.
    const std::size_t upload_limit =
        std::max(settings.media.max_upload_bytes + (256u << 10), admin_limit);
    return [=](http::Verb method, std::string_view target) {
        if (method == http::Verb::post && target.substr(0, target.find('?')) == kUploadPath) {
            return http::RequestLimits{upload_limit};
        }
        if (target.starts_with("/admin/")) return http::RequestLimits{admin_limit};
        return http::RequestLimits{public_limit};
    };
}

}  // namespace gp::app
