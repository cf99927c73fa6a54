#pragma once

#include <mutex>
#include <unordered_map>

#include "cache/query_counter.hpp"

namespace gp::cache::memory {

/// The one-process query counter. Bounded: past kMaxPending distinct queries between flushes,
/// new ones are dropped (a flood of random queries cannot grow memory without limit).
class MemoryQueryCounter final : public QueryCounter {
public:
    static constexpr std::size_t kMaxPending = 10000;

    void add(const std::string& normalized_query, std::int64_t results) override;
    std::vector<content::QueryCount> take() override;
    void restore(const std::vector<content::QueryCount>& batch) override;

private:
    std::mutex mutex_;
    std::unordered_map<std::string, content::QueryCount> counts_;
};

}  // namespace gp::cache::memory
