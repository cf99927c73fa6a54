#pragma once

#include <atomic>
#include <string>

#include "cache/memory/memory_query_counter.hpp"
#include "cache/query_counter.hpp"
#include "cache/redis/redis_client.hpp"

namespace gp::cache::redis {

/// Searches shared by every node, kept like views: three hashes keyed by the query (searches,
/// searches without a hit, the latest result count) that take() empties in one Lua script.
/// Bounded like the memory counter: past kMaxPending distinct queries between flushes, new ones
/// are dropped. While Redis is unreachable searches are counted in this process and take()
/// hands them to the flusher directly (docs/adr/0016). No method throws cache::Unavailable.
class RedisQueryCounter final : public QueryCounter {
public:
    static constexpr std::size_t kMaxPending = memory::MemoryQueryCounter::kMaxPending;

    RedisQueryCounter(RedisClient& client, const std::string& key_namespace);

    void add(const std::string& normalized_query, std::int64_t results) override;
    std::vector<content::QueryCount> take() override;
    void restore(const std::vector<content::QueryCount>& batch) override;

private:
    void note_down(const std::exception& e);

    RedisClient& client_;
    std::vector<std::string> keys_;
    memory::MemoryQueryCounter local_;
    std::atomic<bool> down_{false};
};

}  // namespace gp::cache::redis
