#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gp::store {

/// Synonym rows gathered by group id, as the list every backend returns: groups in id order,
/// terms in the order they were read.
inline std::vector<std::vector<std::string>> synonym_groups(
    std::map<std::int64_t, std::vector<std::string>>&& by_group) {
    std::vector<std::vector<std::string>> out;
    out.reserve(by_group.size());
    for (auto& [id, terms] : by_group) out.push_back(std::move(terms));
    return out;
}

}  // namespace gp::store
