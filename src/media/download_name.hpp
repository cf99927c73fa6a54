#pragma once

#include <string>
#include <string_view>

namespace gp::media {

/// The uploader's file name made safe to show and to offer as a download name: only the last
/// path component (after '/' or '\\'), no control characters or NUL, no leading dots, valid
/// UTF-8 (bad bytes dropped), at most 120 characters; `fallback` when nothing is left.
std::string display_name(std::string_view uploaded, std::string_view fallback);

/// A Content-Disposition value (RFC 6266): `disposition` ("attachment" or "inline") with an
/// ASCII `filename` for old clients and `filename*=UTF-8''…` carrying the real name.
std::string content_disposition(std::string_view disposition, std::string_view name);

}  // namespace gp::media
