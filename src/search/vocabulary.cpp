#include "search/vocabulary.hpp"

#include <algorithm>

namespace gp::search {

Vocabulary::Vocabulary(const std::vector<std::vector<std::string>>& groups, std::int64_t version)
    : version_(version) {
    for (const auto& g : mlps_glossary()) terms_.emplace(g);
    for (const auto& group : groups) {
        for (const auto& term : group) {
            terms_.insert(term);
            auto& alts = synonyms_[term];
            if (alts.empty()) alts.push_back(term);
            for (const auto& other : group) {
                if (std::find(alts.begin(), alts.end(), other) == alts.end()) {
                    alts.push_back(other);
                }
            }
        }
    }
    for (const auto& t : terms_) max_term_bytes_ = std::max(max_term_bytes_, t.size());
}

bool Vocabulary::is_term(std::string_view folded) const {
    return terms_.contains(std::string(folded));
}

std::vector<std::string> Vocabulary::alternatives(const std::string& folded) const {
    const auto it = synonyms_.find(folded);
    if (it == synonyms_.end()) return {folded};
    return it->second;
}

std::shared_ptr<const Vocabulary> VocabularyHolder::get() const {
    std::lock_guard lock(mutex_);
    return current_;
}

void VocabularyHolder::set(std::shared_ptr<const Vocabulary> vocabulary) {
    std::lock_guard lock(mutex_);
    current_ = std::move(vocabulary);
}

}  // namespace gp::search
