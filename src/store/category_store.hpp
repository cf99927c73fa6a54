#pragma once

#include <vector>

#include "content/article.hpp"

namespace gp::store {

/// Categories as a flat list; content::CategoryTree answers tree questions.
class CategoryStore {
public:
    virtual ~CategoryStore() = default;
    /// Every category. Throws on store failure.
    virtual std::vector<content::Category> list_categories() = 0;
};

}  // namespace gp::store
