#include "store/postgres/postgres_editorial_store.hpp"

#include <nlohmann/json.hpp>

#include "store/postgres/postgres_search_text.hpp"
#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

using content::EditorialState;

constexpr const char* kFind = "find_editorial";
constexpr const char* kLockArticle = "editorial_lock_article";
constexpr const char* kKeywordsOf = "editorial_keywords_of";
constexpr const char* kKeywordsOfMany = "editorial_keywords_of_many";
constexpr const char* kInsertArticle = "create_article";
constexpr const char* kSaveFields = "save_article_fields";
constexpr const char* kSaveState = "save_article_state";
constexpr const char* kSetPublishedAt = "set_published_at";
constexpr const char* kBump = "bump_article_version";
constexpr const char* kDeleteKeywords = "editorial_delete_keywords";
constexpr const char* kInsertKeyword = "editorial_insert_keyword";
constexpr const char* kInsertRevision = "insert_revision";
constexpr const char* kHasRevision = "has_revision";
constexpr const char* kListRevisions = "list_revisions";
constexpr const char* kFindRevision = "find_revision";
constexpr const char* kDropAutosave = "drop_autosave";
constexpr const char* kArticleExists = "autosave_article_exists";
constexpr const char* kPutAutosave = "put_autosave";
constexpr const char* kFindAutosave = "find_autosave";
constexpr const char* kApprovalsOf = "editorial_approvals_of";
constexpr const char* kApprovalsOfMany = "editorial_approvals_of_many";
constexpr const char* kWritersOf = "editorial_writers_of";
constexpr const char* kDropApprovals = "drop_approvals";
constexpr const char* kApprove = "approve_article";
constexpr const char* kAuthors = "list_authors";
constexpr const char* kList = "list_editorial";
constexpr const char* kCount = "count_editorial";

// The one place that maps the stored columns to a workflow state (docs/adr/0011), as in the
// SQLite store.
#define GP_PG_STATE                                                                     \
    "CASE WHEN a.trashed_at IS NOT NULL THEN 'trash' WHEN a.status = 'published' THEN " \
    "'published' WHEN a.in_review THEN 'review' ELSE 'draft' END"

#define GP_PG_EDITORIAL_COLUMNS                                                                  \
    "SELECT a.id, a.title, a.category_id, a.source, a.source_url, a.summary, a.body_html, "      \
    "a.body_format, a.body_source, a.seo_title, a.seo_description, a.published_at, " GP_PG_STATE \
    ", a.version, a.created_by, a.updated_by, a.updated_at, a.trashed_at FROM articles a"

// One statement for every combination of filters: a NULL or empty parameter matches
// everything. Category ids travel as one bigint[] parameter.
#define GP_PG_EDITORIAL_WHERE                                                            \
    " WHERE ($1::bigint[] IS NULL OR a.category_id = ANY($1::bigint[])) "                \
    "AND (($2::text IS NULL AND a.trashed_at IS NULL) OR " GP_PG_STATE                   \
    " = $2::text) AND ($3::text = '' OR a.created_by = $3::text) AND ($4::text = '' OR " \
    "strpos(a.title, $4::text) > 0 OR EXISTS (SELECT 1 FROM article_keywords k WHERE "   \
    "k.article_id = a.id AND k.keyword = $4::text)) AND ($5::bigint IS NULL OR "         \
    "a.published_at >= $5::bigint) AND ($6::bigint IS NULL OR a.published_at < $6::bigint)"

#define GP_PG_REVISION_COLUMNS                                                                 \
    "SELECT id, article_id, version, at, account_name, reason, title, category_id, keywords, " \
    "source, source_url, summary, body_html, body_format, body_source, seo_title, "            \
    "seo_description, published_at FROM article_revisions"

