#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "content/article.hpp"

namespace gp::demo {

/// The committed demo site (demo/site/, docs/adr/0026-committed-demo-site.md): a document in the
/// JSON import format and the instant its dates are written as of.
struct DemoSite {
    std::string document;
    content::Time dated_at{};
};

/// Reads `dir`/content.json and `dir`/dated_at.txt. Throws std::runtime_error naming the file
/// that is missing or whose date is not RFC 3339.
DemoSite read_demo_site(const std::filesystem::path& dir);

/// The document with every `published_at` moved by the same whole number of days, the most that
/// keeps `dated_at` at or before `now`: what was past stays past, what was scheduled stays
/// scheduled, and each article keeps its time of day. Throws nlohmann::json::exception or
/// std::runtime_error for a document that is not the import format.
std::string dated_for(const DemoSite& site, content::Time now);

/// The demo site's settings (DATA_DIR/guardpress.toml), every key as in guardpress.example.toml.
extern const std::string_view kDemoConfig;

}  // namespace gp::demo
