#include "site/related_refresher.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <span>
#include <string>

namespace gp::site {
namespace {

constexpr std::int64_t kBatch = 1000;
// Past this many changed articles in one pass (an import), their lists are left to the sweep
// (the store dropped them, so they count as missing) and their peers to the daily refresh.
constexpr std::size_t kMaxChanged = 200;
// Lists worked out for the peers of the changed articles, at most, per pass.
constexpr std::size_t kMaxPeers = 100;
// Missing or old lists per pass: about 3 ms each at 10,000 articles (docs/benchmarks.md), so a
// pass stays well under a worker's share while a new site fills its lists.
constexpr std::int64_t kSweepBatch = 40;
// Lists change with the other articles too (one published later may fit better): each is worked
// out again after this long.
constexpr auto kMaxAge = std::chrono::hours(24);
// When a sweep finds nothing left to do, the next looks again after this pause.
constexpr auto kSweepPause = std::chrono::minutes(1);
constexpr std::size_t kRefreshAllChunk = 100;

}  // namespace

RelatedRefresher::RelatedRefresher(store::Store& store, pagecache::PageCache* cache, Clock clock)
    : store_(store), lists_(store.search()), cache_(cache), clock_(std::move(clock)) {
    std::lock_guard lock(mutex_);
    // Articles changed before now have had their lists dropped: the first sweep finds them.
    last_seq_ = store_.changes().latest_change();
}

std::size_t RelatedRefresher::poll() {
    std::lock_guard lock(mutex_);
    auto& log = store_.changes();
    std::set<std::int64_t> changed;
    bool too_many = false;
    for (;;) {
        const auto batch = log.changes_since(last_seq_, kBatch);
        if (batch.empty()) break;
        last_seq_ = batch.back().seq;
        for (const auto& c : batch) {
            if (c.article_id) changed.insert(*c.article_id);
        }
        if (changed.size() > kMaxChanged) {
            too_many = true;
            last_seq_ = log.latest_change();
            break;
        }
        if (static_cast<std::int64_t>(batch.size()) < kBatch) break;
    }
    const auto now = clock_();
    std::size_t done = 0;
    if (too_many) {
        next_sweep_ = now;
    } else if (!changed.empty()) {
        const std::vector<std::int64_t> ids(changed.begin(), changed.end());
        const auto lists = refresh(ids);
        done += lists.size();
        std::set<std::int64_t> peers;
        for (const auto id : store_.search().listing(ids, kMaxPeers)) peers.insert(id);
        for (const auto& list : lists) peers.insert(list.related.begin(), list.related.end());
        for (const auto id : ids) peers.erase(id);
        std::vector<std::int64_t> more(peers.begin(), peers.end());
        if (more.size() > kMaxPeers) more.resize(kMaxPeers);
        done += refresh(more).size();
    }
    if (now >= next_sweep_) {
        const auto due = store_.search().related_due(now - kMaxAge, kSweepBatch);
        done += refresh(due).size();
        next_sweep_ = static_cast<std::int64_t>(due.size()) < kSweepBatch ? now + kSweepPause : now;
    }
    return done;
}

std::size_t RelatedRefresher::refresh_all(
    const std::function<void(std::int64_t, std::int64_t)>& progress) {
    std::lock_guard lock(mutex_);
    const auto ids =
        store_.search().related_due(clock_(), std::numeric_limits<std::int64_t>::max());
    const auto total = static_cast<std::int64_t>(ids.size());
    if (progress) progress(0, total);
    std::size_t done = 0;
    for (std::size_t at = 0; at < ids.size(); at += kRefreshAllChunk) {
        const auto n = std::min(kRefreshAllChunk, ids.size() - at);
        done += refresh(std::span<const std::int64_t>(ids).subspan(at, n)).size();
        if (progress) progress(static_cast<std::int64_t>(done), total);
    }
    return done;
}

std::vector<RelatedList> RelatedRefresher::refresh(std::span<const std::int64_t> ids) {
    if (ids.empty()) return {};
    auto lists = lists_.refresh(ids, clock_());
    if (cache_) {
        std::vector<std::string> pages;
        for (const auto& list : lists) {
            if (list.changed) pages.push_back(pagecache::depends::article(list.article_id));
        }
        // Only when something changed: every invalidation makes renders under way start over.
        if (!pages.empty()) cache_->invalidate(pages);
    }
    return lists;
}

}  // namespace gp::site
