#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// "jpeg", "png", "webp", "gif"; nullopt for anything else (and for ImageFormat::none).
std::optional<ImageFormat> image_format_from_name(std::string_view name);
std::string_view image_format_name(ImageFormat format);

/// What `guardpress-imaging` answers on its standard output: one line of JSON, then for a
/// success the image's bytes and the thumbnail's bytes, their lengths given in that line
/// (docs/adr/0017-imaging-out-of-process.md). Both sides use these two functions.
std::string encode_image_reply(const content::Result<ProcessedImage>& result);

/// The reply read back. A refusal of the image (too big, undecodable) comes back as the
/// Error it was; a reply that does not follow the format throws std::runtime_error.
content::Result<ProcessedImage> decode_image_reply(std::string_view reply);

}  // namespace gp::media
