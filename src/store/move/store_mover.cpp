#include "store/move/store_mover.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace gp::store::move {
namespace {

// Every value travels as text: integers in decimal, booleans as t/f, bytes as lower-case hex.
// Both sides are read back in that form, so one checksum compares them.
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

struct Column {
    std::string name;
    std::string type;  // PostgreSQL's data_type
    bool identity = false;
};

bool is_bytes(const Column& c) { return c.type == "bytea"; }
bool is_flag(const Column& c) { return c.type == "boolean"; }

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

class Postgres {
public:
    explicit Postgres(const std::string& url) : c_(PQconnectdb(url.c_str())) {
        if (PQstatus(c_) != CONNECTION_OK) {
            const std::string why = PQerrorMessage(c_);
            PQfinish(c_);
            throw std::runtime_error("PostgreSQL: cannot connect: " + why);
        }
    }
    ~Postgres() { PQfinish(c_); }
    Postgres(const Postgres&) = delete;
    Postgres& operator=(const Postgres&) = delete;

    PgResult exec(const std::string& sql, const std::vector<Value>& params = {}) {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
        PgResult r(PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                values.data(), nullptr, nullptr, 0),
                   PQclear);
        check(r.get(), sql);
        return r;
    }

    void prepare(const std::string& name, const std::string& sql, int params) {
        PgResult r(PQprepare(c_, name.c_str(), sql.c_str(), params, nullptr), PQclear);
        check(r.get(), sql);
    }

    /// Runs a prepared INSERT; a value PostgreSQL refuses (not UTF-8, a broken constraint)
    /// is the data's fault and comes back as its message.
    std::optional<std::string> insert(const std::string& name, const Row& row) {
        std::vector<const char*> values;
        values.reserve(row.size());
        for (const auto& v : row) values.push_back(v ? v->c_str() : nullptr);
        PgResult r(PQexecPrepared(c_, name.c_str(), static_cast<int>(values.size()), values.data(),
                                  nullptr, nullptr, 0),
                   PQclear);
        if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) return std::nullopt;
        const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
        const std::string message = PQresultErrorMessage(r.get());
        if (state && (state[0] == '2') && (state[1] == '2' || state[1] == '3')) return message;
        throw std::runtime_error("PostgreSQL: " + name + ": " + message);
    }

private:
    void check(PGresult* r, const std::string& sql) {
        const auto status = PQresultStatus(r);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
        throw std::runtime_error(fmt::format("PostgreSQL: {}: {}", sql.substr(0, 120),
                                             r ? PQresultErrorMessage(r) : PQerrorMessage(c_)));
    }

    PGconn* c_;
};

class Sqlite {
public:
    explicit Sqlite(const std::filesystem::path& file) {
        if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw std::runtime_error("SQLite: cannot open " + file.string() + ": " + why);
        }
    }
    ~Sqlite() { sqlite3_close(db_); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    /// Calls `each` with every row of `sql`, each column as text or null.
    void query(const std::string& sql, const std::function<void(Row)>& each) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
            throw std::runtime_error("SQLite: " + sql.substr(0, 120) + ": " + sqlite3_errmsg(db_));
        }
        std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, sqlite3_finalize);
        const int n = sqlite3_column_count(raw);
        int rc = 0;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
            Row row(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) {
                if (sqlite3_column_type(raw, i) == SQLITE_NULL) continue;
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, i));
                row[static_cast<std::size_t>(i)] =
                    std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, i)));
            }
            each(std::move(row));
        }
        if (rc != SQLITE_DONE) {
            throw std::runtime_error("SQLite: " + sql.substr(0, 120) + ": " + sqlite3_errmsg(db_));
        }
    }

    std::set<std::string> columns(const std::string& table) {
        std::set<std::string> out;
        query("PRAGMA table_info(" + quoted(table) + ")", [&](Row r) { out.insert(*r[1]); });
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

// Tables whose rows a fresh PostgreSQL store already holds from its migrations (the MLPS
// synonym list): the source's rows, which include them, replace them.
bool replaced_on_move(const std::string& table) { return table == "search_synonyms"; }

/// The checksum of a set of rows: SHA-256 over the sorted SHA-256s of the rows, so the order
/// each database returns them in does not matter.
class RowSum {
public:
    void add(const Row& row) {
        std::string canonical;
        for (const auto& v : row) {
            canonical += v ? fmt::format("V{}:{};", v->size(), *v) : std::string("N;");
        }
        std::string digest(crypto_hash_sha256_BYTES, '\0');
        crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                           reinterpret_cast<const unsigned char*>(canonical.data()),
                           canonical.size());
        digests_.push_back(std::move(digest));
    }
    std::string hex() {
        std::sort(digests_.begin(), digests_.end());
        std::string all;
        for (const auto& d : digests_) all += d;
        unsigned char out[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(all.data()), all.size());
        char text[crypto_hash_sha256_BYTES * 2 + 1];
        sodium_bin2hex(text, sizeof text, out, sizeof out);
        return text;
    }
    std::int64_t rows() const { return static_cast<std::int64_t>(digests_.size()); }

private:
    std::vector<std::string> digests_;
};

