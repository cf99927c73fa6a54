#include "store/postgres/postgres_audit_store.hpp"

#include "store/audit_write_failed.hpp"
#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kChainLock = "audit_chain_lock";
constexpr const char* kLastRecord = "audit_last";
constexpr const char* kInsert = "audit_insert";
constexpr const char* kSearch = "audit_search";
constexpr const char* kCount = "audit_count";
constexpr const char* kVerify = "audit_verify";
constexpr const char* kHashOf = "audit_hash_of";

// Appends made on this thread since its last `Pool::with` ended: anchored once they are found
// committed (anchor_committed_appends).
struct PendingAnchor {
    std::shared_ptr<const AuditAnchor> anchor;
    AuditAnchor::Head head;
};
thread_local std::vector<PendingAnchor> pending_anchors;

constexpr std::string_view kColumns =
    "SELECT id, at, account_id, account_name, role, client_ip, user_agent, event, object_type, "
    "object_id, result, detail, request_id, prev_hash, hash FROM audit_log";
// Each filter is written so that an empty parameter matches everything; one statement serves
// every combination. Names compare without case, as accounts' names do.
constexpr std::string_view kWhere =
    " WHERE ($1 = '' OR lower(account_name) = lower($1)) AND ($2 = '' OR starts_with(event, $2)) "
    "AND ($3 = '' OR result = $3) AND ($4 = '' OR object_type || ':' || object_id = $4) "
    "AND ($5::bigint IS NULL OR at >= $5) AND ($6::bigint IS NULL OR at < $6)";

content::AuditRecord read_record(const pqxx::row& row) {
    content::AuditRecord r;
    r.id = row[0].as<std::int64_t>();
    r.at = time_of(row[1]);
    r.account_id = optional_int(row[2]);
    r.account_name = row[3].as<std::string>();
    r.role = row[4].as<std::string>();
    r.client_ip = row[5].as<std::string>();
    r.user_agent = row[6].as<std::string>();
    r.event = row[7].as<std::string>();
    r.object_type = row[8].as<std::string>();
    r.object_id = row[9].as<std::string>();
    r.result = row[10].as<std::string>();
    r.detail = row[11].as<std::string>();
    r.request_id = row[12].as<std::string>();
    r.prev_hash = row[13].as<std::string>();
    r.hash = row[14].as<std::string>();
    return r;
}

std::optional<std::int64_t> seconds_of(const std::optional<content::Time>& t) {
    if (!t) return std::nullopt;
    return seconds(*t);
}

}  // namespace

void define_audit_queries(Pool& pool) {
    // 0x67700003; held until the appending transaction ends.
    pool.define(kChainLock, "SELECT pg_advisory_xact_lock(1735393283)");
    pool.define(kHashOf, "SELECT hash FROM audit_log WHERE id = $1");
    pool.define(kLastRecord, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    pool.define(kInsert,
                "INSERT INTO audit_log (id, at, account_id, account_name, role, client_ip, "
                "user_agent, event, object_type, object_id, result, detail, request_id, "
                "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                "$14, $15)");
}

void append_audit(pqxx::transaction_base& tx, const AuditKey& key, content::AuditRecord record) {
    try {
        // The lock first, then the read: under READ COMMITTED the next statement sees the
        // record the previous holder committed.
        tx.exec_prepared(kChainLock);
        const auto last = tx.exec_prepared(kLastRecord);
        std::optional<audit_chain::Last> previous;
        if (!last.empty()) {
            previous =
                audit_chain::Last{last[0][0].as<std::int64_t>(), last[0][1].as<std::string>()};
        }
        audit_chain::link(key, record, previous);
        tx.exec_prepared0(kInsert, record.id, seconds(record.at), record.account_id,
                          record.account_name, record.role, record.client_ip, record.user_agent,
                          record.event, record.object_type, record.object_id, record.result,
                          record.detail, record.request_id, record.prev_hash, record.hash);
    } catch (const std::runtime_error& e) {
        // pqxx::failure or the chain's missing key; the caller's transaction is aborted.
        throw AuditWriteFailed(std::string("audit record not written: ") + e.what());
    }
    if (key.anchor) pending_anchors.push_back({key.anchor, {record.id, record.hash}});
}

void anchor_committed_appends(pqxx::connection& c) {
    if (pending_anchors.empty()) return;
    const auto pending = std::move(pending_anchors);
    pending_anchors.clear();
    try {
        pqxx::nontransaction tx(c);
        for (const auto& [anchor, head] : pending) {
            const auto row = tx.exec_prepared(kHashOf, head.id);
            if (!row.empty() && row[0][0].as<std::string>() == head.hash) {
                anchor->advance_after_commit(head);
            }
        }
    } catch (const pqxx::failure& e) {
        // The actions committed; an anchor left behind the chain still verifies.
        spdlog::critical("ALERT audit anchor not advanced: {}", e.what());
    }
}

PostgresAuditStore::PostgresAuditStore(Pool& pool, AuditKey key)
    : pool_(pool), key_(std::move(key)) {
    define_audit_queries(pool_);
    pool_.define(kSearch, std::string(kColumns) + std::string(kWhere) +
                              " ORDER BY id DESC LIMIT $7 OFFSET $8");
    pool_.define(kCount, "SELECT count(*) FROM audit_log" + std::string(kWhere));
    pool_.define(kVerify, std::string(kColumns) + " ORDER BY id");
}

void PostgresAuditStore::append(const content::AuditRecord& record) {
    pool_.with(kInsert, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        append_audit(tx, key_, record);
        tx.commit();
    });
}

std::vector<content::AuditRecord> PostgresAuditStore::search(const AuditQuery& q) {
    return pool_.with(kSearch, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::AuditRecord> out;
        for (const auto& row :
             tx.exec_prepared(kSearch, q.account_name, q.event, q.result, q.object,
                              seconds_of(q.from), seconds_of(q.to), q.limit, q.offset)) {
            out.push_back(read_record(row));
        }
        return out;
    });
}

std::int64_t PostgresAuditStore::count(const AuditQuery& q) {
    return pool_.with(kCount, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx
            .exec_prepared1(kCount, q.account_name, q.event, q.result, q.object, seconds_of(q.from),
                            seconds_of(q.to))[0]
            .as<std::int64_t>();
    });
}

ChainReport PostgresAuditStore::verify_chain() {
    return pool_.with(kVerify, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        audit_chain::Verifier verifier(key_);
        for (const auto& row : tx.exec_prepared(kVerify)) {
            if (!verifier.next(read_record(row))) break;
        }
        return verifier.report();
    });
}

}  // namespace gp::store::postgres
