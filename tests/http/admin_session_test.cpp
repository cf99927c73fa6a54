// The session cookie's attributes at every step that sets or clears it, over real HTTP.
#include <gtest/gtest.h>

#include "admin_client.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

constexpr std::string_view kNewPassword = "Qz7#mLp2vR-kelp";

std::vector<std::string> session_cookies(const Response& r) {
    std::vector<std::string> out;
    for (auto it = r.find(http::field::set_cookie);
         it != r.end() && it->name() == http::field::set_cookie; ++it) {
        std::string line(it->value());
        if (line.starts_with("gp_admin=") || line.starts_with("__Host-gp_admin=")) {
            out.push_back(std::move(line));
        }
    }
    return out;
}

// docs/compliance.md: a request another site starts, a top-level link included, carries no
// session. Lax let such links through.
TEST(AdminSession, TheSessionCookieIsSameSiteStrict) {
    for (const bool tls : {false, true}) {
        TestServer server;
        if (tls) server.settings().site.base_url = "https://www.dengbao.example";
        server.start();
        auto created = server.app().account_admin().create_account(
            "editor.liu", accounts::Role::editor, nullptr,
            accounts::Client{"shell", "admin_session_test", ""});
        ASSERT_TRUE(created);
        AdminClient client(server);
        std::vector<std::string> seen;
        auto keep = [&](const Response& r) {
            for (auto& c : session_cookies(r)) seen.push_back(std::move(c));
        };
        // The cookie the password step sets, and the whole first sign-in still reaching the
        // dashboard with it.
        keep(client.sign_in("editor.liu", created->one_time_password));
        client.first_sign_in("editor.liu", created->one_time_password, std::string(kNewPassword));
        EXPECT_EQ(client.get("/admin/").result_int(), 200) << "tls " << tls;
        keep(client.post("/admin/logout", {}));
        ASSERT_GE(seen.size(), 2u) << "tls " << tls;
        for (const auto& cookie : seen) {
            EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
            EXPECT_EQ(cookie.find("Lax"), std::string::npos) << cookie;
            EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
        }
        EXPECT_NE(seen.back().find("Max-Age=0"), std::string::npos) << seen.back();
    }
}

}  // namespace
}  // namespace gp::test
