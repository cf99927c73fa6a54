#include "store/sqlite/sqlite_lead_store.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kInsertLead =
    "INSERT INTO leads (created_at, phone_nonce, phone_sealed, phone_hash, phone_masked, "
    "phone_kind, name, preferred_time, landing_page, article_id, referrer, utm_source, "
    "utm_medium, utm_campaign, utm_term, utm_content, consent_version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
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

std::int64_t SqliteLeadStore::add_lead(const NewLead& lead) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement st(c->handle(), kInsertLead, "insert_lead");
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
    const auto id = c->last_insert_id();
    // Committed before the reader is told: "accepted" means durably stored.
    tx.commit();
    return id;
}

std::int64_t SqliteLeadStore::count_by_phone_since(const std::string& phone_hash,
                                                   content::Time since) {
    auto c = db_.borrow();
    Statement st(c->handle(), kCountByPhone, "count_leads_by_phone");
    st.bind(1, phone_hash).bind(2, std::int64_t{since.time_since_epoch().count()});
    st.step();
    return st.int64(0);
}

std::vector<content::LeadRecord> SqliteLeadStore::list_leads(std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(c->handle(), kListLeads, "list_leads");
    st.bind(1, limit);
    std::vector<content::LeadRecord> out;
    while (st.step()) {
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
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace gp::store::sqlite
