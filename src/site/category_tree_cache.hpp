#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "content/category_tree.hpp"
#include "store/category_store.hpp"

namespace gp::site {

/// The category tree kept between requests, so a page does not read and rebuild it from the
/// store each time. Only kept while something reports category changes (`drop()`, called by the
/// page cache's invalidator from the change log); without that, every get() reads the store.
class CategoryTreeCache {
public:
    CategoryTreeCache(store::CategoryStore& store, bool keep) : store_(store), keep_(keep) {}

    /// The current tree; throws on store failure (nothing is kept then).
    std::shared_ptr<const content::CategoryTree> get();
    /// Forgets the kept tree; a tree being read from the store at this moment is not kept.
    void drop();

private:
    store::CategoryStore& store_;
    const bool keep_;
    std::mutex mutex_;
    std::shared_ptr<const content::CategoryTree> tree_;
    std::uint64_t generation_ = 0;
};

}  // namespace gp::site
