// The back end's sign-in, sessions and account actions over real HTTP, with a real SQLite
// store; TOTP codes are computed in the test (admin_client.hpp) from the secret the page shows.
#include <gtest/gtest.h>

#include "admin_client.hpp"
#include "app/route_table.hpp"
#include "security/secret_box.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using accounts::Role;

constexpr std::string_view kNewPassword = "Qz7#mLp2vR-kelp";

std::string create(TestServer& server, const std::string& name, Role role) {
    auto created = server.app().account_admin().create_account(
        name, role, nullptr, accounts::Client{"shell", "accounts_test", ""});
    if (!created) throw std::runtime_error("cannot create " + name);
    return created->one_time_password;
}

std::int64_t count_events(TestServer& server, const std::string& event,
                          const std::string& result = "") {
    store::AuditQuery q;
    q.event = event;
    q.result = result;
    return server.app().store().audit().count(q);
}

class AccountsTest : public ::testing::Test {
protected:
    void SetUp() override { server.start(); }
    TestServer server;
};

TEST_F(AccountsTest, FirstSignInEnrolsTotpChangesPasswordAndReachesTheDashboard) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    const auto seed = client.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    EXPECT_EQ(seed.size(), 20u);
    // Ten recovery codes were shown once.
    std::regex code("<li><code>[a-z0-9]{5}-[a-z0-9]{5}</code></li>");
    const auto page = client.recovery_page();
    EXPECT_EQ(
        std::distance(std::sregex_iterator(page.begin(), page.end(), code), std::sregex_iterator()),
        10);
    auto dash = client.get("/admin/");
    ASSERT_EQ(dash.result_int(), 200);
    EXPECT_NE(dash.body().find("data-account>editor.liu<"), std::string::npos);
    EXPECT_NE(dash.body().find("工作台"), std::string::npos);

    // The one-time password is gone; the new one with a fresh code signs in.
    AdminClient later(server);
    EXPECT_EQ(later.sign_in("editor.liu", otp).result_int(), 401);
    server.clock().advance(std::chrono::seconds{30});
    auto r = later.sign_in_with_code("editor.liu", std::string(kNewPassword), seed);
    AdminClient::expect(r, 303, "/admin/");
    EXPECT_EQ(later.get("/admin/").result_int(), 200);
    EXPECT_GE(count_events(server, "auth.mfa_enrol", "success"), 1);
    EXPECT_GE(count_events(server, "auth.password_change", "success"), 1);
}

TEST_F(AccountsTest, APasswordAloneNeverReachesABackEndPage) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    const auto seed = client.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    AdminClient half(server);
    server.clock().advance(std::chrono::seconds{30});
    AdminClient::expect(half.sign_in("editor.liu", std::string(kNewPassword)), 303,
                        "/admin/login/code");
    AdminClient::expect(half.get("/admin/"), 303, "/admin/login/code");
    EXPECT_EQ(half.post("/admin/accounts", {{"name", "intruder"}}).result_int(), 403);
}

TEST_F(AccountsTest, UnknownNameAndWrongPasswordGetTheSameAnswer) {
    create(server, "sec.zhao", Role::security_admin);
    AdminClient a(server);
    AdminClient b(server);
    auto unknown = a.sign_in("nobody.here", "Whatever#123");
    auto wrong = b.sign_in("sec.zhao", "Whatever#123");
    EXPECT_EQ(unknown.result_int(), 401);
    EXPECT_EQ(wrong.result_int(), 401);
    // The pages differ only in the echoed name and the form token.
    auto strip = [](std::string body, const std::string& name) {
        body = std::regex_replace(body, std::regex("value=\"[^\"]*\""), "value=\"\"");
        return std::regex_replace(body, std::regex(name), "NAME");
    };
    EXPECT_EQ(strip(unknown.body(), "nobody\\.here"), strip(wrong.body(), "sec\\.zhao"));
    EXPECT_EQ(count_events(server, "auth.login", "failure"), 2);
}

