#include "app/migrate_store_cli.hpp"

#include <fmt/format.h>

#include "app/app.hpp"
#include "app/cli.hpp"
#include "app/progress_bar.hpp"
#include "app/search_cli.hpp"
#include "security/key_file.hpp"
#include "store/move/store_mover.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace gp::app {

std::filesystem::path sqlite_data_dir(const std::string& from) {
    constexpr std::string_view kScheme = "sqlite:";
    if (from.rfind(kScheme, 0) != 0 || from.size() == kScheme.size()) {
        throw BadInput("--from: expected sqlite:PATH (a data dir or its store file), got " + from);
    }
    std::filesystem::path path = from.substr(kScheme.size());
    if (std::filesystem::is_regular_file(path)) path = path.parent_path();
    if (!store::sqlite::store_exists(store::StoreSettings{path, {}})) {
        throw BadInput("--from: no GuardPress store in " + path.string());
    }
    return path;
}

std::string postgres_url(const std::string& to) {
    constexpr std::string_view kScheme = "postgres:";
    if (to.rfind(kScheme, 0) != 0 || to.size() == kScheme.size()) {
        throw BadInput("--to: expected postgres:URL (postgres:postgresql://host/db), got " + to);
    }
    return to.substr(kScheme.size());
}

int migrate_store(const std::filesystem::path& data_dir, const config::Settings& settings,
                  const std::string& postgres_url, std::ostream& out, std::ostream& progress,
                  bool progress_is_terminal) {
    const auto key_file = key_file_path(settings, data_dir);
    const auto master = security::MasterKey::load(key_file);
    const auto store_keys = store_settings(master, data_dir, key_file);
    store::ChainReport source_chain;
    {
        // Brings the SQLite store to the newest schema, whose tables the move expects.
        auto source = store::sqlite::open_store(store_keys);
        source_chain = source->audit().verify_chain();
    }
    if (source_chain.first_broken) {
        throw BadInput(
            fmt::format("the SQLite audit chain is broken at record {} ({}); run "
                        "`guardpress audit verify` and resolve it before moving",
                        *source_chain.first_broken, source_chain.reason));
    }
    store::postgres::PostgresStore target(store::postgres::PostgresSettings{
        postgres_url, 2, store_keys.audit_key, store_keys.audit_anchor});

    std::string current;
    std::function<void(std::int64_t, std::int64_t)> bar;
    std::vector<store::move::TableReport> tables;
    try {
        tables = store::move::copy_sqlite_to_postgres(
            data_dir / "guardpress.sqlite3", postgres_url,
            [&](const std::string& table, std::int64_t done, std::int64_t total) {
                if (table != current) {
                    if (!current.empty() && progress_is_terminal) progress << "\n";
                    current = table;
                    bar = progress_bar(progress, progress_is_terminal, fmt::format("{:18}", table));
                }
                if (bar) bar(done, total);
            });
    } catch (const store::move::MoveRefused& e) {
        throw BadInput(e.what());
    }
    if (progress_is_terminal && !current.empty()) progress << "\n";
    for (const auto& t : tables) {
        out << fmt::format("{:18} {:>8} rows  sha256 {}  verified\n", t.table, t.rows,
                           t.checksum.substr(0, 16));
    }
    reindex_search(target, out, progress, progress_is_terminal);
    const auto chain = target.audit().verify_chain();
    if (chain.first_broken || chain.checked != source_chain.checked) {
        out << fmt::format("audit chain on PostgreSQL: {} of {} records, broken at {} ({})\n",
                           chain.checked, source_chain.checked, chain.first_broken.value_or(0),
                           chain.reason);
        return 1;
    }
    out << fmt::format("audit chain intact on PostgreSQL: {} records\n", chain.checked);
    out << "moved; sessions were not moved, so everyone signs in again on the new store\n";
    return 0;
}

}  // namespace gp::app
