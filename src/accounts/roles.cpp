#include "accounts/roles.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace gp::accounts {
namespace {

using enum Permission;

constexpr std::array kRoles{Role::none,        Role::system_admin, Role::security_admin,
                            Role::audit_admin, Role::editor,       Role::reviewer,
                            Role::lead_handler};

constexpr std::array<std::pair<Role, std::string_view>, 7> kRoleNames{{
    {Role::none, ""},
    {Role::system_admin, "system_admin"},
    {Role::security_admin, "security_admin"},
    {Role::audit_admin, "audit_admin"},
    {Role::editor, "editor"},
    {Role::reviewer, "reviewer"},
    {Role::lead_handler, "lead_handler"},
}};

constexpr std::array<std::pair<Permission, std::string_view>, 19> kPermissionNames{{
    {dashboard, "dashboard"},
    {accounts_view, "accounts_view"},
    {accounts_create, "accounts_create"},
    {accounts_disable, "accounts_disable"},
    {accounts_unlock, "accounts_unlock"},
    {roles_assign, "roles_assign"},
    {mfa_reset, "mfa_reset"},
    {audit_view, "audit_view"},
    {audit_export, "audit_export"},
    {leads_view, "leads_view"},
    {leads_reveal, "leads_reveal"},
    {leads_export, "leads_export"},
    {articles_view, "articles_view"},
    {articles_write, "articles_write"},
    {articles_publish, "articles_publish"},
    {articles_trash, "articles_trash"},
    {categories_manage, "categories_manage"},
    {media_view, "media_view"},
    {media_upload, "media_upload"},
}};

constexpr std::array kPermissions{
    dashboard,      accounts_view,     accounts_create, accounts_disable, accounts_unlock,
    roles_assign,   mfa_reset,         audit_view,      audit_export,     leads_view,
    leads_reveal,   leads_export,      articles_view,   articles_write,   articles_publish,
    articles_trash, categories_manage, media_view,      media_upload};

struct Grant {
    Role role;
    std::vector<Permission> permissions;
};

// System admin: accounts and operation, but no roles, no audit, no leads (8.1.5.1).
// Security admin: roles, MFA and locks, but cannot create accounts or read the audit
// (8.1.5.3). Audit admin: reads and exports the audit trail only (8.1.5.2).
// Editors write and submit; reviewers approve, publish, unpublish, trash and run the category
// tree but write no article, so what a reviewer approves is always someone else's text (the 三审
// habit of news desks; docs/adr/0019). The service also checks the people, not only the roles:
// an account that wrote an article never approves or publishes it.
const std::array kGrants{
    Grant{Role::none, {}},
    Grant{Role::system_admin,
          {dashboard, accounts_view, accounts_create, accounts_disable, accounts_unlock}},
    Grant{Role::security_admin,
          {dashboard, accounts_view, accounts_unlock, roles_assign, mfa_reset}},
    Grant{Role::audit_admin, {dashboard, audit_view, audit_export}},
    Grant{Role::editor,
          {dashboard, articles_view, articles_write, articles_trash, media_view, media_upload}},
    Grant{Role::reviewer,
          {dashboard, articles_view, articles_publish, articles_trash, categories_manage,
           media_view, media_upload}},
    Grant{Role::lead_handler, {dashboard, leads_view, leads_reveal, leads_export}},
};

}  // namespace

std::string_view role_name(Role role) {
    for (const auto& [r, name] : kRoleNames) {
        if (r == role) return name;
    }
    return "";
}

std::optional<Role> parse_role(std::string_view name) {
    for (const auto& [r, n] : kRoleNames) {
        if (n == name) return r;
    }
    return std::nullopt;
}

std::span<const Role> all_roles() { return kRoles; }

std::string_view permission_name(Permission p) {
    for (const auto& [perm, name] : kPermissionNames) {
        if (perm == p) return name;
    }
    return "";
}

std::span<const Permission> all_permissions() { return kPermissions; }

bool is_administrator(Role role) {
    return role == Role::system_admin || role == Role::security_admin || role == Role::audit_admin;
}

bool allowed(Role role, Permission permission) {
    for (const auto& grant : kGrants) {
        if (grant.role == role) {
            return std::find(grant.permissions.begin(), grant.permissions.end(), permission) !=
                   grant.permissions.end();
        }
    }
    return false;
}

}  // namespace gp::accounts