TEST_F(AccountsTest, RepeatedFailuresLockTheAccountUntilUnlockedOrExpired) {
    const auto otp = create(server, "leads.wu", Role::lead_handler);
    AdminClient client(server);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(client.sign_in("leads.wu", "Wrong#pass" + std::to_string(i)).result_int(), 401);
    }
    EXPECT_EQ(count_events(server, "auth.lockout"), 1);
    // Locked: the right password is refused too, with the same answer.
    EXPECT_EQ(client.sign_in("leads.wu", otp).result_int(), 401);
    auto account = server.app().store().accounts().find_account_by_name("leads.wu");
    ASSERT_TRUE(account);
    EXPECT_TRUE(account->locked_at(server.clock().now()));

    // The security administrator unlocks it from the accounts page.
    const auto sec_otp = create(server, "sec.zhao", Role::security_admin);
    AdminClient sec(server);
    sec.first_sign_in("sec.zhao", sec_otp, std::string(kNewPassword));
    // The page is a real table inside the layout's navigation (a template section the
    // Mustache library ignores would drop the <table> and <nav> and leave bare rows).
    const auto page = sec.get("/admin/accounts");
    EXPECT_NE(page.body().find("<nav class=\"admin-nav\""), std::string::npos);
    EXPECT_NE(page.body().find("<table class=\"admin-table\">"), std::string::npos);
    EXPECT_NE(page.body().find("<select name=\"role\""), std::string::npos);
    auto r = sec.post("/admin/accounts/" + std::to_string(account->id) + "/unlock", {});
    AdminClient::expect(r, 303, "/admin/accounts");
    EXPECT_EQ(count_events(server, "auth.unlock", "success"), 1);
    AdminClient::expect(client.sign_in("leads.wu", otp), 303, "/admin/mfa");
}

// Whoever holds a session (a browser left open) could guess the password on the change form
// at full speed: a wrong current password counts like a wrong one at sign-in.
TEST_F(AccountsTest, WrongCurrentPasswordsOnPasswordChangeCountTowardsLockout) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    const auto seed = client.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    const auto failures = [&] {
        return server.app().store().accounts().find_account_by_name("editor.liu")->failed_count;
    };
    EXPECT_EQ(failures(), 0);
    const std::string next = "Vx4!tRw9qZ-plum";
    for (int i = 1; i < 5; ++i) {
        client.get("/admin/password");
        const auto r = client.post(
            "/admin/password",
            {{"current", "Wrong#pass" + std::to_string(i)}, {"password", next}, {"confirm", next}});
        EXPECT_EQ(r.result_int(), 400);
        EXPECT_EQ(failures(), i);
    }
    EXPECT_EQ(count_events(server, "auth.password_change", "failure"), 4);
    // The fifth locks the account and ends its sessions.
    client.get("/admin/password");
    const auto locked = client.post(
        "/admin/password", {{"current", "Wrong#pass5"}, {"password", next}, {"confirm", next}});
    AdminClient::expect(locked, 303, "/admin/login");
    EXPECT_EQ(count_events(server, "auth.lockout"), 1);
    EXPECT_EQ(count_events(server, "auth.password_change", "failure"), 5);
    EXPECT_TRUE(server.app()
                    .store()
                    .accounts()
                    .find_account_by_name("editor.liu")
                    ->locked_at(server.clock().now()));
    AdminClient::expect(client.get("/admin/"), 303, "/admin/login");
    server.clock().advance(std::chrono::seconds{30});
    EXPECT_EQ(client.sign_in_with_code("editor.liu", std::string(kNewPassword), seed).result_int(),
              401);
}

TEST_F(AccountsTest, ALockEndsByItselfAfterItsDuration) {
    const auto otp = create(server, "leads.wu", Role::lead_handler);
    AdminClient client(server);
    for (int i = 0; i < 5; ++i) client.sign_in("leads.wu", "Wrong#pass" + std::to_string(i));
    EXPECT_EQ(client.sign_in("leads.wu", otp).result_int(), 401);
    server.clock().advance(server.settings().accounts.lockout_duration + std::chrono::seconds{1});
    AdminClient::expect(client.sign_in("leads.wu", otp), 303, "/admin/mfa");
}

TEST_F(AccountsTest, OneAddressIsThrottledWhateverNameItTries) {
    server.stop();
    server.settings().accounts.login_ip_limit = 6;
    server.start();
    AdminClient client(server);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(client.sign_in("name" + std::to_string(i), "Wrong#pass1").result_int(), 401);
    }
    auto r = client.sign_in("another.name", "Wrong#pass1");
    EXPECT_EQ(r.result_int(), 429);
    EXPECT_NE(r.body().find("登录尝试过于频繁"), std::string::npos);
    EXPECT_EQ(count_events(server, "auth.login", "denied"), 1);
    // Throttling is per address and does not lock the accounts it names.
    server.clock().advance(server.settings().accounts.login_ip_window);
    EXPECT_EQ(client.sign_in("name0", "Wrong#pass1").result_int(), 401);
}

