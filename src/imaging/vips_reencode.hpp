#pragma once

#include <string_view>

#include "content/error.hpp"
#include "media/image_job.hpp"

namespace gp::imaging {

/// Decodes `bytes` with the decoder of `format` only and re-encodes them with libvips
/// (docs/adr/0012-media-uploads.md). Errors: payload_too_large (more pixels than allowed,
/// checked from the header before any pixel is decoded) or bad_request (not decodable), with
/// a Chinese user message. Never throws for a bad image; throws std::runtime_error when
/// libvips cannot start. Runs only in `guardpress-imaging`, never in the server
/// (docs/adr/0017-imaging-out-of-process.md).
content::Result<media::ProcessedImage> reencode_with_vips(std::string_view bytes,
                                                          media::ImageFormat format,
                                                          const media::ImageLimits& limits);

}  // namespace gp::imaging
