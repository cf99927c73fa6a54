#include "render/qr_svg.hpp"

#include <fmt/format.h>
#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace gp::render {

std::string qr_svg(std::string_view text) {
    const std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code) throw std::runtime_error("cannot encode a QR code for the configured URL");
    constexpr int kQuiet = 4;  // the quiet zone the QR standard asks for, in modules
    const int width = code->width;
    const int size = width + 2 * kQuiet;
    std::string path;
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // Bit 0 of each module byte is "dark"; runs of dark modules become one rectangle.
            if (!(code->data[y * width + x] & 1)) continue;
            int run = 1;
            while (x + run < width && (code->data[y * width + x + run] & 1)) ++run;
            path += fmt::format("M{},{}h{}v1h-{}z", x + kQuiet, y + kQuiet, run, run);
            x += run - 1;
        }
    }
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" "
        "height=\"{1}\" shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{0}\" "
        "fill=\"#fff\"/><path fill=\"#000\" d=\"{2}\"/></svg>\n",
        size, size * 4, path);
}

}  // namespace gp::render
