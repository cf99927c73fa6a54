// The audit trail and the role × route matrix over real HTTP, and the chain checked by the real
// binary after the SQLite file has been edited behind the program's back.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>

#include "accounts/roles.hpp"
#include "admin_client.hpp"
#include "app/route_table.hpp"
#include "log_capture.hpp"
#include "run_binary.hpp"
#include "security/phone_vault.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using accounts::Permission;
using accounts::Role;

constexpr std::string_view kPassword = "Qz7#mLp2vR-kelp";
constexpr std::string_view kPhone = "+8613912345678";

std::string create(TestServer& server, const std::string& name, Role role) {
    auto created = server.app().account_admin().create_account(
        name, role, nullptr, accounts::Client{"shell", "audit_test", ""});
    if (!created) throw std::runtime_error("cannot create " + name);
    return created->one_time_password;
}

std::int64_t add_lead(TestServer& server) {
    const auto key = security::MasterKey::load(server.data_dir() / "guardpress.key");
    security::PhoneVault vault(key);
    const auto sealed = vault.seal(kPhone);
    store::NewLead lead;
    lead.created_at = server.clock().now();
    lead.phone_nonce = sealed.nonce;
    lead.phone_sealed = sealed.ciphertext;
    lead.phone_hash = vault.keyed_hash(kPhone);
    lead.phone_masked = "139****5678";
    lead.phone_kind = "mobile";
    lead.origin.landing_page = "/news/";
    lead.consent_version = "2026-11";
    return server.app().store().leads().add_lead(lead);
}

