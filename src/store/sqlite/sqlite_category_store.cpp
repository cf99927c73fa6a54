#include "store/sqlite/sqlite_category_store.hpp"

#include <algorithm>

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kListCategories =
    "SELECT id, slug, name, subtitle, parent_id, sort_order, seo_title, seo_description "
    "FROM categories ORDER BY sort_order, id";
constexpr std::string_view kArticleCounts =
    "SELECT category_id, count(*) FROM articles GROUP BY category_id";
constexpr std::string_view kSlugTaken = "SELECT 1 FROM categories WHERE slug = ?1 AND id <> ?2";
constexpr std::string_view kExists = "SELECT 1 FROM categories WHERE id = ?";
constexpr std::string_view kNextOrder =
    "SELECT coalesce(max(sort_order), -1) + 1 FROM categories WHERE parent_id IS ?";
constexpr std::string_view kInsert =
    "INSERT INTO categories (slug, name, subtitle, parent_id, sort_order, seo_title, "
    "seo_description) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kCurrentParent = "SELECT parent_id FROM categories WHERE id = ?";
// True when ?2 is ?1 or lies below it: making ?2 the parent of ?1 would close a loop.
constexpr std::string_view kInSubtree =
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM categories c JOIN sub ON "
    "c.parent_id = sub.id) SELECT 1 FROM sub WHERE id = ?2";
constexpr std::string_view kUpdate =
    "UPDATE categories SET slug = ?, name = ?, subtitle = ?, parent_id = ?, seo_title = ?, "
    "seo_description = ? WHERE id = ?";
constexpr std::string_view kSetOrder = "UPDATE categories SET sort_order = ? WHERE id = ?";
constexpr std::string_view kSiblings =
    "SELECT id FROM categories WHERE parent_id IS (SELECT parent_id FROM categories WHERE id = ?) "
    "ORDER BY sort_order, id";
constexpr std::string_view kCountArticles = "SELECT count(*) FROM articles WHERE category_id = ?";
constexpr std::string_view kCountChildren = "SELECT count(*) FROM categories WHERE parent_id = ?";
constexpr std::string_view kDelete = "DELETE FROM categories WHERE id = ?";
constexpr std::string_view kMoveArticles =
    "UPDATE articles SET category_id = ?1 WHERE category_id = ?2";

bool exists(Connection& c, std::int64_t id) {
    Statement st(c.handle(), kExists, "category_exists");
    st.bind(1, id);
    return st.step();
}

bool slug_taken(Connection& c, const std::string& slug, std::int64_t id) {
    Statement st(c.handle(), kSlugTaken, "category_slug_taken");
    st.bind(1, slug).bind(2, id);
    return st.step();
}

void bind_parent(Statement& st, int index, const std::optional<std::int64_t>& parent) {
    if (parent) {
        st.bind(index, *parent);
    } else {
        st.bind_null(index);
    }
}

std::int64_t next_order(Connection& c, const std::optional<std::int64_t>& parent) {
    Statement st(c.handle(), kNextOrder, "category_next_order");
    bind_parent(st, 1, parent);
    st.step();
    return st.int64(0);
}

std::int64_t count(Connection& c, std::string_view sql, std::string_view name, std::int64_t id) {
    Statement st(c.handle(), sql, name);
    st.bind(1, id);
    st.step();
    return st.int64(0);
}

void audit(Connection& c, const AuditKey& key, const content::AuditRecord& record,
           std::int64_t id) {
    auto r = record;
    r.object_type = "category";
    r.object_id = std::to_string(id);
    append_audit(c, key, r);
}

}  // namespace

std::vector<content::Category> SqliteCategoryStore::list_categories() {
    auto c = db_.borrow();
    Statement st(*c, kListCategories, "list_categories");
    std::vector<content::Category> out;
    while (st.step()) {
        content::Category cat;
        cat.id = st.int64(0);
        cat.slug = st.text(1);
        cat.name = st.text(2);
        cat.subtitle = st.text(3);
        if (!st.is_null(4)) cat.parent_id = st.int64(4);
        cat.sort_order = static_cast<int>(st.int64(5));
        cat.seo_title = st.text(6);
        cat.seo_description = st.text(7);
        out.push_back(std::move(cat));
    }
    return out;
}

std::map<std::int64_t, std::int64_t> SqliteCategoryStore::category_article_counts() {
    auto c = db_.borrow();
    Statement st(c->handle(), kArticleCounts, "category_article_counts");
    std::map<std::int64_t, std::int64_t> out;
    while (st.step()) out[st.int64(0)] = st.int64(1);
    return out;
}

