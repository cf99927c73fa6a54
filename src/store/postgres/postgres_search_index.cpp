#include "store/postgres/postgres_search_index.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "content/html_text.hpp"
#include "search/query.hpp"
#include "search/related_terms.hpp"
#include "store/postgres/postgres_search_text.hpp"
#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kSearch = "search_ranked";
constexpr const char* kCount = "count_search_matches";
constexpr const char* kRelatedRanked = "related_ranked";
constexpr const char* kFrequency = "search_term_frequency";
constexpr const char* kArticleCount = "search_article_count";
constexpr const char* kLinks = "related_article_links";
constexpr const char* kHasKeptList = "related_list_kept";
constexpr const char* kKeptList = "related_kept_list";
constexpr const char* kKeptIds = "related_kept_ids";
constexpr const char* kArticleText = "related_article_text";
constexpr const char* kArticleKeywords = "related_article_keywords";
constexpr const char* kDropList = "related_drop_list";
constexpr const char* kKeepItem = "related_keep_item";
constexpr const char* kStampList = "related_stamp_list";
constexpr const char* kListing = "related_listing";
constexpr const char* kDue = "related_due";

// ts_rank's weights in the order D, C, B, A: body (C) 1, keywords (B) 6, title (A) 10, as the
// SQLite index weights its columns, scaled into ts_rank's 0..1.
#define GP_PG_RANK "ts_rank('{0.1, 0.1, 0.6, 1.0}', s.document, $2::tsquery)"
// $1 now, $2 the query, $3 category ids (NULL: every category), $4 an article left out.
#define GP_PG_MATCHES                                                                      \
    " FROM article_search s JOIN articles a ON a.id = s.article_id "                       \
    "WHERE s.document @@ $2::tsquery AND a.status = 'published' AND a.published_at <= $1 " \
    "AND ($3::bigint[] IS NULL OR a.category_id = ANY($3::bigint[])) AND a.id <> $4"

/// Matches counted exactly; a query matching more says "more than" this many.
constexpr std::int64_t kCountCap = 1000;
/// Terms a related-articles query is built from: the rarest of the article's terms.
constexpr std::size_t kRelatedTerms = 4;
/// Below this many articles no term counts as too common for related articles.
constexpr std::int64_t kRelatedCommonFloor = 50;
/// Published at any time: the clock of kept lists.
constexpr std::int64_t kAnyTime = std::numeric_limits<std::int64_t>::max();

void define_queries(Pool& pool) {
    pool.define(kSearch,
                "SELECT a.id, a.title, a.category_id, a.published_at, s.body_text" GP_PG_MATCHES
                " ORDER BY " GP_PG_RANK " DESC, a.id LIMIT $5 OFFSET $6");
    pool.define(kCount, "SELECT count(*) FROM (SELECT 1" GP_PG_MATCHES " LIMIT $5) m");
    pool.define(kRelatedRanked,
                "SELECT a.id" GP_PG_MATCHES " ORDER BY " GP_PG_RANK " DESC, a.id LIMIT $5");
    // Articles holding a term, counted up to $2: a common word stops the walk early.
    pool.define(kFrequency,
                "SELECT count(*) FROM (SELECT 1 FROM article_search WHERE document @@ "
                "$1::tsquery LIMIT $2) m");
    pool.define(kArticleCount, "SELECT coalesce(max(id), 0) FROM articles");
    pool.define(kLinks, "SELECT id, category_id, title FROM articles WHERE id = ANY($1::bigint[])");
    pool.define(kHasKeptList, "SELECT 1 FROM related_computed WHERE article_id = $1");
    pool.define(kKeptList,
                "SELECT a.id, a.category_id, a.title FROM article_related r JOIN articles a "
                "ON a.id = r.related_id WHERE r.article_id = $2 AND a.status = 'published' "
                "AND a.published_at <= $1 ORDER BY r.position LIMIT $3");
    pool.define(kKeptIds,
                "SELECT related_id FROM article_related WHERE article_id = $1 ORDER BY position");
    pool.define(kArticleText, "SELECT title, body_html, status FROM articles WHERE id = $1");
    pool.define(kArticleKeywords,
                "SELECT keyword FROM article_keywords WHERE article_id = $1 ORDER BY position");
    pool.define(kDropList, "DELETE FROM article_related WHERE article_id = $1");
    pool.define(kKeepItem,
                "INSERT INTO article_related (article_id, position, related_id) "
                "VALUES ($1, $2, $3)");
    pool.define(kStampList,
                "INSERT INTO related_computed (article_id, computed_at) VALUES ($1, $2) "
                "ON CONFLICT (article_id) DO UPDATE SET computed_at = excluded.computed_at");
    pool.define(kListing,
                "SELECT DISTINCT article_id FROM article_related WHERE related_id = "
                "ANY($1::bigint[]) LIMIT $2");
    // Lists never worked out first (their pages rank the index on every render), then the oldest.
    pool.define(kDue,
                "SELECT a.id FROM articles a LEFT JOIN related_computed k ON k.article_id = a.id "
                "WHERE a.status = 'published' AND (k.computed_at IS NULL OR k.computed_at < $1) "
                "ORDER BY k.computed_at IS NOT NULL, k.computed_at, a.id LIMIT $2");
}

