#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "content/account.hpp"

namespace gp::store {

/// Filters for searching the audit trail; empty fields match everything.
struct AuditQuery {
    std::string account_name;
    std::string event;  ///< a prefix: "auth." matches every sign-in event
    std::string result;
    std::string object;  ///< "lead:42" style: object type and id
    std::optional<content::Time> from;
    std::optional<content::Time> to;  ///< exclusive
    std::int64_t limit = 50;
    std::int64_t offset = 0;
};

/// What `verify_chain` found: how many records it read and the first that does not match.
struct ChainReport {
    std::int64_t checked = 0;
    std::optional<std::int64_t> first_broken;
    std::string reason;
};

/// The append-only audit trail. There is no method to change or delete a record.
class AuditStore {
public:
    virtual ~AuditStore() = default;
    /// Appends one record (id, prev_hash and hash are assigned here); throws when it cannot be
    /// written, so the caller refuses the action it records: AuditWriteFailed when the row is
    /// refused, the backend's error when its transaction cannot begin or commit
    /// (accounts::AuditLog reports either as AuditWriteFailed).
    virtual void append(const content::AuditRecord& record) = 0;
    /// Newest first.
    virtual std::vector<content::AuditRecord> search(const AuditQuery& query) = 0;
    virtual std::int64_t count(const AuditQuery& query) = 0;
    /// Recomputes the hash chain from the first record.
    virtual ChainReport verify_chain() = 0;
};

}  // namespace gp::store
