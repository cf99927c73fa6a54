#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace gp::accounts {

/// The back end's roles. The three administrators are separated (三权分立, MLPS 8.1.5): an
/// account holds exactly one role, so no account can be two of them, and none of them edits
/// content or sees leads.
enum class Role { none, system_admin, security_admin, audit_admin, editor, reviewer, lead_handler };

/// What a back-end route needs. Deny by default: a permission no role lists is granted to none.
enum class Permission {
    dashboard,
    accounts_view,
    accounts_create,
    accounts_disable,
    accounts_unlock,
    roles_assign,
    mfa_reset,
    audit_view,
    audit_export,
    leads_view,
    leads_reveal,
    leads_export,
    articles_view,
    articles_write,
    articles_publish,
    articles_trash,
    categories_manage,
    media_view,
    media_upload,
};

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
std::span<const Role> all_roles();
std::string_view permission_name(Permission p);
std::span<const Permission> all_permissions();
bool is_administrator(Role role);

/// The one permission table of the program (the matrix test walks it).
bool allowed(Role role, Permission permission);

}  // namespace gp::accounts
