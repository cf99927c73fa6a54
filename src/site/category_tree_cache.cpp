#include "site/category_tree_cache.hpp"

namespace gp::site {

std::shared_ptr<const content::CategoryTree> CategoryTreeCache::get() {
    std::uint64_t generation = 0;
    if (keep_) {
        std::lock_guard lock(mutex_);
        if (tree_) return tree_;
        generation = generation_;
    }
    // Read outside the lock: a store that is slow or failing must not hold other requests.
    auto tree = std::make_shared<const content::CategoryTree>(store_.list_categories());
    if (keep_) {
        std::lock_guard lock(mutex_);
        // A change reported while reading may not be in what was read.
        if (generation == generation_) tree_ = tree;
    }
    return tree;
}

void CategoryTreeCache::drop() {
    std::lock_guard lock(mutex_);
    tree_.reset();
    ++generation_;
}

}  // namespace gp::site
