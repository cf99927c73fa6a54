#include <charconv>
#include <nlohmann/json.hpp>

#include "admin/admin.hpp"
#include "content/html_text.hpp"
#include "content/text_diff.hpp"
#include "http/form.hpp"

namespace gp::admin {
namespace {

using http::Status;

std::optional<std::int64_t> positive(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : "、") + w;
    return out;
}

/// One row of the side-by-side view: the old text with its removals marked, the new with its
/// additions. The parts are escaped by the template like any other text.
render::Data diff_row(std::string label, std::string_view before, std::string_view after) {
    render::Data row{render::Object{}};
    row.set("label", std::move(label));
    render::List left;
    render::List right;
    bool changed = false;
    for (const auto& part : content::diff_text(before, after)) {
        render::Data p{render::Object{}};
        p.set("text", part.text);
        if (part.op == content::DiffOp::removed) {
            p.set("removed", true);
            left.push_back(p);
            changed = true;
        } else if (part.op == content::DiffOp::added) {
            p.set("added", true);
            right.push_back(p);
            changed = true;
        } else {
            left.push_back(p);
            right.push_back(p);
        }
    }
    row.set("left", left);
    row.set("right", right);
    if (changed) row.set("changed", true);
    return row;
}

}  // namespace

http::Response Admin::list_revisions(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_article");
    auto article = d_.store.editorial().find_editorial(*id);
    if (!article) return message(c, Status::not_found, "err_no_article");
    auto d = frame(c, "title_revisions");
    d.set("id", std::to_string(*id));
    d.set("article_title", article->fields.title);
    const bool can_restore = accounts::allowed(c.who->role, accounts::Permission::articles_write);
    render::List rows;
    const auto revisions = d_.store.editorial().list_revisions(*id);
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        const auto& r = revisions[i];
        render::Data row{render::Object{}};
        row.set("rev", std::to_string(r.id));
        row.set("version", std::to_string(r.version));
        row.set("at", d_.time_zone.date_time(r.at));
        row.set("account", r.account_name);
        row.set("reason", r.reason);
        row.set("title", r.fields.title);
        // The newest two are preselected for a comparison.
        if (i == 0) row.set("to_checked", true);
        if (i == 1) row.set("from_checked", true);
        if (can_restore && i > 0) row.set("can_restore", true);
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_revisions", true);
    d.set("revisions", rows);
    if (c.ctx.query_value("restored")) d.set("notice", d_.catalog.text(c.lang, "notice_restored"));
    return page(c, Status::ok, "admin-revisions", std::move(d));
}

http::Response Admin::show_diff(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_article");
    const auto from_id = positive(c.ctx.query_value("from").value_or(""));
    const auto to_id = positive(c.ctx.query_value("to").value_or(""));
    if (!from_id || !to_id) return message(c, Status::bad_request, "err_revision_pick");
    auto from = d_.store.editorial().find_revision(*id, *from_id);
    auto to = d_.store.editorial().find_revision(*id, *to_id);
    if (!from || !to) return message(c, Status::not_found, "err_no_revision");
    auto d = frame(c, "title_diff");
    d.set("id", std::to_string(*id));
    d.set("from_version", std::to_string(from->version));
    d.set("to_version", std::to_string(to->version));
    d.set("from_label", d_.time_zone.date_time(from->at) + " · " + from->account_name);
    d.set("to_label", d_.time_zone.date_time(to->at) + " · " + to->account_name);
    const auto categories = d_.store.categories().list_categories();
    auto category_name = [&](std::int64_t cid) {
        for (const auto& cat : categories) {
            if (cat.id == cid) return cat.name;
        }
        return std::to_string(cid);
    };
    auto when = [&](content::Time t) {
        return t == content::kPublishOnApproval ? d_.catalog.text(c.lang, "publish_on_approval")
                                                : d_.time_zone.date_time(t);
    };
    const auto& a = from->fields;
    const auto& b = to->fields;
    auto label = [&](std::string_view key) { return d_.catalog.text(c.lang, key); };
    render::List rows;
    rows.push_back(diff_row(label("label_title"), a.title, b.title));
    rows.push_back(diff_row(label("label_category"), category_name(a.category_id),
                            category_name(b.category_id)));
    rows.push_back(diff_row(label("label_keywords"), joined(a.keywords), joined(b.keywords)));
    rows.push_back(diff_row(label("label_source"), a.source, b.source));
    rows.push_back(
        diff_row(label("label_source_url"), a.source_url.value_or(""), b.source_url.value_or("")));
    rows.push_back(
        diff_row(label("label_published_at"), when(a.published_at), when(b.published_at)));
    rows.push_back(diff_row(label("label_summary"), a.summary, b.summary));
    rows.push_back(diff_row(label("label_seo_title"), a.seo_title, b.seo_title));
    rows.push_back(diff_row(label("label_seo_description"), a.seo_description, b.seo_description));
    rows.push_back(diff_row(label("label_body"), content::html_to_text(a.body_html),
                            content::html_to_text(b.body_html)));
    d.set("rows", rows);
    return page(c, Status::ok, "admin-diff", std::move(d));
}

http::Response Admin::restore_revision(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_article");
    const auto rev = positive(http::form_value(c.form, "revision"));
    if (!rev) return message(c, Status::bad_request, "err_revision_pick");
    auto r = d_.editorial.restore_revision(*c.who, c.client, *id, *rev,
                                           http::form_value(c.form, "reason"));
    if (!r) return error(c, r.error());
    return see_other("/admin/articles/" + std::to_string(*id) + "/revisions?restored=1");
}

http::Response Admin::autosave_new(Call& c) { return autosave(c, std::nullopt); }

http::Response Admin::autosave_article(Call& c) {
    auto id = id_param(c);
    if (!id) return json_error(c, Status::not_found, "err_no_article");
    return autosave(c, id);
}

http::Response Admin::autosave(Call& c, std::optional<std::int64_t> id) {
    if (!c.req[http::Field::content_type].starts_with("application/json")) {
        return json_error(c, Status::unsupported_media_type, "err_json");
    }
    auto r = d_.editorial.autosave(*c.who, c.client, id, c.req.body());
    if (!r) return json_error(c, status_of(r.error()), r.error().user_message);
    nlohmann::json body{{"id", r->id},
                        {"version", r->version},
                        {"saved_at", d_.time_zone.rfc3339(r->at)},
                        {"created", r->created},
                        {"edit_url", "/admin/articles/" + std::to_string(r->id)}};
    return json_answer(r->created ? Status::created : Status::ok, body.dump());
}

}  // namespace gp::admin
