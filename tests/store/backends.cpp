#include "store/backends.hpp"

#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "store/sqlite/sqlite_store.hpp"
#include "support/child_process.hpp"
#include "support/postgres_server.hpp"

namespace gp::test {
namespace {

constexpr const char* kTemplate = "gp_contract_template";

/// One PostgreSQL server per test binary, started by the first test that needs it and stopped
/// when the binary ends; the template database is migrated once, and every test copies it.
class PostgresEnvironment : public ::testing::Environment {
public:
    PostgresServer& server() {
        if (!server_) {
            server_ = std::make_unique<PostgresServer>();
            server_->create_database(kTemplate);
            // Migrated and then closed: CREATE DATABASE ... TEMPLATE needs it unused.
            store::postgres::PostgresStore migrate_once({server_->url(kTemplate), 1, kAuditKey});
        }
        return *server_;
    }
    void TearDown() override { server_.reset(); }

private:
    std::unique_ptr<PostgresServer> server_;
};

PostgresEnvironment* const postgres_environment =
    static_cast<PostgresEnvironment*>(::testing::AddGlobalTestEnvironment(new PostgresEnvironment));

void sqlite_exec(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
        const std::string why = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + file.string() + ": " + why);
    }
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string why = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(why);
}

Stores stores_of(store::Store& s) {
    return Stores{s.articles(),     s.categories(), s.transfer(), s.editorial(), s.leads(),
                  s.redirects(),    s.accounts(),   s.audit(),    s.search(),    s.synonyms(),
                  s.search_stats(), s.media(),      s.changes()};
}

}  // namespace

PostgresServer& postgres_server() { return postgres_environment->server(); }

content::Time at(int year, unsigned month, unsigned day, int hour, int minute) {
    using namespace std::chrono;
    return time_point_cast<seconds>(sys_days{std::chrono::year{year} / month / day} +
                                    hours{hour - 8} + minutes{minute});
}

std::string seed_document() {
    std::ifstream in(std::filesystem::path(GP_SOURCE_DIR) / "tests/fixtures/store-contract.json");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

SqliteBackend::SqliteBackend() : dir_(make_temp_dir("gp-store-", std::nullopt)) {
    store_ = store::sqlite::open_store({dir_, kAuditKey, anchor_file()});
}

SqliteBackend::~SqliteBackend() {
    second_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

Stores SqliteBackend::stores() { return stores_of(*store_); }

std::filesystem::path SqliteBackend::anchor_file() const { return dir_ / "audit-anchor"; }

Stores SqliteBackend::second_node() {
    second_ = store::sqlite::open_store({dir_, kAuditKey, anchor_file()});
    return stores_of(*second_);
}

void SqliteBackend::execute(const std::string& sql) {
    sqlite_exec(dir_ / "guardpress.sqlite3", sql);
}

void SqliteBackend::execute_unguarded(const std::string& sql) {
    sqlite_exec(dir_ / "guardpress.sqlite3",
                "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS "
                "audit_log_no_delete; " +
                    sql);
}

PostgresBackend::PostgresBackend() : anchor_dir_(make_temp_dir("gp-anchor-", std::nullopt)) {
    static int next = 0;
    database_ = "gp_contract_" + std::to_string(++next);
    auto& server = postgres_environment->server();
    const auto url = server.create_database(database_, kTemplate);
    store_ = std::make_unique<store::postgres::PostgresStore>(
        store::postgres::PostgresSettings{url, 4, kAuditKey, anchor_file()});
}

std::filesystem::path PostgresBackend::anchor_file() const { return anchor_dir_ / "audit-anchor"; }

PostgresBackend::~PostgresBackend() {
    second_.reset();
    store_.reset();
    try {
        postgres_environment->server().drop_database(database_);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "cannot drop " << database_ << ": " << e.what();
    }
    std::error_code ec;
    std::filesystem::remove_all(anchor_dir_, ec);
}

Stores PostgresBackend::stores() { return stores_of(*store_); }

Stores PostgresBackend::second_node() {
    second_ = std::make_unique<store::postgres::PostgresStore>(store::postgres::PostgresSettings{
        postgres_environment->server().url(database_), 4, kAuditKey, anchor_file()});
    return stores_of(*second_);
}

std::string PostgresBackend::url() const { return postgres_server().url(database_); }

void PostgresBackend::execute(const std::string& sql) {
    postgres_environment->server().execute(database_, sql);
}

void PostgresBackend::execute_unguarded(const std::string& sql) {
    // "replica" mode fires no ordinary trigger: what a superuser could do to the rows.
    postgres_environment->server().execute(database_,
                                           "SET session_replication_role = replica; " + sql);
}

}  // namespace gp::test
