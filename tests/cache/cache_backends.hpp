#pragma once

#include <map>
#include <memory>
#include <string>

#include "cache/memory/memory_query_counter.hpp"
#include "cache/memory/memory_rate_limiter.hpp"
#include "cache/memory/memory_view_counter.hpp"
#include "cache/redis/redis_client.hpp"
#include "cache/redis/redis_query_counter.hpp"
#include "cache/redis/redis_rate_limiter.hpp"
#include "cache/redis/redis_view_counter.hpp"
#include "support/redis_server.hpp"

namespace gp::cache::test {

/// The contract suite's view of a backend: node(ns) is one `serve` process's counters for the
/// site `ns`. With memory, a process is the whole deployment, so asking twice for the same site
/// gives the same counters; with Redis each call is a new node with its own connections.
struct MemoryBackend {
    struct Node {
        memory::MemoryViewCounter views;
        memory::MemoryQueryCounter queries;
        memory::MemoryRateLimiter limiter;
    };
    std::shared_ptr<Node> node(const std::string& ns) {
        auto& n = nodes_[ns];
        if (!n) n = std::make_shared<Node>();
        return n;
    }

private:
    std::map<std::string, std::shared_ptr<Node>> nodes_;
};

/// Takes every batch a flusher would, marking each written; their counts summed.
inline std::map<std::int64_t, std::int64_t> take_all(ViewCounter& v) {
    std::map<std::int64_t, std::int64_t> out;
    for (auto batch = v.take(); !batch.empty(); batch = v.take()) {
        for (const auto& [id, n] : batch.deltas) out[id] += n;
        v.written(batch);
    }
    return out;
}

/// One redis-server for the whole test binary, started on first use.
inline gp::test::RedisServer& shared_redis() {
    static gp::test::RedisServer server;
    return server;
}

inline redis::RedisOptions options_for(const gp::test::RedisServer& server) {
    redis::RedisOptions o;
    o.host = server.host();
    o.port = server.port();
    o.timeout = std::chrono::milliseconds(2000);
    // Tests restart Redis and expect the next call to reach it.
    o.retry_after = std::chrono::milliseconds(0);
    return o;
}

struct RedisNode {
    /// `orphan_after`: how old another node's unfinished view batch must be before this node
    /// takes it over; zero takes it at once.
    RedisNode(const gp::test::RedisServer& server, const std::string& ns,
              std::chrono::seconds orphan_after = std::chrono::hours(1))
        : client(options_for(server)),
          views(client, ns, orphan_after),
          queries(client, ns),
          limiter(client, ns) {}
    redis::RedisClient client;
    redis::RedisViewCounter views;
    redis::RedisQueryCounter queries;
    redis::RedisRateLimiter limiter;
};

struct RedisBackend {
    using Node = RedisNode;
    std::shared_ptr<Node> node(const std::string& ns) {
        return std::make_shared<Node>(shared_redis(), ns);
    }
};

}  // namespace gp::cache::test