std::optional<std::string> id_array(std::span<const std::int64_t> ids) {
    if (ids.empty()) return std::nullopt;
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "}";
}

}  // namespace

PostgresSearchIndex::PostgresSearchIndex(Pool& pool, search::Analyzer& analyzer)
    : pool_(pool), analyzer_(analyzer) {
    define_queries(pool_);
    define_search_text_queries(pool_);
}

SearchResult PostgresSearchIndex::search(const std::string& text,
                                         std::span<const std::int64_t> category_ids,
                                         content::Time now, std::int64_t offset,
                                         std::int64_t limit) {
    return pool_.with(kSearch, [&](pqxx::connection& c) {
        // One snapshot for the count and the page, as SQLite's read transaction gives.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
        refresh_vocabulary(tx, analyzer_);
        const auto vocabulary = analyzer_.vocabulary.get();
        const auto query = search::parse_query(text, analyzer_.segmenter, *vocabulary);
        SearchResult result;
        result.normalized_query = query.normalized;
        if (query.empty()) {
            result.no_terms = true;
            return result;
        }
        const auto tsquery = tsquery_of(query.clauses, analyzer_.segmenter, *vocabulary);
        if (tsquery.empty()) return result;
        const auto categories = id_array(category_ids);
        const auto now_s = seconds(now);
        result.total =
            tx.exec_prepared1(kCount, now_s, tsquery, categories, std::int64_t{0}, kCountCap + 1)[0]
                .as<std::int64_t>();
        result.total_capped = result.total > kCountCap;
        if (result.total_capped) result.total = kCountCap;
        // Only the best kCountCap matches can be paged through.
        const auto wanted = std::min(offset + limit, kCountCap) - offset;
        if (wanted <= 0) return result;
        for (const auto& row : tx.exec_prepared(kSearch, now_s, tsquery, categories,
                                                std::int64_t{0}, wanted, offset)) {
            SearchHit h;
            h.id = row[0].as<std::int64_t>();
            h.title = search::mark(row[1].as<std::string>(), query.highlights, analyzer_.segmenter,
                                   *vocabulary);
            h.category_id = row[2].as<std::int64_t>();
            h.published_at = time_of(row[3]);
            h.snippet = search::snippet(row[4].as<std::string>(), query.highlights,
                                        analyzer_.segmenter, *vocabulary);
            result.hits.push_back(std::move(h));
        }
        return result;
    });
}

std::vector<ArticleLink> PostgresSearchIndex::related(const content::Article& article,
                                                      content::Time now, std::int64_t limit) {
    return pool_.with(kKeptList, [&](pqxx::connection& c) {
        pqxx::read_transaction tx(c);
        std::vector<ArticleLink> out;
        if (!tx.exec_prepared(kHasKeptList, article.id).empty()) {
            for (const auto& row : tx.exec_prepared(kKeptList, seconds(now), article.id, limit)) {
                out.push_back({row[0].as<std::int64_t>(), row[1].as<std::int64_t>(),
                               row[2].as<std::string>()});
            }
            return out;
        }
        const auto ids = rank_related(tx, article, seconds(now), limit);
        if (ids.empty()) return out;
        std::map<std::int64_t, ArticleLink> links;
        for (const auto& row : tx.exec_prepared(kLinks, id_array(ids))) {
            const auto id = row[0].as<std::int64_t>();
            links[id] = {id, row[1].as<std::int64_t>(), row[2].as<std::string>()};
        }
        for (const auto id : ids) {
            if (auto it = links.find(id); it != links.end()) out.push_back(it->second);
        }
        return out;
    });
}

