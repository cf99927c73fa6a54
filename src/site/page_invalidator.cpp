#include "site/page_invalidator.hpp"

#include <spdlog/spdlog.h>

#include <limits>
#include <set>

namespace gp::site {
namespace {

namespace depends = pagecache::depends;

constexpr std::int64_t kBatch = 1000;
// Past this many articles in one pass (an import), finding each one's neighbours costs more
// than rendering the pages again: everything goes.
constexpr std::size_t kMaxArticlesPerPass = 200;
constexpr auto kKeepChanges = std::chrono::hours(24);

}  // namespace

PageInvalidator::PageInvalidator(store::Store& store, pagecache::PageCache& cache, Clock clock,
                                 std::function<void()> categories_changed)
    : store_(store),
      cache_(cache),
      clock_(std::move(clock)),
      categories_changed_(std::move(categories_changed)) {
    std::lock_guard lock(mutex_);
    // Pages cached from now on are built from the store as it is now.
    last_seq_ = store_.changes().latest_change();
    checked_until_ = clock_();
    last_prune_ = checked_until_;
    const auto next = store_.changes().next_scheduled(checked_until_);
    next_due_ = next ? next->time_since_epoch().count() : std::numeric_limits<std::int64_t>::max();
}

std::size_t PageInvalidator::poll() {
    std::lock_guard lock(mutex_);
    auto& log = store_.changes();
    const auto now = clock_();
    std::vector<content::ContentChange> changes;
    bool everything = false;
    for (;;) {
        auto batch = log.changes_since(last_seq_, kBatch);
        if (batch.empty()) break;
        last_seq_ = batch.back().seq;
        if (changes.size() + batch.size() > kMaxArticlesPerPass * 8) {
            everything = true;
            last_seq_ = log.latest_change();
            break;
        }
        changes.insert(changes.end(), batch.begin(), batch.end());
        if (static_cast<std::int64_t>(batch.size()) < kBatch) break;
    }
    if (now > checked_until_) {
        auto due = log.came_due(checked_until_, now);
        changes.insert(changes.end(), due.begin(), due.end());
        checked_until_ = now;
    }
    const auto next = log.next_scheduled(now);
    next_due_.store(
        next ? next->time_since_epoch().count() : std::numeric_limits<std::int64_t>::max(),
        std::memory_order_release);
    if (everything) {
        drop_all_locked();
    } else if (!changes.empty()) {
        apply_locked(changes);
    }
    if (now - last_prune_ > std::chrono::hours(1)) {
        log.prune_changes(now - kKeepChanges);
        last_prune_ = now;
    }
    return everything ? kMaxArticlesPerPass * 8 : changes.size();
}

void PageInvalidator::content_changed(const std::vector<content::ContentChange>& changes) {
    std::lock_guard lock(mutex_);
    apply_locked(changes);
    // The change may have scheduled an article. Until the next poll, due() would not know its
    // time, and a page cached before that time would outlive it.
    const auto next = store_.changes().next_scheduled(checked_until_);
    next_due_.store(
        next ? next->time_since_epoch().count() : std::numeric_limits<std::int64_t>::max(),
        std::memory_order_release);
}

void PageInvalidator::drop_all_locked() {
    // The tree first: a page rendered after the cache is cleared must not use the old tree.
    if (categories_changed_) categories_changed_();
    cache_.clear();
}

void PageInvalidator::apply_locked(const std::vector<content::ContentChange>& changes) {
    std::set<std::int64_t> articles;
    std::set<std::int64_t> categories;
    std::set<std::string> names{depends::all_articles()};
    for (const auto& c : changes) {
        if (c.structure) {
            drop_all_locked();
            return;
        }
        if (c.article_id) articles.insert(*c.article_id);
        if (c.category_id) categories.insert(*c.category_id);
        if (c.keyword) names.insert(depends::keyword(*c.keyword));
    }
    if (articles.size() > kMaxArticlesPerPass) {
        cache_.clear();
        return;
    }
    auto& store = store_.articles();
    const auto now = clock_();
    for (const auto id : articles) {
        names.insert(depends::article(id));
        // Pages that showed a link to it: its neighbours before the change.
        names.insert(depends::link(id));
        const auto article = store.find_article(id);
        if (!article) continue;
        categories.insert(article->category_id);
        for (const auto& k : article->keywords) names.insert(depends::keyword(k));
        if (content::visibility(article->status, article->published_at, now) ==
            content::Visibility::published) {
            // Its neighbours after the change now link to it.
            for (const auto& n :
                 {store.older_neighbour(*article, now), store.newer_neighbour(*article, now)}) {
                if (n) names.insert(depends::article(n->id));
            }
        }
    }
    const content::CategoryTree tree(store_.categories().list_categories());
    for (const auto id : categories) {
        const auto chain = tree.ancestry(id);
        if (chain.empty()) {
            drop_all_locked();
            return;
        }
        names.insert(depends::section(chain.front()->id));
    }
    const auto removed = cache_.invalidate({names.begin(), names.end()});
    spdlog::debug("page cache: {} changes, {} pages dropped", changes.size(), removed);
}

}  // namespace gp::site
