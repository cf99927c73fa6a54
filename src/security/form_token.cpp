#include "security/form_token.hpp"

#include <sodium.h>

#include <charconv>

namespace gp::security {

FormTokens::FormTokens(const MasterKey& master, std::chrono::seconds lifetime)
    : key_(master.derive(3, "gp_forms")), lifetime_(lifetime) {}

FormTokens::~FormTokens() { sodium_memzero(key_.data(), key_.size()); }

std::string FormTokens::mac_of(std::string_view issued) const {
    unsigned char mac[crypto_auth_BYTES];
    crypto_auth(mac, reinterpret_cast<const unsigned char*>(issued.data()), issued.size(),
                key_.data());
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

std::string FormTokens::issue(std::chrono::sys_seconds now) const {
    const auto issued = std::to_string(now.time_since_epoch().count());
    return issued + "." + mac_of(issued);
}

bool FormTokens::verify(std::string_view token, std::chrono::sys_seconds now) const {
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 20) return false;
    const auto issued = token.substr(0, dot);
    std::int64_t seconds = 0;
    const auto [ptr, ec] = std::from_chars(issued.data(), issued.data() + issued.size(), seconds);
    if (ec != std::errc{} || ptr != issued.data() + issued.size()) return false;
    const auto expected = mac_of(issued);
    const auto given = token.substr(dot + 1);
    if (given.size() != expected.size() ||
        sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
        return false;
    }
    const auto age = now.time_since_epoch().count() - seconds;
    return age <= lifetime_.count() && age >= -300;
}

}  // namespace gp::security
