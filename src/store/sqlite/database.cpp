#include "store/sqlite/database.hpp"

#include <fmt/format.h>

namespace gp::store::sqlite {

namespace {

sqlite3_stmt* prepare(sqlite3* db, std::string_view sql, std::string_view name,
                      unsigned int flags) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr) !=
        SQLITE_OK) {
        throw SqliteError(fmt::format("preparing {}: {}", name, sqlite3_errmsg(db)));
    }
    return stmt;
}

}  // namespace

Statement::Statement(Connection& connection, std::string_view sql, std::string_view name)
    : db_(connection.handle()), name_(name) {
    if (auto* kept = connection.take_kept(sql, name)) {
        stmt_ = kept->stmt;
        in_use_ = &kept->in_use;
    } else {
        stmt_ = prepare(db_, sql, name, 0);
    }
}

Statement::Statement(sqlite3* db, std::string_view sql, std::string_view name)
    : db_(db), stmt_(prepare(db, sql, name, 0)), name_(name) {}

Statement::~Statement() {
    if (in_use_) {
        // The next user must find it unbound and not holding a read transaction open; the reset's
        // result repeats an error already thrown by step().
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *in_use_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view{*value}) : bind_null(index);
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SqliteError(fmt::format("running {}: {}", name_, sqlite3_errmsg(db_)));
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string{};
}

std::string Statement::blob(int column) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string{};
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Connection::Connection(const std::filesystem::path& file) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw SqliteError(fmt::format("cannot open {}: {}", file.string(), reason));
    }
    sqlite3_extended_result_codes(db_, 1);
    // A writer waits for another instead of failing at once.
    sqlite3_busy_timeout(db_, 5000);
    // synchronous=FULL: a committed lead or import survives a power cut, not only a crash; writes
    // are rare (imports, batched view counts, leads), so the extra fsync costs nothing that
    // matters.
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
         "connection_setup");
}

Connection::~Connection() {
    // sqlite3_close refuses to close a connection with statements still prepared.
    for (auto& [sql, kept] : kept_) sqlite3_finalize(kept.stmt);
    sqlite3_close(db_);
}

Connection::Kept* Connection::take_kept(std::string_view sql, std::string_view name) {
    auto it = kept_.find(sql);
    if (it == kept_.end()) {
        // PERSISTENT: SQLite allocates it outside its lookaside memory, which is meant for
        // statements that live briefly.
        auto* stmt = prepare(db_, sql, name, SQLITE_PREPARE_PERSISTENT);
        it = kept_.emplace(std::string(sql), Kept{stmt, false}).first;
    }
    if (it->second.in_use) return nullptr;
    it->second.in_use = true;
    return &it->second;
}

void Connection::exec(std::string_view sql, std::string_view name) {
    char* error = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string reason = error ? error : sqlite3_errmsg(db_);
        sqlite3_free(error);
        throw SqliteError(fmt::format("running {}: {}", name, reason));
    }
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
    connection_.after_commit_.clear();
    connection_.exec("BEGIN IMMEDIATE", "begin");
}

Transaction::~Transaction() {
    if (!done_) {
        connection_.after_commit_.clear();
        // Rolling back cannot usefully fail further; the original error is already on its way.
        sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    connection_.run_before_commit();
    connection_.exec("COMMIT", "commit");
    done_ = true;
    const auto steps = std::move(connection_.after_commit_);
    connection_.after_commit_.clear();
    for (const auto& step : steps) step();
}

Database::Database(std::filesystem::path file, std::size_t pool_size,
                   const std::function<void(Connection&)>& setup)
    : file_(std::move(file)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(pool_size, 1); ++i) {
        idle_.push_back(std::make_unique<Connection>(file_));
        if (setup) setup(*idle_.back());
    }
}

Database::Lease::~Lease() {
    if (c_) db_->give_back(std::move(c_));
}

Database::Lease Database::borrow() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty(); });
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(c));
}

void Database::give_back(std::unique_ptr<Connection> c) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(c));
    }
    available_.notify_one();
}

}  // namespace gp::store::sqlite
