#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace gp::http {

/// The visitor's address: the peer, or, when the peer is one of `trusted_proxies`, the first
/// address in X-Forwarded-For (from the right) that is not one of them.
class ClientAddress {
public:
    explicit ClientAddress(std::vector<std::string> trusted_proxies)
        : trusted_(std::move(trusted_proxies)) {}

    std::string resolve(const Request& req, const std::string& peer) const;

private:
    bool trusted(std::string_view address) const;

    std::vector<std::string> trusted_;
    // A proxy missing from the list is reported once, not on every request it forwards.
    mutable std::atomic<bool> warned_untrusted_{false};
};

}  // namespace gp::http
