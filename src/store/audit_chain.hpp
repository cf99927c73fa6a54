#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "content/account.hpp"
#include "content/utf8_text.hpp"
#include "store/audit_anchor.hpp"
#include "store/audit_store.hpp"

namespace gp::store {

/// The audit chain's HMAC key; empty means no key was given, and every append fails (fail
/// closed). With an anchor, committed appends advance it and verification checks against it.
struct AuditKey {
    std::string bytes;
    std::shared_ptr<const AuditAnchor> anchor = {};
};

namespace audit_chain {

/// The key for a store's audit trail, with its anchor when `anchor_file` is given.
inline AuditKey make_audit_key(const std::string& bytes, const std::filesystem::path& anchor_file) {
    AuditKey key{bytes};
    if (!anchor_file.empty()) key.anchor = std::make_shared<const AuditAnchor>(anchor_file, bytes);
    return key;
}

/// A store opened with an anchor file that does not exist yet (a new site, or one from before
/// anchors) anchors the end its trail has now; from then on the anchor only moves forward.
inline void anchor_first_use(const AuditKey& key, AuditStore& audit) {
    if (!key.anchor || std::filesystem::exists(key.anchor->file())) return;
    AuditQuery newest;
    newest.limit = 1;
    const auto last = audit.search(newest);
    if (!last.empty()) key.anchor->advance({last.front().id, last.front().hash});
}

/// The chain's rules, the same for every backend: each record's hash is an HMAC of its
/// canonical form, which names the hash of the record before it (64 zeros for the first).

inline const std::string kGenesis(64, '0');
/// Longest user agent kept, in characters.
constexpr std::size_t kMaxUserAgent = 300;

inline std::string hash(const AuditKey& key, const content::AuditRecord& record) {
    if (key.bytes.size() != crypto_auth_hmacsha256_KEYBYTES) {
        throw std::runtime_error("the audit log has no key: records cannot be written");
    }
    const auto message = content::audit_canonical(record);
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(message.data()),
                           message.size(),
                           reinterpret_cast<const unsigned char*>(key.bytes.data()));
    std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    return hex.data();
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

/// Walks the chain in id order; stops at the first record that breaks it. With an anchor, the
/// chain must also reach the record the anchor names, with the hash it names.
class Verifier {
public:
    explicit Verifier(const AuditKey& key) : key_(key) {
        if (!key.anchor) return;
        try {
            head_ = key.anchor->read();
        } catch (const std::runtime_error& e) {
            report_.first_broken = 0;
            report_.reason = e.what();
        }
    }

    /// False once a record breaks the chain (the report names it); feed no more after that.
    bool next(const content::AuditRecord& r) {
        if (report_.first_broken) return false;
        ++report_.checked;
        std::string reason;
        if (r.id != expected_id_) {
            reason = expected_id_ < r.id ? "records before it are missing" : "ids out of order";
        } else if (r.prev_hash != prev_) {
            reason = "it does not follow the record before it";
        } else if (hash(key_, r) != r.hash) {
            reason = "its content does not match its hash";
        } else if (head_ && r.id == head_->id && r.hash != head_->hash) {
            reason = "it is not the record the audit anchor names: the trail was rewritten";
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

    /// The report once every record was fed: a chain that stops short of the anchor lost its
    /// tail (or all of it), even when what is left links up.
    const ChainReport& report() {
        const std::int64_t last = expected_id_ - 1;
        if (!report_.first_broken && head_ && last < head_->id) {
            report_.first_broken = last + 1;
            report_.reason =
                last == 0 ? "the trail is empty, but the audit anchor names record " +
                                std::to_string(head_->id) + ": every record was removed"
                          : "the trail ends at record " + std::to_string(last) +
                                ", but the audit anchor names record " + std::to_string(head_->id) +
                                ": the records after it were removed";
        }
        return report_;
    }

private:
    const AuditKey& key_;
    ChainReport report_;
    std::optional<AuditAnchor::Head> head_;
    std::string prev_ = kGenesis;
    std::int64_t expected_id_ = 1;
};

}  // namespace audit_chain
}  // namespace gp::store
