#include "store/sqlite/sqlite_account_store.hpp"

#include "content/utf8_text.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kAccountColumns =
    "SELECT id, name, role, status, password_hash, password_changed_at, must_change_password, "
    "totp_nonce, totp_sealed, totp_last_step, failed_count, failed_since, locked_until, "
    "created_at, last_login_at FROM accounts";
constexpr std::string_view kNameTaken = "SELECT 1 FROM accounts WHERE name = ? COLLATE NOCASE";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (name, role, status, password_hash, password_changed_at, "
    "must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSaveAccount =
    "UPDATE accounts SET role = ?, status = ?, password_hash = ?, password_changed_at = ?, "
    "must_change_password = ?, totp_nonce = ?, totp_sealed = ?, totp_last_step = ?, "
    "failed_count = ?, failed_since = ?, locked_until = ?, last_login_at = ? WHERE id = ?";
constexpr std::string_view kRememberPassword =
    "INSERT INTO password_history (account_id, password_hash, changed_at) VALUES (?, ?, ?)";
constexpr std::string_view kTrimHistory =
    "DELETE FROM password_history WHERE account_id = ?1 AND rowid NOT IN (SELECT rowid FROM "
    "password_history WHERE account_id = ?1 ORDER BY changed_at DESC, rowid DESC LIMIT ?2)";
constexpr std::string_view kHistory =
    "SELECT password_hash FROM password_history WHERE account_id = ? "
    "ORDER BY changed_at DESC, rowid DESC LIMIT ?";
constexpr std::string_view kClearCodes = "DELETE FROM recovery_codes WHERE account_id = ?";
constexpr std::string_view kAddCode =
    "INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)";
constexpr std::string_view kUseCode =
    "DELETE FROM recovery_codes WHERE account_id = ? AND code_hash = ?";
constexpr std::string_view kCountCodes = "SELECT count(*) FROM recovery_codes WHERE account_id = ?";
constexpr std::string_view kSessionColumns =
    "SELECT id_hash, account_id, stage, csrf_token, pending_nonce, pending_seed, created_at, "
    "last_seen_at, client_ip, user_agent FROM sessions";
constexpr std::string_view kEndSession = "DELETE FROM sessions WHERE id_hash = ?";
constexpr std::string_view kEndAllSessions = "DELETE FROM sessions WHERE account_id = ?";
constexpr std::string_view kStartSession =
    "INSERT INTO sessions (id_hash, account_id, stage, csrf_token, pending_nonce, pending_seed, "
    "created_at, last_seen_at, client_ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kTouchSession = "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?";
constexpr std::string_view kDeleteStale =
    "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?";

std::int64_t secs(content::Time t) { return t.time_since_epoch().count(); }
content::Time at(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }

content::Account read_account(Statement& st) {
    content::Account a;
    a.id = st.int64(0);
    a.name = st.text(1);
    a.role = st.text(2);
    a.disabled = st.text(3) == "disabled";
    a.password_hash = st.text(4);
    a.password_changed_at = at(st.int64(5));
    a.must_change_password = st.int64(6) != 0;
    if (!st.is_null(7)) a.totp_nonce = st.blob(7);
    if (!st.is_null(8)) a.totp_sealed = st.blob(8);
    a.totp_last_step = st.int64(9);
    a.failed_count = static_cast<int>(st.int64(10));
    a.failed_since = at(st.int64(11));
    a.locked_until = at(st.int64(12));
    a.created_at = at(st.int64(13));
    if (!st.is_null(14)) a.last_login_at = at(st.int64(14));
    return a;
}

void bind_blob_or_null(Statement& st, int index, const std::string& bytes) {
    if (bytes.empty()) {
        st.bind_null(index);
    } else {
        st.bind_blob(index, bytes);
    }
}

std::optional<content::Account> find_by_id(Connection& c, std::int64_t id) {
    Statement st(c, std::string(kAccountColumns) + " WHERE id = ?", "find_account");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_account(st);
}

void start_session(Connection& c, const content::Session& s) {
    Statement st(c, kStartSession, "start_session");
    st.bind(1, s.id_hash)
        .bind(2, s.account_id)
        .bind(3, content::stage_name(s.stage))
        .bind(4, s.csrf_token);
    bind_blob_or_null(st, 5, s.pending_nonce);
    bind_blob_or_null(st, 6, s.pending_sealed);
    st.bind(7, secs(s.created_at))
        .bind(8, secs(s.last_seen_at))
        .bind(9, s.client_ip)
        .bind(10, content::clip_utf8(s.user_agent, 300))
        .run();
}

void save_account(Connection& c, const content::Account& a) {
    Statement st(c, kSaveAccount, "save_account");
    st.bind(1, a.role)
        .bind(2, a.disabled ? "disabled" : "active")
        .bind(3, a.password_hash)
        .bind(4, secs(a.password_changed_at))
        .bind(5, std::int64_t{a.must_change_password});
    bind_blob_or_null(st, 6, a.totp_nonce);
    bind_blob_or_null(st, 7, a.totp_sealed);
    st.bind(8, a.totp_last_step)
        .bind(9, std::int64_t{a.failed_count})
        .bind(10, secs(a.failed_since))
        .bind(11, secs(a.locked_until));
    if (a.last_login_at) {
        st.bind(12, secs(*a.last_login_at));
    } else {
        st.bind_null(12);
    }
    st.bind(13, a.id).run();
}

}  // namespace

