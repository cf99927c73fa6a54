#include "store/sqlite/sqlite_lead_store.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kInsertLead =
    "INSERT INTO leads (created_at, phone_nonce, phone_sealed, phone_hash, phone_masked, "
    "phone_kind, name, preferred_time, landing_page, article_id, referrer, utm_source, "
    "utm_medium, utm_campaign, utm_term, utm_content, consent_version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kQueueNotification =
    "INSERT INTO lead_notifications (lead_id, next_attempt_at) VALUES (?, ?)";
constexpr std::string_view kDueNotifications =
    "SELECT l.id, l.created_at, l.phone_masked, l.phone_kind, l.name, l.preferred_time, "
    "l.landing_page, l.article_id, l.referrer, l.utm_source, l.utm_medium, l.utm_campaign, "
    "l.utm_term, l.utm_content, l.consent_version, l.status, n.attempts "
    "FROM lead_notifications n JOIN leads l ON l.id = n.lead_id "
    "WHERE n.next_attempt_at IS NOT NULL AND n.next_attempt_at <= ? "
    "ORDER BY n.next_attempt_at, l.id LIMIT ?";
constexpr std::string_view kMarkNotified =
    "UPDATE lead_notifications SET delivered_at = ?, next_attempt_at = NULL, "
    "attempts = attempts + 1, last_error = '' WHERE lead_id = ?";
constexpr std::string_view kMarkNotifyFailed =
    "UPDATE lead_notifications SET attempts = ?, next_attempt_at = ?, last_error = ? "
    "WHERE lead_id = ?";
constexpr std::string_view kPurgeLeads =
    "DELETE FROM leads WHERE (status IN ('closed', 'spam') AND coalesce(closed_at, created_at) < "
    "?) "
    "OR (status = 'new' AND created_at < ?)";
constexpr std::string_view kSealedPhone =
    "SELECT phone_nonce, phone_sealed FROM leads WHERE id = ?";
constexpr std::string_view kCountByPhone =
    "SELECT count(*) FROM leads WHERE phone_hash = ? AND created_at >= ?";
constexpr std::string_view kListLeads =
    "SELECT id, created_at, phone_masked, phone_kind, name, preferred_time, landing_page, "
    "article_id, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, "
    "consent_version, status FROM leads ORDER BY created_at DESC, id DESC LIMIT ?";

content::LeadStatus status_of(const std::string& s) {
    if (s == "contacted") return content::LeadStatus::contacted;
    if (s == "closed") return content::LeadStatus::closed;
    if (s == "spam") return content::LeadStatus::spam;
    return content::LeadStatus::fresh;
}

}  // namespace

std::int64_t SqliteLeadStore::insert(Connection& c, const NewLead& lead) {
    Statement st(c, kInsertLead, "insert_lead");
    const auto& o = lead.origin;
    st.bind(1, std::int64_t{lead.created_at.time_since_epoch().count()})
        .bind_blob(2, lead.phone_nonce)
        .bind_blob(3, lead.phone_sealed)
        .bind(4, lead.phone_hash)
        .bind(5, lead.phone_masked)
        .bind(6, lead.phone_kind)
        .bind(7, lead.name)
        .bind(8, lead.preferred_time)
        .bind(9, o.landing_page);
    if (o.article_id) {
        st.bind(10, *o.article_id);
    } else {
        st.bind_null(10);
    }
    st.bind(11, o.referrer)
        .bind(12, o.utm_source)
        .bind(13, o.utm_medium)
        .bind(14, o.utm_campaign)
        .bind(15, o.utm_term)
        .bind(16, o.utm_content)
        .bind(17, lead.consent_version);
    st.run();
    const auto id = c.last_insert_id();
    Statement queue(c, kQueueNotification, "queue_lead_notification");
    queue.bind(1, id).bind(2, std::int64_t{lead.created_at.time_since_epoch().count()}).run();
    return id;
}

std::int64_t SqliteLeadStore::count_by_phone(Connection& c, const std::string& phone_hash,
                                             content::Time since) {
    Statement st(c, kCountByPhone, "count_leads_by_phone");
    st.bind(1, phone_hash).bind(2, std::int64_t{since.time_since_epoch().count()});
    st.step();
    return st.int64(0);
}

