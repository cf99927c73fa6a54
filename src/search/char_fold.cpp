#include "search/char_fold.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <stdexcept>

namespace gp::search {
namespace {

constexpr std::size_t kBmp = 0x10000;

/// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i, or U+FFFD
/// (advancing one byte) for an ill-formed sequence.
char32_t decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int len = 0;
    char32_t c = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        c = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        c = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        c = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        c = (c << 6) | (b & 0x3F);
    }
    const bool overlong =
        (len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000);
    if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(len);
    return c;
}

}  // namespace

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool is_cjk(char32_t c) {
    if (c < 0x2E80) return false;
    UErrorCode status = U_ZERO_ERROR;
    const auto script = uscript_getScript(static_cast<UChar32>(c), &status);
    return U_SUCCESS(status) && (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
                                 script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL);
}

CharFolder::CharFolder() : bmp_(new std::atomic<char32_t>[kBmp]) {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU NFKC_Casefold data missing: ") +
                                 u_errorName(status));
    }
    for (std::size_t i = 0; i < kBmp; ++i) bmp_[i].store(0, std::memory_order_relaxed);
}

char32_t CharFolder::compute(char32_t c) const {
    // Full-width ASCII and the ideographic space, the forms Chinese input methods produce.
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3000) return U' ';
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString s(static_cast<UChar32>(c));
    const auto folded = nfkc_cf_->normalize(s, status);
    if (U_FAILURE(status)) return c;
    // Characters that fold to nothing (format controls) separate words; ones that fold to
    // several characters (㎏ → kg) keep their own form so offsets stay one to one.
    if (folded.isEmpty()) return U' ';
    char32_t out = folded.countChar32() == 1 ? static_cast<char32_t>(folded.char32At(0)) : c;
    if (is_cjk(out)) {
        icu::UnicodeString t(static_cast<UChar32>(out));
        {
            std::lock_guard lock(translit_mutex_);
            if (!to_simplified_) {
                // Built on first use: compiling its rules takes about a fifth of the server's
                // start-up, and the first pages served need no folding.
                UErrorCode made = U_ZERO_ERROR;
                to_simplified_.reset(icu::Transliterator::createInstance("Traditional-Simplified",
                                                                         UTRANS_FORWARD, made));
                if (U_FAILURE(made) || !to_simplified_) {
                    to_simplified_.reset();
                    throw std::runtime_error(
                        std::string("ICU Traditional-Simplified transliterator missing: ") +
                        u_errorName(made));
                }
            }
            to_simplified_->transliterate(t);
        }
        if (t.countChar32() == 1) out = static_cast<char32_t>(t.char32At(0));
    }
    return out;
}

char32_t CharFolder::fold(char32_t c) const {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= kBmp) return compute(c);
    auto& slot = bmp_[c];
    char32_t v = slot.load(std::memory_order_relaxed);
    if (v == 0) {
        // Two threads may both compute a missing entry; they store the same value.
        v = compute(c);
        slot.store(v, std::memory_order_relaxed);
    }
    return v;
}

std::vector<FoldedChar> CharFolder::fold_text(std::string_view utf8) const {
    std::vector<FoldedChar> out;
    out.reserve(utf8.size() / 2 + 1);
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto begin = i;
        const char32_t c = decode(utf8, i);
        out.push_back({c == 0xFFFD ? U' ' : fold(c), static_cast<int>(begin), static_cast<int>(i)});
    }
    return out;
}

std::string CharFolder::fold_string(std::string_view utf8) const {
    std::string out;
    out.reserve(utf8.size());
    for (const auto& f : fold_text(utf8)) append_utf8(out, f.c);
    return out;
}

}  // namespace gp::search
