#include "store/postgres/postgres_search_stats.hpp"

#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kUpsert = "add_query_counts";
constexpr const char* kTop = "top_queries";
constexpr const char* kZeroHit = "zero_hit_queries";

}  // namespace

PostgresSearchStats::PostgresSearchStats(Pool& pool) : pool_(pool) {
    pool_.define(kUpsert,
                 "INSERT INTO search_queries (query, searches, no_hit_searches, last_results, "
                 "last_searched_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (query) DO UPDATE SET "
                 "searches = search_queries.searches + excluded.searches, "
                 "no_hit_searches = search_queries.no_hit_searches + excluded.no_hit_searches, "
                 "last_results = excluded.last_results, "
                 "last_searched_at = excluded.last_searched_at");
    // COLLATE "C": ties in byte order, as SQLite sorts text, whatever the database's locale.
    pool_.define(kTop,
                 "SELECT query, searches, no_hit_searches, last_results FROM search_queries "
                 "ORDER BY searches DESC, query COLLATE \"C\" LIMIT $1");
    pool_.define(kZeroHit,
                 "SELECT query, searches, no_hit_searches, last_results FROM search_queries "
                 "WHERE last_results = 0 ORDER BY no_hit_searches DESC, query COLLATE \"C\" "
                 "LIMIT $1");
}

void PostgresSearchStats::add_query_counts(const std::vector<content::QueryCount>& batch,
                                           content::Time now) {
    pool_.with(kUpsert, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        for (const auto& q : batch) {
            tx.exec_prepared0(kUpsert, q.query, q.searches, q.no_hit_searches, q.last_results,
                              seconds(now));
        }
        tx.commit();
    });
}

std::vector<content::QueryCount> PostgresSearchStats::read(const char* query, std::int64_t limit) {
    return pool_.with(query, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::QueryCount> out;
        for (const auto& row : tx.exec_prepared(query, limit)) {
            out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(),
                           row[2].as<std::int64_t>(), row[3].as<std::int64_t>()});
        }
        return out;
    });
}

std::vector<content::QueryCount> PostgresSearchStats::top_queries(std::int64_t limit) {
    return read(kTop, limit);
}

std::vector<content::QueryCount> PostgresSearchStats::zero_hit_queries(std::int64_t limit) {
    return read(kZeroHit, limit);
}

}  // namespace gp::store::postgres
