#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/audit_log.hpp"
#include "accounts/principal.hpp"
#include "accounts/roles.hpp"
#include "cache/rate_limiter.hpp"
#include "config/settings.hpp"
#include "content/account.hpp"
#include "content/error.hpp"
#include "security/password_policy.hpp"
#include "security/secret_box.hpp"
#include "store/account_store.hpp"

namespace gp::accounts {

/// A session handed to the browser: the cookie value (only its hash is stored) and its stage.
struct Issued {
    std::string token;
    content::SessionStage stage = content::SessionStage::second_factor;
};

/// A new account's id and its one-time password, which must be changed at first sign-in.
struct Created {
    std::int64_t id = 0;
    std::string one_time_password;
};

/// Sign-in, sessions, second factor, passwords and the administrators' account actions, each
/// written together with its audit record. Errors carry message keys of the back end's
/// catalog (`user_message`), never text that tells whether an account name exists; an action
/// whose audit record cannot be written is refused with `unavailable` / `err_audit`, and any
/// other store failure is thrown.
class AccountService {
public:
    struct Deps {
        store::AccountStore& accounts;
        AuditLog& audit;
        const config::AccountSettings& settings;
        const security::PasswordPolicy& policy;
        const security::SecretBox& totp_box;
        cache::RateLimiter& rate_limiter;
        std::function<content::Time()> clock;
    };
    explicit AccountService(Deps deps) : d_(std::move(deps)) {}

    content::Result<Created> create_account(const std::string& name, Role role,
                                            const Principal* actor, const Client& client);

    content::Result<Issued> sign_in(const std::string& name, const std::string& password,
                                    const Client& client);
    /// A TOTP code or a recovery code for a session at the second-factor stage.
    content::Result<Issued> second_factor(const Principal& who, const std::string& code,
                                          const Client& client);
    /// The seed offered for enrolment (made and kept in the session on first call).
    content::Result<std::string> enrolment_seed(const Principal& who);
    /// Confirms enrolment with a code from the new seed; returns the session and the recovery
    /// codes, shown once.
    content::Result<std::pair<Issued, std::vector<std::string>>> enroll(const Principal& who,
                                                                        const std::string& code,
                                                                        const Client& client);
    content::Result<Issued> change_password(const Principal& who, const std::string& current,
                                            const std::string& next, const std::string& confirm,
                                            const Client& client);

    /// The principal for a session cookie, or nullopt when it is unknown, expired, or its
    /// account is disabled. Records activity for the idle time-out.
    std::optional<Principal> authenticate(const std::string& token);
    void sign_out(const Principal& who, const Client& client);

    content::Result<void> set_disabled(const Principal& actor, std::int64_t target, bool disabled,
                                       const Client& client);
    content::Result<void> unlock(const Principal& actor, std::int64_t target, const Client& client);
    content::Result<void> reset_mfa(const Principal* actor, std::int64_t target,
                                    const Client& client);
    content::Result<void> assign_role(const Principal& actor, std::int64_t target, Role role,
                                      const Client& client);

    content::Time now() const { return d_.clock(); }
    const config::AccountSettings& settings() const { return d_.settings; }

private:
    bool password_expired(const content::Account& a, content::Time now) const;
    content::SessionStage stage_after_second_factor(const content::Account& a,
                                                    content::Time now) const;
    content::Session new_session(std::int64_t account_id, content::SessionStage stage,
                                 const Client& client, std::string& token) const;
    /// Counts a wrong password or code into `change` with its `failure` record, and locks the
    /// account when the failures in the window reach the threshold.
    void count_failure(const Principal& who, const Client& client, const content::Account& current,
                       content::Time now, content::AuditRecord failure,
                       store::AccountChange& change) const;
    content::Result<void> change_target(
        const Principal& actor, std::int64_t target, const Client& client,
        const std::function<std::optional<std::string>(content::Account&, store::AccountChange&)>&
            apply);

    Deps d_;
};

/// Account names: 3–32 of A–Z, a–z, 0–9, '.', '_', '-', starting with a letter or digit.
bool valid_account_name(std::string_view name);

}  // namespace gp::accounts
