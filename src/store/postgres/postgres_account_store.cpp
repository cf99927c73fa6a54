#include "store/postgres/postgres_account_store.hpp"

#include "content/utf8_text.hpp"
#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kFindAccount = "find_account";
constexpr const char* kFindAccountForUpdate = "find_account_for_update";
constexpr const char* kFindByName = "find_account_by_name";
constexpr const char* kListAccounts = "list_accounts";
constexpr const char* kInsertAccount = "insert_account";
constexpr const char* kSaveAccount = "save_account";
constexpr const char* kRememberPassword = "remember_password";
constexpr const char* kTrimHistory = "trim_history";
constexpr const char* kHistory = "password_history";
constexpr const char* kClearCodes = "clear_recovery_codes";
constexpr const char* kAddCode = "add_recovery_code";
constexpr const char* kUseCode = "use_recovery_code";
constexpr const char* kCountCodes = "count_recovery_codes";
constexpr const char* kFindSession = "find_session";
constexpr const char* kEndSession = "end_session";
constexpr const char* kEndAllSessions = "end_all_sessions";
constexpr const char* kStartSession = "start_session";
constexpr const char* kTouchSession = "touch_session";
constexpr const char* kDeleteStale = "delete_stale_sessions";

constexpr std::string_view kAccountColumns =
    "SELECT id, name, role, status, password_hash, password_changed_at, must_change_password, "
    "totp_nonce, totp_sealed, totp_last_step, failed_count, failed_since, locked_until, "
    "created_at, last_login_at FROM accounts";

