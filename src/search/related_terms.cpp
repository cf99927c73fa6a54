#include "search/related_terms.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "search/query.hpp"

namespace gp::search {
namespace {

/// The body's most frequent words considered.
constexpr std::size_t kBodyTerms = 8;
/// Bytes of the body whose words are considered: the opening says what an article is about,
/// and segmenting a long body for every list would cost more than it tells.
constexpr std::size_t kBodyBytes = 6000;

std::size_t char_count(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// At most `bytes` bytes of `text`, cut on a UTF-8 character boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes) return text;
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
    return text.substr(0, bytes);
}

}  // namespace

std::vector<std::string> related_candidates(const Segmenter& segmenter,
                                            const Vocabulary& vocabulary,
                                            const std::vector<std::string>& keywords,
                                            std::string_view title, std::string_view body_text) {
    std::vector<std::string> candidates;
    const auto consider = [&](const std::string& t) {
        if (char_count(t) < 2 || is_stop_word(t)) return;
        if (std::find(candidates.begin(), candidates.end(), t) == candidates.end()) {
            candidates.push_back(t);
        }
    };
    for (const auto& k : keywords) {
        for (const auto& u : segmenter.units(k, vocabulary)) consider(u.text);
    }
    for (const auto& u : segmenter.units(title, vocabulary)) consider(u.text);
    std::map<std::string, int> frequency;
    for (const auto& u : segmenter.units(utf8_prefix(body_text, kBodyBytes), vocabulary)) {
        ++frequency[u.text];
    }
    std::vector<std::pair<int, std::string>> by_frequency;
    for (auto& [t, n] : frequency) {
        if (n >= 2) by_frequency.emplace_back(n, t);
    }
    std::sort(by_frequency.begin(), by_frequency.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < by_frequency.size() && i < kBodyTerms; ++i) {
        consider(by_frequency[i].second);
    }
    return candidates;
}

}  // namespace gp::search
