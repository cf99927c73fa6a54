#include "store/sqlite/sqlite_search_index.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "content/html_text.hpp"
#include "search/query.hpp"
#include "search/related_terms.hpp"
#include "store/sqlite/sqlite_search_ranking.hpp"
#include "store/sqlite/sqlite_search_setup.hpp"
#include "store/sqlite/visibility.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kHit =
    "SELECT a.title, a.category_id, a.published_at, s.body FROM articles a "
    "JOIN article_search s ON s.rowid = a.id WHERE a.id = ?";
// Articles holding a term, counted up to ?2: a common word stops the walk early instead of
// reading every position it has (what the vocabulary table would do).
constexpr std::string_view kDocumentFrequency =
    "SELECT count(*) FROM (SELECT 1 FROM article_search WHERE article_search MATCH ?1 LIMIT ?2)";
// The highest article id, and the content change log's sequence, which only grows (rows are
// pruned, the AUTOINCREMENT counter is not): it moves with every write to articles or keywords.
constexpr std::string_view kIndexState =
    "SELECT (SELECT coalesce(max(id), 0) FROM articles), "
    "(SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'content_changes')";
constexpr std::string_view kLink = "SELECT category_id, title FROM articles WHERE id = ?";
constexpr std::string_view kCountArticles = "SELECT count(*) FROM articles";
constexpr std::string_view kHasKeptList = "SELECT 1 FROM related_computed WHERE article_id = ?";
// CROSS JOIN fixes the order: the list's few rows first, then each article by id. Left to
// itself the planner walked every visible article through articles_by_time instead.
constexpr std::string_view kKeptList =
    "SELECT a.id, a.category_id, a.title FROM article_related r CROSS JOIN articles a "
    "ON a.id = r.related_id WHERE r.article_id = ? AND " GP_VISIBLE " ORDER BY r.position LIMIT ?";
constexpr std::string_view kKeptIds =
    "SELECT related_id FROM article_related WHERE article_id = ? ORDER BY position";
constexpr std::string_view kArticleText =
    "SELECT title, body_html, status FROM articles WHERE id = ?";
constexpr std::string_view kArticleKeywords =
    "SELECT keyword FROM article_keywords WHERE article_id = ? ORDER BY position";
constexpr std::string_view kDropList = "DELETE FROM article_related WHERE article_id = ?";
constexpr std::string_view kKeepItem =
    "INSERT INTO article_related (article_id, position, related_id) VALUES (?, ?, ?)";
constexpr std::string_view kStampList =
    "INSERT INTO related_computed (article_id, computed_at) VALUES (?1, ?2) "
    "ON CONFLICT (article_id) DO UPDATE SET computed_at = ?2";
constexpr std::string_view kListing =
    "SELECT DISTINCT article_id FROM article_related WHERE related_id IN "
    "(SELECT value FROM json_each(?1)) LIMIT ?2";
// Lists never worked out first (their pages rank the index on every render), then the oldest.
constexpr std::string_view kDue =
    "SELECT a.id FROM articles a LEFT JOIN related_computed k ON k.article_id = a.id "
    "WHERE a.status = 'published' AND (k.computed_at IS NULL OR k.computed_at < ?1) "
    "ORDER BY k.computed_at IS NOT NULL, k.computed_at, a.id LIMIT ?2";
constexpr std::string_view kDropIndex = "DROP TABLE article_search";
// Must match migrations/sqlite/0007_search.sql; the vocabulary table follows the index.
constexpr std::string_view kCreateIndex =
    "CREATE VIRTUAL TABLE article_search USING fts5(title, keywords, body, "
    "tokenize = 'guardpress')";
constexpr std::string_view kIndexBatch =
    "INSERT INTO article_search (rowid, title, keywords, body) "
    "SELECT a.id, a.title, "
    "coalesce((SELECT group_concat(keyword, ' ') FROM "
    "(SELECT keyword FROM article_keywords WHERE article_id = a.id ORDER BY position)), ''), "
    "gp_article_text(a.body_html) FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?";
