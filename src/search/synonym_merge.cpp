#include "search/synonym_merge.hpp"

#include <iterator>
#include <set>

namespace gp::search {

SynonymMerge plan_synonym_merge(const std::vector<SynonymRow>& rows,
                                const std::vector<std::string>& terms, const CharFolder& folder) {
    std::set<std::string> folded_new;
    for (const auto& t : terms) folded_new.insert(folder.fold_string(t));
    std::set<std::int64_t> touched;
    std::set<std::string> folded_existing;
    for (const auto& r : rows) {
        const auto folded = folder.fold_string(r.term);
        folded_existing.insert(folded);
        if (folded_new.contains(folded)) touched.insert(r.group);
    }
    SynonymMerge plan;
    if (!touched.empty()) {
        plan.group = *touched.begin();
        plan.absorbed.assign(std::next(touched.begin()), touched.end());
    }
    for (const auto& t : terms) {
        if (folded_existing.insert(folder.fold_string(t)).second) plan.new_terms.push_back(t);
    }
    return plan;
}

}  // namespace gp::search
