#pragma once

#include "store/audit_chain.hpp"
#include "store/audit_store.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

using store::AuditKey;

/// Appends one record on `c`, which must be inside a write transaction (so the chain's last
/// hash cannot change underneath). Throws store::AuditWriteFailed when the record is not written.
void append_audit(Connection& c, const AuditKey& key, content::AuditRecord record);

class SqliteAuditStore final : public AuditStore {
public:
    SqliteAuditStore(Database& db, AuditKey key) : db_(db), key_(std::move(key)) {}
    void append(const content::AuditRecord& record) override;
    std::vector<content::AuditRecord> search(const AuditQuery& query) override;
    std::int64_t count(const AuditQuery& query) override;
    ChainReport verify_chain() override;

private:
    Database& db_;
    AuditKey key_;
};

}  // namespace gp::store::sqlite
