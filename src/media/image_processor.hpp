#pragma once

#include <chrono>
#include <filesystem>
#include <string_view>

#include "content/error.hpp"
#include "media/file_type.hpp"
#include "media/image_job.hpp"

namespace gp::media {

/// The program that re-encodes images, run once per upload in a process of its own
/// (docs/adr/0017-imaging-out-of-process.md).
struct ImagingProgram {
    std::filesystem::path path;
    /// Longer than this and the process is killed and the image refused.
    std::chrono::seconds timeout{30};
};

/// `guardpress-imaging` in the directory of the running executable.
std::filesystem::path imaging_program_beside_executable();

/// Re-encodes `bytes` (an image of `format`) with `program`: only pixels survive, turned
/// upright, with a thumbnail. Errors: payload_too_large (more pixels than `limits` allow),
/// bad_request (not decodable, or the decoder died or ran out of time on it), both with a
/// Chinese user message; unavailable when the program cannot be run or answers out of turn.
/// Never throws for a bad image.
content::Result<ProcessedImage> reencode_image(std::string_view bytes, ImageFormat format,
                                               const ImageLimits& limits,
                                               const ImagingProgram& program);

}  // namespace gp::media
