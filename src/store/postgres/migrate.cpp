#include "store/postgres/migrate.hpp"

#include <fmt/format.h>

#include <charconv>

#include "store/postgres/migrations.hpp"
#include "store/postgres/postgres_error.hpp"

namespace gp::store::postgres {
namespace {

// Held until COMMIT: a second node blocks here, then finds the schema current. 0x67700002.
constexpr std::string_view kLock = "SELECT pg_advisory_xact_lock(1735393282)";
constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kCurrentVersion =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr std::string_view kRecordVersion =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES ($1, $2, extract(epoch FROM now())::bigint)";

int version_of(std::string_view name) {
    int version = 0;
    const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
    if (ec != std::errc{} || ptr == name.data()) {
        throw PostgresError(fmt::format("migration {} does not start with its number", name));
    }
    return version;
}

}  // namespace

int migrate(pqxx::connection& connection) {
    std::string_view step = "lock";
    try {
        pqxx::work tx(connection);
        tx.exec(std::string(kLock));
        step = "schema_migrations";
        // Quiet: "already exists, skipping" is the normal case, not worth a server notice.
        tx.exec("SET LOCAL client_min_messages = warning");
        tx.exec(std::string(kCreateVersionTable));
        const auto have = tx.exec1(std::string(kCurrentVersion))[0].as<std::int64_t>();
        int applied = 0;
        for (const auto& m : migrations()) {
            const int version = version_of(m.name);
            if (version <= have) continue;
            step = m.name;
            tx.exec(std::string(m.sql));
            tx.exec_params(std::string(kRecordVersion), version, std::string(m.name));
            ++applied;
        }
        tx.commit();
        return applied;
    } catch (const pqxx::failure& e) {
        throw PostgresError(fmt::format("migration {}: {}", step, e.what()));
    }
}

}  // namespace gp::store::postgres
