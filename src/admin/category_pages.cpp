// Categories: create, edit (name, slug, parent, subtitle, SEO), reorder, delete, and moving a
// category's articles elsewhere. Each write carries its audit record in its transaction and
// drops this process's cached pages at once; other processes see it in the change log.
#include <spdlog/spdlog.h>

#include <charconv>

#include "admin/admin.hpp"
#include "content/category_edit.hpp"
#include "http/form.hpp"

namespace gp::admin {
namespace {

using http::Status;

std::optional<std::int64_t> parse_id(std::string_view s) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || p != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

/// Depth-first, siblings in their order: the tree as the page lists it.
void walk(const content::CategoryTree& tree, const std::vector<const content::Category*>& level,
          int depth, std::vector<std::pair<const content::Category*, int>>& out) {
    for (const auto* cat : level) {
        out.emplace_back(cat, depth);
        walk(tree, tree.children(cat->id), depth + 1, out);
    }
}

}  // namespace

void Admin::categories_changed(std::int64_t id) const {
    if (!d_.content_changed) return;
    content::ContentChange change;
    change.category_id = id;
    change.structure = true;
    try {
        d_.content_changed({change});
    } catch (const std::exception& e) {
        // The change log carries it to the cache on its next read.
        spdlog::error("page cache not told of category {}: {}", id, e.what());
    }
}

http::Response Admin::list_categories(Call& c) { return categories_page(c, Status::ok, {}); }

http::Response Admin::categories_page(Call& c, Status status, const std::string& error) {
    auto d = frame(c, "title_categories");
    const content::CategoryTree tree(d_.store.categories().list_categories());
    const auto counts = d_.store.categories().category_article_counts();
    std::vector<std::pair<const content::Category*, int>> ordered;
    walk(tree, tree.sections(), 0, ordered);
    render::List parents;
    for (const auto& [cat, depth] : ordered) {
        render::Data o{render::Object{}};
        o.set("id", std::to_string(cat->id));
        o.set("label", std::string(static_cast<std::size_t>(depth) * 2, ' ') + cat->name);
        parents.push_back(o);
    }
    render::List rows;
    for (const auto& [cat, depth] : ordered) {
        render::Data row{render::Object{}};
        row.set("id", std::to_string(cat->id));
        row.set("name", cat->name);
        row.set("slug", cat->slug);
        row.set("depth", std::to_string(depth));
        row.set("indent", std::to_string(depth * 2) + "em");
        row.set("url", tree.url(cat->id));
        row.set("subtitle", cat->subtitle);
        row.set("seo_title", cat->seo_title);
        row.set("seo_description", cat->seo_description);
        const auto n = counts.find(cat->id);
        row.set("articles", std::to_string(n == counts.end() ? 0 : n->second));
        render::List options;
        for (const auto& [other, other_depth] : ordered) {
            render::Data o{render::Object{}};
            o.set("id", std::to_string(other->id));
            o.set("label",
                  std::string(static_cast<std::size_t>(other_depth) * 2, ' ') + other->name);
            if (cat->parent_id && *cat->parent_id == other->id) o.set("selected", true);
            options.push_back(o);
        }
        row.set("parents", options);
        if (!cat->parent_id) row.set("top", true);
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_categories", true);
    d.set("categories", rows);
    d.set("all_parents", parents);
    if (!error.empty()) d.set("error", d_.catalog.text(c.lang, error));
    if (c.ctx.query_value("done"))
        d.set("notice", d_.catalog.text(c.lang, "notice_category_saved"));
    return page(c, status, "admin-categories", std::move(d));
}

namespace {

/// The category as the form describes it; parent "" is a top-level section.
std::optional<content::Category> read_category(
    const std::vector<std::pair<std::string, std::string>>& form) {
    content::Category cat;
    cat.name = content::trimmed(http::form_value(form, "name"));
    cat.slug = content::trimmed(http::form_value(form, "slug"));
    cat.subtitle = content::trimmed(http::form_value(form, "subtitle"));
    cat.seo_title = content::trimmed(http::form_value(form, "seo_title"));
    cat.seo_description = content::trimmed(http::form_value(form, "seo_description"));
    const auto parent = http::form_value(form, "parent");
    if (!parent.empty()) {
        auto id = parse_id(parent);
        if (!id) return std::nullopt;
        cat.parent_id = *id;
    }
    return cat;
}

Status category_status(content::CategoryProblem::Kind kind) {
    using Kind = content::CategoryProblem::Kind;
    return kind == Kind::slug_taken || kind == Kind::cycle ? Status::conflict : Status::bad_request;
}

}  // namespace

http::Response Admin::create_category(Call& c) {
    auto cat = read_category(c.form);
    if (!cat) return categories_page(c, Status::bad_request, "err_category_parent");
    const content::CategoryTree tree(d_.store.categories().list_categories());
    if (auto problem = content::check_category(tree, *cat)) {
        return categories_page(c, category_status(problem->kind), problem->message);
    }
    auto record = d_.audit.make_record(c.who, c.client, "category.create", "success");
    record.detail = cat->slug + " " + cat->name;
    std::optional<std::int64_t> id;
    try {
        id = d_.store.categories().create_category(*cat, record);
    } catch (const store::AuditWriteFailed& e) {
        const auto refusal = accounts::audit_refusal(c.client, e);
        return categories_page(c, status_of(refusal), refusal.user_message);
    }
    if (!id) return categories_page(c, Status::conflict, "err_category_conflict");
    categories_changed(*id);
    return see_other("/admin/categories?done=1");
}

http::Response Admin::update_category(Call& c) {
    const auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_category");
    auto cat = read_category(c.form);
    if (!cat) return categories_page(c, Status::bad_request, "err_category_parent");
    cat->id = *id;
    const content::CategoryTree tree(d_.store.categories().list_categories());
    const auto* old = tree.find(*id);
    if (!old) return message(c, Status::not_found, "err_no_category");
    if (auto problem = content::check_category(tree, *cat)) {
        return categories_page(c, category_status(problem->kind), problem->message);
    }
    auto record = d_.audit.make_record(c.who, c.client, "category.update", "success");
    record.detail = old->slug + " → " + cat->slug + ", " + old->name + " → " + cat->name +
                    ", parent " + (old->parent_id ? std::to_string(*old->parent_id) : "-") + " → " +
                    (cat->parent_id ? std::to_string(*cat->parent_id) : "-");
    store::CategoryWrite done;
    try {
        done = d_.store.categories().update_category(*cat, record);
    } catch (const store::AuditWriteFailed& e) {
        const auto refusal = accounts::audit_refusal(c.client, e);
        return categories_page(c, status_of(refusal), refusal.user_message);
    }
    switch (done) {
        case store::CategoryWrite::done:
            break;
        case store::CategoryWrite::not_found:
            return message(c, Status::not_found, "err_no_category");
        case store::CategoryWrite::slug_taken:
            return categories_page(c, Status::conflict, "err_category_conflict");
        case store::CategoryWrite::cycle:
            return categories_page(c, Status::conflict, "err_category_cycle");
    }
    categories_changed(*id);
    return see_other("/admin/categories?done=1");
}

http::Response Admin::reorder_category(Call& c) {
    const auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_category");
    const auto direction = http::form_value(c.form, "direction");
    if (direction != "up" && direction != "down") {
        return categories_page(c, Status::bad_request, "err_category_direction");
    }
    auto record = d_.audit.make_record(c.who, c.client, "category.reorder", "success");
    record.detail = std::string(direction);
    store::CategoryWrite done;
    try {
        done = d_.store.categories().reorder_category(*id, direction == "up", record);
    } catch (const store::AuditWriteFailed& e) {
        const auto refusal = accounts::audit_refusal(c.client, e);
        return categories_page(c, status_of(refusal), refusal.user_message);
    }
    if (done == store::CategoryWrite::not_found) {
        return message(c, Status::not_found, "err_no_category");
    }
    categories_changed(*id);
    return see_other("/admin/categories?done=1");
}

http::Response Admin::delete_category(Call& c) {
    const auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_category");
    auto record = d_.audit.make_record(c.who, c.client, "category.delete", "success");
    store::CategoryRemoval done;
    try {
        done = d_.store.categories().delete_category(*id, record);
    } catch (const store::AuditWriteFailed& e) {
        const auto refusal = accounts::audit_refusal(c.client, e);
        return categories_page(c, status_of(refusal), refusal.user_message);
    }
    if (!done.found) return message(c, Status::not_found, "err_no_category");
    if (done.articles > 0) {
        return categories_page(
            c, Status::conflict,
            d_.catalog.text(c.lang, "err_category_has_articles", static_cast<int>(done.articles)));
    }
    if (done.children > 0) {
        return categories_page(
            c, Status::conflict,
            d_.catalog.text(c.lang, "err_category_has_children", static_cast<int>(done.children)));
    }
    categories_changed(*id);
    return see_other("/admin/categories?done=1");
}

http::Response Admin::move_category_articles(Call& c) {
    const auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_category");
    const auto target = parse_id(http::form_value(c.form, "target"));
    if (!target || *target == *id) {
        return categories_page(c, Status::bad_request, "err_category_target");
    }
    auto record = d_.audit.make_record(c.who, c.client, "category.move_articles", "success");
    std::optional<std::int64_t> moved;
    try {
        moved = d_.store.categories().move_category_articles(*id, *target, record);
    } catch (const store::AuditWriteFailed& e) {
        const auto refusal = accounts::audit_refusal(c.client, e);
        return categories_page(c, status_of(refusal), refusal.user_message);
    }
    if (!moved) return message(c, Status::not_found, "err_no_category");
    categories_changed(*id);
    return see_other("/admin/categories?done=1");
}

}  // namespace gp::admin
