#pragma once

#include "store/search_index.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteSearchStats final : public SearchStats {
public:
    explicit SqliteSearchStats(Database& db) : db_(db) {}
    void add_query_counts(const std::vector<content::QueryCount>& batch,
                          content::Time now) override;
    std::vector<content::QueryCount> top_queries(std::int64_t limit) override;
    std::vector<content::QueryCount> zero_hit_queries(std::int64_t limit) override;

private:
    std::vector<content::QueryCount> read(std::string_view sql, std::string_view name,
                                          std::int64_t limit);
    Database& db_;
};

}  // namespace gp::store::sqlite
