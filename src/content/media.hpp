#pragma once

#include <cstdint>
#include <string>

#include "content/article.hpp"

namespace gp::content {

/// An image is shown inline and has a thumbnail; a file is offered as a download.
enum class MediaKind { image, file };

/// One uploaded item of the media library. The stored names are generated (random hex plus
/// the extension of the detected type); the uploader's file name is kept only for display.
struct MediaItem {
    std::int64_t id = 0;
    std::string stored_name;
    std::string thumbnail_name;  ///< empty for files
    std::string display_name;
    std::string mime_type;
    MediaKind kind = MediaKind::file;
    std::int64_t bytes = 0;
    int width = 0;
    int height = 0;
    Time created_at{};
    std::string uploaded_by;  ///< account name
};

/// "/media/{stored name}"
inline std::string media_url(const std::string& stored_name) { return "/media/" + stored_name; }

}  // namespace gp::content
