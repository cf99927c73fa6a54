#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cache/memory/memory_rate_limiter.hpp"

namespace gp::cache::memory {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::sys_seconds kT0{1'700'000'000s};
constexpr int kLimit = 5;
constexpr std::chrono::seconds kWindow{600s};

// Hits `key` `count` times at `at`; returns how many were allowed.
int hits_at(MemoryRateLimiter& limiter, const std::string& key, int count,
            std::chrono::sys_seconds at) {
    int allowed = 0;
    for (int i = 0; i < count; ++i) allowed += limiter.hit(key, kLimit, kWindow, at) ? 1 : 0;
    return allowed;
}

TEST(MemoryRateLimiterTest, TheSixthHitInTheWindowIsRefused) {
    MemoryRateLimiter limiter;
    for (int i = 0; i < kLimit; ++i) {
        EXPECT_TRUE(limiter.hit("1.2.3.4", kLimit, kWindow, kT0 + std::chrono::seconds(i)))
            << "hit " << i + 1;
    }
    EXPECT_FALSE(limiter.hit("1.2.3.4", kLimit, kWindow, kT0 + 10s));
    EXPECT_FALSE(limiter.hit("1.2.3.4", kLimit, kWindow, kT0 + 11s));
}

TEST(MemoryRateLimiterTest, KeysAreIndependent) {
    MemoryRateLimiter limiter;
    EXPECT_EQ(hits_at(limiter, "a", kLimit + 3, kT0), kLimit);
    EXPECT_EQ(hits_at(limiter, "b", kLimit + 3, kT0 + 1s), kLimit);
    EXPECT_TRUE(limiter.hit("c", kLimit, kWindow, kT0 + 2s));
    EXPECT_FALSE(limiter.hit("a", kLimit, kWindow, kT0 + 3s));
    EXPECT_FALSE(limiter.hit("b", kLimit, kWindow, kT0 + 3s));
}

TEST(MemoryRateLimiterTest, TheKeyIsAllowedAgainOnceTheWindowHasPassed) {
    MemoryRateLimiter limiter;
    // Two keys primed identically: one probes just before the window ends, one just after.
    for (const std::string key : {"early", "late"}) {
        ASSERT_EQ(hits_at(limiter, key, kLimit + 1, kT0), kLimit);
    }
    EXPECT_FALSE(limiter.hit("early", kLimit, kWindow, kT0 + kWindow - 1s));
    EXPECT_TRUE(limiter.hit("late", kLimit, kWindow, kT0 + kWindow));
    // A full new window's worth is available again, and no more.
    EXPECT_EQ(hits_at(limiter, "late", kLimit + 2, kT0 + kWindow + 1s), kLimit - 1);
}

TEST(MemoryRateLimiterTest, ASteadyRateWithinTheLimitIsNeverRefused) {
    MemoryRateLimiter limiter;
    // One hit every 120 s: any 600 s window (t-600, t] holds exactly 5 of them.
    for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(limiter.hit("k", kLimit, kWindow, kT0 + std::chrono::seconds(120 * i)))
            << "hit " << i;
    }
}

// One hit per second for 20 minutes (t = 0 .. 1199). The first 5 are allowed; every later hit
// is recorded although refused, so each window (t-600, t] from then on holds at least 6 events
// and the key never reopens while the flood lasts: exactly 5 allowed.
int hammer_for_twenty_minutes(MemoryRateLimiter& limiter, const std::string& key) {
    int allowed = 0;
    for (int s = 0; s < 20 * 60; ++s) {
        allowed += limiter.hit(key, kLimit, kWindow, kT0 + std::chrono::seconds(s)) ? 1 : 0;
    }
    return allowed;
}

TEST(MemoryRateLimiterTest, RefusedHitsKeepTheWindowClosed) {
    MemoryRateLimiter limiter;
    EXPECT_EQ(hammer_for_twenty_minutes(limiter, "flood"), 5);
}

TEST(MemoryRateLimiterTest, AfterAFloodTheKeyReopensOneWindowAfterTheLastHits) {
    // The last hits were at t = 1195 .. 1199. At t = 1794 the window (1194, 1794] still holds
    // those 5, so a 6th is refused; at t = 1795 only 1196 .. 1199 remain and the hit is allowed.
    MemoryRateLimiter before;
    ASSERT_EQ(hammer_for_twenty_minutes(before, "flood"), 5);
    EXPECT_FALSE(before.hit("flood", kLimit, kWindow, kT0 + 1794s));

    MemoryRateLimiter after;
    ASSERT_EQ(hammer_for_twenty_minutes(after, "flood"), 5);
    EXPECT_TRUE(after.hit("flood", kLimit, kWindow, kT0 + 1795s));
}

TEST(MemoryRateLimiterTest, ConcurrentHitsOnOneKeyAllowExactlyTheLimit) {
    MemoryRateLimiter limiter;
    constexpr int kThreads = 4;
    constexpr int kHitsPerThread = 1000;
    constexpr int kConcurrentLimit = 100;
    std::atomic<int> allowed{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            for (int h = 0; h < kHitsPerThread; ++h) {
                if (limiter.hit("shared", kConcurrentLimit, kWindow, kT0)) ++allowed;
            }
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(allowed.load(), kConcurrentLimit);
    EXPECT_FALSE(limiter.hit("shared", kConcurrentLimit, kWindow, kT0));
}

TEST(MemoryRateLimiterTest, ConcurrentHitsOnSeparateKeysDoNotInterfere) {
    MemoryRateLimiter limiter;
    constexpr int kThreads = 4;
    constexpr int kConcurrentLimit = 100;
    std::vector<int> allowed(kThreads, 0);
    std::barrier next_window(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const auto key = "key-" + std::to_string(i);
            // Two windows; the first hit of the second one sweeps the map of expired keys while
            // the other threads are still counting theirs.
            for (const auto at : {kT0, kT0 + kWindow}) {
                for (int h = 0; h < 500; ++h) {
                    if (limiter.hit(key, kConcurrentLimit, kWindow, at)) ++allowed[i];
                }
                next_window.arrive_and_wait();
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < kThreads; ++i) EXPECT_EQ(allowed[i], 2 * kConcurrentLimit) << i;
}

}  // namespace
}  // namespace gp::cache::memory
