#include <gtest/gtest.h>

#include "cache/memory/memory_query_counter.hpp"

namespace gp::cache::memory {
namespace {

TEST(MemoryQueryCounter, CountsSearchesAndZeroHits) {
    MemoryQueryCounter counter;
    counter.add("等保", 12);
    counter.add("等保", 10);
    counter.add("量子纠缠", 0);
    auto batch = counter.take();
    std::sort(batch.begin(), batch.end(), [](auto& a, auto& b) { return a.query < b.query; });
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch[0].query, "等保");
    EXPECT_EQ(batch[0].searches, 2);
    EXPECT_EQ(batch[0].no_hit_searches, 0);
    EXPECT_EQ(batch[0].last_results, 10);
    EXPECT_EQ(batch[1].no_hit_searches, 1);
    EXPECT_TRUE(counter.take().empty());
}

TEST(MemoryQueryCounter, RestoreAfterAFailedWriteLosesNothing) {
    MemoryQueryCounter counter;
    counter.add("等保", 5);
    const auto batch = counter.take();
    counter.add("等保", 7);
    counter.restore(batch);
    const auto again = counter.take();
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].searches, 2);
    EXPECT_EQ(again[0].last_results, 7);
}

TEST(MemoryQueryCounter, BoundedNumberOfDistinctQueries) {
    MemoryQueryCounter counter;
    for (std::size_t i = 0; i < MemoryQueryCounter::kMaxPending + 50; ++i) {
        counter.add("q" + std::to_string(i), 1);
    }
    EXPECT_EQ(counter.take().size(), MemoryQueryCounter::kMaxPending);
}

}  // namespace
}  // namespace gp::cache::memory
