#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "support/child_process.hpp"

namespace gp::test {

/// A throwaway PostgreSQL server for one test binary: initdb into a temp dir, postgres on a
/// free port on 127.0.0.1 (fsync off), ready once it accepts a connection; stopped by its PID
/// and its dir removed when this object goes away. Runs the server as `nobody` when the tests
/// run as root. The binaries come from GP_PG_BINDIR when set, else the newest
/// /usr/lib/postgresql/N/bin (Debian's layout), else PATH.
class PostgresServer {
public:
    /// Throws std::runtime_error with the server's log when it cannot start.
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    /// A libpq connection string for `database` as the superuser.
    std::string url(const std::string& database) const;
    /// Creates `name`, a copy of `template_name` when given; returns its url.
    std::string create_database(const std::string& name, const std::string& template_name = "");
    /// Drops `name`, ending any session still connected to it.
    void drop_database(const std::string& name);
    /// Runs SQL as the superuser on `database` (for tests that tamper with rows).
    void execute(const std::string& database, const std::string& sql);

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::optional<RunAs> run_as_;
    std::filesystem::path dir_;
    std::filesystem::path log_;
    int port_ = 0;
    pid_t pid_ = -1;
};

/// Where initdb and postgres live (see PostgresServer); throws when there is no PostgreSQL.
std::filesystem::path postgres_bindir();

}  // namespace gp::test
