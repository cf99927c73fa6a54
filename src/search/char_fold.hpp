#pragma once

#include <unicode/normalizer2.h>
#include <unicode/translit.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gp::search {

/// One code point of a text after folding, with the bytes it came from in the original.
struct FoldedChar {
    char32_t c = 0;
    int begin = 0;  ///< byte offset in the original UTF-8
    int end = 0;
};

/// Folds text the same way for indexing and for queries: full-width to half-width and other
/// compatibility forms (NFKC), case folding, traditional to simplified Chinese. Folding works
/// per code point so every folded character keeps its place in the original text, which
/// snippets and highlights need. Each BMP code point is folded through ICU once and then read
/// from a table, so the transliterator costs nothing after the first sight of a character.
/// Thread-safe.
class CharFolder {
public:
    /// Throws std::runtime_error when ICU lacks its normalisation data; fold() throws it when
    /// ICU lacks the Traditional-Simplified transliterator, made on the first Han character.
    CharFolder();

    char32_t fold(char32_t c) const;

    /// The folded code points of UTF-8 text; ill-formed bytes become spaces.
    std::vector<FoldedChar> fold_text(std::string_view utf8) const;

    /// Folded text as UTF-8 (for query logs and term lookups).
    std::string fold_string(std::string_view utf8) const;

private:
    char32_t compute(char32_t c) const;

    const icu::Normalizer2* nfkc_cf_ = nullptr;
    mutable std::mutex translit_mutex_;
    mutable std::unique_ptr<icu::Transliterator> to_simplified_;  // under translit_mutex_
    std::unique_ptr<std::atomic<char32_t>[]> bmp_;
};

/// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t c);

/// True for characters of scripts written without spaces (Han, kana, Hangul).
bool is_cjk(char32_t c);

}  // namespace gp::search
