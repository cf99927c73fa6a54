#include "accounts/account_admin.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "accounts/account_name.hpp"
#include "security/password_hash.hpp"
#include "security/secret_box.hpp"

namespace gp::accounts {
namespace {

using content::Errc;
using content::make_error;

// Names an attacker tries first; no account may carry them (MLPS 8.1.4.2 b).
constexpr std::array<std::string_view, 8> kReservedNames{
    "admin", "administrator", "root", "test", "sa", "guest", "user", "system"};

}  // namespace

content::Result<Created> AccountAdmin::create_account(const std::string& name, Role role,
                                                      const Principal* actor,
                                                      const Client& client) {
    if (!valid_account_name(name)) return make_error(Errc::bad_request, "err_name_format");
    std::string lowered(name);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(kReservedNames.begin(), kReservedNames.end(), lowered) != kReservedNames.end()) {
        return make_error(Errc::bad_request, "err_name_reserved");
    }
    Created created;
    created.one_time_password = security::random_token(12);
    content::Account a;
    a.name = name;
    a.role = std::string(role_name(role));
    a.password_hash = security::hash_password(created.one_time_password);
    a.password_changed_at = a.created_at = d_.clock();
    a.must_change_password = true;
    auto r = d_.audit.make_record(actor, client, "account.create", "success");
    r.detail = "name=" + name + " role=" + a.role;
    try {
        auto id = d_.accounts.create_account(a, r);
        if (!id) return make_error(Errc::conflict, "err_name_taken");
        created.id = *id;
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
    return created;
}

content::Result<void> AccountAdmin::change_target(
    const Principal& actor, std::int64_t target, const Client& client,
    const std::function<std::optional<std::string>(content::Account&, store::AccountChange&)>&
        apply) {
    std::optional<std::string> refusal;
    store::UpdateResult result{};
    try {
        result = d_.accounts.update(target, [&](const content::Account& current) {
            store::AccountChange change;
            auto next = current;
            refusal = apply(next, change);
            if (refusal) return std::optional<store::AccountChange>{};
            change.save = next;
            return std::optional(std::move(change));
        });
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
    if (result == store::UpdateResult::no_account) {
        return make_error(Errc::not_found, "err_no_account");
    }
    if (refusal) return make_error(Errc::bad_request, *refusal);
    (void)actor;
    (void)client;
    return {};
}

content::Result<void> AccountAdmin::set_disabled(const Principal& actor, std::int64_t target,
                                                 bool disabled, const Client& client) {
    if (target == actor.account.id) return make_error(Errc::bad_request, "err_self");
    return change_target(
        actor, target, client, [&](content::Account& a, store::AccountChange& change) {
            a.disabled = disabled;
            // Disabling ends every live session of the account (8.1.4.2 c).
            change.end_all_sessions = disabled;
            auto r = d_.audit.make_record(
                &actor, client, disabled ? "account.disable" : "account.enable", "success");
            r.object_type = "account";
            r.object_id = std::to_string(a.id);
            r.detail = "name=" + a.name;
            change.audit.push_back(r);
            return std::optional<std::string>{};
        });
}

content::Result<void> AccountAdmin::unlock(const Principal& actor, std::int64_t target,
                                           const Client& client) {
    return change_target(
        actor, target, client, [&](content::Account& a, store::AccountChange& change) {
            a.locked_until = {};
            a.failed_count = 0;
            auto r = d_.audit.make_record(&actor, client, "auth.unlock", "success");
            r.object_type = "account";
            r.object_id = std::to_string(a.id);
            r.detail = "name=" + a.name;
            change.audit.push_back(r);
            return std::optional<std::string>{};
        });
}

content::Result<void> AccountAdmin::reset_mfa(const Principal* actor, std::int64_t target,
                                              const Client& client) {
    if (actor && target == actor->account.id) return make_error(Errc::bad_request, "err_self");
    std::optional<std::string> refusal;
    store::UpdateResult result{};
    try {
        result = d_.accounts.update(target, [&](const content::Account& current) {
            store::AccountChange change;
            auto next = current;
            next.totp_nonce.clear();
            next.totp_sealed.clear();
            next.totp_last_step = 0;
            change.save = next;
            change.recovery_codes = std::vector<std::string>{};
            change.end_all_sessions = true;
            auto r = d_.audit.make_record(actor, client, "auth.mfa_reset", "success");
            r.object_type = "account";
            r.object_id = std::to_string(current.id);
            r.detail = "name=" + current.name;
            change.audit.push_back(r);
            return std::optional(std::move(change));
        });
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
    if (result == store::UpdateResult::no_account) {
        return make_error(Errc::not_found, "err_no_account");
    }
    return {};
}

content::Result<void> AccountAdmin::assign_role(const Principal& actor, std::int64_t target,
                                                Role role, const Client& client) {
    if (target == actor.account.id) return make_error(Errc::bad_request, "err_self");
    return change_target(
        actor, target, client, [&](content::Account& a, store::AccountChange& change) {
            const auto from = a.role;
            a.role = std::string(role_name(role));
            auto r = d_.audit.make_record(&actor, client, "account.role", "success");
            r.object_type = "account";
            r.object_id = std::to_string(a.id);
            r.detail = "name=" + a.name + " from=" + from + " to=" + a.role;
            change.audit.push_back(r);
            return std::optional<std::string>{};
        });
}

}  // namespace gp::accounts
