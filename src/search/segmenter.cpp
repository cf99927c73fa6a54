#include "search/segmenter.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>

#include <memory>
#include <stdexcept>

namespace gp::search {
namespace {

/// Parts of a join are at most this many words (网络/安全/等级/保护 is four).
constexpr std::size_t kMaxJoinedWords = 8;

bool is_word_char(char32_t c) { return u_isalnum(static_cast<UChar32>(c)) && !is_cjk(c); }

bool is_connector(char32_t c) { return c == '-' || c == '/' || c == '.' || c == '_'; }

/// ICU's word iterator for Chinese, one per thread: creating one loads the dictionary
/// (milliseconds), and an iterator is not safe to share.
icu::BreakIterator& word_iterator() {
    thread_local std::unique_ptr<icu::BreakIterator> it = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> made(
            icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
        if (U_FAILURE(status) || !made) {
            throw std::runtime_error(std::string("ICU word break iterator unavailable: ") +
                                     u_errorName(status));
        }
        return made;
    }();
    return *it;
}

Token make_token(const std::vector<FoldedChar>& chars, std::size_t from, std::size_t to) {
    Token t;
    for (auto i = from; i < to; ++i) append_utf8(t.text, chars[i].c);
    t.begin = chars[from].begin;
    t.end = chars[to - 1].end;
    return t;
}

}  // namespace

std::vector<Token> Segmenter::words(const std::vector<FoldedChar>& chars) const {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < chars.size()) {
        const char32_t c = chars[i].c;
        if (is_cjk(c)) {
            std::size_t j = i;
            icu::UnicodeString run;
            std::vector<std::size_t> char_at;  // UTF-16 index → index into chars
            while (j < chars.size() && is_cjk(chars[j].c)) {
                const auto before = run.length();
                run.append(static_cast<UChar32>(chars[j].c));
                for (auto k = before; k < run.length(); ++k) char_at.push_back(j);
                ++j;
            }
            char_at.push_back(j);
            auto& it = word_iterator();
            it.setText(run);
            int32_t start = it.first();
            for (int32_t end = it.next(); end != icu::BreakIterator::DONE;
                 start = end, end = it.next()) {
                const auto from = char_at[static_cast<std::size_t>(start)];
                const auto to = char_at[static_cast<std::size_t>(end)];
                if (to > from) out.push_back(make_token(chars, from, to));
            }
            i = j;
        } else if (is_word_char(c)) {
            // A compound: letters and digits, joined by single connectors with a word
            // character on both sides (GB/T, 22239-2019, 2.0, iso_27001).
            std::size_t j = i + 1;
            while (j < chars.size()) {
                if (is_word_char(chars[j].c)) {
                    ++j;
                } else if (is_connector(chars[j].c) && j + 1 < chars.size() &&
                           is_word_char(chars[j + 1].c)) {
                    j += 2;
                } else {
                    break;
                }
            }
            out.push_back(make_token(chars, i, j));
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

void Segmenter::tokenize(std::string_view text, const Vocabulary& vocabulary, SegmentMode mode,
                         const std::function<void(const Token&)>& emit) const {
    const auto chars = folder_.fold_text(text);
    const auto list = words(chars);
    if (mode == SegmentMode::query) {
        std::string whole;
        for (const auto& w : list) whole += w.text;
        if (list.size() > 1 && vocabulary.is_term(whole)) {
            emit(Token{whole, list.front().begin, list.back().end, false});
            return;
        }
        for (const auto& w : list) emit(w);
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        emit(list[i]);
        const auto& w = list[i];
        // Parts of a compound, so 22239 finds GB/T 22239-2019.
        std::size_t part_start = 0;
        bool split = false;
        for (std::size_t k = 0; k <= w.text.size(); ++k) {
            const bool at_end = k == w.text.size();
            if (at_end || is_connector(static_cast<unsigned char>(w.text[k]))) {
                if (!at_end) split = true;
                if (split && k - part_start > 1) {
                    emit(Token{w.text.substr(part_start, k - part_start), w.begin, w.end, true});
                }
                part_start = k + 1;
            }
        }
        // Terms spelt by this word and the ones right after it (no gap between them).
        std::string joined = w.text;
        for (std::size_t j = i + 1; j < list.size() && j - i < kMaxJoinedWords; ++j) {
            if (list[j].begin != list[j - 1].end) break;
            joined += list[j].text;
            if (joined.size() > vocabulary.max_term_bytes()) break;
            if (vocabulary.is_term(joined)) emit(Token{joined, w.begin, list[j].end, true});
        }
    }
}

std::vector<Token> Segmenter::tokens(std::string_view text, const Vocabulary& vocabulary,
                                     SegmentMode mode) const {
    std::vector<Token> out;
    tokenize(text, vocabulary, mode, [&](const Token& t) { out.push_back(t); });
    return out;
}

std::vector<Token> Segmenter::units(std::string_view text, const Vocabulary& vocabulary) const {
    const auto list = words(folder_.fold_text(text));
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < list.size()) {
        std::size_t best = i;
        std::string joined = list[i].text;
        std::string best_text = joined;
        for (std::size_t j = i + 1; j < list.size() && j - i < kMaxJoinedWords; ++j) {
            if (list[j].begin != list[j - 1].end) break;
            joined += list[j].text;
            if (joined.size() > vocabulary.max_term_bytes()) break;
            if (vocabulary.is_term(joined)) {
                best = j;
                best_text = joined;
            }
        }
        out.push_back(Token{best_text, list[i].begin, list[best].end, false});
        i = best + 1;
    }
    return out;
}

}  // namespace gp::search
