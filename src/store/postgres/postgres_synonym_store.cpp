#include "store/postgres/postgres_synonym_store.hpp"

#include <map>

#include "search/synonym_merge.hpp"
#include "store/postgres/postgres_search_text.hpp"
#include "store/synonym_groups.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kList = "list_synonyms";
constexpr const char* kLock = "synonyms_lock";
constexpr const char* kNextGroup = "next_synonym_group";
constexpr const char* kMoveGroup = "merge_synonym_group";
constexpr const char* kInsert = "insert_synonym";

void define_queries(Pool& pool) {
    pool.define(kList, "SELECT group_id, term FROM search_synonyms ORDER BY group_id, id");
    // SQLite's write lock makes the read-merge-write below atomic; here synonym writers from
    // every node queue on one transaction lock (0x67700005) and then read what the one before
    // committed, so two new groups sharing a term cannot both be created.
    pool.define(kLock, "SELECT pg_advisory_xact_lock(1735393285)");
    pool.define(kNextGroup, "SELECT coalesce(max(group_id), 0) + 1 FROM search_synonyms");
    pool.define(kMoveGroup, "UPDATE search_synonyms SET group_id = $1 WHERE group_id = $2");
    pool.define(kInsert, "INSERT INTO search_synonyms (term, group_id) VALUES ($1, $2)");
}

}  // namespace

PostgresSynonymStore::PostgresSynonymStore(Pool& pool, search::Analyzer& analyzer)
    : pool_(pool), analyzer_(analyzer) {
    define_queries(pool_);
    define_search_text_queries(pool_);
}

std::vector<std::vector<std::string>> PostgresSynonymStore::list_synonyms() {
    return pool_.with(kList, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::map<std::int64_t, std::vector<std::string>> groups;
        for (const auto& row : tx.exec_prepared(kList)) {
            groups[row[0].as<std::int64_t>()].push_back(row[1].as<std::string>());
        }
        return synonym_groups(std::move(groups));
    });
}

std::vector<std::string> PostgresSynonymStore::add_synonyms(const std::vector<std::string>& terms) {
    return pool_.with(kInsert, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared(kLock);
        std::vector<search::SynonymRow> rows;
        for (const auto& row : tx.exec_prepared(kList)) {
            rows.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>()});
        }
        const auto plan = search::plan_synonym_merge(rows, terms, analyzer_.folder);
        const std::int64_t group =
            plan.group ? *plan.group : tx.exec_prepared1(kNextGroup)[0].as<std::int64_t>();
        for (const auto other : plan.absorbed) tx.exec_prepared0(kMoveGroup, group, other);
        for (const auto& t : plan.new_terms) tx.exec_prepared0(kInsert, t, group);
        std::vector<std::string> merged;
        for (const auto& row : tx.exec_prepared(kList)) {
            if (row[0].as<std::int64_t>() == group) merged.push_back(row[1].as<std::string>());
        }
        // The new terms_version makes the index be built again under the new term list.
        sync_search_index(tx, analyzer_);
        tx.commit();
        return merged;
    });
}

}  // namespace gp::store::postgres
