#include "store/sqlite/migrate.hpp"

#include <fmt/format.h>

#include <charconv>

#include "store/sqlite/migrations.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at INTEGER NOT NULL)";
constexpr std::string_view kCurrentVersion =
    "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr std::string_view kRecordVersion =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, unixepoch())";

int version_of(std::string_view name) {
    int version = 0;
    const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
    if (ec != std::errc{} || ptr == name.data()) {
        throw SqliteError(fmt::format("migration {} does not start with its number", name));
    }
    return version;
}

}  // namespace

int migrate(Connection& connection) {
    Transaction tx(connection);
    connection.exec(kCreateVersionTable, "create_schema_migrations");
    Statement current(connection, kCurrentVersion, "current_schema_version");
    current.step();
    const auto have = current.int64(0);
    int applied = 0;
    for (const auto& m : migrations()) {
        const int version = version_of(m.name);
        if (version <= have) continue;
        connection.exec(m.sql, m.name);
        Statement record(connection, kRecordVersion, "record_schema_version");
        record.bind(1, std::int64_t{version}).bind(2, m.name).run();
        ++applied;
    }
    tx.commit();
    return applied;
}

}  // namespace gp::store::sqlite
