// One suite for every cache backend (docs/design.md "Shared state"): the memory counters and the
// Redis ones against a real redis-server on 127.0.0.1. Time is driven through `now`, never slept.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "cache_backends.hpp"

namespace gp::cache::test {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;
sys_seconds at(std::int64_t s) { return sys_seconds{seconds{s}}; }

std::map<std::int64_t, std::int64_t> sum(
    const std::vector<std::pair<std::int64_t, std::int64_t>>& batch) {
    std::map<std::int64_t, std::int64_t> out;
    for (const auto& [id, n] : batch) out[id] += n;
    return out;
}

template <class Backend>
class CacheContract : public ::testing::Test {
protected:
    /// A site of its own per test run, so tests sharing one Redis never see each other's keys
    /// (nor an earlier repetition's, with --gtest_repeat).
    std::string site(const std::string& suffix = "") const {
        return fmt::format("gp-test:{}:{}{}",
                           ::testing::UnitTest::GetInstance()->current_test_info()->name(), run_,
                           suffix);
    }
    static inline std::atomic<int> runs_{0};
    const int run_ = ++runs_;
    Backend backend_;
};

struct BackendNames {
    template <class T>
    static std::string GetName(int) {
        return std::is_same_v<T, MemoryBackend> ? "Memory" : "Redis";
    }
};

using Backends = ::testing::Types<MemoryBackend, RedisBackend>;
TYPED_TEST_SUITE(CacheContract, Backends, BackendNames);

TYPED_TEST(CacheContract, RateLimiterAllowsUpToTheLimit) {
    auto n = this->backend_.node(this->site());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(n->limiter.hit("ip:a", 3, seconds{60}, at(1000)));
    EXPECT_FALSE(n->limiter.hit("ip:a", 3, seconds{60}, at(1001)));
    // Another key has its own window.
    EXPECT_TRUE(n->limiter.hit("ip:b", 3, seconds{60}, at(1001)));
}

TYPED_TEST(CacheContract, RateLimiterWindowSlides) {
    auto n = this->backend_.node(this->site());
    auto& l = n->limiter;
    EXPECT_TRUE(l.hit("k", 2, seconds{10}, at(1000)));
    EXPECT_TRUE(l.hit("k", 2, seconds{10}, at(1005)));
    EXPECT_FALSE(l.hit("k", 2, seconds{10}, at(1009)));
    // 1000 has left the window, but the refused 1009 still counts: 1005, 1009, 1010.
    EXPECT_FALSE(l.hit("k", 2, seconds{10}, at(1010)));
    // Everything up to 1010 has left: only this event is in the window.
    EXPECT_TRUE(l.hit("k", 2, seconds{10}, at(1020)));
    EXPECT_TRUE(l.hit("k", 2, seconds{10}, at(1021)));
    EXPECT_FALSE(l.hit("k", 2, seconds{10}, at(1022)));
}

TYPED_TEST(CacheContract, RefusedHitsKeepTheWindowClosed) {
    auto n = this->backend_.node(this->site());
    auto& l = n->limiter;
    EXPECT_TRUE(l.hit("k", 1, seconds{10}, at(0 + 5000)));
    // Hammering every five seconds never lets a second event through.
    for (int t = 5; t <= 60; t += 5) EXPECT_FALSE(l.hit("k", 1, seconds{10}, at(5000 + t))) << t;
    // A pause longer than the window does.
    EXPECT_TRUE(l.hit("k", 1, seconds{10}, at(5071)));
}

TYPED_TEST(CacheContract, RateLimitIsSharedByNodesOfOneSite) {
    auto a = this->backend_.node(this->site());
    auto b = this->backend_.node(this->site());
    EXPECT_TRUE(a->limiter.hit("login:1.2.3.4", 3, seconds{60}, at(100)));
    EXPECT_TRUE(b->limiter.hit("login:1.2.3.4", 3, seconds{60}, at(100)));
    EXPECT_TRUE(a->limiter.hit("login:1.2.3.4", 3, seconds{60}, at(101)));
    EXPECT_FALSE(b->limiter.hit("login:1.2.3.4", 3, seconds{60}, at(101)));
    EXPECT_FALSE(a->limiter.hit("login:1.2.3.4", 3, seconds{60}, at(102)));
}

TYPED_TEST(CacheContract, ViewsArePendingUntilTakenAndCountedForever) {
    auto n = this->backend_.node(this->site());
    auto& v = n->views;
    v.add(7);
    v.add(7);
    v.add(8);
    EXPECT_EQ(v.pending(7), 2);
    EXPECT_EQ(v.counted(7), 2);
    const auto batch = v.take();
    EXPECT_EQ(sum(batch.deltas), (std::map<std::int64_t, std::int64_t>{{7, 2}, {8, 1}}));
    EXPECT_TRUE(v.take().empty());
    v.written(batch);
    v.add(7);
    const auto t = v.tally(7);
    EXPECT_EQ(t.pending, 1);
    EXPECT_EQ(t.counted, 3);
    EXPECT_EQ(v.counted(9), 0);
    EXPECT_EQ(v.pending(9), 0);
}

TYPED_TEST(CacheContract, ViewsFromTwoNodesAddUp) {
    auto a = this->backend_.node(this->site());
    auto b = this->backend_.node(this->site());
    for (int i = 0; i < 3; ++i) a->views.add(42);
    for (int i = 0; i < 2; ++i) b->views.add(42);
    EXPECT_EQ(a->views.counted(42), 5);
    EXPECT_EQ(b->views.counted(42), 5);
    EXPECT_EQ(b->views.tally(42).pending, 5);
    EXPECT_EQ(take_all(b->views), (std::map<std::int64_t, std::int64_t>{{42, 5}}));
    EXPECT_TRUE(a->views.take().empty());
    EXPECT_EQ(a->views.counted(42), 5);
}

TYPED_TEST(CacheContract, RestoreAfterAFailedWriteLosesNothing) {
    auto n = this->backend_.node(this->site());
    auto& v = n->views;
    for (int i = 0; i < 4; ++i) v.add(1);
    v.add(2);
    const auto batch = v.take();
    // Views keep coming while the store write fails; then the batch goes back.
    v.add(1);
    v.restore(batch);
    EXPECT_EQ(v.pending(1), 5);
    EXPECT_EQ(v.counted(1), 5);
    // The batch comes back whole (with Redis, as a batch of its own before the newer views).
    EXPECT_EQ(take_all(v), (std::map<std::int64_t, std::int64_t>{{1, 5}, {2, 1}}));
    EXPECT_EQ(v.pending(1), 0);
}

TYPED_TEST(CacheContract, ConcurrentTakesNeverReturnAViewTwice) {
    constexpr int kAddsPerThread = 400;
    auto adder_a = this->backend_.node(this->site());
    auto adder_b = this->backend_.node(this->site());
    auto flusher_a = this->backend_.node(this->site());
    auto flusher_b = this->backend_.node(this->site());
    std::atomic<int> adders_left{2};
    std::map<std::int64_t, std::int64_t> taken_a;
    std::map<std::int64_t, std::int64_t> taken_b;
    const auto add = [&](ViewCounter& v, int offset) {
        for (int i = 0; i < kAddsPerThread; ++i) v.add(1 + (i + offset) % 5);
        --adders_left;
    };
    const auto flush = [&](ViewCounter& v, std::map<std::int64_t, std::int64_t>& into) {
        for (;;) {
            const bool last = adders_left == 0;
            const auto batch = v.take();
            for (const auto& [id, n] : batch.deltas) into[id] += n;
            v.written(batch);
            if (last) break;
        }
    };
    {
        std::jthread t1(add, std::ref(adder_a->views), 0);
        std::jthread t2(add, std::ref(adder_b->views), 2);
        std::jthread t3(flush, std::ref(flusher_a->views), std::ref(taken_a));
        std::jthread t4(flush, std::ref(flusher_b->views), std::ref(taken_b));
    }
    std::map<std::int64_t, std::int64_t> all = taken_a;
    for (const auto& [id, n] : taken_b) all[id] += n;
    std::int64_t total = 0;
    for (const auto& [id, n] : all) {
        total += n;
        EXPECT_EQ(n, 2 * kAddsPerThread / 5) << "article " << id;
    }
    EXPECT_EQ(total, 2 * kAddsPerThread);
    EXPECT_EQ(adder_a->views.counted(3), 2 * kAddsPerThread / 5);
}

TYPED_TEST(CacheContract, SearchesAreCountedAndTakenOnce) {
    auto n = this->backend_.node(this->site());
    auto& q = n->queries;
    q.add("等保", 3);
    q.add("等保", 0);
    q.add("测评", 5);
    auto batch = q.take();
    std::sort(batch.begin(), batch.end(),
              [](const auto& x, const auto& y) { return x.query < y.query; });
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch[0].query, "测评");
    EXPECT_EQ(batch[0].searches, 1);
    EXPECT_EQ(batch[0].no_hit_searches, 0);
    EXPECT_EQ(batch[0].last_results, 5);
    EXPECT_EQ(batch[1].query, "等保");
    EXPECT_EQ(batch[1].searches, 2);
    EXPECT_EQ(batch[1].no_hit_searches, 1);
    EXPECT_EQ(batch[1].last_results, 0);
    EXPECT_TRUE(q.take().empty());
}

