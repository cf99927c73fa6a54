#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "content/article.hpp"
#include "content/query_count.hpp"
#include "search/marked_text.hpp"
#include "store/article_store.hpp"

namespace gp::store {

struct SearchHit {
    std::int64_t id = 0;
    std::int64_t category_id = 0;
    content::Time published_at{};
    search::MarkedText title;
    search::MarkedText snippet;
};

/// What an article's related list is worked out from (SearchIndex::related_source).
struct RelatedSource {
    content::Article article;  ///< id, title, body_html and keywords only
    bool published = false;    ///< status `published`, whatever its time
};

struct SearchResult {
    std::int64_t total = 0;     ///< visible matches, at most a cap
    bool total_capped = false;  ///< more than `total` match; only `total` can be paged through
    std::vector<SearchHit> hits;
    std::string normalized_query;  ///< folded, what the query log counts
    bool no_terms = false;         ///< nothing searchable in the query (only punctuation)
};

/// Full-text search over visible articles (published and due), best first. Articles are
/// indexed in the same transaction that writes them, whatever the write path.
/// Every method throws on store failure.
class SearchIndex {
public:
    virtual ~SearchIndex() = default;
    /// `category_ids` empty means the whole site. Only the best `total` matches (at most the
    /// count cap) are paged through.
    virtual SearchResult search(const std::string& query,
                                std::span<const std::int64_t> category_ids, content::Time now,
                                std::int64_t offset, std::int64_t limit) = 0;
    /// Visible articles sharing the most distinctive terms of `article` (keywords, title,
    /// body), best first, never the article itself: its kept list when there is one, otherwise
    /// worked out now.
    virtual std::vector<ArticleLink> related(const content::Article& article, content::Time now,
                                             std::int64_t limit) = 0;
    /// The text a related list of article `id` is worked out from, read in one snapshot;
    /// nullopt when the article is gone.
    virtual std::optional<RelatedSource> related_source(std::int64_t id) = 0;
    /// Published articles sharing the most distinctive terms of `article`, best first, never
    /// the article itself, at most `limit`, whatever their time: scheduled articles count as
    /// published, because a kept list is read with the clock of each render, so one appears in
    /// it when its time comes with no pass needed then.
    virtual std::vector<std::int64_t> rank_related_any_time(const content::Article& article,
                                                            std::int64_t limit) = 0;
    /// Keeps `related` as article `id`'s list, stamped `now`, in place of the one kept before,
    /// in one transaction, so that related() reads it instead of ranking the index on the
    /// request path. Returns whether a list was kept before and differs from this one. A write
    /// that changes an article's title, body, status or keywords drops its list in the same
    /// transaction.
    virtual bool replace_related(std::int64_t id, std::span<const std::int64_t> related,
                                 content::Time now) = 0;
    /// Articles whose kept lists show one of `ids`, at most `limit`.
    virtual std::vector<std::int64_t> listing(std::span<const std::int64_t> ids,
                                              std::int64_t limit) = 0;
    /// Published articles without a kept list, then those whose list was worked out before
    /// `before`, oldest first; at most `limit`.
    virtual std::vector<std::int64_t> related_due(content::Time before, std::int64_t limit) = 0;
    /// Rebuilds the whole index in one transaction; `progress(done, total)` is called as it
    /// goes. Returns the number of articles indexed.
    virtual std::int64_t reindex(
        const std::function<void(std::int64_t, std::int64_t)>& progress) = 0;
};

/// Synonym groups (等保 = 等级保护 = 网络安全等级保护), applied at query time.
class SynonymStore {
public:
    virtual ~SynonymStore() = default;
    /// Every group, terms as the editors wrote them.
    virtual std::vector<std::vector<std::string>> list_synonyms() = 0;
    /// Adds the terms as one group, merged with every existing group that shares a term (after
    /// folding). Commits the change and the index update together. Returns the merged group.
    virtual std::vector<std::string> add_synonyms(const std::vector<std::string>& terms) = 0;
};

/// What readers look for, counted without personal data.
class SearchStats {
public:
    virtual ~SearchStats() = default;
    /// Adds a batch of counts in one transaction: all or nothing.
    virtual void add_query_counts(const std::vector<content::QueryCount>& batch,
                                  content::Time now) = 0;
    /// Most searched first.
    virtual std::vector<content::QueryCount> top_queries(std::int64_t limit) = 0;
    /// Queries whose latest search found nothing, most searched first.
    virtual std::vector<content::QueryCount> zero_hit_queries(std::int64_t limit) = 0;
};

}  // namespace gp::store
