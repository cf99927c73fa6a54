#pragma once

#include "store/article_store.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteArticleStore final : public ArticleStore {
public:
    explicit SqliteArticleStore(Database& db) : db_(db) {}

    std::optional<content::Article> find_article(std::int64_t id) override;
    std::vector<content::ArticleSummary> list_visible(std::span<const std::int64_t> category_ids,
                                                      content::Time now, std::int64_t offset,
                                                      std::int64_t limit) override;
    std::int64_t count_visible(std::span<const std::int64_t> category_ids,
                               content::Time now) override;
    std::map<std::int64_t, std::int64_t> count_visible_by_category(content::Time now) override;
    std::optional<ArticleLink> older_neighbour(const content::Article& of,
                                               content::Time now) override;
    std::optional<ArticleLink> newer_neighbour(const content::Article& of,
                                               content::Time now) override;
    std::vector<content::ArticleSummary> list_by_keyword(const std::string& keyword,
                                                         content::Time now, std::int64_t offset,
                                                         std::int64_t limit) override;
    std::int64_t count_by_keyword(const std::string& keyword, content::Time now) override;
    std::vector<ArticleStamp> list_visible_stamps(content::Time now, std::int64_t offset,
                                                  std::int64_t limit) override;
    std::int64_t count_all_visible(content::Time now) override;
    bool add_views(const std::vector<std::pair<std::int64_t, std::int64_t>>& deltas,
                   std::string_view batch_id) override;

private:
    std::vector<content::ArticleSummary> read_summaries(Connection& c, Statement& st);
    std::optional<ArticleLink> neighbour(std::string_view sql, std::string_view name,
                                         const content::Article& of, content::Time now);

    Database& db_;
};

}  // namespace gp::store::sqlite
