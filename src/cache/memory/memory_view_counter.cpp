#include "cache/memory/memory_view_counter.hpp"

namespace gp::cache::memory {

void MemoryViewCounter::add(std::int64_t article_id) {
    std::lock_guard lock(mutex_);
    ++counts_[article_id];
    ++totals_[article_id];
}

std::int64_t MemoryViewCounter::counted(std::int64_t article_id) const {
    std::lock_guard lock(mutex_);
    const auto it = totals_.find(article_id);
    return it == totals_.end() ? 0 : it->second;
}

std::int64_t MemoryViewCounter::pending(std::int64_t article_id) const {
    std::lock_guard lock(mutex_);
    const auto it = counts_.find(article_id);
    return it == counts_.end() ? 0 : it->second;
}

ViewCounter::Tally MemoryViewCounter::tally(std::int64_t article_id) const {
    std::lock_guard lock(mutex_);
    Tally t;
    if (const auto it = counts_.find(article_id); it != counts_.end()) t.pending = it->second;
    if (const auto it = totals_.find(article_id); it != totals_.end()) t.counted = it->second;
    return t;
}

ViewBatch MemoryViewCounter::take() {
    std::unordered_map<std::int64_t, std::int64_t> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(counts_);
    }
    return {"", {taken.begin(), taken.end()}};
}

void MemoryViewCounter::restore(const ViewBatch& batch) {
    std::lock_guard lock(mutex_);
    for (const auto& [id, n] : batch.deltas) counts_[id] += n;
}

}  // namespace gp::cache::memory
