#include "cache/memory/memory_rate_limiter.hpp"

namespace gp::cache::memory {

bool MemoryRateLimiter::hit(const std::string& key, int limit, std::chrono::seconds window,
                            std::chrono::sys_seconds now) {
    const auto t = now.time_since_epoch().count();
    const auto oldest = t - window.count();
    std::lock_guard lock(mutex_);
    if (t - last_sweep_ >= window.count()) {
        // Drop keys whose newest event has left the window, so idle addresses cost nothing.
        for (auto it = events_.begin(); it != events_.end();) {
            it = (it->second.empty() || it->second.back() <= oldest) ? events_.erase(it) : ++it;
        }
        last_sweep_ = t;
    }
    auto& times = events_[key];
    while (!times.empty() && times.front() <= oldest) times.pop_front();
    times.push_back(t);
    // Keep the deque bounded even under a flood: more than limit+1 entries add no information.
    while (times.size() > static_cast<std::size_t>(limit) + 1) times.pop_front();
    return times.size() <= static_cast<std::size_t>(limit);
}

}  // namespace gp::cache::memory