constexpr std::string_view kLastIndexed = "SELECT coalesce(max(rowid), 0) FROM article_search";
constexpr std::string_view kOptimize =
    "INSERT INTO article_search (article_search) VALUES ('optimize')";
constexpr std::string_view kClearPending = "DELETE FROM search_pending";
constexpr std::string_view kTermsVersion = "SELECT terms_version FROM search_state WHERE id = 1";
constexpr std::string_view kMarkIndexed =
    "UPDATE search_state SET indexed_version = ?, analyzer = ? WHERE id = 1";

constexpr std::int64_t kReindexBatch = 500;
/// Matches counted exactly; a query matching more says "more than" this many.
constexpr std::int64_t kCountCap = 1000;
/// Terms a related-articles query is built from: the rarest of the article's terms.
constexpr std::size_t kRelatedTerms = 4;
/// Below this many articles no term counts as too common for related articles.
constexpr std::int64_t kRelatedCommonFloor = 50;
/// Terms whose frequencies are kept at most; past this the cache starts again.
constexpr std::size_t kMaxKeptFrequencies = 50000;

/// Ends a read transaction opened with BEGIN on every way out; it wrote nothing, so COMMIT
/// and ROLLBACK come to the same.
struct EndRead {
    Connection& c;
    ~EndRead() { sqlite3_exec(c.handle(), "COMMIT", nullptr, nullptr, nullptr); }
};

}  // namespace

SearchResult SqliteSearchIndex::search(const std::string& text,
                                       std::span<const std::int64_t> category_ids,
                                       content::Time now, std::int64_t offset, std::int64_t limit) {
    auto c = db_.borrow();
    refresh_vocabulary(*c, analyzer_);
    const auto vocabulary = analyzer_.vocabulary.get();
    const auto query = search::parse_query(text, analyzer_.segmenter, *vocabulary);
    SearchResult result;
    result.normalized_query = query.normalized;
    if (query.empty()) {
        result.no_terms = true;
        return result;
    }
    const auto fts = query.fts();
    // One read transaction: the page of ids and the rows behind them come from one snapshot.
    c->exec("BEGIN", "begin_search");
    const EndRead end_read{*c};
    const RankFilter filter{now, category_ids, 0};
    std::vector<std::int64_t> ids;
    // Only the best kCountCap matches can be paged through, so a deeper page ranks nothing.
    if (offset < kCountCap) {
        ids = top_matches(*c, fts, filter, std::min(offset + limit, kCountCap));
        ids.erase(ids.begin(), ids.begin() + std::min<std::ptrdiff_t>(
                                                 static_cast<std::ptrdiff_t>(ids.size()), offset));
    }
    // Counting every match of a common word costs as much as ranking them; past the cap the
    // page says "more than".
    result.total = count_matches(*c, fts, filter, kCountCap + 1);
    result.total_capped = result.total > kCountCap;
    if (result.total_capped) result.total = kCountCap;
    Statement hit(*c, kHit, "search_hit");
    for (const auto id : ids) {
        hit.reset();
        hit.bind(1, id);
        if (!hit.step()) continue;
        SearchHit h;
        h.id = id;
        h.title = search::mark(hit.text(0), query.highlights, analyzer_.segmenter, *vocabulary);
        h.category_id = hit.int64(1);
        h.published_at = content::Time{std::chrono::seconds{hit.int64(2)}};
        h.snippet =
            search::snippet(hit.text(3), query.highlights, analyzer_.segmenter, *vocabulary);
        result.hits.push_back(std::move(h));
    }
    return result;
}

std::vector<ArticleLink> SqliteSearchIndex::related(const content::Article& article,
                                                    content::Time now, std::int64_t limit) {
    auto c = db_.borrow();
    {
        Statement kept(*c, kHasKeptList, "related_list_kept");
        kept.bind(1, article.id);
        if (kept.step()) {
            kept.reset();
            std::vector<ArticleLink> out;
            Statement list(*c, kKeptList, "related_kept_list");
            list.bind(1, article.id).bind(2, now.time_since_epoch().count()).bind(3, limit);
            while (list.step()) out.push_back({list.int64(0), list.int64(1), list.text(2)});
            return out;
        }
    }
    std::vector<ArticleLink> out;
    Statement link(*c, kLink, "related_article_link");
    for (const auto id : rank_related(*c, article, RankFilter{now, {}, article.id}, limit)) {
        link.reset();
        link.bind(1, id);
        if (link.step()) out.push_back({id, link.int64(0), link.text(1)});
    }
    return out;
}

