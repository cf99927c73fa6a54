#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "search/analyzer.hpp"
#include "store/search_index.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_search_ranking.hpp"

namespace gp::store::sqlite {

class SqliteSearchIndex final : public SearchIndex {
public:
    SqliteSearchIndex(Database& db, search::Analyzer& analyzer) : db_(db), analyzer_(analyzer) {}

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
    /// The best `limit` articles sharing `article`'s rarest terms that pass `filter`.
    std::vector<std::int64_t> rank_related(Connection& c, const content::Article& article,
                                           const RankFilter& filter, std::int64_t limit);

    /// How many articles hold each term, counted up to a cap, as long as the index is unchanged:
    /// article pages share most of their candidate terms, and counting them was most of the cost
    /// of related articles (docs/benchmarks.md, "Rendering").
    struct FrequencyCache {
        std::mutex mutex;
        /// The index state the counts belong to: content change sequence, vocabulary version,
        /// cap. Any change to articles or synonyms empties the cache.
        std::int64_t change_seq = -1;
        std::int64_t vocabulary_version = -1;
        std::int64_t cap = -1;
        std::unordered_map<std::string, std::int64_t> counts;
    };

    Database& db_;
    search::Analyzer& analyzer_;
    FrequencyCache frequencies_;
};

}  // namespace gp::store::sqlite
