#include "support/postgres_server.hpp"

#include <libpq-fe.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>

namespace gp::test {
namespace {

constexpr auto kStartDeadline = std::chrono::seconds(60);
constexpr auto kStopGrace = std::chrono::seconds(30);

bool has_server(const std::filesystem::path& dir) {
    return std::filesystem::exists(dir / "initdb") && std::filesystem::exists(dir / "postgres");
}

}  // namespace

std::filesystem::path postgres_bindir() {
    if (const char* env = std::getenv("GP_PG_BINDIR"); env && *env) {
        if (has_server(env)) return env;
        throw std::runtime_error(std::string("GP_PG_BINDIR=") + env +
                                 " holds no initdb and postgres");
    }
    std::error_code ec;
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        if (has_server(entry.path() / "bin")) found.push_back(entry.path() / "bin");
    }
    if (!found.empty()) {
        // Major versions are plain numbers: compare them as numbers, not as text.
        return *std::max_element(found.begin(), found.end(), [](const auto& a, const auto& b) {
            return std::atoi(a.parent_path().filename().c_str()) <
                   std::atoi(b.parent_path().filename().c_str());
        });
    }
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest = path;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const std::filesystem::path dir(std::string(rest.substr(0, colon)));
            if (has_server(dir)) return dir;
            rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
        }
    }
    throw std::runtime_error(
        "no PostgreSQL server binaries (initdb, postgres): install the postgresql package "
        "(scripts/install-deps.sh) or set GP_PG_BINDIR");
}

PostgresServer::PostgresServer() : run_as_(unprivileged_account()) {
    const auto bin = postgres_bindir();
    dir_ = make_temp_dir("gp-postgres-", run_as_);
    log_ = dir_ / "server.log";
    const auto data = dir_ / "data";
    try {
        const pid_t initdb = start_child(
            {(bin / "initdb").string(), "--pgdata=" + data.string(), "--username=postgres",
             "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"},
            log_, run_as_);
        if (wait_child(initdb) != 0) {
            throw std::runtime_error("initdb failed:\n" + log_tail(log_));
        }
        port_ = free_port();
        pid_ = start_child(
            {(bin / "postgres").string(), "-D", data.string(), "-p", std::to_string(port_), "-k",
             dir_.string(), "-c", "listen_addresses=127.0.0.1", "-F", "-c", "max_connections=200"},
            log_, run_as_);
        const auto conninfo = url("postgres") + " connect_timeout=2";
        const auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
        // Ready means "accepts a connection": polled with short waits, bounded by the deadline,
        // and cut short when the server has already died.
        while (PQping(conninfo.c_str()) != PQPING_OK) {
            if (auto status = child_exited(pid_)) {
                pid_ = -1;
                throw std::runtime_error("postgres exited with status " + std::to_string(*status) +
                                         ":\n" + log_tail(log_));
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("postgres did not accept connections within " +
                                         std::to_string(kStartDeadline.count()) + " s:\n" +
                                         log_tail(log_));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    } catch (...) {
        if (pid_ > 0) stop_child(pid_, SIGINT, kStopGrace);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        throw;
    }
}

PostgresServer::~PostgresServer() {
    // SIGINT is PostgreSQL's "fast" shutdown: sessions still open are ended, not waited for
    // (SIGTERM, "smart", would wait for them).
    if (pid_ > 0) stop_child(pid_, SIGINT, kStopGrace);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string PostgresServer::url(const std::string& database) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + database;
}

std::string PostgresServer::create_database(const std::string& name,
                                            const std::string& template_name) {
    pqxx::connection c(url("postgres"));
    pqxx::nontransaction tx(c);
    std::string sql = "CREATE DATABASE " + tx.quote_name(name);
    if (!template_name.empty()) sql += " TEMPLATE " + tx.quote_name(template_name);
    tx.exec(sql);
    return url(name);
}

void PostgresServer::drop_database(const std::string& name) {
    pqxx::connection c(url("postgres"));
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
}

void PostgresServer::execute(const std::string& database, const std::string& sql) {
    pqxx::connection c(url(database));
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

}  // namespace gp::test
