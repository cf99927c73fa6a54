#include "store/sqlite/sqlite_search_ranking.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/sqlite/visibility.hpp"

namespace gp::store::sqlite {
namespace {

// Ranked on the full-text index alone: the rank runs once per match, but the sorter keeps only
// the LIMIT best rows and no match touches the articles table. Lower is better; column weights
// in the table's column order (title, keywords, body). Length normalisation b = 0: reading a
// row's length is a B-tree lookup per match, most of the cost of a common word (bm25's 0.75
// made "安全区域边界" 51 ms instead of 9 at 100,000 articles); titles are short and weighted
// ten times, and k1 caps what repeating a word in a long body can gain (docs/benchmarks.md).
constexpr std::string_view kRanked =
    "SELECT rowid FROM article_search WHERE article_search MATCH ?1 "
    "ORDER BY gp_rank(article_search, 10.0, 6.0, 1.0, 0.0), rowid LIMIT ?2";
// In rowid order, no ranking: FTS5 streams the matches and the LIMIT ends the walk early.
constexpr std::string_view kCount =
    "SELECT count(*) FROM (SELECT 1 FROM article_search CROSS JOIN articles a "
    "ON a.id = article_search.rowid WHERE article_search MATCH ?1 AND " GP_VISIBLE
    " AND (?3 IS NULL OR a.category_id IN (SELECT value FROM json_each(?3))) LIMIT ?4)";
constexpr std::string_view kVisible =
    "SELECT category_id FROM articles WHERE id = ?1 AND " GP_VISIBLE;

/// Matches ranked and fetched per try, beyond what is wanted: most matches are visible, so one
/// try nearly always suffices; each further try fetches four times as many.
constexpr std::int64_t kSpare = 40;

class Visibility {
public:
    Visibility(Connection& c, const RankFilter& filter)
        : st_(c, kVisible, "search_match_visible"), filter_(filter) {}

    bool passes(std::int64_t id) {
        if (id == filter_.excluded) return false;
        st_.reset();
        st_.bind(1, id).bind(2, filter_.now.time_since_epoch().count());
        if (!st_.step()) return false;
        if (filter_.category_ids.empty()) return true;
        return std::find(filter_.category_ids.begin(), filter_.category_ids.end(), st_.int64(0)) !=
               filter_.category_ids.end();
    }

private:
    Statement st_;
    const RankFilter& filter_;
};

}  // namespace

std::vector<std::int64_t> top_matches(Connection& c, const std::string& fts,
                                      const RankFilter& filter, std::int64_t wanted) {
    Visibility visibility(c, filter);
    Statement ranked(c, kRanked, "search_ranked_matches");
    std::vector<std::int64_t> out;
    for (std::int64_t fetch = wanted + kSpare;; fetch *= 4) {
        out.clear();
        ranked.reset();
        ranked.bind(1, fts).bind(2, fetch);
        std::int64_t seen = 0;
        while (ranked.step()) {
            ++seen;
            const auto id = ranked.int64(0);
            if (visibility.passes(id)) {
                out.push_back(id);
                if (static_cast<std::int64_t>(out.size()) == wanted) return out;
            }
        }
        // Fewer rows than asked for: every match has been ranked.
        if (seen < fetch) return out;
    }
}

std::int64_t count_matches(Connection& c, const std::string& fts, const RankFilter& filter,
                           std::int64_t cap) {
    Statement st(c, kCount, "count_search_matches");
    st.bind(1, fts).bind(2, filter.now.time_since_epoch().count());
    if (filter.category_ids.empty()) {
        st.bind_null(3);
    } else {
        st.bind(3, nlohmann::json(std::vector<std::int64_t>(filter.category_ids.begin(),
                                                            filter.category_ids.end()))
                       .dump());
    }
    st.bind(4, cap);
    st.step();
    return st.int64(0);
}

}  // namespace gp::store::sqlite
