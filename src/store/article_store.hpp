#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/article.hpp"

namespace gp::store {

struct ArticleLink {
    std::int64_t id = 0;
    std::int64_t category_id = 0;
    std::string title;
};

/// What sitemaps and feeds need of an article: where it lives and when it changed.
struct ArticleStamp {
    std::int64_t id = 0;
    std::int64_t category_id = 0;
    std::string title;
    content::Time published_at{};
    content::Time updated_at{};
};

/// Articles as readers see them at a moment `now`: only published articles whose time has come.
/// Every method throws on store failure (a bug or broken infrastructure, not a user's mistake).
class ArticleStore {
public:
    virtual ~ArticleStore() = default;

    /// Any article by id, whatever its state; the caller decides who may see it.
    virtual std::optional<content::Article> find_article(std::int64_t id) = 0;

    /// Visible articles of the given categories, newest first (published_at, then id).
    virtual std::vector<content::ArticleSummary> list_visible(
        std::span<const std::int64_t> category_ids, content::Time now, std::int64_t offset,
        std::int64_t limit) = 0;
    virtual std::int64_t count_visible(std::span<const std::int64_t> category_ids,
                                       content::Time now) = 0;
    /// Visible articles per category, not rolled up.
    virtual std::map<std::int64_t, std::int64_t> count_visible_by_category(content::Time now) = 0;

    /// 上一篇 (older) and 下一篇 (newer) within one category, by published_at then id.
    virtual std::optional<ArticleLink> older_neighbour(const content::Article& of,
                                                       content::Time now) = 0;
    virtual std::optional<ArticleLink> newer_neighbour(const content::Article& of,
                                                       content::Time now) = 0;

    virtual std::vector<content::ArticleSummary> list_by_keyword(const std::string& keyword,
                                                                 content::Time now,
                                                                 std::int64_t offset,
                                                                 std::int64_t limit) = 0;
    virtual std::int64_t count_by_keyword(const std::string& keyword, content::Time now) = 0;

    /// Every visible article, newest first, in pages (for sitemaps).
    virtual std::vector<ArticleStamp> list_visible_stamps(content::Time now, std::int64_t offset,
                                                          std::int64_t limit) = 0;
    virtual std::int64_t count_all_visible(content::Time now) = 0;

    /// Adds pending view counts in one transaction: all or nothing. A non-empty `batch_id` is
    /// recorded in the same transaction and a batch already recorded adds nothing, so a batch
    /// written twice counts once (cache::ViewBatch). False when it was already recorded.
    virtual bool add_views(const std::vector<std::pair<std::int64_t, std::int64_t>>& deltas,
                           std::string_view batch_id) = 0;
};

}  // namespace gp::store
