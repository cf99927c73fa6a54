#pragma once

#include "store/postgres/pool.hpp"
#include "store/search_index.hpp"

namespace gp::store::postgres {

class PostgresSearchStats final : public SearchStats {
public:
    explicit PostgresSearchStats(Pool& pool);
    void add_query_counts(const std::vector<content::QueryCount>& batch,
                          content::Time now) override;
    std::vector<content::QueryCount> top_queries(std::int64_t limit) override;
    std::vector<content::QueryCount> zero_hit_queries(std::int64_t limit) override;

private:
    std::vector<content::QueryCount> read(const char* query, std::int64_t limit);
    Pool& pool_;
};

}  // namespace gp::store::postgres
