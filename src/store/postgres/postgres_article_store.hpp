#pragma once

#include "store/article_store.hpp"
#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

class PostgresArticleStore final : public ArticleStore {
public:
    explicit PostgresArticleStore(Pool& pool);

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
    std::optional<ArticleLink> neighbour(const char* query, const content::Article& of,
                                         content::Time now);
    Pool& pool_;
};

}  // namespace gp::store::postgres
