#include "store/postgres/postgres_category_store.hpp"

#include <algorithm>

#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kList = "list_categories";
constexpr const char* kArticleCounts = "category_article_counts";
constexpr const char* kStructureLock = "category_structure_lock";
constexpr const char* kSlugTaken = "category_slug_taken";
constexpr const char* kExists = "category_exists";
constexpr const char* kNextOrder = "category_next_order";
constexpr const char* kInsert = "insert_category";
constexpr const char* kCurrentParent = "category_parent";
constexpr const char* kInSubtree = "category_in_subtree";
constexpr const char* kUpdate = "update_category";
constexpr const char* kSetOrder = "category_set_order";
constexpr const char* kSiblings = "category_siblings";
constexpr const char* kCountArticles = "category_count_articles";
constexpr const char* kCountChildren = "category_count_children";
constexpr const char* kDelete = "delete_category";
constexpr const char* kMoveArticles = "move_category_articles";

void define_queries(Pool& pool) {
    pool.define(kList,
                "SELECT id, slug, name, subtitle, parent_id, sort_order, seo_title, "
                "seo_description FROM categories ORDER BY sort_order, id");
    pool.define(kArticleCounts, "SELECT category_id, count(*) FROM articles GROUP BY category_id");
    // SQLite's write lock makes each check-then-write below atomic; here category writes from
    // every node queue on one transaction lock instead (0x67700004), so a slug check, a loop
    // check or a sibling renumbering cannot race another node's write.
    pool.define(kStructureLock, "SELECT pg_advisory_xact_lock(1735393284)");
    pool.define(kSlugTaken, "SELECT 1 FROM categories WHERE slug = $1 AND id <> $2");
    pool.define(kExists, "SELECT 1 FROM categories WHERE id = $1");
    pool.define(kNextOrder,
                "SELECT coalesce(max(sort_order), -1) + 1 FROM categories "
                "WHERE parent_id IS NOT DISTINCT FROM $1::bigint");
    pool.define(kInsert,
                "INSERT INTO categories (slug, name, subtitle, parent_id, sort_order, seo_title, "
                "seo_description) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
    pool.define(kCurrentParent, "SELECT parent_id FROM categories WHERE id = $1");
    // A row when $2 is $1 or lies below it: making $2 the parent of $1 would close a loop.
    pool.define(kInSubtree,
                "WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION SELECT c.id FROM categories c "
                "JOIN sub ON c.parent_id = sub.id) SELECT 1 FROM sub WHERE id = $2");
    pool.define(kUpdate,
                "UPDATE categories SET slug = $1, name = $2, subtitle = $3, parent_id = $4, "
                "seo_title = $5, seo_description = $6 WHERE id = $7");
    pool.define(kSetOrder, "UPDATE categories SET sort_order = $1 WHERE id = $2");
    pool.define(kSiblings,
                "SELECT id FROM categories WHERE parent_id IS NOT DISTINCT FROM "
                "(SELECT parent_id FROM categories WHERE id = $1) ORDER BY sort_order, id");
    pool.define(kCountArticles, "SELECT count(*) FROM articles WHERE category_id = $1");
    pool.define(kCountChildren, "SELECT count(*) FROM categories WHERE parent_id = $1");
    pool.define(kDelete, "DELETE FROM categories WHERE id = $1");
    pool.define(kMoveArticles, "UPDATE articles SET category_id = $1 WHERE category_id = $2");
}

bool exists(pqxx::transaction_base& tx, std::int64_t id) {
    return !tx.exec_prepared(kExists, id).empty();
}

std::int64_t next_order(pqxx::transaction_base& tx, const std::optional<std::int64_t>& parent) {
    return tx.exec_prepared1(kNextOrder, parent)[0].as<std::int64_t>();
}

std::int64_t count(pqxx::transaction_base& tx, const char* query, std::int64_t id) {
    return tx.exec_prepared1(query, id)[0].as<std::int64_t>();
}

void audit(pqxx::transaction_base& tx, const AuditKey& key, const content::AuditRecord& record,
           std::int64_t id) {
    auto r = record;
    r.object_type = "category";
    r.object_id = std::to_string(id);
    append_audit(tx, key, r);
}

}  // namespace

PostgresCategoryStore::PostgresCategoryStore(Pool& pool, AuditKey key)
    : pool_(pool), key_(std::move(key)) {
    define_queries(pool_);
    define_audit_queries(pool_);
}

std::vector<content::Category> PostgresCategoryStore::list_categories() {
    return pool_.with(kList, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::Category> out;
        for (const auto& row : tx.exec_prepared(kList)) {
            content::Category cat;
            cat.id = row[0].as<std::int64_t>();
            cat.slug = row[1].as<std::string>();
            cat.name = row[2].as<std::string>();
            cat.subtitle = row[3].as<std::string>();
            cat.parent_id = optional_int(row[4]);
            cat.sort_order = row[5].as<int>();
            cat.seo_title = row[6].as<std::string>();
            cat.seo_description = row[7].as<std::string>();
            out.push_back(std::move(cat));
        }
        return out;
    });
}

