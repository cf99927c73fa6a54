#pragma once

#include "search/analyzer.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

/// Prepares a new connection for search: registers the FTS5 tokenizer 'guardpress' (the
/// analyzer's segmenter), the SQL function gp_article_text(html) (the text of a body), and the
/// commit step that indexes what the transaction changed. Throws SqliteError.
void setup_search(Connection& connection, search::Analyzer& analyzer);

/// Brings the index up to date inside the open transaction: reloads the vocabulary when the
/// synonym table changed, rebuilds the index when it was built under another vocabulary or
/// analyzer, then re-indexes the queued articles. Does nothing before the search migration.
void sync_search_index(Connection& connection, search::Analyzer& analyzer);

/// Reloads the analyzer's vocabulary from the synonym table when its version moved on.
void refresh_vocabulary(Connection& connection, search::Analyzer& analyzer);

}  // namespace gp::store::sqlite
