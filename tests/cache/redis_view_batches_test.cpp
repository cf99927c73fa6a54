// A flusher that dies between taking its batch of views and the store's COMMIT: the batch stays
// listed in Redis and another node takes it over (docs/adr/0016). Orphan ages are given as
// zero or an hour, so no test waits for a clock.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

#include "cache_backends.hpp"

namespace gp::cache::test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using Counts = std::map<std::int64_t, std::int64_t>;

Counts sum(const ViewBatch& batch) {
    Counts out;
    for (const auto& [id, n] : batch.deltas) out[id] += n;
    return out;
}

std::string fresh_site() {
    static std::atomic<int> n{0};
    return fmt::format("gp-test:batches:{}:{}", ::getpid(), ++n);
}

TEST(RedisViewBatches, ABatchWhoseWriterDiedIsTakenOverWithItsId) {
    const auto site = fresh_site();
    auto dying = std::make_unique<RedisNode>(shared_redis(), site);
    for (int i = 0; i < 3; ++i) dying->views.add(11);
    dying->views.add(12);
    const auto lost = dying->views.take();
    ASSERT_FALSE(lost.id.empty());
    dying.reset();  // the node is gone before it wrote the batch or said so

    // A live node does not take a batch that is not yet orphaned, and still counts it as
    // pending: the page shows these views although the store does not have them.
    RedisNode patient(shared_redis(), site, hours(1));
    EXPECT_TRUE(patient.views.take().empty());
    EXPECT_EQ(patient.views.pending(11), 3);
    EXPECT_EQ(patient.views.counted(11), 3);

    // Once it is orphaned, the next flusher gets it: the same id, so the store counts it once
    // even if the dead node had committed it.
    RedisNode heir(shared_redis(), site, seconds(0));
    patient.views.add(11);  // a newer view waits for the next batch
    const auto again = heir.views.take();
    EXPECT_EQ(again.id, lost.id);
    EXPECT_EQ(sum(again), (Counts{{11, 3}, {12, 1}}));
    heir.views.written(again);
    EXPECT_EQ(take_all(heir.views), (Counts{{11, 1}}));
    EXPECT_TRUE(heir.views.take().empty());
    EXPECT_EQ(heir.views.pending(11), 0);
    EXPECT_EQ(heir.views.counted(11), 4);
}

TEST(RedisViewBatches, EachTakeMakesABatchOfItsOwn) {
    const auto site = fresh_site();
    RedisNode a(shared_redis(), site);
    RedisNode b(shared_redis(), site);
    a.views.add(5);
    const auto first = a.views.take();
    b.views.add(5);
    const auto second = b.views.take();
    EXPECT_FALSE(first.id.empty());
    EXPECT_FALSE(second.id.empty());
    EXPECT_NE(first.id, second.id);
    EXPECT_EQ(sum(first), (Counts{{5, 1}}));
    EXPECT_EQ(sum(second), (Counts{{5, 1}}));
    EXPECT_EQ(a.views.pending(5), 2);
    a.views.written(first);
    b.views.written(second);
    EXPECT_EQ(a.views.pending(5), 0);
}

}  // namespace
}  // namespace gp::cache::test
