#include "store/sqlite/sqlite_content_transfer.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "content/article_text.hpp"
#include "content/rfc3339.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kSlugExists = "SELECT 1 FROM categories WHERE slug = ?";
constexpr std::string_view kIdTaken = "SELECT 1 FROM articles WHERE id = ?";
constexpr std::string_view kNextSortOrder =
    "SELECT coalesce(max(sort_order), -1) + 1 FROM categories";
constexpr std::string_view kInsertCategory =
    "INSERT INTO categories (slug, name, subtitle, parent_id, sort_order) "
    "VALUES (?, ?, ?, (SELECT id FROM categories WHERE slug = ?), ?)";
constexpr std::string_view kInsertArticle =
    "INSERT INTO articles (id, title, category_id, status, published_at, source, source_url, "
    "summary, body_html, views, created_at, updated_at) "
    "VALUES (?, ?, (SELECT id FROM categories WHERE slug = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertKeyword =
    "INSERT INTO article_keywords (article_id, position, keyword) VALUES (?, ?, ?)";
constexpr std::string_view kExportCategories =
    "SELECT c.slug, c.name, c.subtitle, p.slug FROM categories c "
    "LEFT JOIN categories p ON p.id = c.parent_id ORDER BY c.sort_order, c.id";
constexpr std::string_view kExportArticles =
    "SELECT a.id, a.title, c.slug, a.status, a.published_at, a.source, a.source_url, a.summary, "
    "a.body_html, a.views FROM articles a JOIN categories c ON c.id = a.category_id ORDER BY a.id";
constexpr std::string_view kExportKeywords =
    "SELECT article_id, keyword FROM article_keywords ORDER BY article_id, position";

}  // namespace

std::variant<std::size_t, content::ImportError> SqliteContentTransfer::import_json(
    std::string_view json_text, content::Time now) {
    auto c = db_.borrow();
    // The write lock is taken before validation so the checks against the store still hold
    // when the rows are written.
    Transaction tx(*c);
    Statement slug_exists(*c, kSlugExists, "slug_exists");
    Statement id_taken(*c, kIdTaken, "article_id_taken");
    content::ImportContext context{[&](std::string_view slug) {
                                       slug_exists.reset();
                                       slug_exists.bind(1, slug);
                                       return slug_exists.step();
                                   },
                                   [&](std::int64_t id) {
                                       id_taken.reset();
                                       id_taken.bind(1, id);
                                       return id_taken.step();
                                   },
                                   now};
    auto parsed = content::parse_import_document(json_text, context);
    if (auto* error = std::get_if<content::ImportError>(&parsed)) return *error;
    const auto& doc = std::get<content::ImportDocument>(parsed);

    Statement next_order(*c, kNextSortOrder, "next_sort_order");
    next_order.step();
    std::int64_t order = next_order.int64(0);
    Statement insert_category(*c, kInsertCategory, "insert_category");
    for (const auto& cat : doc.categories) {
        insert_category.bind(1, cat.slug)
            .bind(2, cat.name)
            .bind(3, cat.subtitle)
            .bind(4, cat.parent_slug)
            .bind(5, order++);
        insert_category.run();
        insert_category.reset();
    }
    Statement insert_article(*c, kInsertArticle, "insert_article");
    Statement insert_keyword(*c, kInsertKeyword, "insert_keyword");
    const auto now_s = now.time_since_epoch().count();
    for (const auto& a : doc.articles) {
        const auto prepared = content::prepare_body(a.body_html, a.summary);
        if (a.id) {
            insert_article.bind(1, *a.id);
        } else {
            insert_article.bind_null(1);
        }
        insert_article.bind(2, a.title)
            .bind(3, a.category_slug)
            .bind(4, std::string_view{a.status == content::ArticleStatus::draft ? "draft"
                                                                                : "published"})
            .bind(5, std::int64_t{a.published_at.time_since_epoch().count()})
            .bind(6, a.source)
            .bind(7, a.source_url)
            .bind(8, prepared.summary)
            .bind(9, prepared.body_html)
            .bind(10, a.views)
            .bind(11, now_s)
            .bind(12, now_s);
        insert_article.run();
        insert_article.reset();
        const auto id = c->last_insert_id();
        for (std::size_t i = 0; i < a.keywords.size(); ++i) {
            insert_keyword.bind(1, id).bind(2, std::int64_t(i)).bind(3, a.keywords[i]);
            insert_keyword.run();
            insert_keyword.reset();
        }
    }
    tx.commit();
    return doc.articles.size();
}

std::string SqliteContentTransfer::export_json() {
    using nlohmann::json;
    auto c = db_.borrow();
    // One read transaction, so the export is a consistent snapshot.
    c->exec("BEGIN", "begin_export");
    struct EndRead {
        Connection& c;
        ~EndRead() { sqlite3_exec(c.handle(), "COMMIT", nullptr, nullptr, nullptr); }
    } end_read{*c};

    json categories = json::array();
    {
        Statement st(*c, kExportCategories, "export_categories");
        // Parents first: sort_order already follows import order, but a re-parented category
        // may come before its parent, so emit in tree order.
        struct Row {
            std::string slug, name, subtitle;
            std::optional<std::string> parent;
        };
        std::vector<Row> rows;
        while (st.step()) rows.push_back({st.text(0), st.text(1), st.text(2), st.optional_text(3)});
        std::vector<bool> done(rows.size(), false);
        std::set<std::string> emitted;
        for (bool progress = true; progress;) {
            progress = false;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (done[i] || (rows[i].parent && !emitted.contains(*rows[i].parent))) continue;
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
    {
        Statement st(*c, kExportKeywords, "export_keywords");
        while (st.step()) {
            auto& list = keywords[st.int64(0)];
            if (list.is_null()) list = json::array();
            list.push_back(st.text(1));
        }
    }
    json articles = json::array();
    {
        Statement st(*c, kExportArticles, "export_articles");
        while (st.step()) {
            const auto id = st.int64(0);
            const auto kw = keywords.find(id);
            articles.push_back(
                {{"id", id},
                 {"title", st.text(1)},
                 {"category", st.text(2)},
                 {"status", st.text(3)},
                 {"published_at",
                  content::format_rfc3339(content::Time{std::chrono::seconds{st.int64(4)}},
                                          std::chrono::minutes{0})},
                 {"keywords", kw == keywords.end() ? json::array() : kw->second},
                 {"source", st.text(5)},
                 {"source_url", st.is_null(6) ? json(nullptr) : json(st.text(6))},
                 {"summary", st.text(7)},
                 {"body_html", st.text(8)},
                 {"views", st.int64(9)}});
        }
    }
    return json{{"categories", categories}, {"articles", articles}}.dump(2) + "\n";
}

}  // namespace gp::store::sqlite
