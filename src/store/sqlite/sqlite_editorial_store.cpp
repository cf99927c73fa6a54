#include "store/sqlite/sqlite_editorial_store.hpp"

#include <nlohmann/json.hpp>

namespace gp::store::sqlite {
namespace {

using content::EditorialState;

// The one place that maps the stored columns to a workflow state (docs/adr/0011).
#define GP_STATE                                                                        \
    "CASE WHEN a.trashed_at IS NOT NULL THEN 'trash' WHEN a.status = 'published' THEN " \
    "'published' WHEN a.in_review = 1 THEN 'review' ELSE 'draft' END"

constexpr std::string_view kColumns =
    "SELECT a.id, a.title, a.category_id, a.source, a.source_url, a.summary, a.body_html, "
    "a.body_format, a.body_source, a.seo_title, a.seo_description, a.published_at, " GP_STATE
    ", a.version, a.created_by, a.updated_by, a.updated_at, a.trashed_at FROM articles a";
constexpr std::string_view kKeywordsOf =
    "SELECT keyword FROM article_keywords WHERE article_id = ? ORDER BY position";
constexpr std::string_view kInsertArticle =
    "INSERT INTO articles (title, category_id, status, published_at, source, source_url, "
    "summary, body_html, created_at, updated_at, version, created_by, updated_by, seo_title, "
    "seo_description, body_format, body_source) "
    "VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSaveFields =
    "UPDATE articles SET title = ?, category_id = ?, published_at = ?, source = ?, "
    "source_url = ?, summary = ?, body_html = ?, seo_title = ?, seo_description = ?, "
    "body_format = ?, body_source = ? WHERE id = ?";
constexpr std::string_view kSaveState =
    "UPDATE articles SET status = ?, in_review = ?, trashed_at = ? WHERE id = ?";
constexpr std::string_view kSetPublishedAt = "UPDATE articles SET published_at = ? WHERE id = ?";
constexpr std::string_view kBump =
    "UPDATE articles SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?";
constexpr std::string_view kDeleteKeywords = "DELETE FROM article_keywords WHERE article_id = ?";
constexpr std::string_view kInsertKeyword =
    "INSERT INTO article_keywords (article_id, position, keyword) VALUES (?, ?, ?)";
constexpr std::string_view kInsertRevision =
    "INSERT INTO article_revisions (article_id, version, at, account_name, reason, title, "
    "category_id, keywords, source, source_url, summary, body_html, body_format, body_source, "
    "seo_title, seo_description, published_at) "
    "SELECT id, version, ?, ?, ?, title, category_id, ?, source, source_url, summary, body_html, "
    "body_format, body_source, seo_title, seo_description, published_at FROM articles "
    "WHERE id = ?";
constexpr std::string_view kRevisionColumns =
    "SELECT id, article_id, version, at, account_name, reason, title, category_id, keywords, "
    "source, source_url, summary, body_html, body_format, body_source, seo_title, "
    "seo_description, published_at FROM article_revisions";
constexpr std::string_view kHasRevision = "SELECT 1 FROM article_revisions WHERE article_id = ?";
constexpr std::string_view kDropAutosave = "DELETE FROM article_autosaves WHERE article_id = ?";
constexpr std::string_view kArticleExists = "SELECT 1 FROM articles WHERE id = ?";
constexpr std::string_view kPutAutosave =
    "INSERT OR REPLACE INTO article_autosaves (article_id, base_version, at, account_name, "
    "fields) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kFindAutosave =
    "SELECT article_id, base_version, at, account_name, fields FROM article_autosaves "
    "WHERE article_id = ?";
constexpr std::string_view kApprovalsOf =
    "SELECT account_name FROM article_approvals WHERE article_id = ? ORDER BY at, account_name";
constexpr std::string_view kWritersOf =
    "SELECT created_by FROM articles WHERE id = ?1 AND created_by <> '' UNION "
    "SELECT account_name FROM article_revisions WHERE article_id = ?1 AND account_name <> '' "
    "AND account_name <> '(import)'";
constexpr std::string_view kDropApprovals = "DELETE FROM article_approvals WHERE article_id = ?";
constexpr std::string_view kApprove =
    "INSERT INTO article_approvals (article_id, account_name, at) VALUES (?, ?, ?)";
constexpr std::string_view kAuthors =
    "SELECT DISTINCT created_by FROM articles WHERE created_by <> '' ORDER BY created_by";
// One statement for every combination of filters: an empty parameter matches everything.
constexpr std::string_view kWhere =
    " WHERE (?1 IS NULL OR a.category_id IN (SELECT value FROM json_each(?1))) "
    "AND ((?2 IS NULL AND a.trashed_at IS NULL) OR " GP_STATE
    " = ?2) AND (?3 = '' OR a.created_by = ?3) AND (?4 = '' OR instr(a.title, ?4) > 0 OR "
    "EXISTS (SELECT 1 FROM article_keywords k WHERE k.article_id = a.id AND k.keyword = ?4)) "
    "AND (?5 IS NULL OR a.published_at >= ?5) AND (?6 IS NULL OR a.published_at < ?6)";

std::int64_t secs(content::Time t) { return t.time_since_epoch().count(); }
content::Time time_of(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }

std::string_view format_name(content::BodyFormat f) {
    return f == content::BodyFormat::markdown ? "markdown" : "html";
}
content::BodyFormat parse_format(std::string_view s) {
    return s == "markdown" ? content::BodyFormat::markdown : content::BodyFormat::html;
}

std::vector<std::string> keywords_of(Connection& c, std::int64_t id) {
    Statement st(c.handle(), kKeywordsOf, "editorial_keywords_of");
    st.bind(1, id);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::vector<std::string> names_of(Connection& c, std::string_view sql, std::string_view name,
                                  std::int64_t id) {
    Statement st(c.handle(), sql, name);
    st.bind(1, id);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

content::EditorialArticle read_article(Statement& st) {
    content::EditorialArticle a;
    a.id = st.int64(0);
    auto& f = a.fields;
    f.title = st.text(1);
    f.category_id = st.int64(2);
    f.source = st.text(3);
    f.source_url = st.optional_text(4);
    f.summary = st.text(5);
    f.body_html = st.text(6);
    f.body_format = parse_format(st.text(7));
    f.body_source = st.text(8);
    f.seo_title = st.text(9);
    f.seo_description = st.text(10);
    f.published_at = time_of(st.int64(11));
    a.state = content::parse_state(st.text(12)).value_or(EditorialState::draft);
    a.version = st.int64(13);
    a.created_by = st.text(14);
    a.updated_by = st.text(15);
    a.updated_at = time_of(st.int64(16));
    if (!st.is_null(17)) a.trashed_at = time_of(st.int64(17));
    return a;
}

std::optional<content::EditorialArticle> find_on(Connection& c, std::int64_t id) {
    Statement st(c.handle(), std::string(kColumns) + " WHERE a.id = ?", "find_editorial");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    auto a = read_article(st);
    a.fields.keywords = keywords_of(c, id);
    a.approved_by = names_of(c, kApprovalsOf, "editorial_approvals_of", id);
    a.writers = names_of(c, kWritersOf, "editorial_writers_of", id);
    return a;
}

void write_keywords(Connection& c, std::int64_t id, const std::vector<std::string>& keywords) {
    Statement del(c.handle(), kDeleteKeywords, "editorial_delete_keywords");
    del.bind(1, id).run();
    Statement ins(c.handle(), kInsertKeyword, "editorial_insert_keyword");
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        ins.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, keywords[i]);
        ins.run();
        ins.reset();
    }
}

void write_revision(Connection& c, std::int64_t id, const std::string& author, content::Time at,
                    const std::string& reason, const std::vector<std::string>& keywords) {
    Statement st(c.handle(), kInsertRevision, "insert_revision");
    st.bind(1, secs(at))
        .bind(2, author)
        .bind(3, reason)
        .bind(4, nlohmann::json(keywords).dump())
        .bind(5, id)
        .run();
}

void save_fields(Connection& c, std::int64_t id, const content::ArticleFields& f) {
    Statement st(c.handle(), kSaveFields, "save_article_fields");
    st.bind(1, f.title)
        .bind(2, f.category_id)
        .bind(3, secs(f.published_at))
        .bind(4, f.source)
        .bind(5, f.source_url)
        .bind(6, f.summary)
        .bind(7, f.body_html)
        .bind(8, f.seo_title)
        .bind(9, f.seo_description)
        .bind(10, format_name(f.body_format))
        .bind(11, f.body_source)
        .bind(12, id)
        .run();
    write_keywords(c, id, f.keywords);
}

void save_state(Connection& c, std::int64_t id, EditorialState state, content::Time at) {
    Statement st(c.handle(), kSaveState, "save_article_state");
    st.bind(1, std::string_view{state == EditorialState::published ? "published" : "draft"})
        .bind(2, std::int64_t{state == EditorialState::review ? 1 : 0});
    if (state == EditorialState::trash) {
        st.bind(3, secs(at));
    } else {
        st.bind_null(3);
    }
    st.bind(4, id).run();
}

void bind_query(Statement& st, const EditorialQuery& q) {
    if (q.category_ids.empty()) {
        st.bind_null(1);
    } else {
        st.bind(1, nlohmann::json(q.category_ids).dump());
    }
    if (q.state) {
        st.bind(2, content::state_name(*q.state));
    } else {
        st.bind_null(2);
    }
    st.bind(3, q.author).bind(4, q.keyword);
    if (q.from) {
        st.bind(5, secs(*q.from));
    } else {
        st.bind_null(5);
    }
    if (q.to) {
        st.bind(6, secs(*q.to));
    } else {
        st.bind_null(6);
    }
}

content::Revision read_revision(Statement& st) {
    content::Revision r;
    r.id = st.int64(0);
    r.article_id = st.int64(1);
    r.version = st.int64(2);
    r.at = time_of(st.int64(3));
    r.account_name = st.text(4);
    r.reason = st.text(5);
    auto& f = r.fields;
    f.title = st.text(6);
    f.category_id = st.int64(7);
    const auto keywords = nlohmann::json::parse(st.text(8), nullptr, false);
    if (keywords.is_array()) {
        for (const auto& k : keywords) {
            if (k.is_string()) f.keywords.push_back(k.get<std::string>());
        }
    }
    f.source = st.text(9);
    f.source_url = st.optional_text(10);
    f.summary = st.text(11);
    f.body_html = st.text(12);
    f.body_format = parse_format(st.text(13));
    f.body_source = st.text(14);
    f.seo_title = st.text(15);
    f.seo_description = st.text(16);
    f.published_at = time_of(st.int64(17));
    return r;
}

}  // namespace

std::int64_t SqliteEditorialStore::create_article(const content::ArticleFields& f,
                                                  const std::string& author, content::Time at,
                                                  const std::string& reason,
                                                  std::vector<content::AuditRecord> audit) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement st(c->handle(), kInsertArticle, "create_article");
    st.bind(1, f.title)
        .bind(2, f.category_id)
        .bind(3, secs(f.published_at))
        .bind(4, f.source)
        .bind(5, f.source_url)
        .bind(6, f.summary)
        .bind(7, f.body_html)
        .bind(8, secs(at))
        .bind(9, secs(at))
        .bind(10, author)
        .bind(11, author)
        .bind(12, f.seo_title)
        .bind(13, f.seo_description)
        .bind(14, format_name(f.body_format))
        .bind(15, f.body_source)
        .run();
    const auto id = c->last_insert_id();
    write_keywords(*c, id, f.keywords);
    write_revision(*c, id, author, at, reason, f.keywords);
    for (auto& record : audit) {
        record.object_id = std::to_string(id);
        append_audit(*c, key_, std::move(record));
    }
    tx.commit();
    return id;
}

