#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gp::cache {

/// Page views (访问量) waiting to be written: a page view never writes to the store, it adds
/// here, and a flusher moves the batch to the store (docs/design.md "Shared state"). Thread-safe.
/// No method throws for an unreachable Redis: a page never fails for its count (docs/adr/0016).
/// Views taken for one write to the store. A batch with an id is held where every node can see
/// it until written() forgets it: the store records the id in the same transaction as the
/// counts, so a batch whose writer died is taken again by another node and still counted once
/// (docs/adr/0016). A batch without an id lives only in the flusher's hands.
struct ViewBatch {
    std::string id;
    std::vector<std::pair<std::int64_t, std::int64_t>> deltas;
    bool empty() const { return deltas.empty(); }
};

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
    /// Removes and returns a batch to write: everything pending, or a batch another node took
    /// and never finished. After the store has it, call written(); if writing fails, hand it
    /// back with restore() so that nothing is lost.
    virtual ViewBatch take() = 0;
    virtual void written(const ViewBatch& batch) = 0;
    virtual void restore(const ViewBatch& batch) = 0;
};

}  // namespace gp::cache