void define_queries(Pool& pool) {
    pool.define(kFind, GP_PG_EDITORIAL_COLUMNS " WHERE a.id = $1");
    // Taken first by every update: a second editor's step waits here and then reads what the
    // first committed, where SQLite's BEGIN IMMEDIATE did the same.
    pool.define(kLockArticle, "SELECT 1 FROM articles WHERE id = $1 FOR UPDATE");
    pool.define(kKeywordsOf,
                "SELECT keyword FROM article_keywords WHERE article_id = $1 ORDER BY position");
    pool.define(kKeywordsOfMany,
                "SELECT article_id, keyword FROM article_keywords WHERE article_id = "
                "ANY($1::bigint[]) ORDER BY article_id, position");
    pool.define(kInsertArticle,
                "INSERT INTO articles (title, category_id, status, published_at, source, "
                "source_url, summary, body_html, created_at, updated_at, version, created_by, "
                "updated_by, seo_title, seo_description, body_format, body_source) "
                "VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $8, 1, $9, $9, $10, $11, $12, "
                "$13) RETURNING id");
    pool.define(kSaveFields,
                "UPDATE articles SET title = $1, category_id = $2, published_at = $3, "
                "source = $4, source_url = $5, summary = $6, body_html = $7, seo_title = $8, "
                "seo_description = $9, body_format = $10, body_source = $11 WHERE id = $12");
    pool.define(kSaveState,
                "UPDATE articles SET status = $1, in_review = $2, trashed_at = $3 WHERE id = $4");
    pool.define(kSetPublishedAt, "UPDATE articles SET published_at = $1 WHERE id = $2");
    pool.define(kBump,
                "UPDATE articles SET version = version + 1, updated_at = $1, updated_by = $2 "
                "WHERE id = $3");
    pool.define(kDeleteKeywords, "DELETE FROM article_keywords WHERE article_id = $1");
    pool.define(kInsertKeyword,
                "INSERT INTO article_keywords (article_id, position, keyword) VALUES ($1, $2, $3)");
    pool.define(kInsertRevision,
                "INSERT INTO article_revisions (article_id, version, at, account_name, reason, "
                "title, category_id, keywords, source, source_url, summary, body_html, "
                "body_format, body_source, seo_title, seo_description, published_at) "
                "SELECT id, version, $1, $2, $3, title, category_id, $4, source, source_url, "
                "summary, body_html, body_format, body_source, seo_title, seo_description, "
                "published_at FROM articles WHERE id = $5");
    pool.define(kHasRevision, "SELECT 1 FROM article_revisions WHERE article_id = $1 LIMIT 1");
    pool.define(kListRevisions, GP_PG_REVISION_COLUMNS " WHERE article_id = $1 ORDER BY id DESC");
    pool.define(kFindRevision, GP_PG_REVISION_COLUMNS " WHERE article_id = $1 AND id = $2");
    pool.define(kApprovalsOf,
                "SELECT account_name FROM article_approvals WHERE article_id = $1 "
                "ORDER BY at, account_name COLLATE \"C\"");
    pool.define(kApprovalsOfMany,
                "SELECT article_id, account_name FROM article_approvals WHERE article_id = "
                "ANY($1::bigint[]) ORDER BY article_id, at, account_name COLLATE \"C\"");
    pool.define(kWritersOf,
                "SELECT created_by FROM articles WHERE id = $1 AND created_by <> '' UNION "
                "SELECT account_name FROM article_revisions WHERE article_id = $1 "
                "AND account_name <> '' AND account_name <> '(import)'");
    pool.define(kDropApprovals, "DELETE FROM article_approvals WHERE article_id = $1");
    pool.define(kApprove,
                "INSERT INTO article_approvals (article_id, account_name, at) VALUES ($1, $2, $3)");
    pool.define(kDropAutosave, "DELETE FROM article_autosaves WHERE article_id = $1");
    // FOR SHARE: the article cannot be deleted before the autosave row that points at it lands.
    pool.define(kArticleExists, "SELECT 1 FROM articles WHERE id = $1 FOR SHARE");
    pool.define(kPutAutosave,
                "INSERT INTO article_autosaves (article_id, base_version, at, account_name, "
                "fields) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (article_id) DO UPDATE SET "
                "base_version = excluded.base_version, at = excluded.at, "
                "account_name = excluded.account_name, fields = excluded.fields");
    pool.define(kFindAutosave,
                "SELECT article_id, base_version, at, account_name, fields FROM article_autosaves "
                "WHERE article_id = $1");
    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
    pool.define(kAuthors,
                "SELECT DISTINCT created_by COLLATE \"C\" FROM articles WHERE created_by <> '' "
                "ORDER BY 1");
    pool.define(kList, GP_PG_EDITORIAL_COLUMNS GP_PG_EDITORIAL_WHERE
                " ORDER BY a.updated_at DESC, a.id DESC LIMIT $7 OFFSET $8");
    pool.define(kCount, "SELECT count(*) FROM articles a" GP_PG_EDITORIAL_WHERE);
}

