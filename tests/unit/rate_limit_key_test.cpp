#include "cache/rate_limit_key.hpp"

#include <gtest/gtest.h>

namespace gp::cache {
namespace {

// Behind a proxy the limits count forwarded addresses; an IPv6 client holds a whole /64 and
// would get a fresh limit with every address in it.
TEST(RateLimitKey, ThrottlingBehindAProxyIpv6ClientsShareTheirSlash64) {
    EXPECT_EQ(rate_limit_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
    EXPECT_EQ(rate_limit_key("2001:db8:1:2:ffff:ffff:ffff:fffe"), "2001:db8:1:2::/64");
    EXPECT_EQ(rate_limit_key("2001:DB8:1:2:0:0:0:7"), "2001:db8:1:2::/64");
    EXPECT_NE(rate_limit_key("2001:db8:1:3::1"), rate_limit_key("2001:db8:1:2::1"));
    EXPECT_EQ(rate_limit_key("fe80::1%1"), "fe80::/64");
    EXPECT_EQ(rate_limit_key("::1"), "::/64");

    // IPv4 stays per address, written the same whether or not it came through a dual-stack
    // socket: two IPv4 clients never share a key.
    EXPECT_EQ(rate_limit_key("203.0.113.9"), "203.0.113.9");
    EXPECT_EQ(rate_limit_key("::ffff:203.0.113.9"), "203.0.113.9");
    EXPECT_NE(rate_limit_key("::ffff:203.0.113.9"), rate_limit_key("::ffff:203.0.113.10"));

    // The shell and the system are not addresses and keep their names.
    EXPECT_EQ(rate_limit_key("shell"), "shell");
    EXPECT_EQ(rate_limit_key(""), "");
}

}  // namespace
}  // namespace gp::cache