std::optional<std::int64_t> SqliteAccountStore::create_account(const content::Account& a,
                                                               const content::AuditRecord& audit) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement taken(*c, kNameTaken, "name_taken");
    taken.bind(1, a.name);
    if (taken.step()) return std::nullopt;
    Statement st(*c, kInsertAccount, "insert_account");
    st.bind(1, a.name)
        .bind(2, a.role)
        .bind(3, a.disabled ? "disabled" : "active")
        .bind(4, a.password_hash)
        .bind(5, secs(a.password_changed_at))
        .bind(6, std::int64_t{a.must_change_password})
        .bind(7, secs(a.created_at))
        .run();
    const auto id = c->last_insert_id();
    auto record = audit;
    record.object_type = "account";
    record.object_id = std::to_string(id);
    append_audit(*c, key_, record);
    tx.commit();
    return id;
}

std::optional<content::Account> SqliteAccountStore::find_account(std::int64_t id) {
    auto c = db_.borrow();
    return find_by_id(*c, id);
}

std::optional<content::Account> SqliteAccountStore::find_account_by_name(const std::string& name) {
    auto c = db_.borrow();
    Statement st(*c, std::string(kAccountColumns) + " WHERE name = ? COLLATE NOCASE",
                 "find_account_by_name");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_account(st);
}

std::vector<content::Account> SqliteAccountStore::list_accounts() {
    auto c = db_.borrow();
    Statement st(*c, std::string(kAccountColumns) + " ORDER BY name COLLATE NOCASE",
                 "list_accounts");
    std::vector<content::Account> out;
    while (st.step()) out.push_back(read_account(st));
    return out;
}

UpdateResult SqliteAccountStore::update(
    std::int64_t account_id,
    const std::function<std::optional<AccountChange>(const content::Account&)>& decide) {
    auto c = db_.borrow();
    Transaction tx(*c);
    auto account = find_by_id(*c, account_id);
    if (!account) return UpdateResult::no_account;
    auto change = decide(*account);
    if (!change) return UpdateResult::unchanged;
    if (change->use_recovery_code) {
        Statement st(*c, kUseCode, "use_recovery_code");
        st.bind(1, account_id).bind(2, *change->use_recovery_code).run();
        if (sqlite3_changes(c->handle()) == 0) return UpdateResult::no_such_code;
    }
    if (change->save) {
        auto saved = *change->save;
        saved.id = account_id;
        save_account(*c, saved);
    }
    if (change->remember_password) {
        Statement st(*c, kRememberPassword, "remember_password");
        const auto now = change->save ? change->save->password_changed_at : content::Time{};
        st.bind(1, account_id).bind(2, *change->remember_password).bind(3, secs(now)).run();
        Statement trim(*c, kTrimHistory, "trim_history");
        trim.bind(1, account_id).bind(2, std::int64_t{change->history_keep}).run();
    }
    if (change->recovery_codes) {
        Statement clear(*c, kClearCodes, "clear_recovery_codes");
        clear.bind(1, account_id).run();
        for (const auto& code : *change->recovery_codes) {
            Statement st(*c, kAddCode, "add_recovery_code");
            st.bind(1, account_id).bind(2, code).run();
        }
    }
    if (change->end_session) {
        Statement st(*c, kEndSession, "end_session");
        st.bind(1, *change->end_session).run();
    }
    if (change->end_all_sessions) {
        Statement st(*c, kEndAllSessions, "end_all_sessions");
        st.bind(1, account_id).run();
    }
    if (change->start_session) start_session(*c, *change->start_session);
    for (const auto& record : change->audit) append_audit(*c, key_, record);
    tx.commit();
    return UpdateResult::applied;
}

std::vector<std::string> SqliteAccountStore::password_history(std::int64_t account_id, int limit) {
    auto c = db_.borrow();
    Statement st(*c, kHistory, "password_history");
    st.bind(1, account_id).bind(2, std::int64_t{limit});
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::int64_t SqliteAccountStore::count_recovery_codes(std::int64_t account_id) {
    auto c = db_.borrow();
    Statement st(*c, kCountCodes, "count_recovery_codes");
    st.bind(1, account_id);
    st.step();
    return st.int64(0);
}

std::optional<content::Session> SqliteAccountStore::find_session(const std::string& id_hash) {
    auto c = db_.borrow();
    Statement st(*c, std::string(kSessionColumns) + " WHERE id_hash = ?", "find_session");
    st.bind(1, id_hash);
    if (!st.step()) return std::nullopt;
    content::Session s;
    s.id_hash = st.text(0);
    s.account_id = st.int64(1);
    s.stage = content::parse_stage(st.text(2)).value_or(content::SessionStage::second_factor);
    s.csrf_token = st.text(3);
    if (!st.is_null(4)) s.pending_nonce = st.blob(4);
    if (!st.is_null(5)) s.pending_sealed = st.blob(5);
    s.created_at = at(st.int64(6));
    s.last_seen_at = at(st.int64(7));
    s.client_ip = st.text(8);
    s.user_agent = st.text(9);
    return s;
}

void SqliteAccountStore::touch_session(const std::string& id_hash, content::Time when) {
    auto c = db_.borrow();
    Statement st(*c, kTouchSession, "touch_session");
    st.bind(1, secs(when)).bind(2, id_hash).run();
}

std::int64_t SqliteAccountStore::delete_stale_sessions(content::Time idle_before,
                                                       content::Time created_before) {
    auto c = db_.borrow();
    Statement st(*c, kDeleteStale, "delete_stale_sessions");
    st.bind(1, secs(idle_before)).bind(2, secs(created_before)).run();
    return sqlite3_changes(c->handle());
}

}  // namespace gp::store::sqlite
