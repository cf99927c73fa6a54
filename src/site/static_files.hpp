#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/etag.hpp"

namespace gp::site {

struct StaticFile {
    std::string body;
    std::string content_type;
    std::string etag;  ///< strong ETag, quoted
};

/// The theme's static assets, read into memory at start. Pages link them with ?v=<hash> so they
/// can be cached for a year and still change on the next deploy.
class StaticFiles {
public:
    /// Reads every regular file under `dir` (subfolders included); throws when `dir` is missing.
    explicit StaticFiles(const std::filesystem::path& dir);
    /// `path` relative to the static dir, e.g. "css/site.css".
    const StaticFile* find(std::string_view path) const;
    /// "/static/css/site.css?v=1a2b3c4d"; the plain path when the file is unknown.
    std::string versioned_url(std::string_view path) const;

private:
    std::map<std::string, StaticFile, std::less<>> files_;
};

using http::etag_matches;

/// A strong ETag for bytes (BLAKE2b via libsodium, 128 bits, hex, quoted).
std::string make_etag(std::string_view bytes);

}  // namespace gp::site
