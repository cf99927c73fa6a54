#include "store/postgres/postgres_store.hpp"

#include "store/postgres/migrate.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kPing = "ping";

}  // namespace

PostgresStore::PostgresStore(const PostgresSettings& settings)
    : pool_(settings.url, settings.pool_size),
      articles_(pool_),
      categories_(pool_, audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor)),
      transfer_(pool_, audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor),
                analyzer_),
      editorial_(pool_, audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor),
                 analyzer_),
      leads_(pool_),
      redirects_(pool_),
      accounts_(pool_, audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor)),
      audit_(pool_, audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor)),
      search_(pool_, analyzer_),
      synonyms_(pool_, analyzer_),
      search_stats_(pool_),
      media_(pool_, audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor)),
      changes_(pool_) {
    pool_.define(kPing, "SELECT count(*) FROM schema_migrations");
    // Migrated on a connection of its own: the pool's prepare queries against the new schema.
    try {
        pqxx::connection c(settings.url);
        migrate(c);
    } catch (const pqxx::broken_connection& e) {
        throw PostgresError(std::string("cannot connect to PostgreSQL: ") + e.what());
    }
    pool_.set_after_work([](pqxx::connection& c) { anchor_committed_appends(c); });
    audit_chain::anchor_first_use(
        audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor), audit_);
}

bool PostgresStore::ping() noexcept {
    try {
        return pool_.with(kPing, [](pqxx::connection& c) {
            pqxx::nontransaction tx(c);
            return !tx.exec_prepared(kPing).empty();
        });
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace gp::store::postgres
