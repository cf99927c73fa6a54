#include <spdlog/spdlog.h>

#include <csignal>

#include "app/app.hpp"
#include "cache/redis/redis_query_counter.hpp"
#include "cache/redis/redis_rate_limiter.hpp"
#include "cache/redis/redis_view_counter.hpp"
#include "cache/unavailable.hpp"

namespace gp::app {

void App::make_shared_state() {
    // hiredis and the pipe to guardpress-imaging write with write(2): a peer gone in the middle
    // (Redis restarting, the imaging program dying on a file) would raise SIGPIPE and end the
    // whole server; ignored, the write fails with EPIPE and the caller handles it.
    std::signal(SIGPIPE, SIG_IGN);
    const auto& c = settings_.cache;
    if (c.backend == config::CacheBackend::memory) {
        views_ = std::make_unique<cache::memory::MemoryViewCounter>();
        queries_ = std::make_unique<cache::memory::MemoryQueryCounter>();
        rate_limiter_ = std::make_unique<cache::memory::MemoryRateLimiter>();
        login_limiter_ = std::make_unique<cache::memory::MemoryRateLimiter>();
        return;
    }
    cache::redis::RedisOptions options;
    options.host = c.redis_host;
    options.port = c.redis_port;
    options.db = c.redis_db;
    options.password = c.redis_password;
    options.timeout = c.timeout;
    redis_ = std::make_unique<cache::redis::RedisClient>(std::move(options));
    try {
        // A wrong password or database stops start-up (std::runtime_error); Redis merely being
        // down does not: pages serve and the counters catch up (docs/adr/0016).
        redis_->command({"PING"});
        spdlog::info("shared state in redis at {}:{} (namespace {})", c.redis_host, c.redis_port,
                     c.key_namespace);
    } catch (const cache::Unavailable& e) {
        spdlog::warn("redis is unreachable at start; forms that need it answer 503: {}", e.what());
    }
    // A live node writes its batch long before its next flush; one still listed after two
    // intervals and a second was left by a node that died mid-write.
    const auto orphan_after = 2 * settings_.views.flush_interval + std::chrono::seconds{1};
    views_ =
        std::make_unique<cache::redis::RedisViewCounter>(*redis_, c.key_namespace, orphan_after);
    queries_ = std::make_unique<cache::redis::RedisQueryCounter>(*redis_, c.key_namespace);
    rate_limiter_ = std::make_unique<cache::redis::RedisRateLimiter>(*redis_, c.key_namespace);
    login_limiter_ = std::make_unique<cache::redis::RedisRateLimiter>(*redis_, c.key_namespace);
}

}  // namespace gp::app
