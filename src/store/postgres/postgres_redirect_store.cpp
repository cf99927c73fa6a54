#include "store/postgres/postgres_redirect_store.hpp"

#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kPutRedirect = "put_redirect";
constexpr const char* kFindRedirect = "find_redirect";
constexpr const char* kListRedirects = "list_redirects";

Redirect read_redirect(const pqxx::row& row) {
    return Redirect{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<int>()};
}

}  // namespace

PostgresRedirectStore::PostgresRedirectStore(Pool& pool) : pool_(pool) {
    pool_.define(kPutRedirect,
                 "INSERT INTO redirects (from_path, to_path, code, created_at) "
                 "VALUES ($1, $2, $3, $4) ON CONFLICT (from_path) DO UPDATE "
                 "SET to_path = excluded.to_path, code = excluded.code");
    pool_.define(kFindRedirect,
                 "SELECT from_path, to_path, code FROM redirects WHERE from_path = $1");
    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
    pool_.define(kListRedirects,
                 "SELECT from_path, to_path, code FROM redirects ORDER BY from_path COLLATE \"C\"");
}

void PostgresRedirectStore::put_redirect(const Redirect& r, content::Time now) {
    pool_.with(kPutRedirect, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared0(kPutRedirect, r.from_path, r.to_path, r.code, seconds(now));
        tx.commit();
    });
}

std::optional<Redirect> PostgresRedirectStore::find_redirect(const std::string& from_path) {
    return pool_.with(kFindRedirect, [&](pqxx::connection& c) -> std::optional<Redirect> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindRedirect, from_path);
        if (rows.empty()) return std::nullopt;
        return read_redirect(rows[0]);
    });
}

std::vector<Redirect> PostgresRedirectStore::list_redirects() {
    return pool_.with(kListRedirects, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<Redirect> out;
        for (const auto& row : tx.exec_prepared(kListRedirects)) out.push_back(read_redirect(row));
        return out;
    });
}

}  // namespace gp::store::postgres
