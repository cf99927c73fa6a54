#pragma once

#include <deque>
#include <mutex>
#include <unordered_map>

#include "cache/rate_limiter.hpp"

namespace gp::cache::memory {

/// One process's sliding windows. Memory is bounded: each key keeps at most a few more
/// timestamps than its limit, and keys whose windows have passed are dropped as others are hit.
class MemoryRateLimiter final : public RateLimiter {
public:
    bool hit(const std::string& key, int limit, std::chrono::seconds window,
             std::chrono::sys_seconds now) override;

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<std::int64_t>> events_;
    std::int64_t last_sweep_ = 0;
};

}  // namespace gp::cache::memory
