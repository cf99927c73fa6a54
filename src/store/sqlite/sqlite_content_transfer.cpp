#include "store/sqlite/sqlite_content_transfer.hpp"

#include <map>

#include "store/sqlite/sqlite_audit_store.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kSlugExists = "SELECT 1 FROM categories WHERE slug = ?";
constexpr std::string_view kIdTaken = "SELECT 1 FROM articles WHERE id = ?";
constexpr std::string_view kInsertCategory =
    "INSERT INTO categories (slug, name, subtitle, parent_id, sort_order) "
    "VALUES (?, ?, ?, (SELECT id FROM categories WHERE slug = ?), "
    "(SELECT coalesce(max(sort_order), -1) + 1 FROM categories))";
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

class Rows final : public ImportRows {
public:
    explicit Rows(Connection& c) : c_(c) {}

    bool slug_exists(std::string_view slug) override {
        slug_exists_.reset();
        slug_exists_.bind(1, slug);
        return slug_exists_.step();
    }

    bool article_id_taken(std::int64_t id) override {
        id_taken_.reset();
        id_taken_.bind(1, id);
        return id_taken_.step();
    }

    void insert_category(const content::NewCategory& cat) override {
        insert_category_.reset();
        insert_category_.bind(1, cat.slug)
            .bind(2, cat.name)
            .bind(3, cat.subtitle)
            .bind(4, cat.parent_slug)
            .run();
    }

    std::int64_t insert_article(const content::NewArticle& a, content::Time now) override {
        const auto now_s = std::int64_t{now.time_since_epoch().count()};
        insert_article_.reset();
        if (a.id) {
            insert_article_.bind(1, *a.id);
        } else {
            insert_article_.bind_null(1);
        }
        insert_article_.bind(2, a.title)
            .bind(3, a.category_slug)
            .bind(4, std::string_view{a.status == content::ArticleStatus::draft ? "draft"
                                                                                : "published"})
            .bind(5, std::int64_t{a.published_at.time_since_epoch().count()})
            .bind(6, a.source)
            .bind(7, a.source_url)
            .bind(8, a.summary.value_or(""))
            .bind(9, a.body_html)
            .bind(10, a.views)
            .bind(11, now_s)
            .bind(12, now_s)
            .run();
        const auto id = c_.last_insert_id();
        for (std::size_t i = 0; i < a.keywords.size(); ++i) {
            insert_keyword_.reset();
            insert_keyword_.bind(1, id).bind(2, std::int64_t(i)).bind(3, a.keywords[i]).run();
        }
        return id;
    }

private:
    Connection& c_;
    Statement slug_exists_{c_, kSlugExists, "slug_exists"};
    Statement id_taken_{c_, kIdTaken, "article_id_taken"};
    Statement insert_category_{c_, kInsertCategory, "insert_category"};
    Statement insert_article_{c_, kInsertArticle, "insert_article"};
    Statement insert_keyword_{c_, kInsertKeyword, "insert_keyword"};
};

}  // namespace

void SqliteContentTransfer::write_import(
    const std::function<std::optional<content::AuditRecord>(ImportRows&)>& work) {
    auto c = db_.borrow();
    // BEGIN IMMEDIATE takes the write lock before the first check, so the checks against the
    // store still hold when the rows are written.
    Transaction tx(*c);
    Rows rows(*c);
    auto audit = work(rows);
    if (!audit) return;
    append_audit(*c, audit_key_, *audit);
    tx.commit();
}

content::ImportDocument SqliteContentTransfer::read_content() {
    auto c = db_.borrow();
    // One read transaction, so the three queries see one snapshot.
    c->exec("BEGIN", "begin_export");
    struct EndRead {
        Connection& c;
        ~EndRead() { sqlite3_exec(c.handle(), "COMMIT", nullptr, nullptr, nullptr); }
    } end_read{*c};

    content::ImportDocument doc;
    {
        Statement st(*c, kExportCategories, "export_categories");
        while (st.step()) {
            doc.categories.push_back({st.text(0), st.text(1), st.text(2), st.optional_text(3)});
        }
    }
    std::map<std::int64_t, std::vector<std::string>> keywords;
    {
        Statement st(*c, kExportKeywords, "export_keywords");
        while (st.step()) keywords[st.int64(0)].push_back(st.text(1));
    }
    Statement st(*c, kExportArticles, "export_articles");
    while (st.step()) {
        content::NewArticle a;
        a.id = st.int64(0);
        a.title = st.text(1);
        a.category_slug = st.text(2);
        a.status = st.text(3) == "draft" ? content::ArticleStatus::draft
                                         : content::ArticleStatus::published;
        a.published_at = content::Time{std::chrono::seconds{st.int64(4)}};
        if (auto kw = keywords.find(*a.id); kw != keywords.end())
            a.keywords = std::move(kw->second);
        a.source = st.text(5);
        a.source_url = st.optional_text(6);
        a.summary = st.text(7);
        a.body_html = st.text(8);
        a.views = st.int64(9);
        doc.articles.push_back(std::move(a));
    }
    return doc;
}

}  // namespace gp::store::sqlite