std::string format_name(content::BodyFormat f) {
    return f == content::BodyFormat::markdown ? "markdown" : "html";
}
content::BodyFormat parse_format(const pqxx::field& f) {
    return f.as<std::string>() == "markdown" ? content::BodyFormat::markdown
                                             : content::BodyFormat::html;
}

std::string id_array(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "}";
}

std::vector<std::string> keywords_of(pqxx::transaction_base& tx, std::int64_t id) {
    std::vector<std::string> out;
    for (const auto& row : tx.exec_prepared(kKeywordsOf, id))
        out.push_back(row[0].as<std::string>());
    return out;
}

content::EditorialArticle read_article(const pqxx::row& row) {
    content::EditorialArticle a;
    a.id = row[0].as<std::int64_t>();
    auto& f = a.fields;
    f.title = row[1].as<std::string>();
    f.category_id = row[2].as<std::int64_t>();
    f.source = row[3].as<std::string>();
    f.source_url = optional_text(row[4]);
    f.summary = row[5].as<std::string>();
    f.body_html = row[6].as<std::string>();
    f.body_format = parse_format(row[7]);
    f.body_source = row[8].as<std::string>();
    f.seo_title = row[9].as<std::string>();
    f.seo_description = row[10].as<std::string>();
    f.published_at = time_of(row[11]);
    a.state = content::parse_state(row[12].as<std::string>()).value_or(EditorialState::draft);
    a.version = row[13].as<std::int64_t>();
    a.created_by = row[14].as<std::string>();
    a.updated_by = row[15].as<std::string>();
    a.updated_at = time_of(row[16]);
    if (!row[17].is_null()) a.trashed_at = time_of(row[17]);
    return a;
}

std::optional<content::EditorialArticle> find_on(pqxx::transaction_base& tx, std::int64_t id) {
    const auto rows = tx.exec_prepared(kFind, id);
    if (rows.empty()) return std::nullopt;
    auto a = read_article(rows[0]);
    a.fields.keywords = keywords_of(tx, id);
    for (const auto& row : tx.exec_prepared(kApprovalsOf, id)) {
        a.approved_by.push_back(row[0].as<std::string>());
    }
    for (const auto& row : tx.exec_prepared(kWritersOf, id)) {
        a.writers.push_back(row[0].as<std::string>());
    }
    return a;
}

void write_keywords(pqxx::transaction_base& tx, std::int64_t id,
                    const std::vector<std::string>& keywords) {
    tx.exec_prepared0(kDeleteKeywords, id);
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        tx.exec_prepared0(kInsertKeyword, id, static_cast<std::int64_t>(i), keywords[i]);
    }
}

void write_revision(pqxx::transaction_base& tx, std::int64_t id, const std::string& author,
                    content::Time at, const std::string& reason,
                    const std::vector<std::string>& keywords) {
    tx.exec_prepared0(kInsertRevision, seconds(at), author, reason, nlohmann::json(keywords).dump(),
                      id);
}

void save_fields(pqxx::transaction_base& tx, std::int64_t id, const content::ArticleFields& f) {
    tx.exec_prepared0(kSaveFields, f.title, f.category_id, seconds(f.published_at), f.source,
                      f.source_url, f.summary, f.body_html, f.seo_title, f.seo_description,
                      format_name(f.body_format), f.body_source, id);
    write_keywords(tx, id, f.keywords);
}

void save_state(pqxx::transaction_base& tx, std::int64_t id, EditorialState state,
                content::Time at) {
    const std::optional<std::int64_t> trashed_at =
        state == EditorialState::trash ? std::optional{seconds(at)} : std::nullopt;
    tx.exec_prepared0(kSaveState,
                      std::string(state == EditorialState::published ? "published" : "draft"),
                      state == EditorialState::review, trashed_at, id);
}

/// The filter parameters $1..$6 of GP_PG_EDITORIAL_WHERE.
struct Filter {
    std::optional<std::string> categories;
    std::optional<std::string> state;
    std::string author;
    std::string keyword;
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> to;
};

