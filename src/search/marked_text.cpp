#include "search/marked_text.hpp"

#include <algorithm>

namespace gp::search {
namespace {

/// The tokens sharing one position of a document.
struct Position {
    std::vector<const Token*> tokens;
};

/// Which bytes of `text` fall inside a match.
std::vector<bool> matched_bytes(std::string_view text, const std::vector<std::string>& highlights,
                                const Segmenter& segmenter, const Vocabulary& vocabulary) {
    std::vector<bool> on(text.size(), false);
    const auto doc = segmenter.tokens(text, vocabulary, SegmentMode::document);
    std::vector<Position> positions;
    for (const auto& t : doc) {
        if (!t.colocated || positions.empty()) positions.emplace_back();
        positions.back().tokens.push_back(&t);
    }
    for (const auto& h : highlights) {
        const auto needle = segmenter.tokens(h, vocabulary, SegmentMode::query);
        if (needle.empty() || needle.size() > positions.size()) continue;
        for (std::size_t p = 0; p + needle.size() <= positions.size(); ++p) {
            int begin = -1;
            int end = -1;
            bool hit = true;
            for (std::size_t k = 0; k < needle.size() && hit; ++k) {
                const auto& at = positions[p + k].tokens;
                const auto it = std::find_if(at.begin(), at.end(), [&](const Token* t) {
                    return t->text == needle[k].text;
                });
                hit = it != at.end();
                if (!hit) break;
                if (k == 0) begin = (*it)->begin;
                end = std::max(end, (*it)->end);
            }
            if (!hit) continue;
            std::fill(on.begin() + begin, on.begin() + end, true);
        }
    }
    return on;
}

/// Up to `chars` characters of `text` starting a little before the first place where one of
/// the highlights appears as folded characters, cut at character boundaries.
std::string_view window_around_match(std::string_view text,
                                     const std::vector<std::string>& highlights,
                                     const CharFolder& folder, std::size_t chars) {
    const auto folded = folder.fold_text(text);
    if (folded.size() <= chars) return text;
    std::size_t first = folded.size();
    for (const auto& h : highlights) {
        std::vector<char32_t> needle;
        for (const auto& f : folder.fold_text(h)) {
            if (f.c != U' ') needle.push_back(f.c);
        }
        if (needle.empty()) continue;
        for (std::size_t i = 0; i + needle.size() <= folded.size() && i < first; ++i) {
            std::size_t k = 0;
            while (k < needle.size() && folded[i + k].c == needle[k]) ++k;
            if (k == needle.size()) {
                first = i;
                break;
            }
        }
    }
    if (first == folded.size()) first = 0;
    const auto from = first > chars / 3 ? first - chars / 3 : 0;
    const auto to = std::min(folded.size(), from + chars);
    const auto begin = static_cast<std::size_t>(folded[from].begin);
    return text.substr(begin, static_cast<std::size_t>(folded[to - 1].end) - begin);
}

MarkedText pieces(std::string_view text, const std::vector<FoldedChar>& chars,
                  const std::vector<bool>& on, std::size_t from, std::size_t to) {
    MarkedText out;
    const auto flag = [&](std::size_t i) { return static_cast<bool>(on[chars[i].begin]); };
    std::size_t i = from;
    while (i < to) {
        std::size_t j = i;
        while (j < to && flag(j) == flag(i)) ++j;
        const auto begin = static_cast<std::size_t>(chars[i].begin);
        const auto end = static_cast<std::size_t>(chars[j - 1].end);
        out.parts.emplace_back(std::string(text.substr(begin, end - begin)), flag(i));
        i = j;
    }
    return out;
}

}  // namespace

std::string MarkedText::plain() const {
    std::string out;
    for (const auto& [text, matched] : parts) out += text;
    return out;
}

MarkedText mark(std::string_view text, const std::vector<std::string>& highlights,
                const Segmenter& segmenter, const Vocabulary& vocabulary) {
    const auto chars = segmenter.folder().fold_text(text);
    if (chars.empty()) return {};
    return pieces(text, chars, matched_bytes(text, highlights, segmenter, vocabulary), 0,
                  chars.size());
}

MarkedText snippet(std::string_view full_text, const std::vector<std::string>& highlights,
                   const Segmenter& segmenter, const Vocabulary& vocabulary,
                   std::size_t chars_wanted) {
    // Segmenting a whole long body per result would cost more than the search itself, so only
    // a stretch around the first place a highlight's characters appear is segmented.
    const auto text =
        window_around_match(full_text, highlights, segmenter.folder(), chars_wanted * 3);
    const auto chars = segmenter.folder().fold_text(text);
    if (chars.empty()) return {};
    const auto on = matched_bytes(text, highlights, segmenter, vocabulary);
    const auto flag = [&](std::size_t i) { return static_cast<bool>(on[chars[i].begin]); };
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (flag(i) && (i == 0 || !flag(i - 1))) starts.push_back(i);
    }
    const std::size_t lead = chars_wanted / 4;
    std::size_t from = 0;
    std::size_t best = 0;
    for (const auto s : starts) {
        const auto window_from = s > lead ? s - lead : 0;
        const auto window_to = window_from + chars_wanted;
        const auto score = static_cast<std::size_t>(
            std::count_if(starts.begin(), starts.end(),
                          [&](std::size_t x) { return x >= window_from && x < window_to; }));
        if (score > best) {
            best = score;
            from = window_from;
        }
    }
    // Never start inside a match.
    while (from > 0 && flag(from) && flag(from - 1)) --from;
    const auto to = std::min(chars.size(), from + chars_wanted);
    auto out = pieces(text, chars, on, from, to);
    const bool window_cut_front = text.data() != full_text.data();
    const bool window_cut_back = text.data() + text.size() != full_text.data() + full_text.size();
    if (from > 0 || window_cut_front) out.parts.insert(out.parts.begin(), {"…", false});
    if (to < chars.size() || window_cut_back) out.parts.emplace_back("…", false);
    return out;
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string to_html(const MarkedText& text) {
    std::string out;
    for (const auto& [piece, matched] : text.parts) {
        if (matched) out += "<mark>";
        out += escape_html(piece);
        if (matched) out += "</mark>";
    }
    return out;
}

}  // namespace gp::search