void define_queries(Pool& pool) {
    const std::string columns(kAccountColumns);
    pool.define(kFindAccount, columns + " WHERE id = $1");
    // The row lock is what SQLite's write lock gives `update`: a second sign-in attempt on the
    // same account, on any node, waits for the first to commit and then reads its result.
    pool.define(kFindAccountForUpdate, columns + " WHERE id = $1 FOR UPDATE");
    pool.define(kFindByName, columns + " WHERE lower(name) = lower($1)");
    // COLLATE "C": byte order, as SQLite's NOCASE sorts, whatever the database's locale.
    pool.define(kListAccounts, columns + " ORDER BY lower(name) COLLATE \"C\"");
    // ON CONFLICT on the lower(name) index: a name taken by a concurrent insert on another
    // node comes back as no row, the same answer as a name that was taken before.
    pool.define(kInsertAccount,
                "INSERT INTO accounts (name, role, status, password_hash, password_changed_at, "
                "must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                "ON CONFLICT ((lower(name))) DO NOTHING RETURNING id");
    pool.define(kSaveAccount,
                "UPDATE accounts SET role = $1, status = $2, password_hash = $3, "
                "password_changed_at = $4, must_change_password = $5, "
                "totp_nonce = nullif($6, ''::bytea), totp_sealed = nullif($7, ''::bytea), "
                "totp_last_step = $8, failed_count = $9, failed_since = $10, locked_until = $11, "
                "last_login_at = $12 WHERE id = $13");
    pool.define(kRememberPassword,
                "INSERT INTO password_history (account_id, password_hash, changed_at) "
                "VALUES ($1, $2, $3)");
    pool.define(kTrimHistory,
                "DELETE FROM password_history WHERE account_id = $1 AND id NOT IN (SELECT id FROM "
                "password_history WHERE account_id = $1 ORDER BY changed_at DESC, id DESC "
                "LIMIT $2)");
    pool.define(kHistory,
                "SELECT password_hash FROM password_history WHERE account_id = $1 "
                "ORDER BY changed_at DESC, id DESC LIMIT $2");
    pool.define(kClearCodes, "DELETE FROM recovery_codes WHERE account_id = $1");
    pool.define(kAddCode, "INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)");
    pool.define(kUseCode, "DELETE FROM recovery_codes WHERE account_id = $1 AND code_hash = $2");
    pool.define(kCountCodes, "SELECT count(*) FROM recovery_codes WHERE account_id = $1");
    pool.define(kFindSession,
                "SELECT id_hash, account_id, stage, csrf_token, pending_nonce, pending_seed, "
                "created_at, last_seen_at, client_ip, user_agent FROM sessions WHERE id_hash = $1");
    pool.define(kEndSession, "DELETE FROM sessions WHERE id_hash = $1");
    pool.define(kEndAllSessions, "DELETE FROM sessions WHERE account_id = $1");
    pool.define(kStartSession,
                "INSERT INTO sessions (id_hash, account_id, stage, csrf_token, pending_nonce, "
                "pending_seed, created_at, last_seen_at, client_ip, user_agent) "
                "VALUES ($1, $2, $3, $4, nullif($5, ''::bytea), nullif($6, ''::bytea), $7, $8, "
                "$9, $10)");
    pool.define(kTouchSession, "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2");
    pool.define(kDeleteStale, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2");
}

content::Account read_account(const pqxx::row& row) {
    content::Account a;
    a.id = row[0].as<std::int64_t>();
    a.name = row[1].as<std::string>();
    a.role = row[2].as<std::string>();
    a.disabled = row[3].as<std::string>() == "disabled";
    a.password_hash = row[4].as<std::string>();
    a.password_changed_at = time_of(row[5]);
    a.must_change_password = row[6].as<bool>();
    a.totp_nonce = bytes(row[7]);
    a.totp_sealed = bytes(row[8]);
    a.totp_last_step = row[9].as<std::int64_t>();
    a.failed_count = row[10].as<int>();
    a.failed_since = time_of(row[11]);
    a.locked_until = time_of(row[12]);
    a.created_at = time_of(row[13]);
    if (!row[14].is_null()) a.last_login_at = time_of(row[14]);
    return a;
}

const char* status_of(const content::Account& a) { return a.disabled ? "disabled" : "active"; }

std::optional<std::int64_t> seconds_of(const std::optional<content::Time>& t) {
    if (!t) return std::nullopt;
    return seconds(*t);
}

}  // namespace

PostgresAccountStore::PostgresAccountStore(Pool& pool, AuditKey key)
    : pool_(pool), key_(std::move(key)) {
    define_queries(pool_);
    define_audit_queries(pool_);
}

std::optional<std::int64_t> PostgresAccountStore::create_account(
    const content::Account& a, const content::AuditRecord& audit) {
    return pool_.with(kInsertAccount, [&](pqxx::connection& c) -> std::optional<std::int64_t> {
        pqxx::work tx(c);
        const auto rows = tx.exec_prepared(kInsertAccount, a.name, a.role, status_of(a),
                                           a.password_hash, seconds(a.password_changed_at),
                                           a.must_change_password, seconds(a.created_at));
        if (rows.empty()) return std::nullopt;
        const auto id = rows[0][0].as<std::int64_t>();
        auto record = audit;
        record.object_type = "account";
        record.object_id = std::to_string(id);
        append_audit(tx, key_, record);
        tx.commit();
        return id;
    });
}

std::optional<content::Account> PostgresAccountStore::find_account(std::int64_t id) {
    return pool_.with(kFindAccount, [&](pqxx::connection& c) -> std::optional<content::Account> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindAccount, id);
        if (rows.empty()) return std::nullopt;
        return read_account(rows[0]);
    });
}

std::optional<content::Account> PostgresAccountStore::find_account_by_name(
    const std::string& name) {
    return pool_.with(kFindByName, [&](pqxx::connection& c) -> std::optional<content::Account> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindByName, name);
        if (rows.empty()) return std::nullopt;
        return read_account(rows[0]);
    });
}

std::vector<content::Account> PostgresAccountStore::list_accounts() {
    return pool_.with(kListAccounts, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::Account> out;
        for (const auto& row : tx.exec_prepared(kListAccounts)) out.push_back(read_account(row));
        return out;
    });
}

