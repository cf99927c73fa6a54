#pragma once

#include <string>
#include <string_view>

namespace gp::render {

/// An SVG image of a QR code (error correction level M) for `text`, encoded by libqrencode.
/// Throws std::runtime_error when the text is too long for a QR code.
std::string qr_svg(std::string_view text);

}  // namespace gp::render