std::int64_t SqliteLeadStore::add_lead(const NewLead& lead) {
    auto c = db_.borrow();
    Transaction tx(*c);
    const auto id = insert(*c, lead);
    // Committed before the reader is told: "accepted" means durably stored.
    tx.commit();
    return id;
}

std::optional<std::int64_t> SqliteLeadStore::add_lead_within(const NewLead& lead,
                                                             const PerNumberLimit& limit) {
    auto c = db_.borrow();
    // BEGIN IMMEDIATE takes the write lock before the count, so no other writer (another
    // connection or node on this file) can insert between the count and the insert.
    Transaction tx(*c);
    if (count_by_phone(*c, lead.phone_hash, limit.since) >= limit.max) return std::nullopt;
    const auto id = insert(*c, lead);
    tx.commit();
    return id;
}

std::int64_t SqliteLeadStore::count_by_phone_since(const std::string& phone_hash,
                                                   content::Time since) {
    auto c = db_.borrow();
    return count_by_phone(*c, phone_hash, since);
}

std::vector<content::LeadRecord> SqliteLeadStore::list_leads(std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kListLeads, "list_leads");
    st.bind(1, limit);
    std::vector<content::LeadRecord> out;
    while (st.step()) out.push_back(read_lead(st));
    return out;
}

std::vector<PendingNotification> SqliteLeadStore::due_notifications(content::Time now,
                                                                    std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kDueNotifications, "due_lead_notifications");
    st.bind(1, std::int64_t{now.time_since_epoch().count()}).bind(2, limit);
    std::vector<PendingNotification> out;
    while (st.step())
        out.push_back(PendingNotification{read_lead(st), static_cast<int>(st.int64(16))});
    return out;
}

std::optional<std::pair<std::string, std::string>> SqliteLeadStore::sealed_phone(std::int64_t id) {
    auto c = db_.borrow();
    Statement st(*c, kSealedPhone, "sealed_phone");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return std::make_pair(st.blob(0), st.blob(1));
}

void SqliteLeadStore::mark_notified(std::int64_t lead_id, content::Time at) {
    auto c = db_.borrow();
    Statement st(*c, kMarkNotified, "mark_lead_notified");
    st.bind(1, std::int64_t{at.time_since_epoch().count()}).bind(2, lead_id).run();
}

void SqliteLeadStore::mark_notify_failed(std::int64_t lead_id, int attempts,
                                         std::optional<content::Time> retry_at,
                                         const std::string& error) {
    auto c = db_.borrow();
    Statement st(*c, kMarkNotifyFailed, "mark_lead_notify_failed");
    st.bind(1, std::int64_t{attempts});
    if (retry_at) {
        st.bind(2, std::int64_t{retry_at->time_since_epoch().count()});
    } else {
        st.bind_null(2);
    }
    st.bind(3, error.substr(0, 500)).bind(4, lead_id).run();
}

std::int64_t SqliteLeadStore::purge_leads(content::Time closed_before,
                                          content::Time unhandled_before) {
    auto c = db_.borrow();
    Statement st(*c, kPurgeLeads, "purge_leads");
    st.bind(1, std::int64_t{closed_before.time_since_epoch().count()})
        .bind(2, std::int64_t{unhandled_before.time_since_epoch().count()})
        .run();
    return sqlite3_changes(c->handle());
}

content::LeadRecord SqliteLeadStore::read_lead(Statement& st) {
    content::LeadRecord r;
    r.id = st.int64(0);
    r.created_at = content::Time{std::chrono::seconds{st.int64(1)}};
    r.phone_masked = st.text(2);
    r.phone_kind = st.text(3);
    r.name = st.text(4);
    r.preferred_time = st.text(5);
    r.origin.landing_page = st.text(6);
    if (!st.is_null(7)) r.origin.article_id = st.int64(7);
    r.origin.referrer = st.text(8);
    r.origin.utm_source = st.text(9);
    r.origin.utm_medium = st.text(10);
    r.origin.utm_campaign = st.text(11);
    r.origin.utm_term = st.text(12);
    r.origin.utm_content = st.text(13);
    r.consent_version = st.text(14);
    r.status = status_of(st.text(15));
    return r;
}

}  // namespace gp::store::sqlite
