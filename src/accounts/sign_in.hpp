#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/audit_log.hpp"
#include "accounts/principal.hpp"
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

/// Authenticating a principal: sign-in as stages of one server-side session (password, second
/// factor or enrolment, a password change when one is due), the session cookie checked on every
/// back-end request, sign-out, and the lockout that wrong passwords and codes lead to. Each
/// step is written together with its audit record. It answers anonymous visitors, so errors
/// carry message keys of the back end's catalog (`user_message`), never text that tells
/// whether an account name exists; a step whose audit record cannot be written is refused with
/// `unavailable` / `err_audit`, a sign-in while the rate limiter is down with `unavailable` /
/// `err_limiter_down`, and any other store failure is thrown.
class SignIn {
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
    explicit SignIn(Deps deps) : d_(std::move(deps)) {}

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
    /// The signed-in user's own change, which needs the current password: a wrong one counts
    /// towards the lockout as at sign-in.
    content::Result<Issued> change_password(const Principal& who, const std::string& current,
                                            const std::string& next, const std::string& confirm,
                                            const Client& client);

    /// The principal for a session cookie, or nullopt when it is unknown, expired, or its
    /// account is disabled. Records activity for the idle time-out.
    std::optional<Principal> authenticate(const std::string& token);
    /// Throws store::AuditWriteFailed when the record cannot be written (the session stays).
    void sign_out(const Principal& who, const Client& client);

    content::Time now() const { return d_.clock(); }

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

    Deps d_;
};

}  // namespace gp::accounts
