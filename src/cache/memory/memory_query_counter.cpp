#include "cache/memory/memory_query_counter.hpp"

namespace gp::cache::memory {

void MemoryQueryCounter::add(const std::string& normalized_query, std::int64_t results) {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(normalized_query);
    if (it == counts_.end()) {
        if (counts_.size() >= kMaxPending) return;
        it = counts_.emplace(normalized_query, content::QueryCount{normalized_query}).first;
    }
    ++it->second.searches;
    if (results == 0) ++it->second.no_hit_searches;
    it->second.last_results = results;
}

std::vector<content::QueryCount> MemoryQueryCounter::take() {
    std::lock_guard lock(mutex_);
    std::vector<content::QueryCount> out;
    out.reserve(counts_.size());
    for (auto& [q, count] : counts_) out.push_back(std::move(count));
    counts_.clear();
    return out;
}

void MemoryQueryCounter::restore(const std::vector<content::QueryCount>& batch) {
    std::lock_guard lock(mutex_);
    for (const auto& count : batch) {
        auto [it, fresh] = counts_.try_emplace(count.query, count);
        if (fresh) continue;
        // Searches counted since the batch was taken are newer, so their last result stands.
        it->second.searches += count.searches;
        it->second.no_hit_searches += count.no_hit_searches;
    }
}

}  // namespace gp::cache::memory