// Behind a listed proxy the forwarded address is the client; an IPv6 client is counted by its
// /64, so walking through the addresses of its own prefix gains it no attempts.
TEST_F(AccountsTest, ThrottlingBehindAProxyCountsIpv6ClientsByTheirSlash64) {
    server.stop();
    server.settings().server.trusted_proxies = {"127.0.0.1"};
    server.settings().accounts.login_ip_limit = 3;
    server.start();
    AdminClient client(server);
    for (int i = 1; i <= 3; ++i) {
        client.set_header("X-Forwarded-For", "2001:db8:7:1::" + std::to_string(i));
        EXPECT_EQ(client.sign_in("name" + std::to_string(i), "Wrong#pass1").result_int(), 401);
    }
    client.set_header("X-Forwarded-For", "2001:db8:7:1:abcd::9");
    EXPECT_EQ(client.sign_in("name4", "Wrong#pass1").result_int(), 429);
    // Another /64, and IPv4 clients (one by one), are counted apart.
    client.set_header("X-Forwarded-For", "2001:db8:7:2::1");
    EXPECT_EQ(client.sign_in("name5", "Wrong#pass1").result_int(), 401);
    for (int i = 1; i <= 3; ++i) {
        client.set_header("X-Forwarded-For", "198.51.100." + std::to_string(i));
        EXPECT_EQ(client.sign_in("name6", "Wrong#pass1").result_int(), 401);
    }
}

// A user agent that is not UTF-8 (an old client, a scanner) must not keep a failed sign-in
// out of the audit trail and the lockout count; PostgreSQL refused such records.
TEST_F(AccountsTest, ANonUtf8UserAgentIsRecordedNotRefused) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    client.set_header("User-Agent", "Scanner/1.0 \xFF\xC0\xAF");
    EXPECT_EQ(client.sign_in("editor.liu", "Wrong#pass1").result_int(), 401);
    store::AuditQuery q;
    q.event = "auth.login";
    q.result = "failure";
    const auto records = server.app().store().audit().search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].user_agent, "Scanner/1.0 \uFFFD\uFFFD\uFFFD");
    const auto account = server.app().store().accounts().find_account_by_name("editor.liu");
    EXPECT_EQ(account->failed_count, 1);

    // The right password still signs in, and the session keeps the repaired text.
    AdminClient::expect(client.sign_in("editor.liu", otp), 303, "/admin/mfa");
    const auto session = server.app().store().accounts().find_session(
        security::sha256_hex(client.cookie("gp_admin")));
    ASSERT_TRUE(session);
    EXPECT_EQ(session->user_agent, "Scanner/1.0 \uFFFD\uFFFD\uFFFD");
    EXPECT_FALSE(server.app().store().audit().verify_chain().first_broken);
}

TEST_F(AccountsTest, EachStepIssuesANewSessionAndTheOldOneIsDead) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    client.sign_in("editor.liu", otp);
    const auto first = client.cookie("gp_admin");
    ASSERT_FALSE(first.empty());
    client.get("/admin/mfa");
    const auto secret_page = client.get("/admin/mfa").body();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(secret_page, m, std::regex("data-secret>([A-Z2-7]+)<")));
    const auto seed = base32_decode(m[1].str());
    client.post("/admin/mfa", {{"code", reference_totp(seed, server.clock().now())}});
    const auto second = client.cookie("gp_admin");
    EXPECT_NE(first, second);
    AdminClient replay(server);
    replay.set_cookie("gp_admin", first);
    AdminClient::expect(replay.get("/admin/password"), 303, "/admin/login");
    EXPECT_EQ(replay.post("/admin/logout", {{"_csrf", "x"}}, false).result_int(), 401);
}

