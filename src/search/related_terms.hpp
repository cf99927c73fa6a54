#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/segmenter.hpp"
#include "search/vocabulary.hpp"

namespace gp::search {

/// The terms an article's related-articles query may be built from, best first: its keywords,
/// its title, then the most frequent words of the start of its body. Each term has at least two
/// characters, is no stop word and comes once. Both stores then keep the rarest few that other
/// articles share. `body_text` is the body as plain text: the caller strips the HTML.
std::vector<std::string> related_candidates(const Segmenter& segmenter,
                                            const Vocabulary& vocabulary,
                                            const std::vector<std::string>& keywords,
                                            std::string_view title, std::string_view body_text);

}  // namespace gp::search
