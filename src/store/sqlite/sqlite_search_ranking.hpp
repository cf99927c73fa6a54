#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "content/article.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

/// Which matches a reader may see: visible at `now`, in one of `category_ids` (empty: any),
/// never `excluded` (0: none).
struct RankFilter {
    content::Time now{};
    std::span<const std::int64_t> category_ids;
    std::int64_t excluded = 0;
};

/// The best `wanted` matches of the FTS5 expression `fts` that pass `filter`, best first
/// (bm25 with title and keywords above the body, ties by id).
std::vector<std::int64_t> top_matches(Connection& c, const std::string& fts,
                                      const RankFilter& filter, std::int64_t wanted);

/// Matches of `fts` that pass `filter` (`excluded` aside), counted up to `cap`: the number, or
/// `cap` when there are at least that many.
std::int64_t count_matches(Connection& c, const std::string& fts, const RankFilter& filter,
                           std::int64_t cap);

}  // namespace gp::store::sqlite