std::optional<RelatedSource> SqliteSearchIndex::related_source(std::int64_t id) {
    auto c = db_.borrow();
    // One read transaction: the text and the keywords come from one snapshot.
    c->exec("BEGIN", "begin_related_source");
    const EndRead end_read{*c};
    RelatedSource source;
    source.article.id = id;
    {
        Statement text(*c, kArticleText, "related_article_text");
        text.bind(1, id);
        if (!text.step()) return std::nullopt;
        source.article.title = text.text(0);
        source.article.body_html = text.text(1);
        source.published = text.text(2) == "published";
    }
    Statement keywords(*c, kArticleKeywords, "related_article_keywords");
    keywords.bind(1, id);
    while (keywords.step()) source.article.keywords.push_back(keywords.text(0));
    return source;
}

std::vector<std::int64_t> SqliteSearchIndex::rank_related_any_time(const content::Article& article,
                                                                   std::int64_t limit) {
    auto c = db_.borrow();
    // Scheduled articles count as published here: the list is read with the clock of each
    // render, so one appears in it when its time comes, with no pass needed then.
    const RankFilter any_time{content::Time{content::Time::duration::max()}, {}, article.id};
    return rank_related(*c, article, any_time, limit);
}

bool SqliteSearchIndex::replace_related(std::int64_t id, std::span<const std::int64_t> related,
                                        content::Time now) {
    auto c = db_.borrow();
    Transaction tx(*c);
    bool changed = false;
    {
        Statement kept(*c, kHasKeptList, "related_list_kept");
        kept.bind(1, id);
        if (kept.step()) {
            Statement before(*c, kKeptIds, "related_kept_ids");
            before.bind(1, id);
            std::vector<std::int64_t> old;
            while (before.step()) old.push_back(before.int64(0));
            changed = !std::ranges::equal(old, related);
        }
    }
    Statement drop(*c, kDropList, "related_drop_list");
    drop.bind(1, id).run();
    Statement keep(*c, kKeepItem, "related_keep_item");
    for (std::size_t i = 0; i < related.size(); ++i) {
        keep.reset();
        keep.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, related[i]).run();
    }
    Statement stamp(*c, kStampList, "related_stamp_list");
    stamp.bind(1, id).bind(2, now.time_since_epoch().count()).run();
    tx.commit();
    return changed;
}

