#pragma once

#include "search/analyzer.hpp"
#include "store/search_index.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteSearchIndex final : public SearchIndex {
public:
    SqliteSearchIndex(Database& db, search::Analyzer& analyzer) : db_(db), analyzer_(analyzer) {}

    SearchResult search(const std::string& query, std::span<const std::int64_t> category_ids,
                        content::Time now, std::int64_t offset, std::int64_t limit) override;
    std::vector<ArticleLink> related(const content::Article& article, content::Time now,
                                     std::int64_t limit) override;
    std::int64_t reindex(const std::function<void(std::int64_t, std::int64_t)>& progress) override;

private:
    Database& db_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::sqlite
