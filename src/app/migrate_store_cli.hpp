#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "config/settings.hpp"

namespace gp::app {

/// `guardpress migrate-store --from sqlite:PATH --to postgres:URL`: copies the SQLite store of
/// `data_dir` into the empty PostgreSQL database at `postgres_url` in one transaction, checks
/// every table's row count and checksum before COMMIT, rebuilds the search index and the
/// related lists there, and verifies the audit chain under the same key. Progress bars go to
/// `progress` when it is a terminal. Throws BadInput when the move is refused (nothing was
/// written); any other exception is a failure of either database (nothing was written either).
int migrate_store(const std::filesystem::path& data_dir, const config::Settings& settings,
                  const std::string& postgres_url, std::ostream& out, std::ostream& progress,
                  bool progress_is_terminal);

/// The data dir named by `--from sqlite:PATH` (the dir, or the store file in it), and the
/// URL of `--to postgres:URL`. Throws BadInput for anything else.
std::filesystem::path sqlite_data_dir(const std::string& from);
std::string postgres_url(const std::string& to);

}  // namespace gp::app
