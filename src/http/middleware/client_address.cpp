#include "http/middleware/client_address.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>

#include "content/control_chars.hpp"

namespace gp::http {

bool ClientAddress::trusted(std::string_view address) const {
    return std::find(trusted_.begin(), trusted_.end(), address) != trusted_.end();
}

std::string ClientAddress::resolve(const Request& req, const std::string& peer) const {
    if (!trusted(peer)) {
        // A proxy that is not listed makes every visitor look like the proxy: they share one
        // sign-in and call-back limit, and a few bad sign-ins lock everyone out.
        if (!req["X-Forwarded-For"].empty() && !warned_untrusted_.exchange(true)) {
            spdlog::warn(
                "X-Forwarded-For from {}, which is not in server.trusted_proxies: the header is "
                "ignored and every client behind that proxy shares its rate limits; list the "
                "proxy's address in server.trusted_proxies (docs/operations.md)",
                content::escape_control_chars(std::string_view(peer).substr(0, 300)));
        }
        return peer;
    }
    // Walk X-Forwarded-For from the right: the first address that is not one of our proxies is
    // the client; anything left of it could have been written by the client itself.
    std::string_view xff = req["X-Forwarded-For"];
    while (!xff.empty()) {
        const auto comma = xff.rfind(',');
        auto item = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
        xff = comma == std::string_view::npos ? std::string_view{} : xff.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        boost::system::error_code ec;
        boost::asio::ip::make_address(item, ec);
        if (ec) break;
        if (!trusted(item)) return std::string(item);
    }
    return peer;
}

}  // namespace gp::http
