#pragma once

#include <string>

#include "search/char_fold.hpp"
#include "search/segmenter.hpp"
#include "search/vocabulary.hpp"

namespace gp::search {

/// Everything text analysis needs, built once per store: the folder, the segmenter over it and
/// the current vocabulary.
struct Analyzer {
    CharFolder folder;
    Segmenter segmenter{folder};
    VocabularyHolder vocabulary;

    Analyzer() = default;
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;
};

/// Names the ICU version and the segmenter's rules; an index built under another signature
/// is rebuilt, since FTS5 removes a row by tokenizing it again and must see the same tokens.
std::string analyzer_signature();

}  // namespace gp::search
