#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "cache/redis/redis_client.hpp"
#include "cache/view_counter.hpp"

namespace gp::cache::redis {

/// Page views shared by every node: a pending hash (article → views not yet in the store) and
/// a total hash that only grows, so counted() adds up across nodes. A view is acknowledged once
/// Redis has applied it. take() renames the pending hash to a batch of its own, listed with the
/// time it was taken, and written() deletes it once the store has committed it; a batch still
/// listed after `orphan_after` belonged to a node that died mid-write and is handed to the next
/// take(), on any node. The store counts each batch id once, so a batch written twice (its
/// writer died after COMMIT) is not counted twice. While Redis is unreachable, views are counted
/// in this process instead and never fail the page: take() hands them to the flusher directly
/// and the totals are pushed once Redis answers again (docs/adr/0016). No method throws
/// cache::Unavailable.
class RedisViewCounter final : public ViewCounter {
public:
    RedisViewCounter(RedisClient& client, const std::string& key_namespace,
                     std::chrono::seconds orphan_after);

    void add(std::int64_t article_id) override;
    std::int64_t pending(std::int64_t article_id) const override;
    std::int64_t counted(std::int64_t article_id) const override;
    Tally tally(std::int64_t article_id) const override;
    ViewBatch take() override;
    void written(const ViewBatch& batch) override;
    void restore(const ViewBatch& batch) override;

    /// Views counted in this process that Redis has not seen yet (pending, total); for tests
    /// and the log.
    std::pair<std::int64_t, std::int64_t> local_backlog() const;

private:
    /// Moves the local backlog into Redis; false (backlog kept) when Redis is unreachable.
    bool push_local();
    void note_down(const std::exception& e) const;
    void note_up() const;

    RedisClient& client_;
    std::string pending_key_;
    std::string total_key_;
    std::string batches_key_;       // sorted set: batch id → second it was taken
    std::string batch_key_prefix_;  // + id: the batch's hash
    std::chrono::seconds orphan_after_;
    mutable std::mutex mutex_;
    // Views Redis has not seen: pending_ ones are in neither Redis nor the store; total_ ones
    // are missing from Redis's total (a view taken to the store while Redis was down).
    std::unordered_map<std::int64_t, std::int64_t> local_pending_;
    std::unordered_map<std::int64_t, std::int64_t> local_total_;
    // Redis's last answered total per article, so counts shown during an outage do not drop.
    mutable std::unordered_map<std::int64_t, std::int64_t> last_total_;
    mutable std::atomic<bool> down_{false};
};

}  // namespace gp::cache::redis