std::optional<std::int64_t> SqliteCategoryStore::create_category(
    const content::Category& category, const content::AuditRecord& record) {
    auto c = db_.borrow();
    Transaction tx(*c);
    if (slug_taken(*c, category.slug, 0)) return std::nullopt;
    if (category.parent_id && !exists(*c, *category.parent_id)) return std::nullopt;
    Statement st(c->handle(), kInsert, "insert_category");
    st.bind(1, category.slug).bind(2, category.name).bind(3, category.subtitle);
    bind_parent(st, 4, category.parent_id);
    st.bind(5, next_order(*c, category.parent_id))
        .bind(6, category.seo_title)
        .bind(7, category.seo_description)
        .run();
    const auto id = c->last_insert_id();
    audit(*c, key_, record, id);
    tx.commit();
    return id;
}

CategoryWrite SqliteCategoryStore::update_category(const content::Category& category,
                                                   const content::AuditRecord& record) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement current(c->handle(), kCurrentParent, "category_parent");
    current.bind(1, category.id);
    if (!current.step()) return CategoryWrite::not_found;
    // Ids are positive: 0 stands for "no parent" in this comparison.
    const std::int64_t old_parent = current.is_null(0) ? 0 : current.int64(0);
    if (slug_taken(*c, category.slug, category.id)) return CategoryWrite::slug_taken;
    if (category.parent_id) {
        if (!exists(*c, *category.parent_id)) return CategoryWrite::not_found;
        Statement loop(c->handle(), kInSubtree, "category_in_subtree");
        loop.bind(1, category.id).bind(2, *category.parent_id);
        if (loop.step()) return CategoryWrite::cycle;
    }
    Statement st(c->handle(), kUpdate, "update_category");
    st.bind(1, category.slug).bind(2, category.name).bind(3, category.subtitle);
    bind_parent(st, 4, category.parent_id);
    st.bind(5, category.seo_title).bind(6, category.seo_description).bind(7, category.id).run();
    if (old_parent != category.parent_id.value_or(0)) {
        Statement order(c->handle(), kSetOrder, "category_set_order");
        order.bind(1, next_order(*c, category.parent_id)).bind(2, category.id);
        order.run();
    }
    audit(*c, key_, record, category.id);
    tx.commit();
    return CategoryWrite::done;
}

CategoryWrite SqliteCategoryStore::reorder_category(std::int64_t id, bool up,
                                                    const content::AuditRecord& record) {
    auto c = db_.borrow();
    Transaction tx(*c);
    if (!exists(*c, id)) return CategoryWrite::not_found;
    std::vector<std::int64_t> siblings;
    {
        Statement st(c->handle(), kSiblings, "category_siblings");
        st.bind(1, id);
        while (st.step()) siblings.push_back(st.int64(0));
    }
    const auto at = std::find(siblings.begin(), siblings.end(), id) - siblings.begin();
    const auto other = up ? at - 1 : at + 1;
    if (other < 0 || other >= static_cast<std::ptrdiff_t>(siblings.size())) {
        return CategoryWrite::done;
    }
    std::swap(siblings[static_cast<std::size_t>(at)], siblings[static_cast<std::size_t>(other)]);
    // Renumbered from 0, so equal or missing orders from an import become a clean sequence.
    Statement order(c->handle(), kSetOrder, "category_set_order");
    for (std::size_t i = 0; i < siblings.size(); ++i) {
        order.bind(1, static_cast<std::int64_t>(i)).bind(2, siblings[i]);
        order.run();
        order.reset();
    }
    audit(*c, key_, record, id);
    tx.commit();
    return CategoryWrite::done;
}

CategoryRemoval SqliteCategoryStore::delete_category(std::int64_t id,
                                                     const content::AuditRecord& record) {
    auto c = db_.borrow();
    Transaction tx(*c);
    CategoryRemoval out;
    if (!exists(*c, id)) return out;
    out.found = true;
    out.articles = count(*c, kCountArticles, "category_count_articles", id);
    out.children = count(*c, kCountChildren, "category_count_children", id);
    if (out.articles > 0 || out.children > 0) return out;
    Statement st(c->handle(), kDelete, "delete_category");
    st.bind(1, id).run();
    audit(*c, key_, record, id);
    tx.commit();
    out.deleted = true;
    return out;
}

std::optional<std::int64_t> SqliteCategoryStore::move_category_articles(
    std::int64_t from, std::int64_t to, const content::AuditRecord& record) {
    auto c = db_.borrow();
    Transaction tx(*c);
    if (!exists(*c, from) || !exists(*c, to)) return std::nullopt;
    Statement st(c->handle(), kMoveArticles, "move_category_articles");
    st.bind(1, to).bind(2, from).run();
    const auto moved = static_cast<std::int64_t>(sqlite3_changes(c->handle()));
    auto r = record;
    r.detail = "to category " + std::to_string(to) + ", " + std::to_string(moved) + " articles";
    audit(*c, key_, r, from);
    tx.commit();
    return moved;
}

}  // namespace gp::store::sqlite
