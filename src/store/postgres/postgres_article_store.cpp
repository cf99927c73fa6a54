#include "store/postgres/postgres_article_store.hpp"

#include "store/postgres/values.hpp"
#include "store/postgres/visibility.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kFindArticle = "find_article";
constexpr const char* kKeywordsOf = "keywords_of";
constexpr const char* kListVisible = "list_visible";
constexpr const char* kCountVisible = "count_visible";
constexpr const char* kCountByCategory = "count_visible_by_category";
constexpr const char* kOlder = "older_neighbour";
constexpr const char* kNewer = "newer_neighbour";
constexpr const char* kListByKeyword = "list_by_keyword";
constexpr const char* kCountByKeyword = "count_by_keyword";
constexpr const char* kListStamps = "list_visible_stamps";
constexpr const char* kCountAllVisible = "count_all_visible";
constexpr const char* kAddViews = "add_views";
constexpr const char* kRecordViewBatch = "record_view_batch";
constexpr const char* kPruneViewBatches = "prune_view_batches";

// Keywords of many articles in one round trip, in each article's order.
constexpr const char* kKeywordsOfMany = "keywords_of_many";

void define_queries(Pool& pool) {
    pool.define(kFindArticle,
                "SELECT id, title, category_id, status, published_at, source, source_url, "
                "summary, body_html, views, updated_at FROM articles WHERE id = $1");
    pool.define(kKeywordsOf,
                "SELECT keyword FROM article_keywords WHERE article_id = $1 ORDER BY position");
    pool.define(kKeywordsOfMany,
                "SELECT article_id, keyword FROM article_keywords WHERE article_id = ANY($1) "
                "ORDER BY article_id, position");
    // Category ids travel as one array parameter: one plan whatever the number of ids.
    pool.define(kListVisible,
                "SELECT id, title, category_id, published_at, summary, views FROM articles "
                "WHERE " GP_PG_VISIBLE
                " AND category_id = ANY($2::bigint[]) "
                "ORDER BY published_at DESC, id DESC LIMIT $3 OFFSET $4");
    pool.define(kCountVisible, "SELECT count(*) FROM articles WHERE " GP_PG_VISIBLE
                               " AND category_id = ANY($2::bigint[])");
    pool.define(kCountByCategory, "SELECT category_id, count(*) FROM articles WHERE " GP_PG_VISIBLE
                                  " GROUP BY category_id");
    pool.define(kOlder, "SELECT id, category_id, title FROM articles WHERE " GP_PG_VISIBLE
                        " AND category_id = $2 AND (published_at, id) < ($3, $4) "
                        "ORDER BY published_at DESC, id DESC LIMIT 1");
    pool.define(kNewer, "SELECT id, category_id, title FROM articles WHERE " GP_PG_VISIBLE
                        " AND category_id = $2 AND (published_at, id) > ($3, $4) "
                        "ORDER BY published_at ASC, id ASC LIMIT 1");
    pool.define(kListByKeyword,
                "SELECT a.id, a.title, a.category_id, a.published_at, a.summary, a.views "
                "FROM articles a JOIN article_keywords k ON k.article_id = a.id "
                "WHERE a.status = 'published' AND a.published_at <= $1 AND k.keyword = $2 "
                "ORDER BY a.published_at DESC, a.id DESC LIMIT $3 OFFSET $4");
    pool.define(kCountByKeyword,
                "SELECT count(*) FROM articles a JOIN article_keywords k ON k.article_id = a.id "
                "WHERE a.status = 'published' AND a.published_at <= $1 AND k.keyword = $2");
    pool.define(kListStamps,
                "SELECT id, category_id, title, published_at, updated_at FROM articles "
                "WHERE " GP_PG_VISIBLE " ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3");
    pool.define(kCountAllVisible, "SELECT count(*) FROM articles WHERE " GP_PG_VISIBLE);
    pool.define(kAddViews, "UPDATE articles SET views = views + $2 WHERE id = $1");
    // A second writer of the same batch waits here on the first one's row, then finds it.
    pool.define(kRecordViewBatch,
                "INSERT INTO view_batches (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id");
    // Kept far longer than a batch can wait to be taken again (every node down for a while).
    pool.define(kPruneViewBatches,
                "DELETE FROM view_batches WHERE written_at < now() - interval '30 days'");
}

/// `{1,2,3}`: an array literal for a bigint[] parameter.
std::string id_array(std::span<const std::int64_t> ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "}";
}

std::vector<content::ArticleSummary> read_summaries(pqxx::transaction_base& tx,
                                                    const pqxx::result& rows) {
    std::vector<content::ArticleSummary> out;
    std::vector<std::int64_t> ids;
    for (const auto& row : rows) {
        content::ArticleSummary s;
        s.id = row[0].as<std::int64_t>();
        s.title = row[1].as<std::string>();
        s.category_id = row[2].as<std::int64_t>();
        s.published_at = time_of(row[3]);
        s.summary = row[4].as<std::string>();
        s.views = row[5].as<std::int64_t>();
        ids.push_back(s.id);
        out.push_back(std::move(s));
    }
    if (ids.empty()) return out;
    std::map<std::int64_t, std::vector<std::string>> keywords;
    for (const auto& row : tx.exec_prepared(kKeywordsOfMany, id_array(ids))) {
        keywords[row[0].as<std::int64_t>()].push_back(row[1].as<std::string>());
    }
    for (auto& s : out) {
        if (auto it = keywords.find(s.id); it != keywords.end()) s.keywords = std::move(it->second);
    }
    return out;
}

}  // namespace

