#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "admin/admin.hpp"
#include "content/html_text.hpp"
#include "http/form.hpp"

namespace gp::admin {
namespace {

using accounts::Permission;
using content::EditorialState;
using editorial::Step;
using http::Status;

constexpr std::int64_t kPerPage = 50;
constexpr std::size_t kSuggestions = 8;

struct CategoryNames {
    std::map<std::int64_t, content::Category> by_id;

    explicit CategoryNames(std::vector<content::Category> all) {
        for (auto& c : all) by_id.emplace(c.id, std::move(c));
    }
    /// "等保资讯 / 等保政策"; the walk is bounded so a broken tree cannot loop.
    std::string label(std::int64_t id) const {
        std::string out;
        auto it = by_id.find(id);
        for (int hops = 0; it != by_id.end() && hops < 16; ++hops) {
            out = out.empty() ? it->second.name : it->second.name + " / " + out;
            if (!it->second.parent_id) break;
            it = by_id.find(*it->second.parent_id);
        }
        return out;
    }
    std::string path(std::int64_t id) const {
        std::string out;
        auto it = by_id.find(id);
        for (int hops = 0; it != by_id.end() && hops < 16; ++hops) {
            out = "/" + it->second.slug + out;
            if (!it->second.parent_id) break;
            it = by_id.find(*it->second.parent_id);
        }
        return out;
    }
    render::List options(std::int64_t selected) const {
        std::vector<std::pair<std::string, std::int64_t>> sorted;
        for (const auto& [id, c] : by_id) sorted.emplace_back(label(id), id);
        std::sort(sorted.begin(), sorted.end());
        render::List list;
        for (const auto& [name, id] : sorted) {
            render::Data o{render::Object{}};
            o.set("value", std::to_string(id));
            o.set("label", name);
            if (id == selected) o.set("selected", true);
            list.push_back(o);
        }
        return list;
    }
};

editorial::ArticleInput input_from(const std::vector<std::pair<std::string, std::string>>& form) {
    editorial::ArticleInput in;
    for (const auto& name : editorial::ArticleInput::field_names()) {
        *in.field(name) = std::string(http::form_value(form, name));
    }
    // Suggested keywords the editor ticked join the typed ones.
    for (const auto& [k, v] : form) {
        if (k == "accept_keyword" && !v.empty()) in.keywords += "," + v;
    }
    return in;
}

std::string state_key(const content::EditorialArticle& a, content::Time now, int required) {
    if (a.state == EditorialState::published && a.fields.published_at > now) {
        return "state_scheduled";
    }
    if (a.state == EditorialState::review &&
        editorial::EditorialService::approvals(a) >= static_cast<std::size_t>(required)) {
        return "state_approved";
    }
    return "state_" + std::string(content::state_name(a.state));
}

std::optional<content::Time> date_start(std::string_view text, const content::SiteTimeZone& zone) {
    if (text.size() != 10) return std::nullopt;
    return editorial::parse_local_time(std::string(text) + "T00:00", zone);
}

}  // namespace

http::Response Admin::article_form(const Call& c, Status status, const editorial::ArticleInput& in,
                                   const content::EditorialArticle* article,
                                   const std::string& error, std::string_view notice) {
    auto d = frame(c, article ? "title_article_edit" : "title_article_new");
    const auto now = d_.editorial.now();
    CategoryNames categories(d_.store.categories().list_categories());
    std::int64_t selected = 0;
    std::from_chars(in.category.data(), in.category.data() + in.category.size(), selected);
    d.set("categories", categories.options(selected));
    for (const auto& name : editorial::ArticleInput::field_names()) {
        d.set("f_" + name, *const_cast<editorial::ArticleInput&>(in).field(name));
    }
    d.set(in.body_format == "markdown" ? "format_markdown" : "format_html", true);
    if (!error.empty()) d.set("error", error);
    if (!notice.empty()) d.set("notice", d_.catalog.text(c.lang, notice));
    const auto& role = c.who->role;
    if (article) {
        const auto id = std::to_string(article->id);
        d.set("id", id);
        d.set("action", "/admin/articles/" + id);
        d.set("autosave_url", "/admin/articles/" + id + "/autosave");
        d.set("state",
              d_.catalog.text(c.lang, state_key(*article, now, d_.editorial.reviews_required())));
        d.set("state_name", std::string(content::state_name(article->state)));
        d.set("stored_version", std::to_string(article->version));
        d.set("created_by", article->created_by);
        d.set("updated_by", article->updated_by);
        d.set("updated_at", d_.time_zone.date_time(article->updated_at));
        if (article->state == EditorialState::published) {
            d.set("published_at_label", d_.time_zone.date_time(article->fields.published_at));
            if (article->fields.published_at <= now) {
                d.set("public_url",
                      categories.path(article->fields.category_id) + "/" + id + ".html");
            }
        }
        render::List steps;
        auto add_step = [&](std::string_view path, std::string_view label) {
            render::Data s{render::Object{}};
            s.set("action", "/admin/articles/" + id + "/" + std::string(path));
            s.set("label", d_.catalog.text(c.lang, label));
            s.set("version", std::to_string(article->version));
            steps.push_back(s);
        };
        const bool write = accounts::allowed(role, Permission::articles_write);
        const bool publish = accounts::allowed(role, Permission::articles_publish);
        const bool trash = accounts::allowed(role, Permission::articles_trash);
        // Only the buttons the service would accept: a writer of the article neither approves
        // nor publishes it, and publishing waits for the approvals (docs/adr/0019).
        const auto& me = c.who->account.name;
        const bool reviewer = publish && !editorial::EditorialService::wrote(*article, me);
        const auto required = static_cast<std::size_t>(d_.editorial.reviews_required());
        const auto approved = editorial::EditorialService::approvals(*article);
        const auto& by = article->approved_by;
        switch (article->state) {
            case EditorialState::draft:
                if (write) add_step("submit", "btn_submit");
                if (trash) add_step("trash", "btn_trash");
                break;
            case EditorialState::review:
                if (reviewer && std::find(by.begin(), by.end(), me) == by.end()) {
                    add_step("approve", "btn_approve");
                }
                if (reviewer && approved >= required) add_step("publish", "btn_publish");
                if (publish) add_step("send-back", "btn_send_back");
                if (trash) add_step("trash", "btn_trash");
                break;
            case EditorialState::published:
                if (publish) add_step("unpublish", "btn_unpublish");
                if (publish && trash) add_step("trash", "btn_trash");
                break;
            case EditorialState::trash:
                if (trash) add_step("restore", "btn_restore");
                break;
        }
        if (article->state == EditorialState::review) {
            std::string names;
            for (const auto& name : by) names += (names.empty() ? "" : "、") + name;
            d.set("approvals", std::to_string(approved) + "/" + std::to_string(required));
            if (!names.empty()) d.set("approved_by", names);
        }
        if (!steps.empty()) d.set("has_steps", true);
        d.set("steps", steps);
        const bool editable = write && article->state != EditorialState::trash &&
                              (article->state != EditorialState::published || publish);
        if (editable) d.set("can_save", true);
        if (auto saved = d_.store.editorial().find_autosave(article->id);
            saved && saved->at > article->updated_at) {
            d.set("autosave_at", d_.time_zone.date_time(saved->at));
            d.set("autosave_by", saved->account_name);
        }
    } else {
        d.set("action", "/admin/articles");
        d.set("autosave_url", "/admin/articles/new/autosave");
        d.set("can_save", true);
    }
    render::List suggestions;
    const auto text =
        in.title + "\n" + (in.body_format == "markdown" ? in.body : content::html_to_text(in.body));
    const auto typed = editorial::split_keywords(in.keywords);
    for (const auto& k : d_.editorial.suggest_keywords(text, kSuggestions)) {
        if (std::find(typed.begin(), typed.end(), k) != typed.end()) continue;
        render::Data s{render::Object{}};
        s.set("keyword", k);
        suggestions.push_back(s);
    }
    if (!suggestions.empty()) d.set("has_suggestions", true);
    d.set("suggestions", suggestions);
    // The rich-text editor enhances the body textarea (docs/adr/0013-article-editor-bundle.md).
    render::Data style{render::Object{}};
    style.set("href", d_.asset_url("css/editor.css"));
    d.set("styles", render::List{style});
    render::Data script{render::Object{}};
    script.set("src", d_.asset_url("js/editor.js"));
    d.set("scripts", render::List{script});
    return page(c, status, "admin-article", std::move(d));
}

http::Response Admin::list_articles(Call& c) {
    auto d = frame(c, "title_articles");
    CategoryNames categories(d_.store.categories().list_categories());
    store::EditorialQuery q;
    auto get = [&](std::string_view name) {
        return std::string(c.ctx.query_value(name).value_or("")).substr(0, 100);
    };
    const auto category = get("category");
    const auto state = get("status");
    q.author = get("author");
    q.keyword = get("q");
    const auto from = get("from");
    const auto to = get("to");
    d.set("f_author", q.author);
    d.set("f_q", q.keyword);
    d.set("f_from", from);
    d.set("f_to", to);
    std::string error;
    std::int64_t category_id = 0;
    if (!category.empty()) {
        auto [p, ec] =
            std::from_chars(category.data(), category.data() + category.size(), category_id);
        if (ec != std::errc{} || !categories.by_id.contains(category_id)) {
            error = "err_category";
        } else {
            // A section's filter includes its sub-categories.
            for (const auto& [id, cat] : categories.by_id) {
                if (categories.path(id).starts_with(categories.path(category_id))) {
                    q.category_ids.push_back(id);
                }
            }
        }
    }
    d.set("categories", categories.options(category_id));
    if (!state.empty()) {
        q.state = content::parse_state(state);
        if (!q.state) error = "err_status";
    }
    render::List states;
    for (auto s : {EditorialState::draft, EditorialState::review, EditorialState::published,
                   EditorialState::trash}) {
        render::Data o{render::Object{}};
        const std::string name(content::state_name(s));
        o.set("value", name);
        o.set("label", d_.catalog.text(c.lang, "state_" + name));
        if (name == state) o.set("selected", true);
        states.push_back(o);
    }
    d.set("states", states);
    for (auto [text, slot, days] : {std::tuple{from, &q.from, 0}, std::tuple{to, &q.to, 1}}) {
        if (text.empty()) continue;
        auto t = date_start(text, d_.time_zone);
        if (!t) {
            error = "err_date";
            continue;
        }
        *slot = *t + std::chrono::days{days};
    }
    render::List authors;
    for (const auto& a : d_.store.editorial().list_authors()) {
        render::Data o{render::Object{}};
        o.set("value", a);
        if (a == q.author) o.set("selected", true);
        authors.push_back(o);
    }
    d.set("authors", authors);
    if (accounts::allowed(c.who->role, Permission::articles_write)) d.set("can_create", true);
    if (!error.empty()) {
        d.set("error", d_.catalog.text(c.lang, error));
        return page(c, Status::bad_request, "admin-articles", std::move(d));
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
    const auto total = d_.store.editorial().count_editorial(q);
    const auto now = d_.editorial.now();
    render::List rows;
    for (const auto& a : d_.store.editorial().list_editorial(q)) {
        render::Data row{render::Object{}};
        row.set("id", std::to_string(a.id));
        row.set("title", a.fields.title);
        row.set("category", categories.label(a.fields.category_id));
        row.set("state",
                d_.catalog.text(c.lang, state_key(a, now, d_.editorial.reviews_required())));
        row.set("state_name", std::string(content::state_name(a.state)));
        row.set("author", a.created_by);
        row.set("updated_at", d_.time_zone.date_time(a.updated_at));
        row.set("published_at", a.fields.published_at == content::kPublishOnApproval
                                    ? std::string("—")
                                    : d_.time_zone.date_time(a.fields.published_at));
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_articles", true);
    d.set("articles", rows);
    d.set("total", std::to_string(total));
    d.set("page", std::to_string(page_no));
    if (q.offset + kPerPage < total) {
        std::string next = "?page=" + std::to_string(page_no + 1);
        for (const auto& [k, v] : c.ctx.query) {
            if (k != "page" && k != "lang") next += "&" + k + "=" + v;
        }
        d.set("next", next);
    }
    if (c.ctx.query_value("done")) d.set("notice", d_.catalog.text(c.lang, "notice_done"));
    return page(c, Status::ok, "admin-articles", std::move(d));
}

http::Response Admin::new_article(Call& c) {
    editorial::ArticleInput in;
    in.body_format = c.ctx.query_value("format").value_or("") == "markdown" ? "markdown" : "html";
    return article_form(c, Status::ok, in, nullptr, {}, {});
}

http::Response Admin::create_article(Call& c) {
    const auto in = input_from(c.form);
    auto created = d_.editorial.create(*c.who, c.client, in);
    if (!created) {
        return article_form(c, status_of(created.error()), in, nullptr,
                            d_.catalog.text(c.lang, created.error().user_message), {});
    }
    return see_other("/admin/articles/" + std::to_string(*created) + "?saved=1");
}

http::Response Admin::edit_article(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_article");
    auto article = d_.store.editorial().find_editorial(*id);
    if (!article) return message(c, Status::not_found, "err_no_article");
    auto in = editorial::input_of(article->fields, d_.time_zone);
    std::string_view notice;
    if (c.ctx.query_value("autosave")) {
        // The autosaved copy fills the form; it is stored only when the editor saves it.
        if (auto saved = d_.store.editorial().find_autosave(*id)) {
            const auto doc = nlohmann::json::parse(saved->fields_json, nullptr, false);
            if (doc.is_object()) {
                for (const auto& [key, value] : doc.items()) {
                    auto* slot = in.field(key);
                    if (slot && value.is_string() && key != "version") {
                        *slot = value.get<std::string>();
                    }
                }
                notice = "notice_autosave_loaded";
            }
        }
    } else if (c.ctx.query_value("saved")) {
        notice = "notice_saved";
    } else if (c.ctx.query_value("done")) {
        notice = "notice_done";
    }
    in.version = std::to_string(article->version);
    return article_form(c, Status::ok, in, &*article, {}, notice);
}

http::Response Admin::save_article(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_article");
    auto in = input_from(c.form);
    auto saved = d_.editorial.save(*c.who, c.client, *id, in);
    if (!saved) {
        auto article = d_.store.editorial().find_editorial(*id);
        if (!article) return error(c, saved.error());
        // The form comes back with what the editor typed and the version it was based on, so
        // a stale save can be compared and saved again on purpose.
        return article_form(c, status_of(saved.error()), in, &*article,
                            d_.catalog.text(c.lang, saved.error().user_message), {});
    }
    return see_other("/admin/articles/" + std::to_string(*id) + "?saved=1");
}

http::Response Admin::run_step(Call& c, Step step) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_article");
    auto r = d_.editorial.step(*c.who, c.client, *id, step, http::form_value(c.form, "version"));
    if (!r) return error(c, r.error());
    return see_other("/admin/articles/" + std::to_string(*id) + "?done=1");
}

http::Response Admin::submit_article(Call& c) { return run_step(c, Step::submit); }
http::Response Admin::approve_article(Call& c) { return run_step(c, Step::approve); }
http::Response Admin::publish_article(Call& c) { return run_step(c, Step::publish); }
http::Response Admin::unpublish_article(Call& c) { return run_step(c, Step::unpublish); }
http::Response Admin::send_back_article(Call& c) { return run_step(c, Step::send_back); }
http::Response Admin::trash_article(Call& c) { return run_step(c, Step::trash); }
http::Response Admin::restore_article(Call& c) { return run_step(c, Step::restore); }

}  // namespace gp::admin
