#include "store/sqlite/sqlite_search_stats.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kUpsert =
    "INSERT INTO search_queries (query, searches, no_hit_searches, last_results, "
    "last_searched_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (query) DO UPDATE SET "
    "searches = searches + excluded.searches, "
    "no_hit_searches = no_hit_searches + excluded.no_hit_searches, "
    "last_results = excluded.last_results, last_searched_at = excluded.last_searched_at";
constexpr std::string_view kTop =
    "SELECT query, searches, no_hit_searches, last_results FROM search_queries "
    "ORDER BY searches DESC, query LIMIT ?";
constexpr std::string_view kZeroHit =
    "SELECT query, searches, no_hit_searches, last_results FROM search_queries "
    "WHERE last_results = 0 ORDER BY no_hit_searches DESC, query LIMIT ?";

}  // namespace

void SqliteSearchStats::add_query_counts(const std::vector<content::QueryCount>& batch,
                                         content::Time now) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement st(*c, kUpsert, "add_query_counts");
    for (const auto& q : batch) {
        st.reset();
        st.bind(1, q.query)
            .bind(2, q.searches)
            .bind(3, q.no_hit_searches)
            .bind(4, q.last_results)
            .bind(5, std::int64_t{now.time_since_epoch().count()})
            .run();
    }
    tx.commit();
}

std::vector<content::QueryCount> SqliteSearchStats::read(std::string_view sql,
                                                         std::string_view name,
                                                         std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, sql, name);
    st.bind(1, limit);
    std::vector<content::QueryCount> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), st.int64(3)});
    return out;
}

std::vector<content::QueryCount> SqliteSearchStats::top_queries(std::int64_t limit) {
    return read(kTop, "top_queries", limit);
}

std::vector<content::QueryCount> SqliteSearchStats::zero_hit_queries(std::int64_t limit) {
    return read(kZeroHit, "zero_hit_queries", limit);
}

}  // namespace gp::store::sqlite
