#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "content/article.hpp"
#include "store/search_index.hpp"

namespace gp::site {

/// Articles kept per related list: more than a page shows, so that one turning invisible
/// (unpublished, or scheduled for later) still leaves a full list.
inline constexpr std::int64_t kKeptRelated = 10;

/// An article's related list as RelatedLists::refresh kept it.
struct RelatedList {
    std::int64_t article_id = 0;
    std::vector<std::int64_t> related;  ///< best first
    bool changed = false;               ///< a list was kept before and this one differs
};

/// Works out and keeps articles' related lists through any backend's SearchIndex
/// (docs/adr/0031), so that SearchIndex::related reads a kept list instead of ranking the index
/// on the request path. A list holds published articles whatever their time (readers see the
/// visible ones); an article that is not published gets an empty list.
class RelatedLists {
public:
    explicit RelatedLists(store::SearchIndex& index) : index_(index) {}

    /// The lists of `ids`, in order, each kept and stamped `now` in a short transaction of its
    /// own; an article deleted meanwhile is skipped. Throws on store failure (the lists kept
    /// before the failure stay).
    std::vector<RelatedList> refresh(std::span<const std::int64_t> ids, content::Time now);

private:
    store::SearchIndex& index_;
};

}  // namespace gp::site
