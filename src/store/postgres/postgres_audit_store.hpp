#pragma once

#include "store/audit_chain.hpp"
#include "store/audit_store.hpp"
#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

using store::AuditKey;

/// Registers the queries append_audit uses.
void define_audit_queries(Pool& pool);

/// Appends one record inside `tx`. It first takes the chain's transaction lock, so appends from
/// every node queue there until the one before commits: two records never share a
/// predecessor and the chain cannot fork (docs/adr/0014). Throws store::AuditWriteFailed when
/// the record is not written.
void append_audit(pqxx::transaction_base& tx, const AuditKey& key, content::AuditRecord record);

/// Advances the audit anchor to the records this thread appended whose transactions committed:
/// libpqxx has no commit hook, so each is read back on `c` and anchored only if it is there.
void anchor_committed_appends(pqxx::connection& c);

class PostgresAuditStore final : public AuditStore {
public:
    PostgresAuditStore(Pool& pool, AuditKey key);
    void append(const content::AuditRecord& record) override;
    std::vector<content::AuditRecord> search(const AuditQuery& query) override;
    std::int64_t count(const AuditQuery& query) override;
    ChainReport verify_chain() override;

private:
    Pool& pool_;
    AuditKey key_;
};

}  // namespace gp::store::postgres
