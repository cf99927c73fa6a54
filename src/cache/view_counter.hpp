#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace gp::cache {

/// Page views (访问量) waiting to be written: a page view never writes to the store, it adds
/// here, and a flusher moves the batch to the store (DESIGN.md §3). Thread-safe.
class ViewCounter {
public:
    virtual ~ViewCounter() = default;
    virtual void add(std::int64_t article_id) = 0;
    /// Views counted but not yet in the store.
    virtual std::int64_t pending(std::int64_t article_id) const = 0;
    /// Removes and returns everything pending. If writing the batch fails, hand it back with
    /// restore() so that nothing is lost.
    virtual std::vector<std::pair<std::int64_t, std::int64_t>> take() = 0;
    virtual void restore(const std::vector<std::pair<std::int64_t, std::int64_t>>& batch) = 0;
};

}  // namespace gp::cache
