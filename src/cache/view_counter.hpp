#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace gp::cache {

/// Page views (访问量) waiting to be written: a page view never writes to the store, it adds
/// here, and a flusher moves the batch to the store (DESIGN.md §3). Thread-safe. No method
/// throws for an unreachable Redis: a page never fails for its count (docs/adr/0016).
class ViewCounter {
public:
    virtual ~ViewCounter() = default;
    virtual void add(std::int64_t article_id) = 0;
    /// Views counted but not yet in the store.
    virtual std::int64_t pending(std::int64_t article_id) const = 0;
    /// Every view ever added for the article in this process (with Redis: by every node);
    /// never goes down, so a cached page can show its render-time count plus what was counted
    /// since (flushes do not matter).
    virtual std::int64_t counted(std::int64_t article_id) const = 0;
    struct Tally {
        std::int64_t pending = 0;
        std::int64_t counted = 0;
    };
    /// pending() and counted() read together, so no view falls between them.
    virtual Tally tally(std::int64_t article_id) const = 0;
    /// Removes and returns everything pending. If writing the batch fails, hand it back with
    /// restore() so that nothing is lost.
    virtual std::vector<std::pair<std::int64_t, std::int64_t>> take() = 0;
    virtual void restore(const std::vector<std::pair<std::int64_t, std::int64_t>>& batch) = 0;
};

}  // namespace gp::cache