UpdateResult PostgresAccountStore::update(
    std::int64_t account_id,
    const std::function<std::optional<AccountChange>(const content::Account&)>& decide) {
    return pool_.with(kSaveAccount, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto rows = tx.exec_prepared(kFindAccountForUpdate, account_id);
        if (rows.empty()) return UpdateResult::no_account;
        auto change = decide(read_account(rows[0]));
        if (!change) return UpdateResult::unchanged;
        if (change->use_recovery_code) {
            const auto used = tx.exec_prepared0(kUseCode, account_id, *change->use_recovery_code);
            if (used.affected_rows() == 0) return UpdateResult::no_such_code;
        }
        if (change->save) {
            const auto& a = *change->save;
            tx.exec_prepared0(kSaveAccount, a.role, status_of(a), a.password_hash,
                              seconds(a.password_changed_at), a.must_change_password,
                              binary(a.totp_nonce), binary(a.totp_sealed), a.totp_last_step,
                              a.failed_count, seconds(a.failed_since), seconds(a.locked_until),
                              seconds_of(a.last_login_at), account_id);
        }
        if (change->remember_password) {
            const auto now = change->save ? change->save->password_changed_at : content::Time{};
            tx.exec_prepared0(kRememberPassword, account_id, *change->remember_password,
                              seconds(now));
            tx.exec_prepared0(kTrimHistory, account_id, change->history_keep);
        }
        if (change->recovery_codes) {
            tx.exec_prepared0(kClearCodes, account_id);
            for (const auto& code : *change->recovery_codes)
                tx.exec_prepared0(kAddCode, account_id, code);
        }
        if (change->end_session) tx.exec_prepared0(kEndSession, *change->end_session);
        if (change->end_all_sessions) tx.exec_prepared0(kEndAllSessions, account_id);
        if (const auto& s = change->start_session) {
            tx.exec_prepared0(kStartSession, s->id_hash, s->account_id,
                              std::string(content::stage_name(s->stage)), s->csrf_token,
                              binary(s->pending_nonce), binary(s->pending_sealed),
                              seconds(s->created_at), seconds(s->last_seen_at), s->client_ip,
                              content::clip_utf8(s->user_agent, 300));
        }
        for (const auto& record : change->audit) append_audit(tx, key_, record);
        tx.commit();
        return UpdateResult::applied;
    });
}

std::vector<std::string> PostgresAccountStore::password_history(std::int64_t account_id,
                                                                int limit) {
    return pool_.with(kHistory, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<std::string> out;
        for (const auto& row : tx.exec_prepared(kHistory, account_id, limit))
            out.push_back(row[0].as<std::string>());
        return out;
    });
}

std::int64_t PostgresAccountStore::count_recovery_codes(std::int64_t account_id) {
    return pool_.with(kCountCodes, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kCountCodes, account_id)[0].as<std::int64_t>();
    });
}

std::optional<content::Session> PostgresAccountStore::find_session(const std::string& id_hash) {
    return pool_.with(kFindSession, [&](pqxx::connection& c) -> std::optional<content::Session> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindSession, id_hash);
        if (rows.empty()) return std::nullopt;
        const auto row = rows[0];
        content::Session s;
        s.id_hash = row[0].as<std::string>();
        s.account_id = row[1].as<std::int64_t>();
        s.stage = content::parse_stage(row[2].as<std::string>())
                      .value_or(content::SessionStage::second_factor);
        s.csrf_token = row[3].as<std::string>();
        s.pending_nonce = bytes(row[4]);
        s.pending_sealed = bytes(row[5]);
        s.created_at = time_of(row[6]);
        s.last_seen_at = time_of(row[7]);
        s.client_ip = row[8].as<std::string>();
        s.user_agent = row[9].as<std::string>();
        return s;
    });
}

void PostgresAccountStore::touch_session(const std::string& id_hash, content::Time when) {
    pool_.with(kTouchSession, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared0(kTouchSession, seconds(when), id_hash);
        tx.commit();
    });
}

std::int64_t PostgresAccountStore::delete_stale_sessions(content::Time idle_before,
                                                         content::Time created_before) {
    return pool_.with(kDeleteStale, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto deleted =
            tx.exec_prepared0(kDeleteStale, seconds(idle_before), seconds(created_before))
                .affected_rows();
        tx.commit();
        return static_cast<std::int64_t>(deleted);
    });
}

}  // namespace gp::store::postgres
