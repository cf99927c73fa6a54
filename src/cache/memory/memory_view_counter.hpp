#pragma once

#include <mutex>
#include <unordered_map>

#include "cache/view_counter.hpp"

namespace gp::cache::memory {

/// The one-process view counter. Between take() and the store's commit the batch lives only
/// with the flusher, so pending() briefly under-reports by that batch; restore() puts it back.
class MemoryViewCounter final : public ViewCounter {
public:
    void add(std::int64_t article_id) override;
    std::int64_t pending(std::int64_t article_id) const override;
    std::int64_t counted(std::int64_t article_id) const override;
    Tally tally(std::int64_t article_id) const override;
    /// Batches have no id: a process that dies takes its counts with it anyway.
    ViewBatch take() override;
    void written(const ViewBatch&) override {}
    void restore(const ViewBatch& batch) override;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, std::int64_t> counts_;
    std::unordered_map<std::int64_t, std::int64_t> totals_;
};

}  // namespace gp::cache::memory
