#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gp::search {

/// The site's term list: the shipped MLPS glossary plus every term of the synonym table, all
/// folded. The segmenter joins adjacent words that spell one of these terms, and a query word
/// that is a synonym is searched with all the other forms of its group.
class Vocabulary {
public:
    /// `groups` are synonym groups of folded terms; `version` names the synonym table state
    /// they were read from.
    Vocabulary(const std::vector<std::vector<std::string>>& groups, std::int64_t version);

    bool is_term(std::string_view folded) const;
    /// Every form of the groups `folded` belongs to, itself first; just itself when it has no
    /// synonyms.
    std::vector<std::string> alternatives(const std::string& folded) const;
    /// Longest term in bytes, to bound the join pass.
    std::size_t max_term_bytes() const { return max_term_bytes_; }
    std::int64_t version() const { return version_; }

private:
    std::unordered_set<std::string> terms_;
    std::unordered_map<std::string, std::vector<std::string>> synonyms_;
    std::size_t max_term_bytes_ = 0;
    std::int64_t version_ = 0;
};

/// The shipped glossary of the MLPS field (terms ICU's dictionary splits), folded at use.
const std::vector<std::string_view>& mlps_glossary();

/// The current vocabulary, shared by every connection's tokenizer and by queries; replaced
/// whole when the synonym table changes. Thread-safe.
class VocabularyHolder {
public:
    std::shared_ptr<const Vocabulary> get() const;
    void set(std::shared_ptr<const Vocabulary> vocabulary);

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Vocabulary> current_ =
        std::make_shared<const Vocabulary>(std::vector<std::vector<std::string>>{}, -1);
};

}  // namespace gp::search
