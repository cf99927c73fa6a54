// The pieces of sign-in that need no server: roles, TOTP, password rules, names, the audit
// record's canonical form.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "accounts/account_name.hpp"
#include "accounts/roles.hpp"
#include "content/account.hpp"
#include "security/password_hash.hpp"
#include "security/password_policy.hpp"
#include "security/totp.hpp"

namespace gp {
namespace {

using accounts::Permission;
using accounts::Role;

TEST(Roles, TheThreeAdministratorsShareNoDuty) {
    const Role admins[] = {Role::system_admin, Role::security_admin, Role::audit_admin};
    for (auto p : accounts::all_permissions()) {
        if (p == Permission::dashboard || p == Permission::accounts_view ||
            p == Permission::accounts_unlock) {
            continue;  // Seeing accounts and lifting a lock are shared on purpose.
        }
        int holders = 0;
        for (auto r : admins) holders += accounts::allowed(r, p);
        EXPECT_LE(holders, 1) << accounts::permission_name(p);
    }
}

TEST(Roles, AdministratorsNeitherSeeLeadsNorReadEachOthersRecords) {
    for (auto r : {Role::system_admin, Role::security_admin, Role::audit_admin}) {
        EXPECT_FALSE(accounts::allowed(r, Permission::leads_view));
        EXPECT_FALSE(accounts::allowed(r, Permission::leads_reveal));
    }
    EXPECT_FALSE(accounts::allowed(Role::system_admin, Permission::audit_view));
    EXPECT_FALSE(accounts::allowed(Role::security_admin, Permission::audit_view));
    EXPECT_FALSE(accounts::allowed(Role::system_admin, Permission::roles_assign));
    EXPECT_FALSE(accounts::allowed(Role::security_admin, Permission::accounts_create));
    EXPECT_FALSE(accounts::allowed(Role::audit_admin, Permission::accounts_disable));
    // Business roles hold no administrative permission.
    for (auto r : {Role::editor, Role::reviewer, Role::lead_handler}) {
        for (auto p : {Permission::accounts_view, Permission::roles_assign, Permission::audit_view,
                       Permission::mfa_reset}) {
            EXPECT_FALSE(accounts::allowed(r, p));
        }
    }
}

// The whole role × permission table, written out, so a change to what a role may do is a
// change to this test. Reviewers approve and publish but write no article, and editors write
// but neither approve nor publish: no role alone takes text to readers (docs/adr/0019).
TEST(Roles, PermissionMatrixSaysWhatEachRoleMayDo) {
    using enum Permission;
    const std::map<Role, std::set<Permission>> expected{
        {Role::none, {}},
        {Role::system_admin,
         {dashboard, accounts_view, accounts_create, accounts_disable, accounts_unlock}},
        {Role::security_admin,
         {dashboard, accounts_view, accounts_unlock, roles_assign, mfa_reset}},
        {Role::audit_admin, {dashboard, audit_view, audit_export}},
        {Role::editor,
         {dashboard, articles_view, articles_write, articles_trash, media_view, media_upload}},
        {Role::reviewer,
         {dashboard, articles_view, articles_publish, articles_trash, categories_manage, media_view,
          media_upload}},
        {Role::lead_handler, {dashboard, leads_view, leads_reveal, leads_export}},
    };
    ASSERT_EQ(expected.size(), accounts::all_roles().size());
    for (auto r : accounts::all_roles()) {
        for (auto p : accounts::all_permissions()) {
            EXPECT_EQ(accounts::allowed(r, p), expected.at(r).contains(p))
                << accounts::role_name(r) << " × " << accounts::permission_name(p);
        }
    }
}

TEST(Roles, ReviewCanBeSkippedNoRoleBothWritesAndPublishes) {
    for (auto r : accounts::all_roles()) {
        EXPECT_FALSE(accounts::allowed(r, Permission::articles_write) &&
                     accounts::allowed(r, Permission::articles_publish))
            << accounts::role_name(r);
    }
}

TEST(Roles, AnAccountWithoutARoleMayDoNothing) {
    for (auto p : accounts::all_permissions()) EXPECT_FALSE(accounts::allowed(Role::none, p));
}

TEST(Roles, NamesRoundTrip) {
    std::set<std::string_view> names;
    for (auto r : accounts::all_roles()) {
        EXPECT_EQ(accounts::parse_role(accounts::role_name(r)), r);
        names.insert(accounts::role_name(r));
    }
    EXPECT_EQ(names.size(), accounts::all_roles().size());
    EXPECT_FALSE(accounts::parse_role("superuser"));
}

// RFC 6238 Appendix B, SHA-1 seed "12345678901234567890", last 6 of the 8 digits.
TEST(Totp, MatchesTheRfcTestVectors) {
    const std::string seed = "12345678901234567890";
    const std::pair<std::int64_t, std::string> vectors[] = {{59, "287082"},
                                                            {1111111109, "081804"},
                                                            {1111111111, "050471"},
                                                            {1234567890, "005924"},
                                                            {2000000000, "279037"}};
    for (const auto& [t, code] : vectors) {
        const content::Time at{std::chrono::seconds{t}};
        EXPECT_EQ(security::Totp::code(seed, at), code) << t;
        EXPECT_TRUE(security::Totp::accept(seed, code, at, 0)) << t;
    }
}

TEST(Totp, AcceptsOneStepOfDriftAndEachStepOnce) {
    const std::string seed = "12345678901234567890";
    const content::Time now{std::chrono::seconds{1234567890}};
    const auto code = security::Totp::code(seed, now);
    EXPECT_TRUE(security::Totp::accept(seed, code, now + std::chrono::seconds{30}, 0));
    EXPECT_FALSE(security::Totp::accept(seed, code, now + std::chrono::seconds{90}, 0));
    const auto step = security::Totp::accept(seed, code, now, 0);
    ASSERT_TRUE(step);
    EXPECT_FALSE(security::Totp::accept(seed, code, now, *step));
    EXPECT_FALSE(security::Totp::accept(seed, "12345a", now, 0));
    EXPECT_FALSE(security::Totp::accept(seed, "", now, 0));
}

TEST(Totp, Base32IsWhatAuthenticatorAppsRead) {
    EXPECT_EQ(security::Totp::base32("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(PasswordPolicy, RefusesEachKindOfWeakPasswordWithItsReason) {
    security::PasswordPolicy policy(security::PasswordRules{});
    auto key = [&](std::string_view pw) {
        auto p = policy.check(pw, "zhang.wei");
        return p ? p->key : std::string("ok");
    };
    EXPECT_EQ(key("Ab1#xyz"), "password_too_short");
    EXPECT_EQ(key(std::string(129, 'a')), "password_too_long");
    EXPECT_EQ(key("onlylowercaseletters"), "password_classes");
    EXPECT_EQ(key("Zhang.Wei#2026"), "password_has_name");
    EXPECT_EQ(key("Password#2026"), "password_common");
    EXPECT_EQ(key("Woaini1314!"), "password_common");
    EXPECT_EQ(key("Qz7#mLp2vR-kelp"), "ok");
    // Characters, not bytes: eight Chinese characters and classes from the rest.
    EXPECT_EQ(key("网络安全等级保护A1"), "ok");
}

TEST(PasswordPolicy, SiteWordsCanBeAdded) {
    security::PasswordRules rules;
    rules.banned_words = "anquanbao";
    security::PasswordPolicy policy(rules);
    EXPECT_EQ(policy.check("Anquanbao#77x", "zhang.wei")->key, "password_common");
}

TEST(PasswordHash, Argon2idVerifiesOnlyTheRightPassword) {
    const auto hash = security::hash_password("Qz7#mLp2vR-kelp");
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_TRUE(security::verify_password(hash, "Qz7#mLp2vR-kelp"));
    EXPECT_FALSE(security::verify_password(hash, "Qz7#mLp2vR-kelq"));
    EXPECT_FALSE(security::verify_password("not a hash", "x"));
    EXPECT_NE(security::hash_password("Qz7#mLp2vR-kelp"), hash);  // salted
    EXPECT_FALSE(security::password_needs_rehash(hash));
}

TEST(AccountNames, AreShortAsciiNames) {
    EXPECT_TRUE(accounts::valid_account_name("zhang.wei"));
    EXPECT_TRUE(accounts::valid_account_name("ops-01"));
    EXPECT_FALSE(accounts::valid_account_name("ab"));
    EXPECT_FALSE(accounts::valid_account_name(".hidden"));
    EXPECT_FALSE(accounts::valid_account_name("张伟"));
    EXPECT_FALSE(accounts::valid_account_name("a b c"));
    EXPECT_FALSE(accounts::valid_account_name(std::string(33, 'a')));
}

TEST(AuditCanonical, EveryFieldCountsAndFieldsCannotRunTogether) {
    content::AuditRecord a;
    a.id = 7;
    a.event = "auth.login";
    a.detail = "ab";
    auto b = a;
    b.event = "auth.logina";
    b.detail = "b";
    EXPECT_NE(content::audit_canonical(a), content::audit_canonical(b));
    auto c = a;
    c.request_id = "r1";
    EXPECT_NE(content::audit_canonical(a), content::audit_canonical(c));
    auto d = a;
    d.hash = "anything";
    EXPECT_EQ(content::audit_canonical(a), content::audit_canonical(d)) << "the hash is not hashed";
}

}  // namespace
}  // namespace gp
