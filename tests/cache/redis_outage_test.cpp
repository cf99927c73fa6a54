// Redis going down mid-test (stopped by its PID) and coming back: what each use does meanwhile
// (docs/adr/0016-redis-shared-state.md). Each test has a redis-server of its own to stop.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <thread>

#include "cache/unavailable.hpp"
#include "cache_backends.hpp"

namespace gp::cache::test {
namespace {

using std::chrono::seconds;
using Counts = std::map<std::int64_t, std::int64_t>;

Counts sum(const std::vector<std::pair<std::int64_t, std::int64_t>>& batch) {
    Counts out;
    for (const auto& [id, n] : batch) out[id] += n;
    return out;
}

class RedisOutage : public ::testing::Test {
protected:
    // As `serve` does with the Redis backend: a write to a Redis just stopped fails with EPIPE.
    void SetUp() override { std::signal(SIGPIPE, SIG_IGN); }

    gp::test::RedisServer server_;
    RedisNode a_{server_, "site"};
    RedisNode b_{server_, "site"};
};

TEST_F(RedisOutage, RateLimiterThrowsUnavailableThenRecovers) {
    const auto now = std::chrono::sys_seconds{seconds{1000}};
    EXPECT_TRUE(a_.limiter.hit("callback-ip:1.2.3.4", 5, seconds{60}, now));
    server_.stop();
    // Neither "allowed" (unthrottled) nor "refused" (a 429 that blames the visitor).
    EXPECT_THROW(a_.limiter.hit("callback-ip:1.2.3.4", 5, seconds{60}, now), Unavailable);
    EXPECT_THROW(b_.limiter.hit("callback-ip:1.2.3.4", 5, seconds{60}, now), Unavailable);
    server_.start();
    EXPECT_TRUE(a_.limiter.hit("callback-ip:1.2.3.4", 5, seconds{60}, now));
}

TEST_F(RedisOutage, ARestartedRedisIsReachedOnTheFirstCall) {
    const auto now = std::chrono::sys_seconds{seconds{1000}};
    // Idle connections in the pool (one per thread at most), all to a server about to go away.
    std::vector<std::jthread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] { a_.limiter.hit("k", 100, seconds{60}, now); });
    }
    threads.clear();
    server_.stop();
    server_.start();
    // No request pays for the stale connections: they are dropped and one new one is made.
    EXPECT_TRUE(a_.limiter.hit("k", 100, seconds{60}, now));
    a_.views.add(3);
    EXPECT_EQ(a_.views.local_backlog(), (std::pair<std::int64_t, std::int64_t>{0, 0}));
}

TEST_F(RedisOutage, ClientWaitsBeforeReconnectingAfterAFailedConnect) {
    auto options = options_for(server_);
    options.retry_after = std::chrono::hours(1);
    redis::RedisClient client(options);
    server_.stop();
    EXPECT_THROW(client.command({"PING"}), Unavailable);
    server_.start();
    // Within retry_after the client does not try again, so a dead Redis costs no timeouts.
    EXPECT_THROW(client.command({"PING"}), Unavailable);
}

TEST_F(RedisOutage, ViewsAreCountedLocallyAndPushedWhenRedisIsBack) {
    a_.views.add(1);
    a_.views.add(1);
    server_.stop();
    for (int i = 0; i < 3; ++i) EXPECT_NO_THROW(a_.views.add(1));
    // The count shown keeps going up: Redis's last answer plus what was counted here.
    EXPECT_EQ(a_.views.counted(1), 5);
    EXPECT_EQ(a_.views.local_backlog(), (std::pair<std::int64_t, std::int64_t>{3, 3}));
    // A flush while Redis is down whose store write fails: the batch stays in this process.
    const auto batch = a_.views.take();
    EXPECT_EQ(sum(batch.deltas), (Counts{{1, 3}}));
    a_.views.restore(batch);
    EXPECT_EQ(a_.views.local_backlog(), (std::pair<std::int64_t, std::int64_t>{3, 3}));

    // The test server keeps nothing on disk, so it comes back empty: only what this node
    // counted during the outage is left to arrive.
    server_.start();
    EXPECT_EQ(take_all(a_.views), (Counts{{1, 3}}));
    EXPECT_EQ(a_.views.local_backlog(), (std::pair<std::int64_t, std::int64_t>{0, 0}));
    EXPECT_EQ(b_.views.counted(1), 3);
    EXPECT_EQ(b_.views.pending(1), 0);
}

TEST_F(RedisOutage, ViewsFlushedDuringTheOutageReachTheTotalLater) {
    server_.stop();
    for (int i = 0; i < 4; ++i) a_.views.add(2);
    // The flusher writes them to the store at once; they are not pending anywhere any more.
    EXPECT_EQ(sum(a_.views.take().deltas), (Counts{{2, 4}}));
    EXPECT_EQ(a_.views.pending(2), 0);
    EXPECT_EQ(a_.views.counted(2), 4);
    server_.start();
    EXPECT_TRUE(a_.views.take().empty());
    // Other nodes now count them too, and nothing is pending to be written twice.
    EXPECT_EQ(b_.views.counted(2), 4);
    EXPECT_TRUE(b_.views.take().empty());
}

TEST_F(RedisOutage, SearchesAreCountedLocallyWhileRedisIsDown) {
    a_.queries.add("等保", 2);
    auto before = a_.queries.take();
    ASSERT_EQ(before.size(), 1u);
    server_.stop();
    EXPECT_NO_THROW(a_.queries.add("测评", 0));
    a_.queries.restore(before);
    const auto during = a_.queries.take();
    EXPECT_EQ(during.size(), 2u);
    a_.queries.restore(during);
    server_.start();
    auto after = b_.queries.take();
    EXPECT_TRUE(after.empty());
    after = a_.queries.take();
    std::sort(after.begin(), after.end(),
              [](const auto& x, const auto& y) { return x.query < y.query; });
    ASSERT_EQ(after.size(), 2u);
    EXPECT_EQ(after[0].query, "测评");
    EXPECT_EQ(after[0].no_hit_searches, 1);
    EXPECT_EQ(after[1].query, "等保");
    EXPECT_EQ(after[1].searches, 1);
}

TEST_F(RedisOutage, AddRefusedWhileDownLeavesNoHalfWrittenKeys) {
    server_.stop();
    EXPECT_THROW(a_.limiter.hit("k", 1, seconds{60}, std::chrono::sys_seconds{seconds{5}}),
                 Unavailable);
    server_.start();
    EXPECT_EQ(server_.command({"DBSIZE"}), "0");
}

}  // namespace
}  // namespace gp::cache::test
