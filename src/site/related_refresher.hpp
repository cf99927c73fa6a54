#pragma once

#include <cstdint>
#include <functional>
#include <mutex>

#include "pagecache/page_cache.hpp"
#include "site/related_lists.hpp"
#include "site/site.hpp"
#include "store/store.hpp"

namespace gp::site {

/// Keeps each article's related list current off the request path (docs/adr/0014): a pass
/// works out the lists of the articles that changed (the store dropped them with the change),
/// of the articles whose lists show a changed one, and of the articles a changed one now lists,
/// so that a new article enters its peers' lists; then, a few at a time, lists never worked out
/// or older than a day. A cached page whose list changed is dropped.
class RelatedRefresher {
public:
    /// `cache` may be null (the page cache is off).
    RelatedRefresher(store::Store& store, pagecache::PageCache* cache, Clock clock);

    /// One pass. Blocks on the store: call it from a worker, never an I/O thread. Returns the
    /// number of lists worked out. Throws on store failure (the next pass tries again).
    std::size_t poll();
    /// Works out every missing or old list, calling `progress(done, total)`; for `reindex`.
    std::size_t refresh_all(const std::function<void(std::int64_t, std::int64_t)>& progress);

private:
    /// Works out the lists of `ids` and drops the cached pages whose list changed.
    std::vector<RelatedList> refresh(std::span<const std::int64_t> ids);

    store::Store& store_;
    RelatedLists lists_;
    pagecache::PageCache* cache_;
    Clock clock_;
    std::mutex mutex_;
    std::int64_t last_seq_ = 0;
    /// Missing and old lists are looked for again at this time; sooner while some are found.
    content::Time next_sweep_{};
};

}  // namespace gp::site
