#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "content/account.hpp"
#include "content/article.hpp"

namespace gp::store {

/// The outcome of a category write that the store itself checks inside its transaction.
enum class CategoryWrite { done, not_found, slug_taken, cycle };

/// What delete_category found: the category's articles (any state) and children block it.
struct CategoryRemoval {
    bool found = false;
    std::int64_t articles = 0;
    std::int64_t children = 0;
    bool deleted = false;
};

/// Categories as a flat list; content::CategoryTree answers tree questions. Every method throws
/// on store failure. Writes append their audit record (object "category:<id>") in the same
/// transaction, and the content change log sees them (migration 0009), so caches drop pages.
class CategoryStore {
public:
    virtual ~CategoryStore() = default;
    /// Every category.
    virtual std::vector<content::Category> list_categories() = 0;
    /// Articles directly in each category, in any state (drafts, scheduled, trashed).
    virtual std::map<std::int64_t, std::int64_t> category_article_counts() = 0;

    /// Adds `category` last among its siblings; its id is returned, or nullopt when the slug is
    /// taken.
    virtual std::optional<std::int64_t> create_category(const content::Category& category,
                                                        const content::AuditRecord& audit) = 0;
    /// Writes name, slug, parent, subtitle and SEO fields of `category.id`; refuses a slug in
    /// use and a parent inside the category's own subtree. A new parent puts it last there.
    virtual CategoryWrite update_category(const content::Category& category,
                                          const content::AuditRecord& audit) = 0;
    /// Swaps the category with its previous (`up`) or next sibling; done also at the ends.
    virtual CategoryWrite reorder_category(std::int64_t id, bool up,
                                           const content::AuditRecord& audit) = 0;
    /// Deletes the category only when no article and no category is in it.
    virtual CategoryRemoval delete_category(std::int64_t id, const content::AuditRecord& audit) = 0;
    /// Moves every article of `from` (any state) into `to` in one transaction; the number
    /// moved, or nullopt when either category is missing.
    virtual std::optional<std::int64_t> move_category_articles(
        std::int64_t from, std::int64_t to, const content::AuditRecord& audit) = 0;
};

}  // namespace gp::store
