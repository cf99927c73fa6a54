#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace gp::cache {

/// Counts events per key in a sliding window (per client address for the call-back form).
/// Thread-safe. The Redis implementation shares the counts between nodes.
class RateLimiter {
public:
    virtual ~RateLimiter() = default;
    /// Records one event for `key` at `now` and returns true when, with it, the key has had at
    /// most `limit` events within `window`. A refused event is recorded too, so hammering does
    /// not reopen the window. Throws cache::Unavailable when the shared counts cannot be
    /// reached: the caller refuses the request with 503 rather than let it through unthrottled.
    virtual bool hit(const std::string& key, int limit, std::chrono::seconds window,
                     std::chrono::sys_seconds now) = 0;
};

}  // namespace gp::cache
