#include "cache/rate_limit_key.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace gp::cache {

std::string rate_limit_key(std::string_view client_ip) {
    namespace ip = boost::asio::ip;
    boost::system::error_code ec;
    const auto address = ip::make_address(client_ip, ec);
    if (ec) return std::string(client_ip);
    if (address.is_v4()) return address.to_v4().to_string();
    auto v6 = address.to_v6();
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; their /64 would be every IPv4
    // client at once.
    if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6).to_string();
    v6.scope_id(0);
    return ip::make_network_v6(v6, 64).canonical().to_string();
}

}  // namespace gp::cache