TYPED_TEST(CacheContract, RestoredSearchesKeepTheNewerResultCount) {
    auto a = this->backend_.node(this->site());
    auto b = this->backend_.node(this->site());
    a->queries.add("定级", 0);
    a->queries.add("定级", 4);
    const auto batch = a->queries.take();
    b->queries.add("定级", 9);
    a->queries.restore(batch);
    const auto again = b->queries.take();
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].searches, 3);
    EXPECT_EQ(again[0].no_hit_searches, 1);
    EXPECT_EQ(again[0].last_results, 9);
}

TYPED_TEST(CacheContract, PendingSearchesAreBounded) {
    auto n = this->backend_.node(this->site());
    constexpr auto kMax = memory::MemoryQueryCounter::kMaxPending;
    for (std::size_t i = 0; i < kMax; ++i) n->queries.add("q" + std::to_string(i), 1);
    n->queries.add("one too many", 1);
    n->queries.add("q0", 1);  // a query already pending still counts
    const auto batch = n->queries.take();
    EXPECT_EQ(batch.size(), kMax);
    const auto q0 =
        std::find_if(batch.begin(), batch.end(), [](const auto& c) { return c.query == "q0"; });
    ASSERT_NE(q0, batch.end());
    EXPECT_EQ(q0->searches, 2);
}

TYPED_TEST(CacheContract, SitesSharingABackendAreIsolated) {
    auto one = this->backend_.node(this->site(":one"));
    auto two = this->backend_.node(this->site(":two"));
    EXPECT_TRUE(one->limiter.hit("k", 1, seconds{60}, at(10)));
    EXPECT_FALSE(one->limiter.hit("k", 1, seconds{60}, at(11)));
    EXPECT_TRUE(two->limiter.hit("k", 1, seconds{60}, at(11)));
    one->views.add(5);
    EXPECT_EQ(two->views.counted(5), 0);
    EXPECT_TRUE(two->views.take().empty());
    one->queries.add("等保", 1);
    EXPECT_TRUE(two->queries.take().empty());
    EXPECT_EQ(one->views.counted(5), 1);
    EXPECT_EQ(one->queries.take().size(), 1u);
}

}  // namespace
}  // namespace gp::cache::test
