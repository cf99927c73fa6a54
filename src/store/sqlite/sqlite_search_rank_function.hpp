#pragma once

#include <sqlite3.h>

namespace gp::store::sqlite {

/// Registers gp_rank(article_search, title weight, keywords weight, body weight, b): bm25 as
/// FTS5 computes it (k1 = 1.2, idf floored at 1e-6), negated so that lower is better, with
/// the length normalisation `b` chosen by the caller (FTS5 fixes it at 0.75). For a query of
/// one phrase the scores are bm25's divided by that phrase's idf: the same order.
void register_rank_function(fts5_api* api);

}  // namespace gp::store::sqlite
