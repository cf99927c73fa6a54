#pragma once

#include <cstdint>
#include <string>
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

/// Leads from the call-back form. Every method throws on store failure.
class LeadStore {
public:
    virtual ~LeadStore() = default;
    /// Stores the lead durably (committed) and returns its id.
    virtual std::int64_t add_lead(const NewLead& lead) = 0;
    /// Leads with this phone hash created at or after `since`.
    virtual std::int64_t count_by_phone_since(const std::string& phone_hash,
                                              content::Time since) = 0;
    /// Newest first.
    virtual std::vector<content::LeadRecord> list_leads(std::int64_t limit) = 0;
};

}  // namespace gp::store
