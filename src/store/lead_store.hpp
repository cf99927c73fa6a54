#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "content/lead.hpp"

namespace gp::store {

/// What the call-back form hands to the store: the number only sealed, hashed and masked.
struct NewLead {
    content::Time created_at{};
    std::string phone_nonce;
    std::string phone_sealed;
    std::string phone_hash;
    std::string phone_masked;
    std::string phone_kind;
    std::string name;
    std::string preferred_time;
    content::LeadOrigin origin;
    std::string consent_version;
};

/// At most `max` leads for one number created at or after `since` (the call-back form's
/// per-number limit).
struct PerNumberLimit {
    content::Time since{};
    std::int64_t max = 0;
};

/// A lead waiting to be announced to a person.
struct PendingNotification {
    content::LeadRecord lead;
    int attempts = 0;
};

/// Leads from the call-back form. Every method throws on store failure.
class LeadStore {
public:
    virtual ~LeadStore() = default;
    /// Stores the lead and its pending notification durably (one committed transaction) and
    /// returns its id.
    virtual std::int64_t add_lead(const NewLead& lead) = 0;
    /// add_lead() unless the number (`lead.phone_hash`) already has `limit.max` leads since
    /// `limit.since`: the count and the insert are one transaction, serialised per number, so
    /// two concurrent calls cannot both pass the limit (docs/adr/0022). Returns the new id, or
    /// nullopt when the limit was reached and nothing was written.
    virtual std::optional<std::int64_t> add_lead_within(const NewLead& lead,
                                                        const PerNumberLimit& limit) = 0;
    /// Leads with this phone hash created at or after `since`.
    virtual std::int64_t count_by_phone_since(const std::string& phone_hash,
                                              content::Time since) = 0;
    /// Newest first.
    virtual std::vector<content::LeadRecord> list_leads(std::int64_t limit) = 0;

    /// The sealed number of one lead (nonce, ciphertext); nullopt when there is no such lead.
    virtual std::optional<std::pair<std::string, std::string>> sealed_phone(std::int64_t id) = 0;

    /// Notifications whose next attempt is due at `now`, oldest first.
    virtual std::vector<PendingNotification> due_notifications(content::Time now,
                                                               std::int64_t limit) = 0;
    virtual void mark_notified(std::int64_t lead_id, content::Time at) = 0;
    /// Records a failed attempt; `retry_at` empty means give up.
    virtual void mark_notify_failed(std::int64_t lead_id, int attempts,
                                    std::optional<content::Time> retry_at,
                                    const std::string& error) = 0;

    /// Deletes leads closed before `closed_before` and leads never handled (new) created before
    /// `unhandled_before`; returns how many were deleted.
    virtual std::int64_t purge_leads(content::Time closed_before,
                                     content::Time unhandled_before) = 0;
};

}  // namespace gp::store
