#include "store/sqlite/sqlite_article_store.hpp"

#include <nlohmann/json.hpp>

#include "store/sqlite/visibility.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kFindArticle =
    "SELECT id, title, category_id, status, published_at, source, source_url, summary, "
    "body_html, views, updated_at FROM articles WHERE id = ?";
constexpr std::string_view kKeywordsOf =
    "SELECT keyword FROM article_keywords WHERE article_id = ? ORDER BY position";
constexpr std::string_view kListVisible =
    "SELECT id, title, category_id, published_at, summary, views FROM articles "
    "WHERE " GP_VISIBLE
    " AND category_id IN (SELECT value FROM json_each(?)) "
    "ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?";
constexpr std::string_view kCountVisible = "SELECT count(*) FROM articles WHERE " GP_VISIBLE
                                           " AND category_id IN (SELECT value FROM json_each(?))";
// Left to itself SQLite takes articles_by_time for the time range and looks up every row's
// category in the table (about 15 ms of CPU at 10,000 articles, on every home and section
// render); articles_by_category covers the query and is already grouped (under 1 ms).
constexpr std::string_view kCountByCategory =
    "SELECT category_id, count(*) FROM articles INDEXED BY articles_by_category WHERE " GP_VISIBLE
    " GROUP BY category_id";
// Row values, not "published_at > ? OR (published_at = ? AND id > ?)": with the OR SQLite bounds
// the index range by `now` alone and walks the category from its oldest article to find the next
// newer one (7% of the first-render profile at 10,000 articles).
constexpr std::string_view kOlder = "SELECT id, category_id, title FROM articles WHERE " GP_VISIBLE
                                    " AND category_id = ? AND (published_at, id) < (?, ?) "
                                    "ORDER BY published_at DESC, id DESC LIMIT 1";
constexpr std::string_view kNewer = "SELECT id, category_id, title FROM articles WHERE " GP_VISIBLE
                                    " AND category_id = ? AND (published_at, id) > (?, ?) "
                                    "ORDER BY published_at ASC, id ASC LIMIT 1";
constexpr std::string_view kListByKeyword =
    "SELECT a.id, a.title, a.category_id, a.published_at, a.summary, a.views FROM articles a "
    "JOIN article_keywords k ON k.article_id = a.id WHERE k.keyword = ? AND "
    "a.status = 'published' AND a.published_at <= ? "
    "ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?";
constexpr std::string_view kCountByKeyword =
    "SELECT count(*) FROM articles a JOIN article_keywords k ON k.article_id = a.id "
    "WHERE k.keyword = ? AND a.status = 'published' AND a.published_at <= ?";
constexpr std::string_view kListVisibleLinks =
    "SELECT id, category_id, title, published_at, updated_at FROM articles WHERE " GP_VISIBLE
    " ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?";
constexpr std::string_view kCountAllVisible = "SELECT count(*) FROM articles WHERE " GP_VISIBLE;
constexpr std::string_view kAddViews = "UPDATE articles SET views = views + ? WHERE id = ?";
constexpr std::string_view kRecordViewBatch =
    "INSERT INTO view_batches (id, written_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kPruneViewBatches = "DELETE FROM view_batches WHERE written_at < ?";
// A batch is taken again within seconds of its writer's death; ids are kept far longer than
// that, in case every node was down for a while.
constexpr auto kViewBatchesKept = std::chrono::days(30);

std::int64_t seconds(content::Time t) { return t.time_since_epoch().count(); }
content::Time time_of(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }

std::string id_list(std::span<const std::int64_t> ids) {
    return nlohmann::json(std::vector<std::int64_t>(ids.begin(), ids.end())).dump();
}

std::vector<std::string> keywords_of(Connection& c, std::int64_t id) {
    Statement st(c, kKeywordsOf, "keywords_of");
    st.bind(1, id);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

}  // namespace

std::optional<content::Article> SqliteArticleStore::find_article(std::int64_t id) {
    auto c = db_.borrow();
    Statement st(*c, kFindArticle, "find_article");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    content::Article a;
    a.id = st.int64(0);
    a.title = st.text(1);
    a.category_id = st.int64(2);
    a.status =
        st.text(3) == "draft" ? content::ArticleStatus::draft : content::ArticleStatus::published;
    a.published_at = time_of(st.int64(4));
    a.source = st.text(5);
    a.source_url = st.optional_text(6);
    a.summary = st.text(7);
    a.body_html = st.text(8);
    a.views = st.int64(9);
    a.updated_at = time_of(st.int64(10));
    a.keywords = keywords_of(*c, a.id);
    return a;
}

