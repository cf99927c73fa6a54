#include "store/sqlite/sqlite_audit_store.hpp"

#include "store/audit_chain.hpp"
#include "store/audit_write_failed.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kLastRecord = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (id, at, account_id, account_name, role, client_ip, user_agent, event, "
    "object_type, object_id, result, detail, request_id, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kColumns =
    "SELECT id, at, account_id, account_name, role, client_ip, user_agent, event, object_type, "
    "object_id, result, detail, request_id, prev_hash, hash FROM audit_log";
// Each filter is written so that an empty parameter matches everything; one statement serves
// every combination.
constexpr std::string_view kWhere =
    " WHERE (?1 = '' OR account_name = ?1 COLLATE NOCASE) AND (?2 = '' OR substr(event, 1, "
    "length(?2)) = ?2) AND (?3 = '' OR result = ?3) AND (?4 = '' OR object_type || ':' || "
    "object_id = ?4) AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)";

content::Time at_seconds(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }

content::AuditRecord read_record(Statement& st) {
    content::AuditRecord r;
    r.id = st.int64(0);
    r.at = at_seconds(st.int64(1));
    if (!st.is_null(2)) r.account_id = st.int64(2);
    r.account_name = st.text(3);
    r.role = st.text(4);
    r.client_ip = st.text(5);
    r.user_agent = st.text(6);
    r.event = st.text(7);
    r.object_type = st.text(8);
    r.object_id = st.text(9);
    r.result = st.text(10);
    r.detail = st.text(11);
    r.request_id = st.text(12);
    r.prev_hash = st.text(13);
    r.hash = st.text(14);
    return r;
}

void bind_query(Statement& st, const AuditQuery& q) {
    st.bind(1, q.account_name).bind(2, q.event).bind(3, q.result).bind(4, q.object);
    if (q.from) {
        st.bind(5, std::int64_t{q.from->time_since_epoch().count()});
    } else {
        st.bind_null(5);
    }
    if (q.to) {
        st.bind(6, std::int64_t{q.to->time_since_epoch().count()});
    } else {
        st.bind_null(6);
    }
}

// The row and its place in the chain, on a connection inside a write transaction.
void insert_record(Connection& c, const AuditKey& key, content::AuditRecord& record) {
    Statement last(c, kLastRecord, "audit_last");
    std::optional<audit_chain::Last> previous;
    if (last.step()) previous = audit_chain::Last{last.int64(0), last.text(1)};
    audit_chain::link(key, record, previous);
    Statement st(c, kInsert, "audit_insert");
    st.bind(1, record.id).bind(2, std::int64_t{record.at.time_since_epoch().count()});
    if (record.account_id) {
        st.bind(3, *record.account_id);
    } else {
        st.bind_null(3);
    }
    st.bind(4, record.account_name)
        .bind(5, record.role)
        .bind(6, record.client_ip)
        .bind(7, record.user_agent)
        .bind(8, record.event)
        .bind(9, record.object_type)
        .bind(10, record.object_id)
        .bind(11, record.result)
        .bind(12, record.detail)
        .bind(13, record.request_id)
        .bind(14, record.prev_hash)
        .bind(15, record.hash)
        .run();
}

}  // namespace

void append_audit(Connection& c, const AuditKey& key, content::AuditRecord record) {
    try {
        insert_record(c, key, record);
    } catch (const std::runtime_error& e) {
        // SqliteError or the chain's missing key; the caller's transaction rolls back.
        throw AuditWriteFailed(std::string("audit record not written: ") + e.what());
    }
    if (key.anchor) {
        c.after_commit([anchor = key.anchor, head = AuditAnchor::Head{record.id, record.hash}] {
            anchor->advance_after_commit(head);
        });
    }
}

void SqliteAuditStore::append(const content::AuditRecord& record) {
    auto c = db_.borrow();
    Transaction tx(*c);
    append_audit(*c, key_, record);
    tx.commit();
}

std::vector<content::AuditRecord> SqliteAuditStore::search(const AuditQuery& query) {
    auto c = db_.borrow();
    const std::string sql =
        std::string(kColumns) + std::string(kWhere) + " ORDER BY id DESC LIMIT ?7 OFFSET ?8";
    Statement st(*c, sql, "audit_search");
    bind_query(st, query);
    st.bind(7, query.limit).bind(8, query.offset);
    std::vector<content::AuditRecord> out;
    while (st.step()) out.push_back(read_record(st));
    return out;
}

std::int64_t SqliteAuditStore::count(const AuditQuery& query) {
    auto c = db_.borrow();
    const std::string sql = "SELECT count(*) FROM audit_log" + std::string(kWhere);
    Statement st(*c, sql, "audit_count");
    bind_query(st, query);
    st.step();
    return st.int64(0);
}

ChainReport SqliteAuditStore::verify_chain() {
    auto c = db_.borrow();
    Statement st(*c, std::string(kColumns) + " ORDER BY id", "audit_verify");
    audit_chain::Verifier verifier(key_);
    while (st.step() && verifier.next(read_record(st))) {
    }
    return verifier.report();
}

}  // namespace gp::store::sqlite
