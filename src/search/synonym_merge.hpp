#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "search/char_fold.hpp"

namespace gp::search {

/// A stored synonym term and the group it belongs to.
struct SynonymRow {
    std::int64_t group = 0;
    std::string term;
};

/// What adding a group of terms does to the stored groups, worked out the same for every
/// backend: terms are compared folded (等級保護 is 等级保护).
struct SynonymMerge {
    /// The group the terms end up in: the smallest id among the groups sharing a term with them;
    /// none when no group does, and a new group must be made.
    std::optional<std::int64_t> group;
    /// The other groups sharing a term, to be moved into `group`.
    std::vector<std::int64_t> absorbed;
    /// The terms not yet stored (folded), in the order given, each once.
    std::vector<std::string> new_terms;
};

/// Plans adding `terms` as one group to `rows`.
SynonymMerge plan_synonym_merge(const std::vector<SynonymRow>& rows,
                                const std::vector<std::string>& terms, const CharFolder& folder);

}  // namespace gp::search