std::optional<content::EditorialArticle> SqliteEditorialStore::find_editorial(std::int64_t id) {
    auto c = db_.borrow();
    return find_on(*c, id);
}

EditorialResult SqliteEditorialStore::update_article(
    std::int64_t id, const std::string& author, content::Time at,
    const std::function<std::optional<EditorialWrite>(const content::EditorialArticle&)>& decide) {
    auto c = db_.borrow();
    Transaction tx(*c);
    const auto current = find_on(*c, id);
    if (!current) return EditorialResult::not_found;
    auto write = decide(*current);
    if (!write) return EditorialResult::unchanged;
    if (write->fields) {
        // An article written by an import has no revision yet: its first save keeps the
        // imported state first, so the change can be compared and undone like any other.
        Statement any(c->handle(), kHasRevision, "has_revision");
        any.bind(1, id);
        if (!any.step()) {
            write_revision(*c, id, "(import)", current->updated_at, "", current->fields.keywords);
        }
        save_fields(*c, id, *write->fields);
    }
    if (write->published_at) {
        Statement st(c->handle(), kSetPublishedAt, "set_published_at");
        st.bind(1, secs(*write->published_at)).bind(2, id).run();
    }
    const bool new_state = write->state && *write->state != current->state;
    if (new_state) save_state(*c, id, *write->state, at);
    if (write->fields || new_state) {
        Statement drop(c->handle(), kDropApprovals, "drop_approvals");
        drop.bind(1, id).run();
    }
    if (write->approve) {
        Statement approve(c->handle(), kApprove, "approve_article");
        approve.bind(1, id).bind(2, author).bind(3, secs(at)).run();
    }
    Statement bump(c->handle(), kBump, "bump_article_version");
    bump.bind(1, secs(at)).bind(2, author).bind(3, id).run();
    if (write->fields) {
        write_revision(*c, id, author, at, write->reason, write->fields->keywords);
    }
    if (write->drop_autosave) {
        Statement drop(c->handle(), kDropAutosave, "drop_autosave");
        drop.bind(1, id).run();
    }
    for (auto& record : write->audit) append_audit(*c, key_, std::move(record));
    tx.commit();
    return EditorialResult::applied;
}

