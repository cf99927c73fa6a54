#pragma once

#include <string>
#include <string_view>

namespace gp::cache {

/// The part of a client address that a rate limit counts by: an IPv4 address whole (an
/// IPv4-mapped IPv6 address counts as its IPv4 address, "203.0.113.9"), an IPv6 address by its
/// /64 ("2001:db8:1:2::/64"), because one subscriber is given a whole /64 and may pick a new
/// address in it for every request. Text that is not an address ("shell", "") comes back
/// unchanged. Never throws on bad input.
std::string rate_limit_key(std::string_view client_ip);

}  // namespace gp::cache
