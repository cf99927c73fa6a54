#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "search/char_fold.hpp"
#include "search/vocabulary.hpp"

namespace gp::search {

struct Token {
    std::string text;  ///< folded UTF-8
    int begin = 0;     ///< byte offsets in the original text
    int end = 0;
    /// Shares the position of the token before it (a joined term, or a part of a compound
    /// like 22239-2019): FTS5's FTS5_TOKEN_COLOCATED.
    bool colocated = false;
};

enum class SegmentMode {
    /// For the index: every word at its own position, plus the terms those words spell and
    /// the parts of Latin compounds at the same positions, so both forms match.
    document,
    /// For a query phrase: a text that is one whole term gives that term alone; anything else
    /// gives the plain words, which a phrase query matches position by position.
    query,
};

/// Splits text into words: Chinese (and other CJK) runs by ICU's word break iterator, Latin
/// letters and digits as whole compounds (GB/T, 22239-2019, 2.0, MLPS), everything folded by
/// CharFolder. Then joins adjacent words that spell a term of the vocabulary (ICU splits 等保
/// into 等/保), keeping the parts. Thread-safe; break iterators are kept per thread.
class Segmenter {
public:
    explicit Segmenter(const CharFolder& folder) : folder_(folder) {}

    void tokenize(std::string_view text, const Vocabulary& vocabulary, SegmentMode mode,
                  const std::function<void(const Token&)>& emit) const;
    std::vector<Token> tokens(std::string_view text, const Vocabulary& vocabulary,
                              SegmentMode mode) const;

    /// Words with known terms joined (longest first) in place of their parts: how a query is
    /// read into terms, and what related articles are built from.
    std::vector<Token> units(std::string_view text, const Vocabulary& vocabulary) const;

    const CharFolder& folder() const { return folder_; }

private:
    /// The plain words, no joins, no compound parts.
    std::vector<Token> words(const std::vector<FoldedChar>& chars) const;

    const CharFolder& folder_;
};

}  // namespace gp::search