std::map<std::int64_t, std::int64_t> PostgresCategoryStore::category_article_counts() {
    return pool_.with(kArticleCounts, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::map<std::int64_t, std::int64_t> out;
        for (const auto& row : tx.exec_prepared(kArticleCounts))
            out[row[0].as<std::int64_t>()] = row[1].as<std::int64_t>();
        return out;
    });
}

std::optional<std::int64_t> PostgresCategoryStore::create_category(
    const content::Category& category, const content::AuditRecord& record) {
    return pool_.with(kInsert, [&](pqxx::connection& c) -> std::optional<std::int64_t> {
        pqxx::work tx(c);
        tx.exec_prepared(kStructureLock);
        if (!tx.exec_prepared(kSlugTaken, category.slug, 0).empty()) return std::nullopt;
        if (category.parent_id && !exists(tx, *category.parent_id)) return std::nullopt;
        const auto id = tx.exec_prepared1(kInsert, category.slug, category.name, category.subtitle,
                                          category.parent_id, next_order(tx, category.parent_id),
                                          category.seo_title, category.seo_description)[0]
                            .as<std::int64_t>();
        audit(tx, key_, record, id);
        tx.commit();
        return id;
    });
}

CategoryWrite PostgresCategoryStore::update_category(const content::Category& category,
                                                     const content::AuditRecord& record) {
    return pool_.with(kUpdate, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared(kStructureLock);
        const auto current = tx.exec_prepared(kCurrentParent, category.id);
        if (current.empty()) return CategoryWrite::not_found;
        const auto old_parent = optional_int(current[0][0]);
        if (!tx.exec_prepared(kSlugTaken, category.slug, category.id).empty()) {
            return CategoryWrite::slug_taken;
        }
        if (category.parent_id) {
            if (!exists(tx, *category.parent_id)) return CategoryWrite::not_found;
            if (!tx.exec_prepared(kInSubtree, category.id, *category.parent_id).empty()) {
                return CategoryWrite::cycle;
            }
        }
        tx.exec_prepared0(kUpdate, category.slug, category.name, category.subtitle,
                          category.parent_id, category.seo_title, category.seo_description,
                          category.id);
        if (old_parent != category.parent_id) {
            tx.exec_prepared0(kSetOrder, next_order(tx, category.parent_id), category.id);
        }
        audit(tx, key_, record, category.id);
        tx.commit();
        return CategoryWrite::done;
    });
}

CategoryWrite PostgresCategoryStore::reorder_category(std::int64_t id, bool up,
                                                      const content::AuditRecord& record) {
    return pool_.with(kSetOrder, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared(kStructureLock);
        if (!exists(tx, id)) return CategoryWrite::not_found;
        std::vector<std::int64_t> siblings;
        for (const auto& row : tx.exec_prepared(kSiblings, id))
            siblings.push_back(row[0].as<std::int64_t>());
        const auto at = std::find(siblings.begin(), siblings.end(), id) - siblings.begin();
        const auto other = up ? at - 1 : at + 1;
        if (other < 0 || other >= static_cast<std::ptrdiff_t>(siblings.size())) {
            return CategoryWrite::done;
        }
        std::swap(siblings[static_cast<std::size_t>(at)],
                  siblings[static_cast<std::size_t>(other)]);
        // Renumbered from 0, so equal or missing orders from an import become a clean sequence.
        for (std::size_t i = 0; i < siblings.size(); ++i) {
            tx.exec_prepared0(kSetOrder, static_cast<std::int64_t>(i), siblings[i]);
        }
        audit(tx, key_, record, id);
        tx.commit();
        return CategoryWrite::done;
    });
}

CategoryRemoval PostgresCategoryStore::delete_category(std::int64_t id,
                                                       const content::AuditRecord& record) {
    return pool_.with(kDelete, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared(kStructureLock);
        CategoryRemoval out;
        if (!exists(tx, id)) return out;
        out.found = true;
        out.articles = count(tx, kCountArticles, id);
        out.children = count(tx, kCountChildren, id);
        if (out.articles > 0 || out.children > 0) return out;
        tx.exec_prepared0(kDelete, id);
        audit(tx, key_, record, id);
        tx.commit();
        out.deleted = true;
        return out;
    });
}

std::optional<std::int64_t> PostgresCategoryStore::move_category_articles(
    std::int64_t from, std::int64_t to, const content::AuditRecord& record) {
    return pool_.with(kMoveArticles, [&](pqxx::connection& c) -> std::optional<std::int64_t> {
        pqxx::work tx(c);
        tx.exec_prepared(kStructureLock);
        if (!exists(tx, from) || !exists(tx, to)) return std::nullopt;
        const auto moved =
            static_cast<std::int64_t>(tx.exec_prepared0(kMoveArticles, to, from).affected_rows());
        auto r = record;
        r.detail = "to category " + std::to_string(to) + ", " + std::to_string(moved) + " articles";
        audit(tx, key_, r, from);
        tx.commit();
        return moved;
    });
}

}  // namespace gp::store::postgres
