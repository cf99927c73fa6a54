#pragma once

#include <sodium.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "content/account.hpp"
#include "content/utf8_text.hpp"
#include "store/audit_store.hpp"

namespace gp::store {

/// The audit chain's HMAC key; empty means no key was given, and every append fails (fail
/// closed).
struct AuditKey {
    std::string bytes;
};

/// The chain's rules, the same for every backend: each record's hash is an HMAC of its
/// canonical form, which names the hash of the record before it (64 zeros for the first).
namespace audit_chain {

inline const std::string kGenesis(64, '0');
/// Longest user agent kept, in characters.
constexpr std::size_t kMaxUserAgent = 300;

inline std::string hash(const AuditKey& key, const content::AuditRecord& record) {
    if (key.bytes.size() != crypto_auth_hmacsha256_KEYBYTES) {
        throw std::runtime_error("the audit log has no key: records cannot be written");
    }
    const auto message = content::audit_canonical(record);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                           message.size(),
                           reinterpret_cast<const unsigned char*>(key.bytes.data()));
    char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

/// The chain's last record as the backend read it under its write lock.
struct Last {
    std::int64_t id = 0;
    std::string hash;
};

/// Gives `record` its id, predecessor and hash, after `last` (none: the chain is empty). Its
/// text is made storable first (ill-formed UTF-8 becomes U+FFFD, the user agent is cut to
/// kMaxUserAgent characters): PostgreSQL refuses broken UTF-8, and a refused record would
/// refuse the action it records, a sign-in included. Done before hashing, so the hash covers
/// what is stored.
inline void link(const AuditKey& key, content::AuditRecord& record,
                 const std::optional<Last>& last) {
    record.id = last ? last->id + 1 : 1;
    record.prev_hash = last ? last->hash : kGenesis;
    record.user_agent = content::clip_utf8(record.user_agent, kMaxUserAgent);
    for (auto* text :
         {&record.account_name, &record.role, &record.client_ip, &record.event, &record.object_type,
          &record.object_id, &record.result, &record.detail, &record.request_id}) {
        *text = content::repair_utf8(*text);
    }
    record.hash = hash(key, record);
}

/// Walks the chain in id order; stops at the first record that breaks it.
class Verifier {
public:
    explicit Verifier(const AuditKey& key) : key_(key) {}

    /// False once a record breaks the chain (the report names it); feed no more after that.
    bool next(const content::AuditRecord& r) {
        ++report_.checked;
        std::string reason;
        if (r.id != expected_id_) {
            reason = expected_id_ < r.id ? "records before it are missing" : "ids out of order";
        } else if (r.prev_hash != prev_) {
            reason = "it does not follow the record before it";
        } else if (hash(key_, r) != r.hash) {
            reason = "its content does not match its hash";
        }
        if (!reason.empty()) {
            report_.first_broken = r.id;
            report_.reason = std::move(reason);
            return false;
        }
        prev_ = r.hash;
        expected_id_ = r.id + 1;
        return true;
    }
    const ChainReport& report() const { return report_; }

private:
    const AuditKey& key_;
    ChainReport report_;
    std::string prev_ = kGenesis;
    std::int64_t expected_id_ = 1;
};

}  // namespace audit_chain
}  // namespace gp::store
