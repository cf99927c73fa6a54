#include "search/query.hpp"

#include <algorithm>
#include <array>

namespace gp::search {
namespace {

constexpr std::size_t kMaxClauses = 12;

struct Segment {
    std::string_view text;
    bool quoted = false;
};

/// Splits on quote pairs; an unclosed quote runs to the end.
std::vector<Segment> split_quotes(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kQuotes{{
        {"\"", "\""},
        {"\xEF\xBC\x82", "\xEF\xBC\x82"},  // ＂
        {"\xE2\x80\x9C", "\xE2\x80\x9D"},  // “ ”
        {"\xE3\x80\x8C", "\xE3\x80\x8D"},  // 「 」
    }};
    std::vector<Segment> out;
    std::size_t plain_from = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        bool opened = false;
        for (const auto& [open, close] : kQuotes) {
            if (text.substr(i).starts_with(open)) {
                if (i > plain_from) out.push_back({text.substr(plain_from, i - plain_from), false});
                const auto from = i + open.size();
                auto end = text.find(close, from);
                if (end == std::string_view::npos) end = text.size();
                out.push_back({text.substr(from, end - from), true});
                i = std::min(text.size(), end + close.size());
                plain_from = i;
                opened = true;
                break;
            }
        }
        if (!opened) ++i;
    }
    if (plain_from < text.size()) out.push_back({text.substr(plain_from), false});
    return out;
}

std::size_t char_count(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool single_cjk(const Token& t) {
    if (char_count(t.text) != 1) return false;
    std::size_t i = 0;
    char32_t c = static_cast<unsigned char>(t.text[0]);
    if (c >= 0x80) {
        const int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        c &= (0xFF >> (len + 1));
        for (i = 1; i < static_cast<std::size_t>(len) && i < t.text.size(); ++i) {
            c = (c << 6) | (static_cast<unsigned char>(t.text[i]) & 0x3F);
        }
    }
    return is_cjk(c);
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

void add_unique(std::vector<std::string>& list, std::string s) {
    if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) {
        list.push_back(std::move(s));
    }
}

}  // namespace

bool is_stop_word(std::string_view folded) {
    static constexpr std::array<std::string_view, 14> kStop{
        "的", "了", "和", "与", "及", "或", "是", "在", "对", "之", "也", "吗", "呢", "怎么"};
    return std::find(kStop.begin(), kStop.end(), folded) != kStop.end();
}

std::string fts_phrase(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string Query::fts() const {
    std::string out;
    for (const auto& clause : clauses) {
        if (!out.empty()) out += " AND ";
        if (clause.size() > 1) out += '(';
        for (std::size_t i = 0; i < clause.size(); ++i) {
            if (i > 0) out += " OR ";
            out += fts_phrase(clause[i]);
        }
        if (clause.size() > 1) out += ')';
    }
    return out;
}

Query parse_query(std::string_view text, const Segmenter& segmenter, const Vocabulary& vocabulary) {
    Query q;
    q.normalized = collapse_spaces(segmenter.folder().fold_string(text));
    std::vector<std::vector<std::string>> clauses;
    std::vector<std::string> stop_clauses;
    const auto add_clause = [&](std::vector<std::string> alternatives) {
        if (std::find(clauses.begin(), clauses.end(), alternatives) == clauses.end()) {
            clauses.push_back(std::move(alternatives));
        }
    };
    for (const auto& segment : split_quotes(text)) {
        const auto units = segmenter.units(segment.text, vocabulary);
        if (units.empty()) continue;
        if (segment.quoted) {
            std::string phrase;
            for (const auto& u : units) {
                // Adjacent words stay adjacent; a gap in the text becomes one space.
                if (!phrase.empty() && &u != &units.front() && u.begin != (&u - 1)->end) {
                    phrase += ' ';
                }
                phrase += u.text;
            }
            add_unique(q.highlights, phrase);
            add_clause({phrase});
            continue;
        }
        for (std::size_t i = 0; i < units.size();) {
            const auto& u = units[i];
            if (single_cjk(u) && !vocabulary.is_term(u.text)) {
                // A run of single characters: a word the dictionary lacks (密评, a name), so
                // its characters must appear in this order.
                std::string run = u.text;
                std::size_t j = i + 1;
                while (j < units.size() && units[j].begin == units[j - 1].end &&
                       single_cjk(units[j]) && !vocabulary.is_term(units[j].text) &&
                       !is_stop_word(units[j].text)) {
                    run += units[j].text;
                    ++j;
                }
                if (j - i == 1 && is_stop_word(run)) {
                    add_unique(stop_clauses, run);
                } else {
                    add_unique(q.highlights, run);
                    add_clause({run});
                }
                i = j;
                continue;
            }
            if (is_stop_word(u.text)) {
                add_unique(stop_clauses, u.text);
            } else {
                auto alternatives = vocabulary.alternatives(u.text);
                for (const auto& a : alternatives) add_unique(q.highlights, a);
                add_clause(std::move(alternatives));
            }
            ++i;
        }
    }
    // A query of function words only still searches for them.
    if (clauses.empty()) {
        for (auto& s : stop_clauses) {
            add_unique(q.highlights, s);
            clauses.push_back({std::move(s)});
        }
    }
    if (clauses.size() > kMaxClauses) clauses.resize(kMaxClauses);
    q.clauses = std::move(clauses);
    return q;
}

}  // namespace gp::search
