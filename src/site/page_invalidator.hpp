#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "content/content_change.hpp"
#include "pagecache/page_cache.hpp"
#include "site/site.hpp"
#include "store/store.hpp"

namespace gp::site {

/// Turns content changes into the cached pages they affect: the article, the pages linking to
/// it as 上一篇/下一篇 (old and new neighbours), its section's lists and feeds, its keyword pages,
/// and the pages listing everything (home, site feed, sitemaps). Changes arrive from the store's
/// change log (poll), which sees writes by any process, or directly (content_changed) from an
/// in-process editor or another node's message. Scheduled articles coming due are changes too.
class PageInvalidator {
public:
    /// `categories_changed` runs when categories may have changed (a category change, or a pass
    /// too large to look at), for whoever keeps the category tree.
    PageInvalidator(store::Store& store, pagecache::PageCache& cache, Clock clock,
                    std::function<void()> categories_changed = {});

    /// Reads the change log and the articles that came due since the last poll, and drops the
    /// pages they affect. Blocks on the store: call it from a worker, never an I/O thread.
    /// Returns the number of changes seen. Throws on store failure (the next poll retries).
    std::size_t poll();
    /// Drops the pages affected by changes learnt another way.
    void content_changed(const std::vector<content::ContentChange>& changes);
    /// True once a scheduled article's time has come and poll() has not handled it yet; no
    /// store access, for the I/O threads.
    bool due(content::Time now) const {
        return now.time_since_epoch().count() >= next_due_.load(std::memory_order_acquire);
    }

private:
    void apply_locked(const std::vector<content::ContentChange>& changes);
    /// Everything goes: every page and the category tree.
    void drop_all_locked();

    store::Store& store_;
    pagecache::PageCache& cache_;
    Clock clock_;
    std::function<void()> categories_changed_;
    std::mutex mutex_;
    std::int64_t last_seq_ = 0;
    content::Time checked_until_{};
    content::Time last_prune_{};
    std::atomic<std::int64_t> next_due_{0};
};

}  // namespace gp::site
