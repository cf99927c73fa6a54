// Accounts and sessions on every backend: names unique whatever their case, changes applied
// with their audit records in one transaction, and the session life cycle.
#include "store/audit_write_failed.hpp"
#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class AccountContract : public Contract<Backend> {
protected:
    std::int64_t create(const std::string& name) {
        content::Account a;
        a.name = name;
        a.role = "editor";
        a.password_hash = "$argon2id$hash-of-" + name;
        a.password_changed_at = kNow;
        a.created_at = kNow;
        const auto id = this->s_.accounts.create_account(a, this->record("account.create"));
        EXPECT_TRUE(id) << name;
        return id.value_or(0);
    }
    content::Session session(std::int64_t account, const std::string& id_hash) {
        content::Session s;
        s.id_hash = id_hash;
        s.account_id = account;
        s.stage = content::SessionStage::second_factor;
        s.csrf_token = "csrf-" + id_hash;
        s.pending_nonce = std::string("\x00\x01\xfe\xff", 4);
        s.pending_sealed = std::string("sealed\x00seed", 11);
        s.created_at = kNow;
        s.last_seen_at = kNow;
        s.client_ip = "192.0.2.10";
        s.user_agent = "Mozilla/5.0 测试浏览器";
        return s;
    }
    store::UpdateResult apply(std::int64_t id, store::AccountChange change) {
        return this->s_.accounts.update(
            id,
            [&](const content::Account&) -> std::optional<store::AccountChange> { return change; });
    }
};
TYPED_TEST_SUITE(AccountContract, Backends, BackendNames);

TYPED_TEST(AccountContract, NamesAreUniqueWhateverTheirCase) {
    const auto id = this->create("editor.liu");
    content::Account again;
    again.name = "Editor.LIU";
    again.password_hash = "x";
    EXPECT_FALSE(this->s_.accounts.create_account(again, this->record("account.create")));

    const auto found = this->s_.accounts.find_account_by_name("EDITOR.liu");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->name, "editor.liu");
    EXPECT_EQ(found->role, "editor");
    EXPECT_TRUE(found->must_change_password);
    EXPECT_FALSE(found->has_totp());
    EXPECT_FALSE(found->last_login_at);
    // Only the successful creation was audited, against the new account.
    store::AuditQuery q;
    q.object = "account:" + std::to_string(id);
    EXPECT_EQ(this->s_.audit.count(q), 1);
    EXPECT_EQ(this->s_.audit.verify_chain().checked, 1);
}

TYPED_TEST(AccountContract, ListsAccountsByNameWithoutCase) {
    this->create("sec.zhao");
    this->create("Audit.sun");
    this->create("leads.wu");
    std::vector<std::string> names;
    for (const auto& a : this->s_.accounts.list_accounts()) names.push_back(a.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Audit.sun", "leads.wu", "sec.zhao"}));
}

TYPED_TEST(AccountContract, SavesEveryMutableFieldWithItsAudit) {
    const auto id = this->create("sys.wang");
    store::AccountChange change;
    content::Account a = *this->s_.accounts.find_account(id);
    a.role = "system_admin";
    a.disabled = true;
    a.must_change_password = false;
    a.totp_nonce = std::string("\x00nonce\xff", 7);
    a.totp_sealed = std::string("\x01\x00sealed", 8);
    a.totp_last_step = 58'000'001;
    a.failed_count = 3;
    a.failed_since = kNow - std::chrono::minutes(5);
    a.locked_until = kNow + std::chrono::minutes(30);
    a.last_login_at = kNow;
    change.save = a;
    change.audit.push_back(this->record("account.disable"));
    EXPECT_EQ(this->apply(id, change), store::UpdateResult::applied);

    const auto saved = this->s_.accounts.find_account(id);
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->role, "system_admin");
    EXPECT_TRUE(saved->disabled);
    EXPECT_FALSE(saved->must_change_password);
    EXPECT_EQ(saved->totp_nonce, a.totp_nonce);
    EXPECT_EQ(saved->totp_sealed, a.totp_sealed);
    EXPECT_EQ(saved->totp_last_step, 58'000'001);
    EXPECT_EQ(saved->failed_count, 3);
    EXPECT_EQ(saved->failed_since, a.failed_since);
    EXPECT_TRUE(saved->locked_at(kNow));
    EXPECT_EQ(saved->last_login_at, kNow);
    store::AuditQuery q;
    q.event = "account.disable";
    EXPECT_EQ(this->s_.audit.count(q), 1);

    // Clearing the authenticator stores no seed at all.
    a.totp_nonce.clear();
    a.totp_sealed.clear();
    change.save = a;
    change.audit.clear();
    EXPECT_EQ(this->apply(id, change), store::UpdateResult::applied);
    EXPECT_FALSE(this->s_.accounts.find_account(id)->has_totp());
}