std::vector<Column> target_columns(Postgres& pg, Sqlite& lite, const std::string& table) {
    auto r = pg.exec(
        "SELECT column_name, data_type, is_identity, column_default IS NOT NULL "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
        {table});
    const auto source = lite.columns(table);
    if (PQntuples(r.get()) == 0) throw MoveRefused("PostgreSQL has no table " + table);
    if (source.empty()) throw MoveRefused("SQLite has no table " + table);
    std::vector<Column> out;
    std::set<std::string> seen;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        Column c{PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1),
                 std::string(PQgetvalue(r.get(), i, 2)) == "YES"};
        const bool has_default = std::string(PQgetvalue(r.get(), i, 3)) == "t";
        seen.insert(c.name);
        if (!source.count(c.name)) {
            if (has_default || c.identity) continue;  // filled by PostgreSQL itself
            throw MoveRefused(fmt::format("{}.{} exists only in PostgreSQL", table, c.name));
        }
        out.push_back(std::move(c));
    }
    for (const auto& name : source) {
        if (!seen.count(name)) {
            throw MoveRefused(fmt::format("{}.{} exists only in SQLite", table, name));
        }
    }
    return out;
}

// SQLite's rows as they will be sent: bytes as hex, flags as t/f.
std::vector<Row> source_rows(Sqlite& lite, const std::string& table,
                             const std::vector<Column>& columns) {
    std::string select;
    for (const auto& c : columns) {
        if (!select.empty()) select += ", ";
        select += is_bytes(c)
                      ? fmt::format("CASE WHEN {0} IS NULL THEN NULL ELSE lower(hex({0})) END",
                                    quoted(c.name))
                      : quoted(c.name);
    }
    std::vector<Row> rows;
    lite.query("SELECT " + select + " FROM " + quoted(table), [&](Row row) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (!row[i] || !is_flag(columns[i])) continue;
            if (*row[i] != "0" && *row[i] != "1") {
                throw MoveRefused(
                    fmt::format("{}.{} holds {}, not a flag", table, columns[i].name, *row[i]));
            }
            row[i] = *row[i] == "1" ? "t" : "f";
        }
        rows.push_back(std::move(row));
    });
    return rows;
}

// A category refers to its parent, which must be there first whatever their ids.
void parents_first(std::vector<Row>& rows, const std::vector<Column>& columns) {
    std::size_t id = columns.size();
    std::size_t parent = columns.size();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == "id") id = i;
        if (columns[i].name == "parent_id") parent = i;
    }
    if (id == columns.size() || parent == columns.size()) return;
    std::vector<Row> ordered;
    std::set<std::string> placed;
    while (!rows.empty()) {
        const auto before = rows.size();
        for (auto it = rows.begin(); it != rows.end();) {
            if (!(*it)[parent] || placed.count(*(*it)[parent])) {
                placed.insert(*(*it)[id]);
                ordered.push_back(std::move(*it));
                it = rows.erase(it);
            } else {
                ++it;
            }
        }
        if (rows.size() == before) throw MoveRefused("categories whose parents are missing");
    }
    rows = std::move(ordered);
}

std::string target_checksum(Postgres& pg, const std::string& table,
                            const std::vector<Column>& columns, std::int64_t& rows) {
    std::string select;
    for (const auto& c : columns) {
        if (!select.empty()) select += ", ";
        select += is_bytes(c) ? fmt::format("encode({}, 'hex')", quoted(c.name)) : quoted(c.name);
    }
    auto r = pg.exec("SELECT " + select + " FROM " + quoted(table));
    RowSum sum;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        Row row(columns.size());
        for (int j = 0; j < static_cast<int>(columns.size()); ++j) {
            if (PQgetisnull(r.get(), i, j)) continue;
            row[static_cast<std::size_t>(j)] = std::string(
                PQgetvalue(r.get(), i, j), static_cast<std::size_t>(PQgetlength(r.get(), i, j)));
        }
        sum.add(row);
    }
    rows = sum.rows();
    return sum.hex();
}

}  // namespace