std::vector<content::EditorialArticle> SqliteEditorialStore::list_editorial(
    const EditorialQuery& q) {
    auto c = db_.borrow();
    Statement st(c->handle(),
                 std::string(kColumns) + std::string(kWhere) +
                     " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?7 OFFSET ?8",
                 "list_editorial");
    bind_query(st, q);
    st.bind(7, q.limit).bind(8, q.offset);
    std::vector<content::EditorialArticle> out;
    while (st.step()) out.push_back(read_article(st));
    for (auto& a : out) {
        a.fields.keywords = keywords_of(*c, a.id);
        a.approved_by = names_of(*c, kApprovalsOf, "editorial_approvals_of", a.id);
    }
    return out;
}

std::int64_t SqliteEditorialStore::count_editorial(const EditorialQuery& q) {
    auto c = db_.borrow();
    Statement st(c->handle(), "SELECT count(*) FROM articles a" + std::string(kWhere),
                 "count_editorial");
    bind_query(st, q);
    st.step();
    return st.int64(0);
}

std::vector<std::string> SqliteEditorialStore::list_authors() {
    auto c = db_.borrow();
    Statement st(c->handle(), kAuthors, "list_authors");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

std::vector<content::Revision> SqliteEditorialStore::list_revisions(std::int64_t article_id) {
    auto c = db_.borrow();
    Statement st(c->handle(),
                 std::string(kRevisionColumns) + " WHERE article_id = ? ORDER BY id DESC",
                 "list_revisions");
    st.bind(1, article_id);
    std::vector<content::Revision> out;
    while (st.step()) out.push_back(read_revision(st));
    return out;
}

std::optional<content::Revision> SqliteEditorialStore::find_revision(std::int64_t article_id,
                                                                     std::int64_t revision_id) {
    auto c = db_.borrow();
    Statement st(c->handle(), std::string(kRevisionColumns) + " WHERE article_id = ? AND id = ?",
                 "find_revision");
    st.bind(1, article_id).bind(2, revision_id);
    if (!st.step()) return std::nullopt;
    return read_revision(st);
}

bool SqliteEditorialStore::put_autosave(const content::Autosave& a,
                                        const content::AuditRecord& audit) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement exists(c->handle(), kArticleExists, "autosave_article_exists");
    exists.bind(1, a.article_id);
    if (!exists.step()) return false;
    Statement st(c->handle(), kPutAutosave, "put_autosave");
    st.bind(1, a.article_id)
        .bind(2, a.base_version)
        .bind(3, secs(a.at))
        .bind(4, a.account_name)
        .bind(5, a.fields_json)
        .run();
    append_audit(*c, key_, audit);
    tx.commit();
    return true;
}

std::optional<content::Autosave> SqliteEditorialStore::find_autosave(std::int64_t article_id) {
    auto c = db_.borrow();
    Statement st(c->handle(), kFindAutosave, "find_autosave");
    st.bind(1, article_id);
    if (!st.step()) return std::nullopt;
    content::Autosave a;
    a.article_id = st.int64(0);
    a.base_version = st.int64(1);
    a.at = time_of(st.int64(2));
    a.account_name = st.text(3);
    a.fields_json = st.text(4);
    return a;
}

}  // namespace gp::store::sqlite