TYPED_TEST(AccountContract, NothingOfAChangeIsWrittenWhenDecideSaysNo) {
    const auto id = this->create("review.zhou");
    const auto result = this->s_.accounts.update(id, [](const content::Account& a) {
        EXPECT_EQ(a.name, "review.zhou");
        return std::optional<store::AccountChange>{};
    });
    EXPECT_EQ(result, store::UpdateResult::unchanged);
    EXPECT_EQ(this->apply(999, {}), store::UpdateResult::no_account);
}

TYPED_TEST(AccountContract, SessionsLiveFromSignInToSignOut) {
    const auto id = this->create("editor.liu");
    store::AccountChange start;
    start.start_session = this->session(id, "hash-a");
    start.audit.push_back(this->record("auth.login"));
    ASSERT_EQ(this->apply(id, start), store::UpdateResult::applied);

    auto found = this->s_.accounts.find_session("hash-a");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->account_id, id);
    EXPECT_EQ(found->stage, content::SessionStage::second_factor);
    EXPECT_EQ(found->csrf_token, "csrf-hash-a");
    EXPECT_EQ(found->pending_nonce, std::string("\x00\x01\xfe\xff", 4));
    EXPECT_EQ(found->pending_sealed, std::string("sealed\x00seed", 11));
    EXPECT_EQ(found->created_at, kNow);
    EXPECT_EQ(found->client_ip, "192.0.2.10");
    EXPECT_EQ(found->user_agent, "Mozilla/5.0 测试浏览器");

    this->s_.accounts.touch_session("hash-a", kNow + std::chrono::minutes(7));
    EXPECT_EQ(this->s_.accounts.find_session("hash-a")->last_seen_at,
              kNow + std::chrono::minutes(7));

    store::AccountChange end;
    end.end_session = "hash-a";
    ASSERT_EQ(this->apply(id, end), store::UpdateResult::applied);
    EXPECT_FALSE(this->s_.accounts.find_session("hash-a"));
}

// The session keeps the user agent too; PostgreSQL refused one that was not UTF-8.
TYPED_TEST(AccountContract, ANonUtf8UserAgentStartsASessionNotAnError) {
    const auto id = this->create("editor.liu");
    store::AccountChange start;
    start.start_session = this->session(id, "hash-b");
    start.start_session->user_agent = "Mozilla/5.0 \xFF\xE6\xB5";
    start.audit.push_back(this->record("auth.login"));
    ASSERT_EQ(this->apply(id, start), store::UpdateResult::applied);
    const auto found = this->s_.accounts.find_session("hash-b");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->user_agent, "Mozilla/5.0 \uFFFD\uFFFD\uFFFD");
}

TYPED_TEST(AccountContract, SigningOutEverywhereEndsEverySessionOfTheAccountOnly) {
    const auto liu = this->create("editor.liu");
    const auto zhou = this->create("review.zhou");
    for (const auto* h : {"liu-1", "liu-2"}) {
        store::AccountChange c;
        c.start_session = this->session(liu, h);
        this->apply(liu, c);
    }
    store::AccountChange other;
    other.start_session = this->session(zhou, "zhou-1");
    this->apply(zhou, other);

    store::AccountChange all;
    all.end_all_sessions = true;
    EXPECT_EQ(this->apply(liu, all), store::UpdateResult::applied);
    EXPECT_FALSE(this->s_.accounts.find_session("liu-1"));
    EXPECT_FALSE(this->s_.accounts.find_session("liu-2"));
    EXPECT_TRUE(this->s_.accounts.find_session("zhou-1"));
}

TYPED_TEST(AccountContract, StaleSessionsAreDeletedByIdleOrAgeLimit) {
    const auto id = this->create("editor.liu");
    auto idle = this->session(id, "idle");
    idle.last_seen_at = kNow - std::chrono::hours(2);
    auto old = this->session(id, "old");
    old.created_at = kNow - std::chrono::hours(13);
    auto fresh = this->session(id, "fresh");
    for (const auto& s : {idle, old, fresh}) {
        store::AccountChange c;
        c.start_session = s;
        this->apply(id, c);
    }
    EXPECT_EQ(this->s_.accounts.delete_stale_sessions(kNow - std::chrono::minutes(30),
                                                      kNow - std::chrono::hours(12)),
              2);
    EXPECT_FALSE(this->s_.accounts.find_session("idle"));
    EXPECT_FALSE(this->s_.accounts.find_session("old"));
    EXPECT_TRUE(this->s_.accounts.find_session("fresh"));
}

