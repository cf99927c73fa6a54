#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>
#include <chrono>

#include "admin/admin.hpp"
#include "content/csv.hpp"
#include "content/utf8_text.hpp"
#include "http/form.hpp"

namespace gp::admin {
namespace {

using http::Status;

constexpr std::int64_t kPerPage = 50;
constexpr std::int64_t kExportLimit = 100000;

/// "2026-11-25" at midnight in the site's time zone, or nullopt.
std::optional<content::Time> local_midnight(std::string_view text,
                                            const content::SiteTimeZone& zone) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto parse = [](std::string_view s, auto& out) {
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc{} && p == s.data() + s.size();
    };
    if (!parse(text.substr(0, 4), y) || !parse(text.substr(5, 2), m) ||
        !parse(text.substr(8, 2), d)) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    const content::Time utc_midnight{std::chrono::sys_days{ymd}};
    return utc_midnight - zone.offset_at(utc_midnight);
}

/// The filters of the audit page from a query string or a form; false when a date is bad.
template <class Get>
bool read_query(Get get, const content::SiteTimeZone& zone, store::AuditQuery& q, render::Data& d) {
    // The filters go into the audit.search record: cut by characters, never inside one.
    q.account_name = content::clip_utf8(get("account"), 64);
    q.event = content::clip_utf8(get("event"), 64);
    q.result = content::clip_utf8(get("result"), 16);
    q.object = content::clip_utf8(get("object"), 64);
    d.set("f_account", q.account_name);
    d.set("f_event", q.event);
    d.set("f_object", q.object);
    d.set("f_result_" + (q.result.empty() ? std::string("any") : q.result), true);
    bool ok = true;
    for (auto [name, slot] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
        const std::string text(get(name));
        d.set(std::string("f_") + name, text);
        if (text.empty()) continue;
        auto t = local_midnight(text, zone);
        if (!t) {
            ok = false;
            continue;
        }
        *slot = std::string_view(name) == "to" ? *t + std::chrono::days{1} : *t;
    }
    return ok;
}

std::string describe(const store::AuditQuery& q) {
    std::string out;
    auto add = [&](std::string_view k, const std::string& v) {
        if (!v.empty()) out += std::string(k) + "=" + v + " ";
    };
    add("account", q.account_name);
    add("event", q.event);
    add("result", q.result);
    add("object", q.object);
    if (q.from) add("from", std::to_string(q.from->time_since_epoch().count()));
    if (q.to) add("to", std::to_string(q.to->time_since_epoch().count()));
    return out;
}

}  // namespace

http::Response Admin::show_audit(Call& c) {
    auto d = frame(c, "title_audit");
    store::AuditQuery q;
    auto get = [&](std::string_view name) { return c.ctx.query_value(name).value_or(""); };
    if (!read_query(get, d_.time_zone, q, d)) {
        d.set("error", d_.catalog.text(c.lang, "err_date"));
        return page(c, Status::bad_request, "admin-audit", std::move(d));
    }
    std::int64_t page_no = 1;
    if (auto p = c.ctx.query_value("page")) {
        auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), page_no);
        if (ec != std::errc{} || end != p->data() + p->size() || page_no < 1) {
            return message(c, Status::bad_request, "err_page");
        }
    }
    q.limit = kPerPage;
    q.offset = (page_no - 1) * kPerPage;
    // The audit administrator's own searches are audited too (8.1.5.2 a).
    try {
        d_.audit.record(c.who, c.client, "audit.search", "audit", "", "success", describe(q));
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    const auto total = d_.store.audit().count(q);
    render::List rows;
    for (const auto& r : d_.store.audit().search(q)) {
        render::Data row{render::Object{}};
        row.set("id", std::to_string(r.id));
        row.set("at", d_.time_zone.date_time(r.at));
        row.set("account", r.account_name);
        row.set("role", r.role);
        row.set("ip", r.client_ip);
        row.set("event", r.event);
        row.set("object",
                r.object_type.empty() ? std::string{} : r.object_type + ":" + r.object_id);
        row.set("result", r.result);
        row.set("detail", r.detail);
        row.set("request_id", r.request_id);
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_records", true);
    d.set("records", rows);
    d.set("total", std::to_string(total));
    d.set("page", std::to_string(page_no));
    if (q.offset + kPerPage < total) {
        // The query holds decoded values: a filter with '&', '#' or a space must be encoded
        // again, or the next page searches for something else.
        const auto encode = [](std::string_view s) {
            return boost::urls::encode(s, boost::urls::unreserved_chars);
        };
        std::string next = "?page=" + std::to_string(page_no + 1);
        for (const auto& [k, v] : c.ctx.query) {
            if (k != "page" && k != "lang") next += "&" + encode(k) + "=" + encode(v);
        }
        d.set("next", next);
    }
    return page(c, Status::ok, "admin-audit", std::move(d));
}

http::Response Admin::export_audit(Call& c) {
    auto d = frame(c, "title_audit");
    store::AuditQuery q;
    auto get = [&](std::string_view name) { return http::form_value(c.form, name); };
    if (!read_query(get, d_.time_zone, q, d)) {
        d.set("error", d_.catalog.text(c.lang, "err_date"));
        return page(c, Status::bad_request, "admin-audit", std::move(d));
    }
    q.limit = kExportLimit;
    try {
        d_.audit.record(c.who, c.client, "audit.export", "audit", "", "success", describe(q));
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    std::string csv =
        "id,time,account,role,ip,user_agent,event,object_type,object_id,result,detail,request_id,"
        "hash\r\n";
    for (const auto& r : d_.store.audit().search(q)) {
        const std::string cells[] = {std::to_string(r.id),
                                     d_.time_zone.rfc3339(r.at),
                                     r.account_name,
                                     r.role,
                                     r.client_ip,
                                     r.user_agent,
                                     r.event,
                                     r.object_type,
                                     r.object_id,
                                     r.result,
                                     r.detail,
                                     r.request_id,
                                     r.hash};
        csv += content::csv_row(cells);
    }
    auto res = http::make_response(Status::ok, "text/csv; charset=utf-8", std::move(csv));
    res.set(http::Field::content_disposition, "attachment; filename=\"audit.csv\"");
    return res;
}

}  // namespace gp::admin