TEST_F(AccountsTest, SessionsEndWhenIdleAndAfterTheAbsoluteLimit) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    const auto seed = client.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    const auto& s = server.settings().accounts;
    server.clock().advance(s.session_idle - std::chrono::seconds{5});
    EXPECT_EQ(client.get("/admin/").result_int(), 200);
    server.clock().advance(s.session_idle + std::chrono::seconds{1});
    const auto expired = client.cookie("gp_admin");
    AdminClient::expect(client.get("/admin/"), 303, "/admin/login");
    // The row is gone, so the cookie can never come back to life.
    EXPECT_FALSE(server.app().store().accounts().find_session(security::sha256_hex(expired)));

    // A busy session still ends after the absolute limit.
    AdminClient busy(server);
    AdminClient::expect(busy.sign_in_with_code("editor.liu", std::string(kNewPassword), seed), 303,
                        "/admin/");
    auto elapsed = std::chrono::seconds{0};
    while (elapsed + s.session_idle / 2 < s.session_absolute) {
        server.clock().advance(s.session_idle / 2);
        elapsed += s.session_idle / 2;
        ASSERT_EQ(busy.get("/admin/").result_int(), 200) << elapsed.count();
    }
    server.clock().advance(s.session_idle / 2 + std::chrono::seconds{1});
    AdminClient::expect(busy.get("/admin/"), 303, "/admin/login");
}

TEST_F(AccountsTest, AbandonedSessionsArePurged) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    client.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    const auto id_hash = security::sha256_hex(client.cookie("gp_admin"));
    EXPECT_EQ(server.app().purge_sessions(), 0);
    server.clock().advance(server.settings().accounts.session_idle + std::chrono::seconds{1});
    EXPECT_GE(server.app().purge_sessions(), 1);
    EXPECT_FALSE(server.app().store().accounts().find_session(id_hash));
}

TEST_F(AccountsTest, SignOutEndsTheSessionOnTheServer) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    client.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    const auto cookie = client.cookie("gp_admin");
    AdminClient::expect(client.post("/admin/logout", {}), 303, "/admin/login");
    EXPECT_TRUE(client.cookie("gp_admin").empty());
    AdminClient replay(server);
    replay.set_cookie("gp_admin", cookie);
    AdminClient::expect(replay.get("/admin/"), 303, "/admin/login");
    EXPECT_EQ(count_events(server, "auth.logout", "success"), 1);
}

TEST_F(AccountsTest, AFormWithoutTheSessionTokenOrFromAnotherSiteIsRefused) {
    const auto otp = create(server, "sys.wang", Role::system_admin);
    AdminClient client(server);
    client.first_sign_in("sys.wang", otp, std::string(kNewPassword));
    client.get("/admin/accounts");
    auto r = client.post("/admin/accounts", {{"name", "no.token"}}, false);
    EXPECT_EQ(r.result_int(), 403);
    EXPECT_NE(r.body().find("页面已失效"), std::string::npos);
    r = client.post("/admin/accounts", {{"name", "bad.token"}, {"_csrf", "forged"}}, false);
    EXPECT_EQ(r.result_int(), 403);
    client.set_origin("https://attacker.example");
    EXPECT_EQ(client.post("/admin/accounts", {{"name", "cross.site"}}).result_int(), 403);
    client.set_origin("http://127.0.0.1");
    auto& store = server.app().store().accounts();
    EXPECT_FALSE(store.find_account_by_name("no.token"));
    EXPECT_FALSE(store.find_account_by_name("bad.token"));
    EXPECT_FALSE(store.find_account_by_name("cross.site"));
    // The sign-in form carries its own token: a forged login POST is refused too.
    AdminClient anonymous(server);
    EXPECT_EQ(
        anonymous
            .post("/admin/login", {{"name", "sys.wang"}, {"password", "x"}, {"_csrf", "1"}}, false)
            .result_int(),
        403);
    // With the right token it works.
    client.get("/admin/accounts");
    r = client.post("/admin/accounts", {{"name", "good.token"}});
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_TRUE(store.find_account_by_name("good.token"));
}

TEST_F(AccountsTest, NoGetChangesState) {
    const auto otp = create(server, "sys.wang", Role::system_admin);
    AdminClient client(server);
    client.first_sign_in("sys.wang", otp, std::string(kNewPassword));
    for (const auto& route : app::route_table()) {
        if (route.verb != http::verb::post || !route.gate) continue;
        // Paths that also have a (read-only) page answer GET with that page.
        const bool has_page = std::any_of(
            app::route_table().begin(), app::route_table().end(), [&](const auto& other) {
                return other.verb == http::verb::get && other.pattern == route.pattern;
            });
        if (has_page) continue;
        std::string target(route.pattern);
        target = std::regex_replace(target, std::regex("\\{id\\}"), "1");
        const auto r = client.get(target);
        EXPECT_TRUE(r.result_int() == 404 || r.result_int() == 405) << target;
    }
}

