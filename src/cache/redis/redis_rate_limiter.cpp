#include "cache/redis/redis_rate_limiter.hpp"

#include <fmt/format.h>

#include <random>

namespace gp::cache::redis {
namespace {

// KEYS[1] the key's sorted set; ARGV: now, window (s), limit, a member unique to this event.
// Events at or before now - window have left the window, as in MemoryRateLimiter.
const RedisScript kHit(R"lua(
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, ARGV[4])
local n = redis.call('ZCARD', key)
if n > limit + 1 then
  redis.call('ZREMRANGEBYRANK', key, 0, n - limit - 2)
  n = limit + 1
end
redis.call('EXPIRE', key, window + 1)
if n <= limit then return 1 end
return 0
)lua");

std::string random_node_id() {
    std::random_device rd;
    return fmt::format("{:08x}{:08x}", rd(), rd());
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(RedisClient& client, std::string key_namespace)
    : client_(client), prefix_(std::move(key_namespace) + ":rate:"), node_(random_node_id()) {}

bool RedisRateLimiter::hit(const std::string& key, int limit, std::chrono::seconds window,
                           std::chrono::sys_seconds now) {
    const auto member = fmt::format("{}:{}:{}", now.time_since_epoch().count(), node_,
                                    sequence_.fetch_add(1, std::memory_order_relaxed));
    const auto reply =
        client_.eval(kHit, {prefix_ + key},
                     {std::to_string(now.time_since_epoch().count()),
                      std::to_string(window.count()), std::to_string(limit), member});
    return reply.integer == 1;
}

}  // namespace gp::cache::redis
