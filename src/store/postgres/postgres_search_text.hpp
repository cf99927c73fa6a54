#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "search/analyzer.hpp"
#include "store/postgres/pool.hpp"

// The text side of PostgreSQL search (docs/adr/0014): documents and queries become tsvector and
// tsquery text built from the program's own segmentation, the same tokens and positions that
// SQLite's FTS5 tokenizer produces, so no server text search configuration splits anything.
namespace gp::store::postgres {

/// Registers the queries the functions below use.
void define_search_text_queries(Pool& pool);

/// A tsvector literal: title tokens weighted A, keywords B, body C, each field at its own
/// positions (a phrase never spans two fields). Positions past PostgreSQL's 16383 share the
/// last one, and a token repeated more than 255 times keeps its first 255 positions.
std::string search_document(std::string_view title, const std::vector<std::string>& keywords,
                            std::string_view body_text, const search::Segmenter& segmenter,
                            const search::Vocabulary& vocabulary);

/// A tsquery literal for one phrase, tokenized as a query: its tokens at consecutive positions
/// (<->), tokens sharing a position as alternatives. Empty when the phrase has no token.
std::string tsquery_phrase(std::string_view phrase, const search::Segmenter& segmenter,
                           const search::Vocabulary& vocabulary);

/// Every clause must match, a clause when any of its phrases does; empty when no clause has a
/// token.
std::string tsquery_of(const std::vector<std::vector<std::string>>& clauses,
                       const search::Segmenter& segmenter, const search::Vocabulary& vocabulary);

/// Loads the synonym groups into `analyzer` when the table changed since they were read.
void refresh_vocabulary(pqxx::transaction_base& tx, search::Analyzer& analyzer);

/// Brings the index up to date inside a writing transaction, just before its COMMIT (ADR
/// 0008): indexes the queued articles, or every article when the synonyms or the analyzer
/// changed since the index was built. Returns the number of articles indexed.
std::int64_t sync_search_index(pqxx::transaction_base& tx, search::Analyzer& analyzer);

/// Drops the whole index and builds it again in `tx`; `progress(done, total)` as it goes.
std::int64_t rebuild_search_index(pqxx::transaction_base& tx, search::Analyzer& analyzer,
                                  const std::function<void(std::int64_t, std::int64_t)>& progress);

}  // namespace gp::store::postgres