std::optional<RelatedSource> PostgresSearchIndex::related_source(std::int64_t id) {
    return pool_.with(kArticleText, [&](pqxx::connection& c) -> std::optional<RelatedSource> {
        // One snapshot for the text and the keywords.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> read(c);
        const auto rows = read.exec_prepared(kArticleText, id);
        if (rows.empty()) return std::nullopt;
        RelatedSource source;
        source.article.id = id;
        source.article.title = rows[0][0].as<std::string>();
        source.article.body_html = rows[0][1].as<std::string>();
        source.published = rows[0][2].as<std::string>() == "published";
        for (const auto& row : read.exec_prepared(kArticleKeywords, id)) {
            source.article.keywords.push_back(row[0].as<std::string>());
        }
        return source;
    });
}

std::vector<std::int64_t> PostgresSearchIndex::rank_related_any_time(
    const content::Article& article, std::int64_t limit) {
    return pool_.with(kRelatedRanked, [&](pqxx::connection& c) {
        pqxx::read_transaction read(c);
        // Scheduled articles count as published here: the list is read with the clock of each
        // render, so one appears in it when its time comes.
        return rank_related(read, article, kAnyTime, limit);
    });
}

bool PostgresSearchIndex::replace_related(std::int64_t id, std::span<const std::int64_t> related,
                                          content::Time now) {
    return pool_.with(kKeepItem, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        bool changed = false;
        if (!tx.exec_prepared(kHasKeptList, id).empty()) {
            std::vector<std::int64_t> old;
            for (const auto& row : tx.exec_prepared(kKeptIds, id)) {
                old.push_back(row[0].as<std::int64_t>());
            }
            changed = !std::ranges::equal(old, related);
        }
        tx.exec_prepared0(kDropList, id);
        for (std::size_t i = 0; i < related.size(); ++i) {
            tx.exec_prepared0(kKeepItem, id, static_cast<std::int64_t>(i), related[i]);
        }
        tx.exec_prepared0(kStampList, id, seconds(now));
        tx.commit();
        return changed;
    });
}

std::vector<std::int64_t> PostgresSearchIndex::listing(std::span<const std::int64_t> ids,
                                                       std::int64_t limit) {
    if (ids.empty()) return {};
    return pool_.with(kListing, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<std::int64_t> out;
        for (const auto& row : tx.exec_prepared(kListing, id_array(ids), limit)) {
            out.push_back(row[0].as<std::int64_t>());
        }
        return out;
    });
}

std::vector<std::int64_t> PostgresSearchIndex::related_due(content::Time before,
                                                           std::int64_t limit) {
    return pool_.with(kDue, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<std::int64_t> out;
        for (const auto& row : tx.exec_prepared(kDue, seconds(before), limit)) {
            out.push_back(row[0].as<std::int64_t>());
        }
        return out;
    });
}

std::vector<std::int64_t> PostgresSearchIndex::rank_related(pqxx::transaction_base& tx,
                                                            const content::Article& article,
                                                            std::int64_t now_seconds,
                                                            std::int64_t limit) {
    refresh_vocabulary(tx, analyzer_);
    const auto vocabulary = analyzer_.vocabulary.get();
    const auto candidates =
        search::related_candidates(analyzer_.segmenter, *vocabulary, article.keywords,
                                   article.title, content::html_to_text(article.body_html));
    // The rarest terms that some other article shares say most about what this one is about;
    // a term in more than about a tenth of the articles says little.
    const auto common = std::max<std::int64_t>(
        kRelatedCommonFloor, tx.exec_prepared1(kArticleCount)[0].as<std::int64_t>() / 10);
    std::vector<std::pair<std::int64_t, std::string>> scored;
    for (const auto& t : candidates) {
        const auto phrase = tsquery_phrase(t, analyzer_.segmenter, *vocabulary);
        if (phrase.empty()) continue;
        const auto n = tx.exec_prepared1(kFrequency, phrase, common)[0].as<std::int64_t>();
        if (n >= 2 && n < common) scored.emplace_back(n, "(" + phrase + ")");
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (scored.size() > kRelatedTerms) scored.resize(kRelatedTerms);
    if (scored.empty()) return {};
    std::string tsquery;
    for (const auto& [n, phrase] : scored) {
        if (!tsquery.empty()) tsquery += " | ";
        tsquery += phrase;
    }
    std::vector<std::int64_t> out;
    for (const auto& row : tx.exec_prepared(kRelatedRanked, now_seconds, tsquery,
                                            std::optional<std::string>{}, article.id, limit)) {
        out.push_back(row[0].as<std::int64_t>());
    }
    return out;
}

std::int64_t PostgresSearchIndex::reindex(
    const std::function<void(std::int64_t, std::int64_t)>& progress) {
    return pool_.with("reindex", [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto done = rebuild_search_index(tx, analyzer_, progress);
        tx.commit();
        return done;
    });
}

}  // namespace gp::store::postgres