PostgresArticleStore::PostgresArticleStore(Pool& pool) : pool_(pool) { define_queries(pool_); }

std::optional<content::Article> PostgresArticleStore::find_article(std::int64_t id) {
    return pool_.with(kFindArticle, [&](pqxx::connection& c) -> std::optional<content::Article> {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kFindArticle, id);
        if (rows.empty()) return std::nullopt;
        const auto row = rows[0];
        content::Article a;
        a.id = row[0].as<std::int64_t>();
        a.title = row[1].as<std::string>();
        a.category_id = row[2].as<std::int64_t>();
        a.status = row[3].as<std::string>() == "draft" ? content::ArticleStatus::draft
                                                       : content::ArticleStatus::published;
        a.published_at = time_of(row[4]);
        a.source = row[5].as<std::string>();
        a.source_url = optional_text(row[6]);
        a.summary = row[7].as<std::string>();
        a.body_html = row[8].as<std::string>();
        a.views = row[9].as<std::int64_t>();
        a.updated_at = time_of(row[10]);
        for (const auto& k : tx.exec_prepared(kKeywordsOf, id))
            a.keywords.push_back(k[0].as<std::string>());
        return a;
    });
}

std::vector<content::ArticleSummary> PostgresArticleStore::list_visible(
    std::span<const std::int64_t> category_ids, content::Time now, std::int64_t offset,
    std::int64_t limit) {
    return pool_.with(kListVisible, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const auto rows =
            tx.exec_prepared(kListVisible, seconds(now), id_array(category_ids), limit, offset);
        return read_summaries(tx, rows);
    });
}

std::int64_t PostgresArticleStore::count_visible(std::span<const std::int64_t> category_ids,
                                                 content::Time now) {
    return pool_.with(kCountVisible, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kCountVisible, seconds(now), id_array(category_ids))[0]
            .as<std::int64_t>();
    });
}

std::map<std::int64_t, std::int64_t> PostgresArticleStore::count_visible_by_category(
    content::Time now) {
    return pool_.with(kCountByCategory, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::map<std::int64_t, std::int64_t> out;
        for (const auto& row : tx.exec_prepared(kCountByCategory, seconds(now)))
            out[row[0].as<std::int64_t>()] = row[1].as<std::int64_t>();
        return out;
    });
}

std::optional<ArticleLink> PostgresArticleStore::neighbour(const char* query,
                                                           const content::Article& of,
                                                           content::Time now) {
    return pool_.with(query, [&](pqxx::connection& c) -> std::optional<ArticleLink> {
        pqxx::nontransaction tx(c);
        const auto rows =
            tx.exec_prepared(query, seconds(now), of.category_id, seconds(of.published_at), of.id);
        if (rows.empty()) return std::nullopt;
        return ArticleLink{rows[0][0].as<std::int64_t>(), rows[0][1].as<std::int64_t>(),
                           rows[0][2].as<std::string>()};
    });
}

std::optional<ArticleLink> PostgresArticleStore::older_neighbour(const content::Article& of,
                                                                 content::Time now) {
    return neighbour(kOlder, of, now);
}

std::optional<ArticleLink> PostgresArticleStore::newer_neighbour(const content::Article& of,
                                                                 content::Time now) {
    return neighbour(kNewer, of, now);
}

std::vector<content::ArticleSummary> PostgresArticleStore::list_by_keyword(
    const std::string& keyword, content::Time now, std::int64_t offset, std::int64_t limit) {
    return pool_.with(kListByKeyword, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_prepared(kListByKeyword, seconds(now), keyword, limit, offset);
        return read_summaries(tx, rows);
    });
}

std::int64_t PostgresArticleStore::count_by_keyword(const std::string& keyword, content::Time now) {
    return pool_.with(kCountByKeyword, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kCountByKeyword, seconds(now), keyword)[0].as<std::int64_t>();
    });
}

std::vector<ArticleStamp> PostgresArticleStore::list_visible_stamps(content::Time now,
                                                                    std::int64_t offset,
                                                                    std::int64_t limit) {
    return pool_.with(kListStamps, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<ArticleStamp> out;
        for (const auto& row : tx.exec_prepared(kListStamps, seconds(now), limit, offset)) {
            out.push_back(ArticleStamp{row[0].as<std::int64_t>(), row[1].as<std::int64_t>(),
                                       row[2].as<std::string>(), time_of(row[3]), time_of(row[4])});
        }
        return out;
    });
}

std::int64_t PostgresArticleStore::count_all_visible(content::Time now) {
    return pool_.with(kCountAllVisible, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kCountAllVisible, seconds(now))[0].as<std::int64_t>();
    });
}

bool PostgresArticleStore::add_views(
    const std::vector<std::pair<std::int64_t, std::int64_t>>& deltas, std::string_view batch_id) {
    if (deltas.empty()) return true;
    return pool_.with(kAddViews, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        if (!batch_id.empty()) {
            if (tx.exec_prepared(kRecordViewBatch, std::string(batch_id)).empty()) return false;
            tx.exec_prepared0(kPruneViewBatches);
        }
        for (const auto& [id, delta] : deltas) tx.exec_prepared0(kAddViews, id, delta);
        tx.commit();
        return true;
    });
}

}  // namespace gp::store::postgres
