#include "store/postgres/postgres_content_transfer.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "content/article_text.hpp"
#include "content/rfc3339.hpp"
#include "store/postgres/postgres_search_text.hpp"
#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kLockContent = "import_lock_content";
constexpr const char* kSlugExists = "import_slug_exists";
constexpr const char* kIdTaken = "import_article_id_taken";
constexpr const char* kNextSortOrder = "import_next_sort_order";
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
    pool.define(kNextSortOrder, "SELECT coalesce(max(sort_order), -1) + 1 FROM categories");
    pool.define(kInsertCategory,
                "INSERT INTO categories (slug, name, subtitle, parent_id, sort_order) "
                "VALUES ($1, $2, $3, (SELECT id FROM categories WHERE slug = $4), $5)");
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

}  // namespace

PostgresContentTransfer::PostgresContentTransfer(Pool& pool, search::Analyzer& analyzer)
    : pool_(pool), analyzer_(analyzer) {
    define_queries(pool_);
    define_search_text_queries(pool_);
}

std::variant<std::size_t, content::ImportError> PostgresContentTransfer::import_json(
    std::string_view json_text, content::Time now) {
    using Outcome = std::variant<std::size_t, content::ImportError>;
    return pool_.with(kInsertArticle, [&](pqxx::connection& c) -> Outcome {
        pqxx::work tx(c);
        tx.exec_prepared0(kLockContent);
        content::ImportContext context{
            [&](std::string_view slug) {
                return !tx.exec_prepared(kSlugExists, std::string(slug)).empty();
            },
            [&](std::int64_t id) { return !tx.exec_prepared(kIdTaken, id).empty(); }, now};
        auto parsed = content::parse_import_document(json_text, context);
        if (auto* error = std::get_if<content::ImportError>(&parsed)) return *error;
        const auto& doc = std::get<content::ImportDocument>(parsed);

        auto order = tx.exec_prepared1(kNextSortOrder)[0].as<std::int64_t>();
        for (const auto& cat : doc.categories) {
            tx.exec_prepared0(kInsertCategory, cat.slug, cat.name, cat.subtitle, cat.parent_slug,
                              order++);
        }
        const auto now_s = seconds(now);
        for (const auto& a : doc.articles) {
            const auto prepared = content::prepare_body(a.body_html, a.summary);
            const auto id =
                tx.exec_prepared1(kInsertArticle, a.id, a.title, a.category_slug,
                                  a.status == content::ArticleStatus::draft ? "draft" : "published",
                                  seconds(a.published_at), a.source, a.source_url, prepared.summary,
                                  prepared.body_html, a.views, now_s, now_s)[0]
                    .as<std::int64_t>();
            for (std::size_t i = 0; i < a.keywords.size(); ++i) {
                tx.exec_prepared0(kInsertKeyword, id, static_cast<std::int64_t>(i), a.keywords[i]);
            }
        }
        tx.exec_prepared(kAdvanceArticleIds);
        sync_search_index(tx, analyzer_);
        tx.commit();
        return doc.articles.size();
    });
}

std::string PostgresContentTransfer::export_json() {
    using nlohmann::json;
    return pool_.with(kExportArticles, [&](pqxx::connection& c) {
        // One snapshot for the three queries, so the export is consistent.
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only> tx(c);
        json categories = json::array();
        {
            // Parents first: sort_order already follows import order, but a re-parented
            // category may come before its parent, so emit in tree order.
            struct Row {
                std::string slug, name, subtitle;
                std::optional<std::string> parent;
            };
            std::vector<Row> rows;
            for (const auto& r : tx.exec_prepared(kExportCategories)) {
                rows.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                                r[2].as<std::string>(), optional_text(r[3])});
            }
            std::vector<bool> done(rows.size(), false);
            std::set<std::string> emitted;
            for (bool progress = true; progress;) {
                progress = false;
                for (std::size_t i = 0; i < rows.size(); ++i) {
                    if (done[i] || (rows[i].parent && !emitted.contains(*rows[i].parent))) {
                        continue;
                    }
                    const auto& r = rows[i];
                    categories.push_back({{"slug", r.slug},
                                          {"name", r.name},
                                          {"parent", r.parent ? json(*r.parent) : json(nullptr)},
                                          {"subtitle", r.subtitle}});
                    emitted.insert(r.slug);
                    done[i] = true;
                    progress = true;
                }
            }
        }
        std::map<std::int64_t, json> keywords;
        for (const auto& r : tx.exec_prepared(kExportKeywords)) {
            auto& list = keywords[r[0].as<std::int64_t>()];
            if (list.is_null()) list = json::array();
            list.push_back(r[1].as<std::string>());
        }
        json articles = json::array();
        for (const auto& r : tx.exec_prepared(kExportArticles)) {
            const auto id = r[0].as<std::int64_t>();
            const auto kw = keywords.find(id);
            articles.push_back(
                {{"id", id},
                 {"title", r[1].as<std::string>()},
                 {"category", r[2].as<std::string>()},
                 {"status", r[3].as<std::string>()},
                 {"published_at", content::format_rfc3339(time_of(r[4]), std::chrono::minutes{0})},
                 {"keywords", kw == keywords.end() ? json::array() : kw->second},
                 {"source", r[5].as<std::string>()},
                 {"source_url", r[6].is_null() ? json(nullptr) : json(r[6].as<std::string>())},
                 {"summary", r[7].as<std::string>()},
                 {"body_html", r[8].as<std::string>()},
                 {"views", r[9].as<std::int64_t>()}});
        }
        return json{{"categories", categories}, {"articles", articles}}.dump(2) + "\n";
    });
}

}  // namespace gp::store::postgres
