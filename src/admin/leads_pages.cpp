#include "admin/admin.hpp"
#include "content/csv.hpp"

namespace gp::admin {
namespace {

using http::Status;

constexpr std::int64_t kListed = 200;

}  // namespace

http::Response Admin::list_leads(Call& c) {
    auto d = frame(c, "title_leads");
    // Looking at the list is access to personal data (PIPL Art. 51): it is audited.
    try {
        d_.audit.record(c.who, c.client, "lead.list", "lead", "", "success");
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    render::List rows;
    for (const auto& l : d_.store.leads().list_leads(kListed)) {
        render::Data row{render::Object{}};
        row.set("id", std::to_string(l.id));
        row.set("at", d_.time_zone.date_time(l.created_at));
        row.set("phone", l.phone_masked);
        row.set("name", l.name);
        row.set("time", l.preferred_time);
        row.set("page", l.origin.landing_page);
        row.set("status", std::string(content::to_string(l.status)));
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_leads", true);
    d.set("leads", rows);
    return page(c, Status::ok, "admin-leads", std::move(d));
}

http::Response Admin::reveal_lead(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_lead");
    auto sealed = d_.store.leads().sealed_phone(*id);
    if (!sealed) return message(c, Status::not_found, "err_no_lead");
    // The record is written before the number is shown; without it there is no number.
    try {
        d_.audit.record(c.who, c.client, "lead.reveal", "lead", std::to_string(*id), "success");
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    auto d = frame(c, "title_lead");
    d.set("id", std::to_string(*id));
    d.set("phone", d_.vault.open({sealed->first, sealed->second}));
    return page(c, Status::ok, "admin-lead", std::move(d));
}

http::Response Admin::export_leads(Call& c) {
    try {
        d_.audit.record(c.who, c.client, "lead.export", "lead", "", "success", "masked numbers");
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    std::string csv = "id,created_at,phone,name,preferred_time,landing_page,status\r\n";
    for (const auto& l : d_.store.leads().list_leads(1'000'000)) {
        const std::string cells[] = {std::to_string(l.id),
                                     d_.time_zone.rfc3339(l.created_at),
                                     l.phone_masked,
                                     l.name,
                                     l.preferred_time,
                                     l.origin.landing_page,
                                     content::to_string(l.status)};
        csv += content::csv_row(cells);
    }
    auto res = http::make_response(Status::ok, "text/csv; charset=utf-8", std::move(csv));
    res.set(http::Field::content_disposition, "attachment; filename=\"leads.csv\"");
    return res;
}

}  // namespace gp::admin
