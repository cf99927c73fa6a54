#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/segmenter.hpp"

namespace gp::search {

/// A reader's query, read into terms. Every clause must match; a clause matches when any of
/// its alternatives does (a term and its synonyms). Each alternative is searched as an FTS5
/// phrase, tokenized by the same segmenter in query mode.
struct Query {
    std::string normalized;  ///< folded, spaces collapsed: what the query log counts
    std::vector<std::vector<std::string>> clauses;
    std::vector<std::string> highlights;  ///< folded strings to mark in titles and snippets

    bool empty() const { return clauses.empty(); }
    /// The FTS5 MATCH expression; every alternative quoted, so no reader input is syntax.
    std::string fts() const;
};

/// Longest query a reader may send, in characters; longer ones get a friendly page.
constexpr std::size_t kMaxQueryChars = 100;

/// Reads a query: text in quotes ("…", “…”, 「…」) is a phrase; other text is split into
/// terms (known terms joined), each term widened to its synonyms; a run of single characters
/// the dictionary does not know becomes the phrase of those characters; a few function words
/// (的, 了, 和…) are dropped when other terms remain.
Query parse_query(std::string_view text, const Segmenter& segmenter, const Vocabulary& vocabulary);

/// Quotes one phrase for FTS5.
std::string fts_phrase(std::string_view text);

/// Function words too common to narrow a search.
bool is_stop_word(std::string_view folded);

}  // namespace gp::search
