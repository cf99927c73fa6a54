#include "accounts/sign_in.hpp"

#include <spdlog/spdlog.h>

#include <cctype>

#include "accounts/account_name.hpp"
#include "cache/rate_limit_key.hpp"
#include "cache/unavailable.hpp"
#include "security/password_hash.hpp"
#include "security/totp.hpp"

namespace gp::accounts {
namespace {

using content::Errc;
using content::make_error;
using content::SessionStage;

constexpr int kRecoveryCodes = 10;

content::Error bad_credentials() { return make_error(Errc::unauthenticated, "err_credentials"); }

content::Error limiter_unavailable(const std::exception& e) {
    // Sign-in without its per-address limit would let passwords be guessed at full speed, so
    // it is refused until the shared limiter answers again (docs/adr/0016).
    spdlog::error("sign-in refused, rate limiter unavailable: {}", e.what());
    return make_error(Errc::unavailable, "err_limiter_down", e.what());
}

std::string normalise_code(std::string_view code) {
    std::string out;
    for (unsigned char c : code) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::string new_recovery_code() {
    // 10 characters from an alphabet without look-alikes: about 50 bits.
    static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    const auto raw = security::random_token(16);
    std::string code;
    for (unsigned char c : raw) {
        code += kAlphabet[c % kAlphabet.size()];
        if (code.size() == 5) code += '-';
        if (code.size() == 11) break;
    }
    return code;
}

std::string account_label(std::string_view typed) {
    // What the audit keeps of a name typed at sign-in: only something that could be a name, so a
    // password typed into the wrong field is never recorded.
    return valid_account_name(typed) ? std::string(typed) : std::string("(invalid name)");
}

}  // namespace

bool SignIn::password_expired(const content::Account& a, content::Time now) const {
    if (d_.settings.password_max_age_days <= 0) return false;
    return a.password_changed_at + std::chrono::days{d_.settings.password_max_age_days} < now;
}

SessionStage SignIn::stage_after_second_factor(const content::Account& a, content::Time now) const {
    return a.must_change_password || password_expired(a, now) ? SessionStage::password
                                                              : SessionStage::full;
}

content::Session SignIn::new_session(std::int64_t account_id, SessionStage stage,
                                     const Client& client, std::string& token) const {
    token = security::random_token(32);
    content::Session s;
    s.id_hash = security::sha256_hex(token);
    s.account_id = account_id;
    s.stage = stage;
    s.csrf_token = security::random_token(32);
    s.created_at = s.last_seen_at = d_.clock();
    s.client_ip = client.ip;
    s.user_agent = client.user_agent;
    return s;
}

void SignIn::count_failure(const Principal& who, const Client& client,
                           const content::Account& current, content::Time now,
                           content::AuditRecord failure, store::AccountChange& change) const {
    auto next = current;
    if (next.failed_since + d_.settings.lockout_window < now) {
        next.failed_count = 0;
        next.failed_since = now;
    }
    ++next.failed_count;
    change.audit.push_back(std::move(failure));
    if (next.failed_count >= d_.settings.lockout_threshold) {
        next.locked_until = now + d_.settings.lockout_duration;
        next.failed_count = 0;
        change.end_all_sessions = true;
        auto lock = d_.audit.make_record(&who, client, "auth.lockout", "success");
        lock.object_type = "account";
        lock.object_id = std::to_string(current.id);
        lock.detail = "locked after repeated failures";
        change.audit.push_back(std::move(lock));
    }
    change.save = next;
}

content::Result<Issued> SignIn::sign_in(const std::string& name, const std::string& password,
                                        const Client& client) {
    const auto now = d_.clock();
    try {
        if (!d_.rate_limiter.hit("login:" + cache::rate_limit_key(client.ip),
                                 d_.settings.login_ip_limit, d_.settings.login_ip_window, now)) {
            auto r = d_.audit.make_record(nullptr, client, "auth.login", "denied");
            r.account_name = account_label(name);
            r.detail = "too many attempts from this address";
            d_.audit.append(r);
            return make_error(Errc::rate_limited, "err_throttled");
        }
        auto account =
            valid_account_name(name) ? d_.accounts.find_account_by_name(name) : std::nullopt;
        if (!account) {
            security::verify_password_decoy(password);
            auto r = d_.audit.make_record(nullptr, client, "auth.login", "failure");
            r.account_name = account_label(name);
            r.detail = "unknown account";
            d_.audit.append(r);
            return bad_credentials();
        }
        const bool password_ok = security::verify_password(account->password_hash, password);
        Issued issued;
        bool accepted = false;
        d_.accounts.update(account->id, [&](const content::Account& a) {
            store::AccountChange change;
            Principal who{a, {}, parse_role(a.role).value_or(Role::none)};
            auto r = d_.audit.make_record(&who, client, "auth.login", "failure");
            r.object_type = "account";
            r.object_id = std::to_string(a.id);
            if (a.disabled) {
                r.detail = "account disabled";
            } else if (a.locked_at(now)) {
                r.detail = "account locked";
            } else if (!password_ok) {
                r.detail = "wrong password";
                count_failure(who, client, a, now, std::move(r), change);
                return std::optional(std::move(change));
            } else {
                accepted = true;
                const auto stage =
                    a.has_totp() ? SessionStage::second_factor : SessionStage::enroll;
                change.start_session = new_session(a.id, stage, client, issued.token);
                issued.stage = stage;
                r.event = "auth.password";
                r.result = "success";
                r.detail = "second factor required";
            }
            change.audit.push_back(r);
            return std::optional(std::move(change));
        });
        if (!accepted) return bad_credentials();
        return issued;
    } catch (const cache::Unavailable& e) {
        return limiter_unavailable(e);
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
}

content::Result<Issued> SignIn::second_factor(const Principal& who, const std::string& code,
                                              const Client& client) {
    const auto now = d_.clock();
    try {
        if (!d_.rate_limiter.hit("login:" + cache::rate_limit_key(client.ip),
                                 d_.settings.login_ip_limit, d_.settings.login_ip_window, now)) {
            d_.audit.record(&who, client, "auth.login", "account", std::to_string(who.account.id),
                            "denied", "too many attempts from this address");
            return make_error(Errc::rate_limited, "err_throttled");
        }
        const auto& a = who.account;
        std::optional<std::int64_t> step;
        std::optional<std::string> recovery;
        if (a.has_totp()) {
            const auto seed = d_.totp_box.open({a.totp_nonce, a.totp_sealed});
            step = security::Totp::accept(seed, code, now, a.totp_last_step);
        }
        if (!step && code.size() > security::Totp::kDigits) {
            recovery = security::sha256_hex(normalise_code(code));
        }
        Issued issued;
        bool accepted = false;
        auto attempt = [&](bool use_code) {
            return d_.accounts.update(a.id, [&](const content::Account& current) {
                store::AccountChange change;
                auto r = d_.audit.make_record(&who, client, "auth.login", "failure");
                r.object_type = "account";
                r.object_id = std::to_string(current.id);
                if (current.disabled || current.locked_at(now)) {
                    r.detail = current.disabled ? "account disabled" : "account locked";
                    change.end_session = who.session.id_hash;
                } else if (step || use_code) {
                    accepted = true;
                    auto next = current;
                    if (step) next.totp_last_step = *step;
                    next.failed_count = 0;
                    next.last_login_at = now;
                    change.save = next;
                    if (use_code) change.use_recovery_code = recovery;
                    const auto stage = stage_after_second_factor(current, now);
                    change.end_session = who.session.id_hash;
                    change.start_session = new_session(current.id, stage, client, issued.token);
                    issued.stage = stage;
                    r.result = "success";
                    r.detail = use_code ? "signed in with a recovery code" : "signed in";
                } else {
                    r.detail = "wrong second factor";
                    count_failure(who, client, current, now, std::move(r), change);
                    return std::optional(std::move(change));
                }
                change.audit.push_back(r);
                return std::optional(std::move(change));
            });
        };
        auto result = attempt(recovery.has_value());
        if (result == store::UpdateResult::no_such_code) {
            accepted = false;
            recovery.reset();
            attempt(false);
        }
        if (!accepted) return make_error(Errc::unauthenticated, "err_code");
        return issued;
    } catch (const cache::Unavailable& e) {
        return limiter_unavailable(e);
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
}

content::Result<std::string> SignIn::enrolment_seed(const Principal& who) {
    if (!who.session.pending_sealed.empty()) {
        return d_.totp_box.open({who.session.pending_nonce, who.session.pending_sealed});
    }
    const auto seed = security::Totp::new_seed();
    const auto sealed = d_.totp_box.seal(seed);
    auto session = who.session;
    session.pending_nonce = sealed.nonce;
    session.pending_sealed = sealed.ciphertext;
    // No audit record goes with the pending seed, so a failure here is the store's own.
    d_.accounts.update(who.account.id, [&](const content::Account&) {
        store::AccountChange change;
        change.end_session = who.session.id_hash;
        change.start_session = session;
        return std::optional(std::move(change));
    });
    return seed;
}

content::Result<std::pair<Issued, std::vector<std::string>>> SignIn::enroll(const Principal& who,
                                                                            const std::string& code,
                                                                            const Client& client) {
    if (who.session.pending_sealed.empty()) return make_error(Errc::bad_request, "err_code");
    const auto now = d_.clock();
    const auto seed = d_.totp_box.open({who.session.pending_nonce, who.session.pending_sealed});
    const auto step = security::Totp::accept(seed, code, now, 0);
    if (!step) {
        try {
            d_.audit.record(&who, client, "auth.mfa_enrol", "account",
                            std::to_string(who.account.id), "failure", "wrong code");
        } catch (const store::AuditWriteFailed& e) {
            return audit_refusal(client, e);
        }
        return make_error(Errc::bad_request, "err_code");
    }
    std::vector<std::string> codes;
    std::vector<std::string> hashes;
    for (int i = 0; i < kRecoveryCodes; ++i) {
        codes.push_back(new_recovery_code());
        hashes.push_back(security::sha256_hex(normalise_code(codes.back())));
    }
    Issued issued;
    try {
        d_.accounts.update(who.account.id, [&](const content::Account& current) {
            store::AccountChange change;
            auto next = current;
            next.totp_nonce = who.session.pending_nonce;
            next.totp_sealed = who.session.pending_sealed;
            next.totp_last_step = *step;
            next.last_login_at = now;
            change.save = next;
            change.recovery_codes = hashes;
            change.end_session = who.session.id_hash;
            const auto stage = stage_after_second_factor(current, now);
            change.start_session = new_session(current.id, stage, client, issued.token);
            issued.stage = stage;
            auto r = d_.audit.make_record(&who, client, "auth.mfa_enrol", "success");
            r.object_type = "account";
            r.object_id = std::to_string(current.id);
            r.detail = "authenticator enrolled, recovery codes issued";
            change.audit.push_back(r);
            r.event = "auth.login";
            r.detail = "signed in";
            change.audit.push_back(r);
            return std::optional(std::move(change));
        });
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
    return std::pair{issued, codes};
}

content::Result<Issued> SignIn::change_password(const Principal& who, const std::string& current,
                                                const std::string& next, const std::string& confirm,
                                                const Client& client) {
    const auto& a = who.account;
    const auto now = d_.clock();
    if (!security::verify_password(a.password_hash, current)) {
        // A wrong current password is a wrong password: counted and audited like one at
        // sign-in, or a stolen session could guess the password without ever being locked.
        try {
            d_.accounts.update(a.id, [&](const content::Account& acc) {
                store::AccountChange change;
                auto r = d_.audit.make_record(&who, client, "auth.password_change", "failure");
                r.object_type = "account";
                r.object_id = std::to_string(acc.id);
                r.detail = "wrong current password";
                count_failure(who, client, acc, now, std::move(r), change);
                return std::optional(std::move(change));
            });
        } catch (const store::AuditWriteFailed& e) {
            return audit_refusal(client, e);
        }
        return make_error(Errc::bad_request, "err_current_password");
    }
    if (next != confirm) return make_error(Errc::bad_request, "err_password_mismatch");
    if (auto problem = d_.policy.check(next, a.name)) {
        auto e = make_error(Errc::bad_request, problem->key);
        e.detail = std::to_string(problem->value);
        return e;
    }
    if (security::verify_password(a.password_hash, next)) {
        return make_error(Errc::bad_request, "err_password_reused");
    }
    for (const auto& old : d_.accounts.password_history(a.id, d_.settings.password_history)) {
        if (security::verify_password(old, next)) {
            return make_error(Errc::bad_request, "err_password_reused");
        }
    }
    const auto hash = security::hash_password(next);
    Issued issued;
    try {
        d_.accounts.update(a.id, [&](const content::Account& acc) {
            store::AccountChange change;
            auto updated = acc;
            updated.password_hash = hash;
            updated.password_changed_at = now;
            updated.must_change_password = false;
            change.save = updated;
            if (d_.settings.password_history > 0) {
                change.remember_password = acc.password_hash;
                change.history_keep = d_.settings.password_history;
            }
            // Other sessions of the account end: whoever knew the old password is out.
            change.end_all_sessions = true;
            change.start_session = new_session(acc.id, SessionStage::full, client, issued.token);
            issued.stage = SessionStage::full;
            auto r = d_.audit.make_record(&who, client, "auth.password_change", "success");
            r.object_type = "account";
            r.object_id = std::to_string(acc.id);
            change.audit.push_back(r);
            return std::optional(std::move(change));
        });
    } catch (const store::AuditWriteFailed& e) {
        return audit_refusal(client, e);
    }
    return issued;
}

std::optional<Principal> SignIn::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    const auto id_hash = security::sha256_hex(token);
    auto session = d_.accounts.find_session(id_hash);
    if (!session) return std::nullopt;
    const auto now = d_.clock();
    auto account = d_.accounts.find_account(session->account_id);
    const bool expired = session->last_seen_at + d_.settings.session_idle < now ||
                         session->created_at + d_.settings.session_absolute < now;
    if (expired || !account || account->disabled) {
        // The row goes at once, so the old cookie can never be replayed.
        d_.accounts.update(session->account_id, [&](const content::Account&) {
            store::AccountChange change;
            change.end_session = id_hash;
            return std::optional(std::move(change));
        });
        return std::nullopt;
    }
    if (now - session->last_seen_at >= std::chrono::seconds{10}) {
        d_.accounts.touch_session(id_hash, now);
    }
    return Principal{*account, *session, parse_role(account->role).value_or(Role::none)};
}

void SignIn::sign_out(const Principal& who, const Client& client) {
    d_.accounts.update(who.account.id, [&](const content::Account&) {
        store::AccountChange change;
        change.end_session = who.session.id_hash;
        auto r = d_.audit.make_record(&who, client, "auth.logout", "success");
        r.object_type = "account";
        r.object_id = std::to_string(who.account.id);
        change.audit.push_back(r);
        return std::optional(std::move(change));
    });
}

}  // namespace gp::accounts
