#include "store/postgres/postgres_lead_store.hpp"

#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kInsertLead = "insert_lead";
constexpr const char* kQueueNotification = "queue_lead_notification";
constexpr const char* kDueNotifications = "due_lead_notifications";
constexpr const char* kMarkNotified = "mark_lead_notified";
constexpr const char* kMarkNotifyFailed = "mark_lead_notify_failed";
constexpr const char* kPurgeLeads = "purge_leads";
constexpr const char* kSealedPhone = "sealed_phone";
constexpr const char* kCountByPhone = "count_leads_by_phone";
constexpr const char* kListLeads = "list_leads";
constexpr const char* kNumberLock = "lock_lead_number";

constexpr std::string_view kLeadColumns =
    "l.id, l.created_at, l.phone_masked, l.phone_kind, l.name, l.preferred_time, "
    "l.landing_page, l.article_id, l.referrer, l.utm_source, l.utm_medium, l.utm_campaign, "
    "l.utm_term, l.utm_content, l.consent_version, l.status";

void define_queries(Pool& pool) {
    const std::string columns(kLeadColumns);
    pool.define(kInsertLead,
                "INSERT INTO leads (created_at, phone_nonce, phone_sealed, phone_hash, "
                "phone_masked, phone_kind, name, preferred_time, landing_page, article_id, "
                "referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, "
                "consent_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                "$14, $15, $16, $17) RETURNING id");
    pool.define(kQueueNotification,
                "INSERT INTO lead_notifications (lead_id, next_attempt_at) VALUES ($1, $2)");
    pool.define(kDueNotifications, "SELECT " + columns +
                                       ", n.attempts FROM lead_notifications n "
                                       "JOIN leads l ON l.id = n.lead_id "
                                       "WHERE n.next_attempt_at IS NOT NULL AND "
                                       "n.next_attempt_at <= $1 "
                                       "ORDER BY n.next_attempt_at, l.id LIMIT $2");
    pool.define(kMarkNotified,
                "UPDATE lead_notifications SET delivered_at = $1, next_attempt_at = NULL, "
                "attempts = attempts + 1, last_error = '' WHERE lead_id = $2");
    pool.define(kMarkNotifyFailed,
                "UPDATE lead_notifications SET attempts = $1, next_attempt_at = $2, "
                "last_error = $3 WHERE lead_id = $4");
    pool.define(kPurgeLeads,
                "DELETE FROM leads WHERE (status IN ('closed', 'spam') AND "
                "coalesce(closed_at, created_at) < $1) OR (status = 'new' AND created_at < $2)");
    pool.define(kSealedPhone, "SELECT phone_nonce, phone_sealed FROM leads WHERE id = $1");
    pool.define(kCountByPhone,
                "SELECT count(*) FROM leads WHERE phone_hash = $1 AND created_at >= $2");
    // Per number, so only submissions of one number wait for each other; the two-key form
    // keeps clear of the single-key locks of migrations, the audit chain and the category tree.
    pool.define(kNumberLock, "SELECT pg_advisory_xact_lock(1735393286, hashtext($1))");
    pool.define(kListLeads, "SELECT " + columns +
                                " FROM leads l ORDER BY l.created_at DESC, l.id DESC LIMIT $1");
}

content::LeadStatus status_of(const std::string& s) {
    if (s == "contacted") return content::LeadStatus::contacted;
    if (s == "closed") return content::LeadStatus::closed;
    if (s == "spam") return content::LeadStatus::spam;
    return content::LeadStatus::fresh;
}

content::LeadRecord read_lead(const pqxx::row& row) {
    content::LeadRecord r;
    r.id = row[0].as<std::int64_t>();
    r.created_at = time_of(row[1]);
    r.phone_masked = row[2].as<std::string>();
    r.phone_kind = row[3].as<std::string>();
    r.name = row[4].as<std::string>();
    r.preferred_time = row[5].as<std::string>();
    r.origin.landing_page = row[6].as<std::string>();
    r.origin.article_id = optional_int(row[7]);
    r.origin.referrer = row[8].as<std::string>();
    r.origin.utm_source = row[9].as<std::string>();
    r.origin.utm_medium = row[10].as<std::string>();
    r.origin.utm_campaign = row[11].as<std::string>();
    r.origin.utm_term = row[12].as<std::string>();
    r.origin.utm_content = row[13].as<std::string>();
    r.consent_version = row[14].as<std::string>();
    r.status = status_of(row[15].as<std::string>());
    return r;
}

