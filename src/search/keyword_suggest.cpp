#include "search/keyword_suggest.hpp"

#include <algorithm>
#include <map>

namespace gp::search {

std::vector<std::string> suggest_keywords(const Segmenter& segmenter, const Vocabulary& vocabulary,
                                          std::string_view text, std::size_t limit) {
    struct Seen {
        std::string spelling;
        std::size_t first = 0;
        int count = 0;
    };
    std::map<std::string, Seen> terms;
    std::size_t order = 0;
    for (const auto& token : segmenter.units(text, vocabulary)) {
        // A single character is never a useful keyword, even when it is a term.
        if (!vocabulary.is_term(token.text) || token.end - token.begin <= 3) continue;
        auto [it, added] = terms.try_emplace(token.text);
        if (added) {
            it->second.spelling = std::string(text.substr(token.begin, token.end - token.begin));
            it->second.first = order++;
        }
        ++it->second.count;
    }
    std::vector<Seen> ranked;
    ranked.reserve(terms.size());
    for (auto& [folded, seen] : terms) ranked.push_back(std::move(seen));
    std::sort(ranked.begin(), ranked.end(), [](const Seen& a, const Seen& b) {
        return a.count != b.count ? a.count > b.count : a.first < b.first;
    });
    std::vector<std::string> out;
    for (auto& s : ranked) {
        if (out.size() == limit) break;
        out.push_back(std::move(s.spelling));
    }
    return out;
}

}  // namespace gp::search
