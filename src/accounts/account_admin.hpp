#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/audit_log.hpp"
#include "accounts/principal.hpp"
#include "accounts/roles.hpp"
#include "content/account.hpp"
#include "content/error.hpp"
#include "store/account_store.hpp"

namespace gp::accounts {

/// A new account's id and its one-time password, which must be changed at first sign-in.
struct Created {
    std::int64_t id = 0;
    std::string one_time_password;
};

/// The administrators' account actions, from the back end's account pages and the shell's
/// `guardpress user` commands: creating, disabling and enabling accounts, lifting a lock,
/// resetting an authenticator, assigning roles, and the list of accounts. Each change is
/// written together with its audit record; which role may call which is the gate's business
/// (roles.cpp). An action whose audit record cannot be written is refused with `unavailable` /
/// `err_audit`, and any other store failure is thrown.
class AccountAdmin {
public:
    struct Deps {
        store::AccountStore& accounts;
        AuditLog& audit;
        std::function<content::Time()> clock;
    };
    explicit AccountAdmin(Deps deps) : d_(std::move(deps)) {}

    /// `actor` is null for the shell.
    content::Result<Created> create_account(const std::string& name, Role role,
                                            const Principal* actor, const Client& client);
    content::Result<void> set_disabled(const Principal& actor, std::int64_t target, bool disabled,
                                       const Client& client);
    content::Result<void> unlock(const Principal& actor, std::int64_t target, const Client& client);
    /// `actor` is null for the shell.
    content::Result<void> reset_mfa(const Principal* actor, std::int64_t target,
                                    const Client& client);
    content::Result<void> assign_role(const Principal& actor, std::int64_t target, Role role,
                                      const Client& client);
    /// Every account, by name.
    std::vector<content::Account> list_accounts() { return d_.accounts.list_accounts(); }

    content::Time now() const { return d_.clock(); }

private:
    content::Result<void> change_target(
        const Principal& actor, std::int64_t target, const Client& client,
        const std::function<std::optional<std::string>(content::Account&, store::AccountChange&)>&
            apply);

    Deps d_;
};

}  // namespace gp::accounts
