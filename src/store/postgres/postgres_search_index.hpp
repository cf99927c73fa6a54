#pragma once

#include "search/analyzer.hpp"
#include "store/postgres/pool.hpp"
#include "store/search_index.hpp"

namespace gp::store::postgres {

/// Search over a tsvector of the program's own tokens with a GIN index, ranked by ts_rank
/// (docs/adr/0014). Writers index their articles before COMMIT through sync_search_index.
class PostgresSearchIndex final : public SearchIndex {
public:
    PostgresSearchIndex(Pool& pool, search::Analyzer& analyzer);

    SearchResult search(const std::string& query, std::span<const std::int64_t> category_ids,
                        content::Time now, std::int64_t offset, std::int64_t limit) override;
    std::vector<ArticleLink> related(const content::Article& article, content::Time now,
                                     std::int64_t limit) override;
    std::optional<RelatedSource> related_source(std::int64_t id) override;
    std::vector<std::int64_t> rank_related_any_time(const content::Article& article,
                                                    std::int64_t limit) override;
    bool replace_related(std::int64_t id, std::span<const std::int64_t> related,
                         content::Time now) override;
    std::vector<std::int64_t> listing(std::span<const std::int64_t> ids,
                                      std::int64_t limit) override;
    std::vector<std::int64_t> related_due(content::Time before, std::int64_t limit) override;
    std::int64_t reindex(const std::function<void(std::int64_t, std::int64_t)>& progress) override;

private:
    /// The best `limit` published articles at `now` (all times when nullopt), other than
    /// `excluded`, sharing `article`'s rarest terms.
    std::vector<std::int64_t> rank_related(pqxx::transaction_base& tx,
                                           const content::Article& article,
                                           std::int64_t now_seconds, std::int64_t limit);

    Pool& pool_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::postgres
