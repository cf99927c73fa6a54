#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace gp::demo {

/// The demo site as one document in GuardPress's JSON import format (below). Deterministic for a
/// given (now, seed). Articles are dated relative to `now`.
///
/// Shape: {"categories": [{slug, name, parent, subtitle}...],
///         "articles": [{title, category, published_at, keywords, source, source_url, summary,
///                       body_html, views, status}...]}
/// Categories come parents first; articles come oldest first.
nlohmann::json make_demo_site(std::chrono::sys_seconds now, std::uint32_t seed = 20251);

}  // namespace gp::demo