Filter filter_of(const EditorialQuery& q) {
    Filter f;
    if (!q.category_ids.empty()) f.categories = id_array(q.category_ids);
    if (q.state) f.state = std::string(content::state_name(*q.state));
    f.author = q.author;
    f.keyword = q.keyword;
    if (q.from) f.from = seconds(*q.from);
    if (q.to) f.to = seconds(*q.to);
    return f;
}

content::Revision read_revision(const pqxx::row& row) {
    content::Revision r;
    r.id = row[0].as<std::int64_t>();
    r.article_id = row[1].as<std::int64_t>();
    r.version = row[2].as<std::int64_t>();
    r.at = time_of(row[3]);
    r.account_name = row[4].as<std::string>();
    r.reason = row[5].as<std::string>();
    auto& f = r.fields;
    f.title = row[6].as<std::string>();
    f.category_id = row[7].as<std::int64_t>();
    const auto keywords = nlohmann::json::parse(row[8].as<std::string>(), nullptr, false);
    if (keywords.is_array()) {
        for (const auto& k : keywords) {
            if (k.is_string()) f.keywords.push_back(k.get<std::string>());
        }
    }
    f.source = row[9].as<std::string>();
    f.source_url = optional_text(row[10]);
    f.summary = row[11].as<std::string>();
    f.body_html = row[12].as<std::string>();
    f.body_format = parse_format(row[13]);
    f.body_source = row[14].as<std::string>();
    f.seo_title = row[15].as<std::string>();
    f.seo_description = row[16].as<std::string>();
    f.published_at = time_of(row[17]);
    return r;
}

}  // namespace

PostgresEditorialStore::PostgresEditorialStore(Pool& pool, AuditKey key, search::Analyzer& analyzer)
    : pool_(pool), key_(std::move(key)), analyzer_(analyzer) {
    define_queries(pool_);
    define_search_text_queries(pool_);
    define_audit_queries(pool_);
}

std::int64_t PostgresEditorialStore::create_article(const content::ArticleFields& f,
                                                    const std::string& author, content::Time at,
                                                    const std::string& reason,
                                                    std::vector<content::AuditRecord> audit) {
    return pool_.with(kInsertArticle, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto id =
            tx.exec_prepared1(kInsertArticle, f.title, f.category_id, seconds(f.published_at),
                              f.source, f.source_url, f.summary, f.body_html, seconds(at), author,
                              f.seo_title, f.seo_description, format_name(f.body_format),
                              f.body_source)[0]
                .as<std::int64_t>();
        write_keywords(tx, id, f.keywords);
        write_revision(tx, id, author, at, reason, f.keywords);
        for (auto& record : audit) {
            record.object_id = std::to_string(id);
            append_audit(tx, key_, std::move(record));
        }
        sync_search_index(tx, analyzer_);
        tx.commit();
        return id;
    });
}

std::optional<content::EditorialArticle> PostgresEditorialStore::find_editorial(std::int64_t id) {
    return pool_.with(kFind, [&](pqxx::connection& c) {
        // One snapshot for the row and its keywords.
        pqxx::read_transaction tx(c);
        return find_on(tx, id);
    });
}

EditorialResult PostgresEditorialStore::update_article(
    std::int64_t id, const std::string& author, content::Time at,
    const std::function<std::optional<EditorialWrite>(const content::EditorialArticle&)>& decide) {
    return pool_.with("update_article", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        if (tx.exec_prepared(kLockArticle, id).empty()) return EditorialResult::not_found;
        const auto current = find_on(tx, id);
        if (!current) return EditorialResult::not_found;
        auto write = decide(*current);
        if (!write) return EditorialResult::unchanged;
        if (write->fields) {
            // An article written by an import has no revision yet: its first save keeps the
            // imported state first, so the change can be compared and undone like any other.
            if (tx.exec_prepared(kHasRevision, id).empty()) {
                write_revision(tx, id, "(import)", current->updated_at, "",
                               current->fields.keywords);
            }
            save_fields(tx, id, *write->fields);
        }
        if (write->published_at) {
            tx.exec_prepared0(kSetPublishedAt, seconds(*write->published_at), id);
        }
        const bool new_state = write->state && *write->state != current->state;
        if (new_state) save_state(tx, id, *write->state, at);
        if (write->fields || new_state) tx.exec_prepared0(kDropApprovals, id);
        if (write->approve) tx.exec_prepared0(kApprove, id, author, seconds(at));
        tx.exec_prepared0(kBump, seconds(at), author, id);
        if (write->fields)
            write_revision(tx, id, author, at, write->reason, write->fields->keywords);
        if (write->drop_autosave) tx.exec_prepared0(kDropAutosave, id);
        for (auto& record : write->audit) append_audit(tx, key_, std::move(record));
        sync_search_index(tx, analyzer_);
        tx.commit();
        return EditorialResult::applied;
    });
}

