#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "content/article.hpp"

namespace gp::content {

/// A back-end account as the store keeps it. The TOTP seed is sealed (nonce + ciphertext) and
/// never leaves the store unsealed.
struct Account {
    std::int64_t id = 0;
    std::string name;
    std::string role;  ///< "" (none yet) or one of accounts::Role's names
    bool disabled = false;
    std::string password_hash;
    Time password_changed_at{};
    bool must_change_password = true;
    std::string totp_nonce;
    std::string totp_sealed;
    std::int64_t totp_last_step = 0;  ///< the last accepted time step: a code works once
    int failed_count = 0;
    Time failed_since{};
    Time locked_until{};
    Time created_at{};
    std::optional<Time> last_login_at;

    bool has_totp() const { return !totp_sealed.empty(); }
    bool locked_at(Time now) const { return locked_until > now; }
};

/// The stages of a back-end session: a password alone never reaches a back-end page.
enum class SessionStage { second_factor, enroll, password, full };

std::string_view stage_name(SessionStage stage);
std::optional<SessionStage> parse_stage(std::string_view name);

struct Session {
    std::string id_hash;
    std::int64_t account_id = 0;
    SessionStage stage = SessionStage::second_factor;
    std::string csrf_token;
    std::string pending_nonce;  ///< a TOTP seed offered for enrolment, sealed
    std::string pending_sealed;
    Time created_at{};
    Time last_seen_at{};
    std::string client_ip;
    std::string user_agent;
};

/// One audit record (MLPS 8.1.4.3 b). Never holds a password, an OTP or a full phone number.
struct AuditRecord {
    std::int64_t id = 0;
    Time at{};
    std::optional<std::int64_t> account_id;
    std::string account_name;
    std::string role;
    std::string client_ip;
    std::string user_agent;
    std::string event;        ///< e.g. "auth.login", "account.disable", "lead.reveal"
    std::string object_type;  ///< e.g. "account", "lead", "article"
    std::string object_id;
    std::string result;  ///< "success", "failure" or "denied"
    std::string detail;
    std::string request_id;
    std::string prev_hash;
    std::string hash;
};

/// The bytes the chain HMAC covers: every field but the hash, length-prefixed so that no two
/// different records serialise alike.
std::string audit_canonical(const AuditRecord& r);

}  // namespace gp::content
