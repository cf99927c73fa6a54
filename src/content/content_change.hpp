#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gp::content {

/// One row of the content change log: something readers see changed. The store writes these
/// in the same transaction as the change itself, whoever made it (docs/adr/0010-page-cache.md).
struct ContentChange {
    std::int64_t seq = 0;
    std::optional<std::int64_t> article_id;
    std::optional<std::int64_t> category_id;  ///< the article's category (before or after)
    std::optional<std::string> keyword;       ///< a keyword added to or removed from the article
    bool structure = false;                   ///< categories changed: navigation on every page
};

}  // namespace gp::content