std::vector<content::EditorialArticle> PostgresEditorialStore::list_editorial(
    const EditorialQuery& q) {
    return pool_.with(kList, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        const auto f = filter_of(q);
        std::vector<content::EditorialArticle> out;
        std::vector<std::int64_t> ids;
        for (const auto& row : tx.exec_prepared(kList, f.categories, f.state, f.author, f.keyword,
                                                f.from, f.to, q.limit, q.offset)) {
            out.push_back(read_article(row));
            ids.push_back(out.back().id);
        }
        if (ids.empty()) return out;
        std::map<std::int64_t, std::vector<std::string>> keywords;
        for (const auto& row : tx.exec_prepared(kKeywordsOfMany, id_array(ids))) {
            keywords[row[0].as<std::int64_t>()].push_back(row[1].as<std::string>());
        }
        std::map<std::int64_t, std::vector<std::string>> approvals;
        for (const auto& row : tx.exec_prepared(kApprovalsOfMany, id_array(ids))) {
            approvals[row[0].as<std::int64_t>()].push_back(row[1].as<std::string>());
        }
        for (auto& a : out) {
            if (auto it = keywords.find(a.id); it != keywords.end()) {
                a.fields.keywords = std::move(it->second);
            }
            if (auto it = approvals.find(a.id); it != approvals.end()) {
                a.approved_by = std::move(it->second);
            }
        }
        return out;
    });
}

std::int64_t PostgresEditorialStore::count_editorial(const EditorialQuery& q) {
    return pool_.with(kCount, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const auto f = filter_of(q);
        return tx
            .exec_prepared1(kCount, f.categories, f.state, f.author, f.keyword, f.from, f.to)[0]
            .as<std::int64_t>();
    });
}

std::vector<std::string> PostgresEditorialStore::list_authors() {
    return pool_.with(kAuthors, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<std::string> out;
        for (const auto& row : tx.exec_prepared(kAuthors)) out.push_back(row[0].as<std::string>());
        return out;
    });
}

std::vector<content::Revision> PostgresEditorialStore::list_revisions(std::int64_t article_id) {
    return pool_.with(kListRevisions, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::Revision> out;
        for (const auto& row : tx.exec_prepared(kListRevisions, article_id)) {
            out.push_back(read_revision(row));
        }
        return out;
    });
}

std::optional<content::Revision> PostgresEditorialStore::find_revision(std::int64_t article_id,
                                                                       std::int64_t revision_id) {
    return pool_.with(kFindRevision, [&](pqxx::connection& c) -> std::optional<content::Revision> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindRevision, article_id, revision_id);
        if (rows.empty()) return std::nullopt;
        return read_revision(rows[0]);
    });
}

bool PostgresEditorialStore::put_autosave(const content::Autosave& a,
                                          const content::AuditRecord& audit) {
    return pool_.with(kPutAutosave, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        if (tx.exec_prepared(kArticleExists, a.article_id).empty()) return false;
        tx.exec_prepared0(kPutAutosave, a.article_id, a.base_version, seconds(a.at), a.account_name,
                          a.fields_json);
        append_audit(tx, key_, audit);
        tx.commit();
        return true;
    });
}

std::optional<content::Autosave> PostgresEditorialStore::find_autosave(std::int64_t article_id) {
    return pool_.with(kFindAutosave, [&](pqxx::connection& c) -> std::optional<content::Autosave> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindAutosave, article_id);
        if (rows.empty()) return std::nullopt;
        const auto row = rows[0];
        content::Autosave a;
        a.article_id = row[0].as<std::int64_t>();
        a.base_version = row[1].as<std::int64_t>();
        a.at = time_of(row[2]);
        a.account_name = row[3].as<std::string>();
        a.fields_json = row[4].as<std::string>();
        return a;
    });
}

}  // namespace gp::store::postgres
