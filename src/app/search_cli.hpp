#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace gp::app {

/// `guardpress reindex`: rebuilds the search index; a progress bar on `progress` when it is a
/// terminal.
int reindex_search(store::Store& store, std::ostream& out, std::ostream& progress,
                   bool progress_is_terminal);

/// `guardpress synonyms list`: one group per line, terms separated by " = ".
int list_synonyms(store::Store& store, std::ostream& out);

/// `guardpress synonyms add TERM TERM...`: one group, merged with groups sharing a term.
/// Throws std::invalid_argument for fewer than two terms or a bad term.
int add_synonyms(store::Store& store, const std::vector<std::string>& terms, std::ostream& out);

/// `guardpress search-queries [--zero-hits]`: what readers searched for most.
int list_search_queries(store::Store& store, bool zero_hits, std::int64_t limit, std::ostream& out);

}  // namespace gp::app
