#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gp::store::move {

/// A move refused for a reason the operator can fix (target not empty, schemas that differ,
/// a value PostgreSQL does not take); nothing was written.
class MoveRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One table as copied and then read back from the target.
struct TableReport {
    std::string table;
    std::int64_t rows = 0;
    std::string checksum;  ///< hex SHA-256 over the sorted row hashes; equal on both sides
};

/// Rows copied so far of a table, for a progress bar.
using Progress =
    std::function<void(const std::string& table, std::int64_t done, std::int64_t total)>;

/// The tables a move copies row for row, parents first. What is left out is worked out again
/// from them (search index, related lists, the change log) or is deliberately not carried
/// over (sessions: everybody signs in again on the new store).
const std::vector<std::string>& moved_tables();

/// Copies the SQLite store file `sqlite_file` (migrated, no writer running) into the
/// PostgreSQL database at `postgres_url` (migrated, without content, accounts, leads or audit
/// records) in one transaction. Before COMMIT every table is read back from PostgreSQL and its
/// row count and checksum compared with the source's; any difference rolls everything back.
/// Throws MoveRefused, or std::runtime_error for a failure of either database.
std::vector<TableReport> copy_sqlite_to_postgres(const std::filesystem::path& sqlite_file,
                                                 const std::string& postgres_url,
                                                 const Progress& progress = {});

}  // namespace gp::store::move