void exec_sql(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

int exec_sql_rc(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

std::vector<content::AuditRecord> all_records(TestServer& server) {
    store::AuditQuery q;
    q.limit = 100000;
    return server.app().store().audit().search(q);
}

bool has_event(const std::vector<content::AuditRecord>& records, std::string_view event,
               std::string_view result = "success") {
    return std::any_of(records.begin(), records.end(),
                       [&](const auto& r) { return r.event == event && r.result == result; });
}

/// A signed-in client for each role, plus a target account to act on.
struct Staff {
    std::map<Role, std::unique_ptr<AdminClient>> clients;
    std::int64_t target = 0;
};

Staff sign_in_everyone(TestServer& server) {
    Staff staff;
    for (auto role : accounts::all_roles()) {
        const std::string name =
            "r." +
            (role == Role::none ? std::string("norole") : std::string(accounts::role_name(role)));
        const auto otp = create(server, name, role);
        auto client = std::make_unique<AdminClient>(server);
        client->first_sign_in(name, otp, std::string(kPassword));
        staff.clients.emplace(role, std::move(client));
    }
    create(server, "target.acct", Role::editor);
    staff.target = server.app().store().accounts().find_account_by_name("target.acct")->id;
    return staff;
}

class AuditTest : public ::testing::Test {
protected:
    void SetUp() override { server.start(); }
    TestServer server;
};

// Every back-end route behind a full session × every role: 403 exactly when the one
// permission table says no.
TEST_F(AuditTest, PermissionMatrixMatchesTheTableForEveryRouteAndRole) {
    auto staff = sign_in_everyone(server);
    const auto lead = add_lead(server);
    int checked = 0;
    for (const auto& route : app::route_table()) {
        if (route.gate != admin::Gate::full) continue;
        for (auto role : accounts::all_roles()) {
            auto& client = *staff.clients.at(role);
            std::string target(route.pattern);
            const bool about_lead = target.starts_with("/admin/leads/");
            target = std::regex_replace(target, std::regex("\\{id\\}"),
                                        std::to_string(about_lead ? lead : staff.target));
            client.get("/admin/");  // a fresh CSRF token from a page this role can load
            Response r;
            if (route.verb == http::verb::get) {
                r = client.get(target);
            } else {
                r = client.post(target,
                                {{"name", "m" + std::to_string(checked)}, {"role", "editor"}});
            }
            const bool allowed = route.permission && accounts::allowed(role, *route.permission);
            const int status = static_cast<int>(r.result_int());
            if (allowed) {
                // Past the gate: the handler answers (a form these generic fields do not fill,
                // or an id that names nothing, is its own 4xx, never a refusal).
                EXPECT_TRUE(status != 401 && status != 403 && status < 500)
                    << target << " as " << accounts::role_name(role) << ": " << status;
            } else {
                EXPECT_EQ(status, 403) << target << " as " << accounts::role_name(role);
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, 39 * 7);
    // What the table means for articles: one role writes, another approves and publishes, so
    // no one takes text to readers alone (三审, docs/adr/0019).
    auto roles_past = [](http::verb verb, std::string_view pattern) {
        std::set<Role> out;
        for (const auto& route : app::route_table()) {
            if (route.verb != verb || route.pattern != pattern || !route.permission) continue;
            for (auto role : accounts::all_roles()) {
                if (accounts::allowed(role, *route.permission)) out.insert(role);
            }
        }
        return out;
    };
    const std::set<Role> editors{Role::editor};
    const std::set<Role> reviewers{Role::reviewer};
    EXPECT_EQ(roles_past(http::verb::post, "/admin/articles"), editors);
    EXPECT_EQ(roles_past(http::verb::post, "/admin/articles/{id}"), editors);
    EXPECT_EQ(roles_past(http::verb::post, "/admin/articles/{id}/submit"), editors);
    EXPECT_EQ(roles_past(http::verb::post, "/admin/articles/{id}/approve"), reviewers);
    EXPECT_EQ(roles_past(http::verb::post, "/admin/articles/{id}/publish"), reviewers);
    // Each refusal was audited.
    store::AuditQuery denied;
    denied.event = "access.denied";
    denied.result = "denied";
    EXPECT_GT(server.app().store().audit().count(denied), 40);
}

TEST_F(AuditTest, EveryAuditedEventLeavesARecordAndNoSecret) {
    auto staff = sign_in_everyone(server);
    const auto lead = add_lead(server);
    const auto id = std::to_string(staff.target);
    auto& sys = *staff.clients.at(Role::system_admin);
    auto& sec = *staff.clients.at(Role::security_admin);
    auto& aud = *staff.clients.at(Role::audit_admin);
    auto& leads = *staff.clients.at(Role::lead_handler);
    auto& editor = *staff.clients.at(Role::editor);

    sys.get("/admin/accounts");
    const auto created = sys.post("/admin/accounts", {{"name", "new.person"}});
    ASSERT_EQ(created.result_int(), 200);
    std::smatch m;
    const std::string created_body = created.body();
    ASSERT_TRUE(std::regex_search(created_body, m, std::regex("data-one-time-password>([^<]+)<")));
    const auto one_time = m[1].str();
    sys.get("/admin/accounts");
    sys.post("/admin/accounts/" + id + "/disable", {});
    sys.get("/admin/accounts");
    sys.post("/admin/accounts/" + id + "/enable", {});
    sec.get("/admin/accounts");
    sec.post("/admin/accounts/" + id + "/role", {{"role", "reviewer"}});
    sec.get("/admin/accounts");
    sec.post("/admin/accounts/" + id + "/reset-mfa", {});
    AdminClient stranger(server);
    for (int i = 0; i < 5; ++i) stranger.sign_in("target.acct", "Wrong#pass" + std::to_string(i));
    sec.get("/admin/accounts");
    sec.post("/admin/accounts/" + id + "/unlock", {});
    const auto audit_page = aud.get("/admin/audit?event=auth.");
    EXPECT_NE(audit_page.body().find("<table class=\"admin-table audit\">"), std::string::npos);
    aud.post("/admin/audit/export", {{"event", "auth."}});
    const auto leads_page = leads.get("/admin/leads");
    EXPECT_NE(leads_page.body().find("<table class=\"admin-table\">"), std::string::npos);
    const auto revealed = leads.post("/admin/leads/" + std::to_string(lead) + "/reveal", {});
    EXPECT_NE(revealed.body().find(std::string(kPhone)), std::string::npos);
    leads.get("/admin/leads");
    const auto csv = leads.post("/admin/leads/export", {});
    EXPECT_EQ(csv[http::field::content_type], "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body().find(std::string(kPhone).substr(3)), std::string::npos);
    EXPECT_EQ(editor.get("/admin/leads").result_int(), 403);
    editor.post("/admin/logout", {});

    const auto records = all_records(server);
    for (const auto* event :
         {"system.start", "account.create", "auth.password", "auth.mfa_enrol",
          "auth.password_change", "auth.login", "account.disable", "account.enable", "account.role",
          "auth.mfa_reset", "auth.lockout", "auth.unlock", "audit.search", "audit.export",
          "lead.list", "lead.reveal", "lead.export", "auth.logout"}) {
        EXPECT_TRUE(has_event(records, event)) << event;
    }
    EXPECT_TRUE(has_event(records, "auth.login", "failure"));
    EXPECT_TRUE(has_event(records, "access.denied", "denied"));
    // Who, from where, with which request: every record made over HTTP names them.
    for (const auto& r : records) {
        if (r.client_ip != "127.0.0.1") continue;
        EXPECT_FALSE(r.request_id.empty()) << r.event;
        EXPECT_NE(r.user_agent.find("AdminTest"), std::string::npos) << r.event;
    }
    const auto reveal = std::find_if(records.begin(), records.end(),
                                     [](const auto& r) { return r.event == "lead.reveal"; });
    EXPECT_EQ(reveal->account_name, "r.lead_handler");
    EXPECT_EQ(reveal->role, "lead_handler");
    EXPECT_EQ(reveal->object_id, std::to_string(lead));
    // Never a password, a one-time password or a full number.
    for (const auto& r : records) {
        const auto text = content::audit_canonical(r);
        EXPECT_EQ(text.find(std::string(kPassword)), std::string::npos) << r.event;
        EXPECT_EQ(text.find(one_time), std::string::npos) << r.event;
        EXPECT_EQ(text.find("13912345678"), std::string::npos) << r.event;
    }
}

TEST_F(AuditTest, VerifyNamesTheFirstEditedRecord) {
    create(server, "sys.wang", Role::system_admin);
    AdminClient client(server);
    for (int i = 0; i < 3; ++i) client.sign_in("sys.wang", "Wrong#pass" + std::to_string(i));
    server.stop();
    TempDir scratch;
    const auto dir = server.data_dir().string();
    auto ok = run({"audit", "verify", "--data-dir", dir}, scratch);
    EXPECT_EQ(ok.code, 0) << ok.err;
    EXPECT_NE(ok.out.find("audit chain intact"), std::string::npos);

    const auto file = server.data_dir() / "guardpress.sqlite3";
    // The store refuses edits itself ...
    EXPECT_NE(exec_sql_rc(file, "UPDATE audit_log SET detail = 'x' WHERE id = 3"), SQLITE_OK);
    EXPECT_NE(exec_sql_rc(file, "DELETE FROM audit_log WHERE id = 3"), SQLITE_OK);
    // ... and someone who removes the guard is caught by the chain.
    exec_sql(file,
             "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing happened' "
             "WHERE id = 3");
    auto broken = run({"audit", "verify", "--data-dir", dir}, scratch);
    EXPECT_EQ(broken.code, 1);
    EXPECT_NE(broken.out.find("broken at record 3"), std::string::npos) << broken.out;
}

TEST_F(AuditTest, VerifyCatchesADeletedRecord) {
    create(server, "sys.wang", Role::system_admin);
    AdminClient client(server);
    for (int i = 0; i < 3; ++i) client.sign_in("sys.wang", "Wrong#pass" + std::to_string(i));
    server.stop();
    exec_sql(server.data_dir() / "guardpress.sqlite3",
             "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2");
    TempDir scratch;
    auto broken = run({"audit", "verify", "--data-dir", server.data_dir().string()}, scratch);
    EXPECT_EQ(broken.code, 1);
    EXPECT_NE(broken.out.find("broken at record 3"), std::string::npos) << broken.out;
}

// The audit trail's tail can be cut unseen: what is left still links up; the anchor beside the
// key file names the record the chain must reach.
TEST_F(AuditTest, TheAuditTrailsTailCannotBeCutUnseen) {
    create(server, "sys.wang", Role::system_admin);
    AdminClient client(server);
    for (int i = 0; i < 3; ++i) client.sign_in("sys.wang", "Wrong#pass" + std::to_string(i));
    const auto last = all_records(server).front().id;  // newest first
    server.stop();
    EXPECT_TRUE(std::filesystem::exists(server.data_dir() / "guardpress.key.audit-anchor"));
    exec_sql(server.data_dir() / "guardpress.sqlite3",
             "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > " +
                 std::to_string(last - 2));
    TempDir scratch;
    auto cut = run({"audit", "verify", "--data-dir", server.data_dir().string()}, scratch);
    EXPECT_EQ(cut.code, 1);
    // Stopping adds its own record, so the anchor names one past `last`.
    EXPECT_NE(cut.out.find("the trail ends at record " + std::to_string(last - 2) +
                           ", but the audit anchor names record " + std::to_string(last + 1)),
              std::string::npos)
        << cut.out;
}

TEST_F(AuditTest, AnAuditTrailThatCannotBeWrittenRefusesTheActionsItRecords) {
    auto staff = sign_in_everyone(server);
    const auto lead = add_lead(server);
    auto& sys = *staff.clients.at(Role::system_admin);
    auto& leads = *staff.clients.at(Role::lead_handler);
    sys.get("/admin/accounts");
    leads.get("/admin/leads");
    const auto before = all_records(server).size();
    exec_sql(server.data_dir() / "guardpress.sqlite3",
             "CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
             "BEGIN SELECT RAISE(ABORT, 'audit storage is read-only'); END");

    auto r = sys.post("/admin/accounts/" + std::to_string(staff.target) + "/disable", {});
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_NE(r.body().find("无法写入审计记录"), std::string::npos);
    EXPECT_FALSE(server.app().store().accounts().find_account(staff.target)->disabled);

    r = leads.post("/admin/leads/" + std::to_string(lead) + "/reveal", {});
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_EQ(r.body().find("13912345678"), std::string::npos);

    sys.get("/admin/accounts");
    r = sys.post("/admin/accounts", {{"name", "ghost.account"}});
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_FALSE(server.app().store().accounts().find_account_by_name("ghost.account"));

    AdminClient stranger(server);
    r = stranger.sign_in("target.acct", "Wrong#pass1");
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_EQ(server.app().store().accounts().find_account(staff.target)->failed_count, 0);
    EXPECT_EQ(all_records(server).size(), before);
}

// The store refuses the audit row for real (a trigger): the action is refused as one that has
// no record, and the operator is alerted.
TEST_F(AuditTest, ARefusedAuditRecordRefusesTheActionAndAlertsTheOperator) {
    auto staff = sign_in_everyone(server);
    const auto lead = add_lead(server);
    auto& leads = *staff.clients.at(Role::lead_handler);
    leads.get("/admin/leads");
    const auto before = all_records(server).size();
    exec_sql(server.data_dir() / "guardpress.sqlite3",
             "CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
             "BEGIN SELECT RAISE(ABORT, 'audit storage is read-only'); END");
    const LogCapture log;

    auto r = leads.post("/admin/leads/" + std::to_string(lead) + "/reveal", {});
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_NE(r.body().find("无法写入审计记录"), std::string::npos);
    EXPECT_EQ(r.body().find("13912345678"), std::string::npos);
    EXPECT_NE(log.text().find("ALERT audit record could not be written, action refused"),
              std::string::npos)
        << log.text();
    EXPECT_NE(log.text().find("audit storage is read-only"), std::string::npos) << log.text();
    EXPECT_EQ(all_records(server).size(), before);
}

// A failure that is not the audit trail's (here the accounts table refuses the update) is an
// error of its own: a 500 with the request id, no claim that the audit record was the
// problem, and no audit alert. Reported as an audit failure, it sent operators to the wrong
// place.
TEST_F(AuditTest, AFailureThatIsNotTheAuditTrailsIsNotReportedAsOne) {
    auto staff = sign_in_everyone(server);
    auto& sys = *staff.clients.at(Role::system_admin);
    sys.get("/admin/accounts");
    const auto before = all_records(server).size();
    exec_sql(server.data_dir() / "guardpress.sqlite3",
             "CREATE TRIGGER accounts_broken BEFORE UPDATE ON accounts "
             "BEGIN SELECT RAISE(ABORT, 'the accounts table is broken'); END");
    const LogCapture log;

    auto r = sys.post("/admin/accounts/" + std::to_string(staff.target) + "/disable", {});
    EXPECT_EQ(r.result_int(), 500);
    EXPECT_EQ(r.body().find("无法写入审计记录"), std::string::npos) << r.body();
    EXPECT_FALSE(server.app().store().accounts().find_account(staff.target)->disabled);
    EXPECT_EQ(log.text().find("ALERT"), std::string::npos) << log.text();
    EXPECT_NE(log.text().find("the accounts table is broken"), std::string::npos) << log.text();
    // Nothing of the change was written, its audit record neither.
    const auto after = all_records(server);
    EXPECT_EQ(after.size(), before);
    EXPECT_FALSE(has_event(after, "account.disable"));
}

TEST_F(AuditTest, TheAuditPageFiltersPagesAndValidatesDates) {
    auto staff = sign_in_everyone(server);
    auto& aud = *staff.clients.at(Role::audit_admin);
    auto r = aud.get("/admin/audit?account=r.editor");
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_NE(r.body().find("auth.mfa_enrol"), std::string::npos);
    EXPECT_EQ(r.body().find("r.security_admin"), std::string::npos);
    r = aud.get("/admin/audit?from=2026-13-01");
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_NE(r.body().find("日期格式"), std::string::npos);
    r = aud.get("/admin/audit?page=0");
    EXPECT_EQ(r.result_int(), 400);
    r = aud.get("/admin/audit?from=2025-01-01&to=2025-01-02");
    EXPECT_NE(r.body().find("data-total>0<"), std::string::npos);
    // More than one page of records (each search is one): a link to the next.
    for (int i = 0; i < 25; ++i) aud.get("/admin/audit?event=audit.");
    r = aud.get("/admin/audit");
    EXPECT_NE(r.body().find("?page=2"), std::string::npos);
}

// The next page's link carries the filters; written raw, "&", "#" or a space in one of them
// ended the value early, and page 2 showed other records.
TEST_F(AuditTest, TheNextLinkEncodesItsParameters) {
    const std::string event = "test.a&b=c #d e+f";
    for (int i = 0; i < 55; ++i) {
        auto r = server.app().audit_log().make_record(
            nullptr, accounts::Client{"shell", "audit_test", ""}, event, "success");
        r.detail = "record " + std::to_string(i);
        server.app().store().audit().append(r);
    }
    const auto otp = create(server, "audit.zhao", Role::audit_admin);
    AdminClient aud(server);
    aud.first_sign_in("audit.zhao", otp, std::string(kPassword));
    auto r = aud.get("/admin/audit?event=test.a%26b%3Dc%20%23d%20e%2Bf&lang=zh");
    ASSERT_EQ(r.result_int(), 200);
    EXPECT_NE(r.body().find("data-total>55<"), std::string::npos);
    std::smatch m;
    const std::string body = r.body();
    ASSERT_TRUE(std::regex_search(body, m, std::regex("<a href=\"(\\?page=2[^\"]*)\"")));
    // The href as the browser reads it: HTML entities decoded, nothing else.
    const auto href = std::regex_replace(m[1].str(), std::regex("&amp;"), "&");
    EXPECT_EQ(href.find('#'), std::string::npos) << href;
    EXPECT_EQ(href.find(' '), std::string::npos) << href;
    r = aud.get("/admin/audit" + href);
    ASSERT_EQ(r.result_int(), 200) << href;
    // Page 2 of the same search: the last 5 of the 55, with the filter shown as typed.
    EXPECT_NE(r.body().find("data-total>55<"), std::string::npos) << href;
    EXPECT_NE(r.body().find("record 4<"), std::string::npos) << href;
    EXPECT_EQ(r.body().find("record 5<"), std::string::npos) << href;
    EXPECT_NE(r.body().find("value=\"test.a&amp;b=c #d e+f\""), std::string::npos) << href;
}

TEST_F(AuditTest, SecurityHeadersOnEveryAnswer) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    for (const auto* target : {"/admin/login", "/", "/static/css/admin.css", "/nothing-here"}) {
        const auto r = client.get(target);
        EXPECT_NE(r["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos)
            << target;
        EXPECT_NE(r["Content-Security-Policy"].find("script-src 'self'"), std::string::npos);
        EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
        EXPECT_EQ(r["Referrer-Policy"], "strict-origin-when-cross-origin");
        EXPECT_TRUE(r["Strict-Transport-Security"].empty()) << "no HSTS without TLS";
    }
    EXPECT_EQ(client.get("/admin/login")[http::field::cache_control], "no-store");
    const auto signed_in = client.sign_in("editor.liu", otp);
    const auto cookie = std::string(signed_in[http::field::set_cookie]);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);
}

TEST_F(AuditTest, BehindTlsTheCookieIsHostBoundAndHstsIsSent) {
    server.stop();
    server.settings().site.base_url = "https://www.dengbao.example";
    server.start();
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    const auto r = client.get("/admin/login");
    EXPECT_EQ(r["Strict-Transport-Security"], "max-age=31536000; includeSubDomains");
    const auto signed_in = client.sign_in("editor.liu", otp);
    const auto cookie = std::string(signed_in[http::field::set_cookie]);
    EXPECT_TRUE(cookie.starts_with("__Host-gp_admin=")) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
}

}  // namespace
}  // namespace gp::test