TYPED_TEST(AccountContract, PasswordHistoryKeepsTheNewestFew) {
    const auto id = this->create("editor.liu");
    for (int i = 1; i <= 4; ++i) {
        store::AccountChange c;
        auto a = *this->s_.accounts.find_account(id);
        a.password_hash = "hash-" + std::to_string(i + 1);
        a.password_changed_at = kNow + std::chrono::hours(i);
        c.save = a;
        c.remember_password = "hash-" + std::to_string(i);
        c.history_keep = 3;
        ASSERT_EQ(this->apply(id, c), store::UpdateResult::applied);
    }
    EXPECT_EQ(this->s_.accounts.password_history(id, 10),
              (std::vector<std::string>{"hash-4", "hash-3", "hash-2"}));
    EXPECT_EQ(this->s_.accounts.password_history(id, 1), (std::vector<std::string>{"hash-4"}));
    EXPECT_EQ(this->s_.accounts.find_account(id)->password_hash, "hash-5");
}

TYPED_TEST(AccountContract, ARecoveryCodeWorksOnceAndAWrongOneChangesNothing) {
    const auto id = this->create("sec.zhao");
    store::AccountChange codes;
    codes.recovery_codes = std::vector<std::string>{"code-a", "code-b", "code-c"};
    this->apply(id, codes);
    EXPECT_EQ(this->s_.accounts.count_recovery_codes(id), 3);

    store::AccountChange use;
    use.use_recovery_code = "code-b";
    use.start_session = this->session(id, "after-code");
    use.audit.push_back(this->record("auth.recovery_code"));
    EXPECT_EQ(this->apply(id, use), store::UpdateResult::applied);
    EXPECT_EQ(this->s_.accounts.count_recovery_codes(id), 2);
    EXPECT_TRUE(this->s_.accounts.find_session("after-code"));

    use.start_session = this->session(id, "again");
    EXPECT_EQ(this->apply(id, use), store::UpdateResult::no_such_code);
    EXPECT_FALSE(this->s_.accounts.find_session("again"));
    store::AuditQuery q;
    q.event = "auth.recovery_code";
    EXPECT_EQ(this->s_.audit.count(q), 1);
}

TYPED_TEST(AccountContract, AnEventWhoseAuditCannotBeWrittenWritesNothing) {
    const auto id = this->create("editor.liu");
    store::AccountChange change;
    change.start_session = this->session(id, "doomed");
    auto bad = this->record("auth.login");
    bad.result = "maybe";  // refused by the audit table's CHECK
    change.audit.push_back(bad);
    EXPECT_THROW(this->apply(id, change), store::AuditWriteFailed);
    EXPECT_FALSE(this->s_.accounts.find_session("doomed"));
    EXPECT_EQ(this->s_.audit.verify_chain().checked, 1);
}

// Callers refuse an action for want of its record only on AuditWriteFailed (docs/adr/0024): a
// backend throws exactly that when the record is refused, alone or inside an account change,
// and something else when the change itself is.
TYPED_TEST(AccountContract, OnlyARefusedAuditRecordThrowsAuditWriteFailed) {
    const auto id = this->create("editor.liu");
    auto disabled = *this->s_.accounts.find_account(id);
    disabled.disabled = true;
    store::AccountChange change;
    change.save = disabled;
    change.audit.push_back(this->record("account.disable"));
    const auto refuse = [&](const std::string& table, const std::string& when) {
        if constexpr (std::is_same_v<TypeParam, PostgresBackend>) {
            this->backend_.execute("CREATE FUNCTION refuse_" + table +
                                   "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE "
                                   "EXCEPTION '" +
                                   table +
                                   " refused'; END; $$; CREATE TRIGGER "
                                   "refuse_" +
                                   table + " " + when + " ON " + table +
                                   " FOR EACH ROW EXECUTE FUNCTION refuse_" + table + "();");
        } else {
            this->backend_.execute("CREATE TRIGGER refuse_" + table + " " + when + " ON " + table +
                                   " BEGIN SELECT RAISE(ABORT, '" + table + " refused'); END;");
        }
    };

    refuse("audit_log", "BEFORE INSERT");
    EXPECT_THROW(this->apply(id, change), store::AuditWriteFailed);
    EXPECT_THROW(this->s_.audit.append(this->record("audit.search")), store::AuditWriteFailed);
    EXPECT_FALSE(this->s_.accounts.find_account(id)->disabled);
    this->backend_.execute(
        "DROP TRIGGER refuse_audit_log" +
        std::string(std::is_same_v<TypeParam, PostgresBackend> ? " ON audit_log" : ""));

    refuse("accounts", "BEFORE UPDATE");
    try {
        this->apply(id, change);
        ADD_FAILURE() << "the refused change was applied";
    } catch (const store::AuditWriteFailed& e) {
        ADD_FAILURE() << "a refused account row was reported as a refused audit record: "
                      << e.what();
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("accounts refused"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(this->s_.accounts.find_account(id)->disabled);
    EXPECT_EQ(this->s_.audit.verify_chain().checked, 1);
}

}  // namespace
}  // namespace gp::test