const std::vector<std::string>& moved_tables() {
    static const std::vector<std::string> tables{"categories",
                                                 "accounts",
                                                 "password_history",
                                                 "recovery_codes",
                                                 "articles",
                                                 "article_keywords",
                                                 "article_revisions",
                                                 "article_autosaves",
                                                 "article_approvals",
                                                 "media",
                                                 "redirects",
                                                 "audit_log",
                                                 "leads",
                                                 "lead_notifications",
                                                 "search_synonyms",
                                                 "search_queries"};
    return tables;
}

std::vector<TableReport> copy_sqlite_to_postgres(const std::filesystem::path& sqlite_file,
                                                 const std::string& postgres_url,
                                                 const Progress& progress) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
    Sqlite lite(sqlite_file);
    Postgres pg(postgres_url);
    // One snapshot of the source for the whole copy.
    lite.query("BEGIN", [](const Row&) {});
    lite.query("SELECT count(*) FROM sqlite_master", [](const Row&) {});
    pg.exec("BEGIN");
    std::vector<TableReport> reports;
    std::map<std::string, std::vector<Column>> columns_of;
    for (const auto& table : moved_tables()) {
        const auto columns = target_columns(pg, lite, table);
        columns_of[table] = columns;
        if (replaced_on_move(table)) {
            pg.exec("DELETE FROM " + quoted(table));
        } else if (PQntuples(pg.exec("SELECT 1 FROM " + quoted(table) + " LIMIT 1").get()) > 0) {
            throw MoveRefused("the PostgreSQL database is not empty: " + table +
                              " has rows; move into a new database");
        }
        auto rows = source_rows(lite, table, columns);
        if (table == "categories") parents_first(rows, columns);

        std::string names;
        std::string placeholders;
        bool identity = false;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            names += (i ? ", " : "") + quoted(columns[i].name);
            placeholders += fmt::format("{}${}", i ? ", " : "", i + 1);
            identity = identity || columns[i].identity;
        }
        const std::string statement = "move_" + table;
        pg.prepare(statement,
                   fmt::format("INSERT INTO {} ({}){} VALUES ({})", quoted(table), names,
                               identity ? " OVERRIDING SYSTEM VALUE" : "", placeholders),
                   static_cast<int>(columns.size()));
        RowSum source_sum;
        const auto total = static_cast<std::int64_t>(rows.size());
        std::int64_t done = 0;
        for (auto& row : rows) {
            source_sum.add(row);
            // Bytes go to PostgreSQL in its hex input form; the sum above keeps plain hex.
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (row[i] && is_bytes(columns[i])) row[i] = "\\x" + *row[i];
            }
            if (auto refused = pg.insert(statement, row)) {
                throw MoveRefused(fmt::format("{} row {} ({} = {}): {}", table, done + 1,
                                              columns[0].name, row[0].value_or("null"), *refused));
            }
            ++done;
            if (progress && (done % 500 == 0 || done == total)) progress(table, done, total);
        }
        if (progress && total == 0) progress(table, 0, 0);
        reports.push_back(TableReport{table, total, source_sum.hex()});
        // Identity columns carry on after the largest id moved, as SQLite's rowids would.
        for (const auto& c : columns) {
            if (!c.identity) continue;
            pg.exec(fmt::format("SELECT setval(pg_get_serial_sequence($1, $2), "
                                "COALESCE((SELECT max({}) FROM {}), 0) + 1, false)",
                                quoted(c.name), quoted(table)),
                    {table, c.name});
        }
    }
    for (const auto& report : reports) {
        std::int64_t rows = 0;
        const auto sum = target_checksum(pg, report.table, columns_of[report.table], rows);
        if (rows != report.rows || sum != report.checksum) {
            pg.exec("ROLLBACK");
            throw std::runtime_error(fmt::format(
                "{}: {} rows with checksum {} read back, {} rows with checksum {} sent; nothing "
                "was kept",
                report.table, rows, sum, report.rows, report.checksum));
        }
    }
    pg.exec("COMMIT");
    lite.query("COMMIT", [](const Row&) {});
    return reports;
}

}  // namespace gp::store::move
