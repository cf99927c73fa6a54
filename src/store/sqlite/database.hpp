#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gp::store::sqlite {

/// Thrown for any SQLite failure; the message names the query and SQLite's reason.
class SqliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Connection;

/// A prepared statement bound to one connection. Bind with 1-based indexes.
class Statement {
public:
    /// Borrows the connection's kept statement for `sql` (prepared on first use), so a query run
    /// on every page is compiled once per connection, not once per call. It is reset and its
    /// bindings cleared when this object goes away.
    Statement(Connection& connection, std::string_view sql, std::string_view name);
    /// A statement of its own, finalized when this object goes away (SQL run once).
    Statement(sqlite3* db, std::string_view sql, std::string_view name);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view{value});
    }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind_null(int index);
    /// Binds bytes as a BLOB (text binding would let SQLite treat them as UTF-8).
    Statement& bind_blob(int index, std::string_view bytes);

    /// Advances to the next row; false when done. Throws SqliteError on failure.
    bool step();
    /// Runs a statement that returns no rows.
    void run();
    void reset();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    std::optional<std::string> optional_text(int column) const;
    bool is_null(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string name_;
    /// The connection's flag for a kept statement, cleared when this object gives it back.
    bool* in_use_ = nullptr;
};

/// One open connection, owned by the pool.
class Connection {
public:
    explicit Connection(const std::filesystem::path& file);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* handle() const { return db_; }
    void exec(std::string_view sql, std::string_view name);
    std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

    /// Work every transaction does just before COMMIT, inside it (the search index catches up
    /// with the rows the transaction wrote); a throw rolls the whole transaction back.
    void set_before_commit(std::function<void(Connection&)> step) {
        before_commit_ = std::move(step);
    }
    void run_before_commit() {
        if (before_commit_) before_commit_(*this);
    }

    /// Work for once the open transaction has committed (the audit anchor follows only what is
    /// certainly in the store); dropped when it rolls back. The steps must not throw.
    void after_commit(std::function<void()> step) { after_commit_.push_back(std::move(step)); }

    /// Statements kept for the connection's life, by their SQL text.
    std::size_t kept_statements() const { return kept_.size(); }

private:
    friend class Statement;
    struct Kept {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    /// The kept statement for `sql`, or nullptr when it is in use already (the caller then
    /// prepares a statement of its own: a query may run inside another of the same text).
    Kept* take_kept(std::string_view sql, std::string_view name);

    sqlite3* db_ = nullptr;
    std::function<void(Connection&)> before_commit_;
    std::vector<std::function<void()>> after_commit_;
    friend class Transaction;
    std::unordered_map<std::string, Kept, TextHash, std::equal_to<>> kept_;
};

/// Scoped transaction: rolls back unless commit() was called (docs/design.md "Conventions": commit
/// on success, roll back on any early exit). BEGIN IMMEDIATE so writers queue on the lock instead
/// of failing half-way with SQLITE_BUSY.
class Transaction {
public:
    explicit Transaction(Connection& connection);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& connection_;
    bool done_ = false;
};

/// A small pool: WAL lets readers run beside one writer, so each worker thread borrows its own
/// connection. Borrowing blocks when all are in use.
class Database {
public:
    /// `setup` runs on each new connection (functions, tokenizers, commit steps).
    Database(std::filesystem::path file, std::size_t pool_size,
             const std::function<void(Connection&)>& setup = {});

    class Lease {
    public:
        Lease(Database& db, std::unique_ptr<Connection> c) : db_(&db), c_(std::move(c)) {}
        ~Lease();
        Lease(Lease&&) = default;
        Lease& operator=(Lease&&) = delete;
        Connection& operator*() const { return *c_; }
        Connection* operator->() const { return c_.get(); }

    private:
        Database* db_;
        std::unique_ptr<Connection> c_;
    };

    Lease borrow();
    const std::filesystem::path& file() const { return file_; }

private:
    void give_back(std::unique_ptr<Connection> c);

    std::filesystem::path file_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace gp::store::sqlite
