#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/segmenter.hpp"

namespace gp::search {

/// Text cut into pieces, some of them marked as matching the query. Kept apart from HTML so
/// escaping happens in one place (to_html).
struct MarkedText {
    std::vector<std::pair<std::string, bool>> parts;  ///< (text, matched)
    std::string plain() const;
};

/// Marks where the highlight strings occur in the text the way the index matches them: the
/// text is segmented as a document and each string as a query, and a match is a run of
/// positions carrying the string's tokens. So 等級保護 is marked for 等级保护, and 测评 is not
/// marked inside 检测评估 (检测/评估), which the index would not match either.
MarkedText mark(std::string_view text, const std::vector<std::string>& highlights,
                const Segmenter& segmenter, const Vocabulary& vocabulary);

/// A passage of about `chars` characters around the densest cluster of matches, with "…"
/// where it was cut; the start of the text when nothing matches.
MarkedText snippet(std::string_view text, const std::vector<std::string>& highlights,
                   const Segmenter& segmenter, const Vocabulary& vocabulary,
                   std::size_t chars = 110);

/// HTML with every piece escaped and matches in <mark>.
std::string to_html(const MarkedText& text);

/// Escapes & < > " ' for HTML text and attribute values.
std::string escape_html(std::string_view text);

}  // namespace gp::search