std::int64_t insert(pqxx::work& tx, const NewLead& lead) {
    const auto& o = lead.origin;
    const auto id =
        tx.exec_prepared1(kInsertLead, seconds(lead.created_at), binary(lead.phone_nonce),
                          binary(lead.phone_sealed), lead.phone_hash, lead.phone_masked,
                          lead.phone_kind, lead.name, lead.preferred_time, o.landing_page,
                          o.article_id, o.referrer, o.utm_source, o.utm_medium, o.utm_campaign,
                          o.utm_term, o.utm_content, lead.consent_version)[0]
            .as<std::int64_t>();
    tx.exec_prepared0(kQueueNotification, id, seconds(lead.created_at));
    return id;
}

}  // namespace

PostgresLeadStore::PostgresLeadStore(Pool& pool) : pool_(pool) { define_queries(pool_); }

std::int64_t PostgresLeadStore::add_lead(const NewLead& lead) {
    return pool_.with(kInsertLead, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto id = insert(tx, lead);
        // Committed before the reader is told: "accepted" means durably stored.
        tx.commit();
        return id;
    });
}

std::optional<std::int64_t> PostgresLeadStore::add_lead_within(const NewLead& lead,
                                                               const PerNumberLimit& limit) {
    return pool_.with(kInsertLead, [&](pqxx::connection& c) -> std::optional<std::int64_t> {
        pqxx::work tx(c);
        // Under READ COMMITTED two transactions would both count before either inserts; the
        // lock, held to commit, makes the second count see the first one's row.
        tx.exec_prepared(kNumberLock, lead.phone_hash);
        const auto count =
            tx.exec_prepared1(kCountByPhone, lead.phone_hash, seconds(limit.since))[0]
                .as<std::int64_t>();
        if (count >= limit.max) return std::nullopt;
        const auto id = insert(tx, lead);
        tx.commit();
        return id;
    });
}

std::int64_t PostgresLeadStore::count_by_phone_since(const std::string& phone_hash,
                                                     content::Time since) {
    return pool_.with(kCountByPhone, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kCountByPhone, phone_hash, seconds(since))[0].as<std::int64_t>();
    });
}

std::vector<content::LeadRecord> PostgresLeadStore::list_leads(std::int64_t limit) {
    return pool_.with(kListLeads, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::LeadRecord> out;
        for (const auto& row : tx.exec_prepared(kListLeads, limit)) out.push_back(read_lead(row));
        return out;
    });
}

std::optional<std::pair<std::string, std::string>> PostgresLeadStore::sealed_phone(
    std::int64_t id) {
    return pool_.with(
        kSealedPhone,
        [&](pqxx::connection& c) -> std::optional<std::pair<std::string, std::string>> {
            pqxx::nontransaction tx(c);
            const auto rows = tx.exec_prepared(kSealedPhone, id);
            if (rows.empty()) return std::nullopt;
            return std::make_pair(bytes(rows[0][0]), bytes(rows[0][1]));
        });
}

std::vector<PendingNotification> PostgresLeadStore::due_notifications(content::Time now,
                                                                      std::int64_t limit) {
    return pool_.with(kDueNotifications, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<PendingNotification> out;
        for (const auto& row : tx.exec_prepared(kDueNotifications, seconds(now), limit))
            out.push_back(PendingNotification{read_lead(row), row[16].as<int>()});
        return out;
    });
}

void PostgresLeadStore::mark_notified(std::int64_t lead_id, content::Time at) {
    pool_.with(kMarkNotified, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared0(kMarkNotified, seconds(at), lead_id);
        tx.commit();
    });
}

void PostgresLeadStore::mark_notify_failed(std::int64_t lead_id, int attempts,
                                           std::optional<content::Time> retry_at,
                                           const std::string& error) {
    pool_.with(kMarkNotifyFailed, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        std::optional<std::int64_t> retry;
        if (retry_at) retry = seconds(*retry_at);
        tx.exec_prepared0(kMarkNotifyFailed, attempts, retry, utf8_prefix(error, 500), lead_id);
        tx.commit();
    });
}

std::int64_t PostgresLeadStore::purge_leads(content::Time closed_before,
                                            content::Time unhandled_before) {
    return pool_.with(kPurgeLeads, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto deleted =
            tx.exec_prepared0(kPurgeLeads, seconds(closed_before), seconds(unhandled_before))
                .affected_rows();
        tx.commit();
        return static_cast<std::int64_t>(deleted);
    });
}

}  // namespace gp::store::postgres