std::vector<std::int64_t> SqliteSearchIndex::listing(std::span<const std::int64_t> ids,
                                                     std::int64_t limit) {
    if (ids.empty()) return {};
    auto c = db_.borrow();
    Statement st(*c, kListing, "related_listing");
    st.bind(1, nlohmann::json(std::vector<std::int64_t>(ids.begin(), ids.end())).dump())
        .bind(2, limit);
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

std::vector<std::int64_t> SqliteSearchIndex::related_due(content::Time before, std::int64_t limit) {
    auto c = db_.borrow();
    Statement st(*c, kDue, "related_due");
    st.bind(1, before.time_since_epoch().count()).bind(2, limit);
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

std::vector<std::int64_t> SqliteSearchIndex::rank_related(Connection& connection,
                                                          const content::Article& article,
                                                          const RankFilter& filter,
                                                          std::int64_t limit) {
    auto* c = &connection;
    refresh_vocabulary(*c, analyzer_);
    const auto vocabulary = analyzer_.vocabulary.get();
    const auto candidates =
        search::related_candidates(analyzer_.segmenter, *vocabulary, article.keywords,
                                   article.title, content::html_to_text(article.body_html));
    // The rarest terms that some other article shares say most about what this one is about.
    // A term in more than about a tenth of the articles says little about this one.
    Statement state(*c, kIndexState, "search_index_state");
    state.step();
    const auto common = std::max<std::int64_t>(kRelatedCommonFloor, state.int64(0) / 10);
    const auto change_seq = state.int64(1);
    std::vector<std::pair<std::int64_t, std::string>> scored;
    std::vector<std::pair<std::string, std::int64_t>> counted;
    {
        std::lock_guard lock(frequencies_.mutex);
        auto& f = frequencies_;
        if (f.change_seq != change_seq || f.vocabulary_version != vocabulary->version() ||
            f.cap != common || f.counts.size() > kMaxKeptFrequencies) {
            f.counts.clear();
            f.change_seq = change_seq;
            f.vocabulary_version = vocabulary->version();
            f.cap = common;
        }
        for (const auto& t : candidates) {
            if (const auto it = f.counts.find(t); it != f.counts.end()) {
                counted.emplace_back(t, it->second);
            }
        }
    }
    Statement df(*c, kDocumentFrequency, "search_term_frequency");
    std::vector<std::pair<std::string, std::int64_t>> fresh;
    for (const auto& t : candidates) {
        const auto known = std::find_if(counted.begin(), counted.end(),
                                        [&](const auto& k) { return k.first == t; });
        std::int64_t n = 0;
        if (known != counted.end()) {
            n = known->second;
        } else {
            df.reset();
            df.bind(1, search::fts_phrase(t)).bind(2, common);
            n = df.step() ? df.int64(0) : 0;
            fresh.emplace_back(t, n);
        }
        if (n >= 2 && n < common) scored.emplace_back(n, t);
    }
    if (!fresh.empty()) {
        std::lock_guard lock(frequencies_.mutex);
        // Counted against the state read above; kept only if the cache still belongs to it.
        if (frequencies_.change_seq == change_seq && frequencies_.cap == common &&
            frequencies_.vocabulary_version == vocabulary->version()) {
            for (auto& [t, n] : fresh) frequencies_.counts.emplace(std::move(t), n);
        }
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (scored.size() > kRelatedTerms) scored.resize(kRelatedTerms);
    if (scored.empty()) return {};
    std::string fts;
    for (const auto& [n, t] : scored) {
        if (!fts.empty()) fts += " OR ";
        fts += search::fts_phrase(t);
    }
    return top_matches(*c, fts, filter, limit);
}

std::int64_t SqliteSearchIndex::reindex(
    const std::function<void(std::int64_t, std::int64_t)>& progress) {
    auto c = db_.borrow();
    Transaction tx(*c);
    refresh_vocabulary(*c, analyzer_);
    std::int64_t total = 0;
    {
        // Finished before the DROP: SQLite refuses to drop a table while a statement reads.
        Statement count(*c, kCountArticles, "count_articles");
        count.step();
        total = count.int64(0);
    }
    // A fresh table, so nothing of an index built by other rules is ever read back.
    c->exec("DROP TABLE article_search_terms", "drop_search_terms");
    c->exec(kDropIndex, "drop_search_index");
    c->exec(kCreateIndex, "create_search_index");
    c->exec("CREATE VIRTUAL TABLE article_search_terms USING fts5vocab(article_search, 'row')",
            "create_search_terms");
    std::int64_t done = 0;
    std::int64_t last = 0;
    Statement batch(*c, kIndexBatch, "index_article_batch");
    Statement last_indexed(*c, kLastIndexed, "last_indexed_article");
    if (progress) progress(0, total);
    for (;;) {
        batch.reset();
        batch.bind(1, last).bind(2, kReindexBatch);
        batch.run();
        const auto added = sqlite3_changes64(c->handle());
        if (added == 0) break;
        done += added;
        last_indexed.reset();
        last_indexed.step();
        last = last_indexed.int64(0);
        if (progress) progress(done, total);
    }
    c->exec(kOptimize, "optimize_search_index");
    c->exec(kClearPending, "clear_search_pending");
    Statement version(*c, kTermsVersion, "search_terms_version");
    version.step();
    Statement mark(*c, kMarkIndexed, "mark_search_indexed");
    mark.bind(1, version.int64(0)).bind(2, search::analyzer_signature()).run();
    tx.commit();
    return done;
}

}  // namespace gp::store::sqlite
