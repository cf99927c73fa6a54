#pragma once

#include <cstddef>

namespace gp::content {

/// What an article may hold, whichever way it comes in (the editor's form or an import), so
/// that every stored article can be saved again in the editor (docs/adr/0023). Characters are
/// counted as code points, sizes in bytes.
struct ArticleLimits {
    std::size_t title_chars = 200;
    std::size_t keywords = 10;
    std::size_t keyword_chars = 32;
    std::size_t source_chars = 100;
    std::size_t source_url_bytes = 500;
    std::size_t summary_chars = 500;
    std::size_t body_bytes = 2 * 1024 * 1024;
};

/// The site's limits.
inline constexpr ArticleLimits kArticleLimits{};

/// A body's size cap (docs/design.md "Import and export format": 2 MB), for the code that only
/// needs that one.
inline constexpr std::size_t kMaxBodyBytes = kArticleLimits.body_bytes;

}  // namespace gp::content