TEST_F(AccountsTest, PasswordRulesAreEnforcedWithTheFormShownAgain) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient client(server);
    client.sign_in("editor.liu", otp);
    client.get("/admin/mfa");
    const auto page = client.get("/admin/mfa").body();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(page, m, std::regex("data-secret>([A-Z2-7]+)<")));
    client.post("/admin/mfa",
                {{"code", reference_totp(base32_decode(m[1].str()), server.clock().now())}});
    client.get("/admin/password");
    const std::pair<std::string, std::string> cases[] = {
        {"Sh0rt!", "至少需要 8 个字符"},
        {"alllowercaseletters", "至少 3 类"},
        {"Editor.liu#2026", "不能包含用户名"},
        {"Password123!", "常见"},
    };
    for (const auto& [password, message] : cases) {
        auto r = client.post("/admin/password",
                             {{"current", otp}, {"password", password}, {"confirm", password}});
        EXPECT_EQ(r.result_int(), 400) << password;
        EXPECT_NE(r.body().find(message), std::string::npos) << password << "\n" << r.body();
        EXPECT_NE(r.body().find("name=\"password\""), std::string::npos);
    }
    auto r = client.post("/admin/password", {{"current", otp},
                                             {"password", std::string(kNewPassword)},
                                             {"confirm", "Different#Pass9"}});
    EXPECT_NE(r.body().find("两次输入的新密码不一致"), std::string::npos);
    AdminClient::expect(client.post("/admin/password", {{"current", otp},
                                                        {"password", std::string(kNewPassword)},
                                                        {"confirm", std::string(kNewPassword)}}),
                        303, "/admin/?changed=1");
    // Going back to the previous password is refused.
    client.get("/admin/password");
    r = client.post("/admin/password",
                    {{"current", std::string(kNewPassword)}, {"password", otp}, {"confirm", otp}});
    EXPECT_EQ(r.result_int(), 400);
}

TEST_F(AccountsTest, ACodeWorksOnceAndRecoveryCodesWorkOnce) {
    const auto otp = create(server, "editor.liu", Role::editor);
    AdminClient first(server);
    const auto seed = first.first_sign_in("editor.liu", otp, std::string(kNewPassword));
    std::smatch m;
    const auto page = first.recovery_page();
    ASSERT_TRUE(std::regex_search(page, m, std::regex("<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")));
    const auto recovery = m[1].str();

    // The enrolment code's time step is used: the same code is refused now.
    AdminClient replay(server);
    replay.sign_in("editor.liu", std::string(kNewPassword));
    replay.get("/admin/login/code");
    auto r =
        replay.post("/admin/login/code", {{"code", reference_totp(seed, server.clock().now())}});
    EXPECT_EQ(r.result_int(), 401);

    AdminClient lost_phone(server);
    lost_phone.sign_in("editor.liu", std::string(kNewPassword));
    lost_phone.get("/admin/login/code");
    AdminClient::expect(lost_phone.post("/admin/login/code", {{"code", recovery}}), 303, "/admin/");
    AdminClient again(server);
    again.sign_in("editor.liu", std::string(kNewPassword));
    again.get("/admin/login/code");
    EXPECT_EQ(again.post("/admin/login/code", {{"code", recovery}}).result_int(), 401);
}

TEST_F(AccountsTest, EnglishIsOneLinkAway) {
    AdminClient client(server);
    auto r = client.get("/admin/login?lang=en");
    EXPECT_NE(r.body().find("Sign in to the back end"), std::string::npos);
    EXPECT_EQ(client.cookie("gp_lang"), "en");
    r = client.get("/admin/login");
    EXPECT_NE(r.body().find("lang=\"en\""), std::string::npos);
    r = client.post("/admin/login", {{"name", "nobody"}, {"password", "x"}});
    EXPECT_NE(r.body().find("Wrong name or password"), std::string::npos);
}

}  // namespace
}  // namespace gp::test
