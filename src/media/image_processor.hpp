#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "content/error.hpp"
#include "media/file_type.hpp"

namespace gp::media {

struct ImageLimits {
    std::int64_t max_pixels = 40'000'000;
    int thumbnail_width = 320;
    int quality = 85;
};

/// An upload decoded and written again: only pixels survive (no EXIF/GPS, comments, ICC or
/// trailing bytes), turned upright by its EXIF orientation first.
struct ProcessedImage {
    std::string bytes;
    std::string thumbnail;
    int width = 0;
    int height = 0;
};

/// Decodes `bytes` with the decoder of `format` only and re-encodes them with libvips
/// (docs/adr/0012-media-uploads.md). Errors: payload_too_large (more pixels than allowed,
/// checked from the header before any pixel is decoded) or bad_request (not decodable), with
/// a Chinese user message. Never throws for a bad image.
content::Result<ProcessedImage> reencode_image(std::string_view bytes, ImageFormat format,
                                               const ImageLimits& limits);

}  // namespace gp::media
