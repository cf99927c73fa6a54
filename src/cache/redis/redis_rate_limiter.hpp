#pragma once

#include <atomic>
#include <string>

#include "cache/rate_limiter.hpp"
#include "cache/redis/redis_client.hpp"

namespace gp::cache::redis {

/// Sliding windows shared by every node: one sorted set per key (scores are event times), trimmed
/// and counted in one Lua script so two nodes never both let the last allowed event through.
/// Like the memory limiter it keeps at most limit+1 events per key; each key expires once its
/// window has passed. Throws cache::Unavailable when Redis cannot be reached (docs/adr/0016).
class RedisRateLimiter final : public RateLimiter {
public:
    RedisRateLimiter(RedisClient& client, std::string key_namespace);

    bool hit(const std::string& key, int limit, std::chrono::seconds window,
             std::chrono::sys_seconds now) override;

private:
    RedisClient& client_;
    std::string prefix_;
    // Events in one second from one node still need distinct members in the sorted set.
    std::string node_;
    std::atomic<std::uint64_t> sequence_{0};
};

}  // namespace gp::cache::redis
