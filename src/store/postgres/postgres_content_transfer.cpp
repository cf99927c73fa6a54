#include "store/postgres/postgres_content_transfer.hpp"

#include <map>

#include "store/postgres/postgres_audit_store.hpp"
#include "store/postgres/postgres_search_text.hpp"
#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kLockContent = "import_lock_content";
constexpr const char* kSlugExists = "import_slug_exists";
constexpr const char* kIdTaken = "import_article_id_taken";
constexpr const char* kInsertCategory = "import_insert_category";
constexpr const char* kInsertArticle = "import_insert_article";
constexpr const char* kInsertKeyword = "import_insert_keyword";
constexpr const char* kAdvanceArticleIds = "import_advance_article_ids";
constexpr const char* kExportCategories = "export_categories";
constexpr const char* kExportArticles = "export_articles";
constexpr const char* kExportKeywords = "export_keywords";

void define_queries(Pool& pool) {
    // Other writers wait while an import checks and writes, so its checks still hold at COMMIT
    // (SQLite's BEGIN IMMEDIATE); readers go on.
    pool.define(kLockContent,
                "LOCK TABLE categories, articles, article_keywords IN SHARE ROW EXCLUSIVE MODE");
    pool.define(kSlugExists, "SELECT 1 FROM categories WHERE slug = $1");
    pool.define(kIdTaken, "SELECT 1 FROM articles WHERE id = $1");
    pool.define(kInsertCategory,
                "INSERT INTO categories (slug, name, subtitle, parent_id, sort_order) "
                "VALUES ($1, $2, $3, (SELECT id FROM categories WHERE slug = $4), "
                "(SELECT coalesce(max(sort_order), -1) + 1 FROM categories))");
    // An article without an id gets the next after the largest, as SQLite's rowid does, so ids
    // brought by the same import cannot collide with it.
    pool.define(kInsertArticle,
                "INSERT INTO articles (id, title, category_id, status, published_at, source, "
                "source_url, summary, body_html, views, created_at, updated_at) "
                "VALUES (coalesce($1, (SELECT coalesce(max(id), 0) + 1 FROM articles)), $2, "
                "(SELECT id FROM categories WHERE slug = $3), $4, $5, $6, $7, $8, $9, $10, $11, "
                "$12) RETURNING id");
    pool.define(kInsertKeyword,
                "INSERT INTO article_keywords (article_id, position, keyword) VALUES ($1, $2, $3)");
    // Ids written by hand leave the identity sequence behind; later inserts must start past them.
    pool.define(kAdvanceArticleIds,
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), "
                "(SELECT coalesce(max(id), 0) + 1 FROM articles), false)");
    pool.define(kExportCategories,
                "SELECT c.slug, c.name, c.subtitle, p.slug FROM categories c "
                "LEFT JOIN categories p ON p.id = c.parent_id ORDER BY c.sort_order, c.id");
    pool.define(kExportArticles,
                "SELECT a.id, a.title, c.slug, a.status, a.published_at, a.source, a.source_url, "
                "a.summary, a.body_html, a.views FROM articles a "
                "JOIN categories c ON c.id = a.category_id ORDER BY a.id");
    pool.define(kExportKeywords,
                "SELECT article_id, keyword FROM article_keywords ORDER BY article_id, position");
}

class Rows final : public ImportRows {
public:
    explicit Rows(pqxx::work& tx) : tx_(tx) {}

    bool slug_exists(std::string_view slug) override {
        return !tx_.exec_prepared(kSlugExists, std::string(slug)).empty();
    }

    bool article_id_taken(std::int64_t id) override {
        return !tx_.exec_prepared(kIdTaken, id).empty();
    }

    void insert_category(const content::NewCategory& cat) override {
        tx_.exec_prepared0(kInsertCategory, cat.slug, cat.name, cat.subtitle, cat.parent_slug);
    }

    std::int64_t insert_article(const content::NewArticle& a, content::Time now) override {
        const auto now_s = seconds(now);
        const auto id =
            tx_.exec_prepared1(kInsertArticle, a.id, a.title, a.category_slug,
                               a.status == content::ArticleStatus::draft ? "draft" : "published",
                               seconds(a.published_at), a.source, a.source_url,
                               a.summary.value_or(""), a.body_html, a.views, now_s, now_s)[0]
                .as<std::int64_t>();
        for (std::size_t i = 0; i < a.keywords.size(); ++i) {
            tx_.exec_prepared0(kInsertKeyword, id, static_cast<std::int64_t>(i), a.keywords[i]);
        }
        return id;
    }

private:
    pqxx::work& tx_;
};

}  // namespace

PostgresContentTransfer::PostgresContentTransfer(Pool& pool, AuditKey audit_key,
                                                 search::Analyzer& analyzer)
    : pool_(pool), audit_key_(std::move(audit_key)), analyzer_(analyzer) {
    define_queries(pool_);
    define_audit_queries(pool_);
    define_search_text_queries(pool_);
}

void PostgresContentTransfer::write_import(
    const std::function<std::optional<content::AuditRecord>(ImportRows&)>& work) {
    pool_.with(kInsertArticle, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        tx.exec_prepared0(kLockContent);
        Rows rows(tx);
        auto audit = work(rows);
        if (!audit) return;
        tx.exec_prepared(kAdvanceArticleIds);
        sync_search_index(tx, analyzer_);
        append_audit(tx, audit_key_, *audit);
        tx.commit();
    });
}

content::ImportDocument PostgresContentTransfer::read_content() {
    return pool_.with(kExportArticles, [&](pqxx::connection& c) {
        // One snapshot for the three queries, so the export is consistent.
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only> tx(c);
        content::ImportDocument doc;
        for (const auto& r : tx.exec_prepared(kExportCategories)) {
            doc.categories.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                                      r[2].as<std::string>(), optional_text(r[3])});
        }
        std::map<std::int64_t, std::vector<std::string>> keywords;
        for (const auto& r : tx.exec_prepared(kExportKeywords)) {
            keywords[r[0].as<std::int64_t>()].push_back(r[1].as<std::string>());
        }
        for (const auto& r : tx.exec_prepared(kExportArticles)) {
            content::NewArticle a;
            a.id = r[0].as<std::int64_t>();
            a.title = r[1].as<std::string>();
            a.category_slug = r[2].as<std::string>();
            a.status = r[3].as<std::string>() == "draft" ? content::ArticleStatus::draft
                                                         : content::ArticleStatus::published;
            a.published_at = time_of(r[4]);
            if (auto kw = keywords.find(*a.id); kw != keywords.end()) {
                a.keywords = std::move(kw->second);
            }
            a.source = r[5].as<std::string>();
            a.source_url = optional_text(r[6]);
            a.summary = r[7].as<std::string>();
            a.body_html = r[8].as<std::string>();
            a.views = r[9].as<std::int64_t>();
            doc.articles.push_back(std::move(a));
        }
        tx.commit();
        return doc;
    });
}

}  // namespace gp::store::postgres
