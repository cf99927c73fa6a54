#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/segmenter.hpp"
#include "search/vocabulary.hpp"

namespace gp::search {

/// Keywords to offer an editor for a text: the terms of the site's vocabulary (the MLPS
/// glossary and the synonym table) that the text uses, most frequent first, then by first
/// use, each as the text spells it. At most `limit`.
std::vector<std::string> suggest_keywords(const Segmenter& segmenter, const Vocabulary& vocabulary,
                                          std::string_view text, std::size_t limit);

}  // namespace gp::search
