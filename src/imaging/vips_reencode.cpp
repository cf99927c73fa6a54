#include "imaging/vips_reencode.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <memory>
#include <mutex>

namespace gp::imaging {
namespace {

using media::ImageFormat;
using media::ImageLimits;
using media::ProcessedImage;

using content::Errc;
using content::make_error;

void start_vips() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (vips_init("guardpress-imaging") != 0) {
            throw std::runtime_error(std::string("libvips cannot start: ") + vips_error_buffer());
        }
        // Loaders libvips marks as unfit for untrusted input (ImageMagick, PDF, SVG, …) stay
        // off even if the type check were ever bypassed; and nothing is cached between uploads.
        vips_block_untrusted_set(TRUE);
        vips_cache_set_max(0);
        vips_leak_set(FALSE);
    });
}

struct ImageRef {
    VipsImage* p = nullptr;
    ~ImageRef() {
        if (p) g_object_unref(p);
    }
};

struct Buffer {
    void* p = nullptr;
    std::size_t size = 0;
    ~Buffer() { g_free(p); }
    std::string take() const { return std::string(static_cast<const char*>(p), size); }
};

std::string vips_reason() {
    std::string why = vips_error_buffer();
    vips_error_clear();
    while (!why.empty() && (why.back() == '\n')) why.pop_back();
    return why;
}

int load(ImageFormat format, std::string_view bytes, VipsImage** out) {
    // libvips reads the buffer only; its loaders take a non-const pointer for historical reasons.
    auto* data = const_cast<char*>(bytes.data());
    const auto size = bytes.size();
    switch (format) {
        case ImageFormat::jpeg:
            return vips_jpegload_buffer(data, size, out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        case ImageFormat::png:
            return vips_pngload_buffer(data, size, out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        case ImageFormat::webp:
            return vips_webpload_buffer(data, size, out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        case ImageFormat::gif:
            return vips_gifload_buffer(data, size, out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
        case ImageFormat::none:
            break;
    }
    vips_error("guardpress", "not an image format");
    return -1;
}

int save(ImageFormat format, VipsImage* image, Buffer& out, int quality) {
    switch (format) {
        case ImageFormat::jpeg:
            return vips_jpegsave_buffer(image, &out.p, &out.size, "Q", quality, "strip", TRUE,
                                        "optimize_coding", TRUE, nullptr);
        case ImageFormat::webp:
            return vips_webpsave_buffer(image, &out.p, &out.size, "Q", quality, "strip", TRUE,
                                        nullptr);
        case ImageFormat::png:
        case ImageFormat::gif:  // the first frame, kept lossless
            return vips_pngsave_buffer(image, &out.p, &out.size, "strip", TRUE, nullptr);
        case ImageFormat::none:
            break;
    }
    vips_error("guardpress", "not an image format");
    return -1;
}

content::Error undecodable(std::string detail) {
    return make_error(Errc::bad_request, "图片文件已损坏或无法解码，请重新导出后再上传。",
                      std::move(detail));
}

}  // namespace

content::Result<ProcessedImage> reencode_with_vips(std::string_view bytes, ImageFormat format,
                                                   const ImageLimits& limits) {
    start_vips();
    ImageRef in;
    // Only the header is read here: the size is checked before any pixel is decoded.
    if (load(format, bytes, &in.p) != 0) return undecodable(vips_reason());
    const std::int64_t width = vips_image_get_width(in.p);
    const std::int64_t height = vips_image_get_height(in.p);
    if (width <= 0 || height <= 0 || width * height > limits.max_pixels) {
        return make_error(
            Errc::payload_too_large,
            fmt::format("图片尺寸过大（{}×{} 像素），超过允许的 {} 像素，请缩小后再上传。", width,
                        height, limits.max_pixels),
            fmt::format("{}x{} pixels", width, height));
    }
    ImageRef upright;
    if (vips_autorot(in.p, &upright.p, nullptr) != 0) return undecodable(vips_reason());
    Buffer encoded;
    if (save(format, upright.p, encoded, limits.quality) != 0) {
        return undecodable(vips_reason());
    }
    ProcessedImage out;
    out.bytes = encoded.take();
    out.width = vips_image_get_width(upright.p);
    out.height = vips_image_get_height(upright.p);
    // The thumbnail comes from the clean copy, with shrink-on-load where the format has it.
    ImageRef thumb;
    if (vips_thumbnail_buffer(encoded.p, encoded.size, &thumb.p, limits.thumbnail_width, "height",
                              VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, nullptr) != 0) {
        return undecodable(vips_reason());
    }
    Buffer small;
    if (save(format, thumb.p, small, limits.quality) != 0) return undecodable(vips_reason());
    out.thumbnail = small.take();
    return out;
}

}  // namespace gp::imaging