std::vector<content::ArticleSummary> SqliteArticleStore::read_summaries(Connection& c,
                                                                        Statement& st) {
    std::vector<content::ArticleSummary> out;
    while (st.step()) {
        content::ArticleSummary s;
        s.id = st.int64(0);
        s.title = st.text(1);
        s.category_id = st.int64(2);
        s.published_at = time_of(st.int64(3));
        s.summary = st.text(4);
        s.views = st.int64(5);
        out.push_back(std::move(s));
    }
    for (auto& s : out) s.keywords = keywords_of(c, s.id);
    return out;
}

std::vector<content::ArticleSummary> SqliteArticleStore::list_visible(
    std::span<const std::int64_t> category_ids, content::Time now, std::int64_t offset,
    std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kListVisible, "list_visible");
    st.bind(1, seconds(now)).bind(2, id_list(category_ids)).bind(3, limit).bind(4, offset);
    return read_summaries(*c, st);
}

std::int64_t SqliteArticleStore::count_visible(std::span<const std::int64_t> category_ids,
                                               content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, kCountVisible, "count_visible");
    st.bind(1, seconds(now)).bind(2, id_list(category_ids));
    st.step();
    return st.int64(0);
}

std::map<std::int64_t, std::int64_t> SqliteArticleStore::count_visible_by_category(
    content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, kCountByCategory, "count_visible_by_category");
    st.bind(1, seconds(now));
    std::map<std::int64_t, std::int64_t> out;
    while (st.step()) out[st.int64(0)] = st.int64(1);
    return out;
}

std::optional<ArticleLink> SqliteArticleStore::neighbour(std::string_view sql,
                                                         std::string_view name,
                                                         const content::Article& of,
                                                         content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, sql, name);
    st.bind(1, seconds(now))
        .bind(2, of.category_id)
        .bind(3, seconds(of.published_at))
        .bind(4, of.id);
    if (!st.step()) return std::nullopt;
    return ArticleLink{st.int64(0), st.int64(1), st.text(2)};
}

std::optional<ArticleLink> SqliteArticleStore::older_neighbour(const content::Article& of,
                                                               content::Time now) {
    return neighbour(kOlder, "older_neighbour", of, now);
}

std::optional<ArticleLink> SqliteArticleStore::newer_neighbour(const content::Article& of,
                                                               content::Time now) {
    return neighbour(kNewer, "newer_neighbour", of, now);
}

std::vector<content::ArticleSummary> SqliteArticleStore::list_by_keyword(const std::string& keyword,
                                                                         content::Time now,
                                                                         std::int64_t offset,
                                                                         std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kListByKeyword, "list_by_keyword");
    st.bind(1, keyword).bind(2, seconds(now)).bind(3, limit).bind(4, offset);
    return read_summaries(*c, st);
}

std::int64_t SqliteArticleStore::count_by_keyword(const std::string& keyword, content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, kCountByKeyword, "count_by_keyword");
    st.bind(1, keyword).bind(2, seconds(now));
    st.step();
    return st.int64(0);
}

std::vector<ArticleStamp> SqliteArticleStore::list_visible_stamps(content::Time now,
                                                                  std::int64_t offset,
                                                                  std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kListVisibleLinks, "list_visible_stamps");
    st.bind(1, seconds(now)).bind(2, limit).bind(3, offset);
    std::vector<ArticleStamp> out;
    while (st.step()) {
        out.push_back(ArticleStamp{st.int64(0), st.int64(1), st.text(2), time_of(st.int64(3)),
                                   time_of(st.int64(4))});
    }
    return out;
}

std::int64_t SqliteArticleStore::count_all_visible(content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, kCountAllVisible, "count_all_visible");
    st.bind(1, seconds(now));
    st.step();
    return st.int64(0);
}

bool SqliteArticleStore::add_views(const std::vector<std::pair<std::int64_t, std::int64_t>>& deltas,
                                   std::string_view batch_id) {
    if (deltas.empty()) return true;
    auto c = db_.borrow();
    Transaction tx(*c);
    if (!batch_id.empty()) {
        const auto now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        Statement record(*c, kRecordViewBatch, "record_view_batch");
        record.bind(1, batch_id).bind(2, seconds(now));
        if (!record.step()) return false;  // counted before: the transaction rolls back empty
        record.reset();
        Statement prune(*c, kPruneViewBatches, "prune_view_batches");
        prune.bind(1, seconds(now - kViewBatchesKept)).run();
    }
    Statement st(*c, kAddViews, "add_views");
    for (const auto& [id, delta] : deltas) {
        st.bind(1, delta).bind(2, id).run();
        st.reset();
    }
    tx.commit();
    return true;
}

}  // namespace gp::store::sqlite
