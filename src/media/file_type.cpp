#include "media/file_type.hpp"

#include <magic.h>

#include <array>
#include <stdexcept>

namespace gp::media {
namespace {

struct Accepted {
    std::string_view mime;
    std::string_view extension;
    content::MediaKind kind;
    ImageFormat image;
};

using content::MediaKind;

// Images are re-encoded (a GIF becomes its first frame as PNG); documents are the attachments
// policy pages carry: PDF, Word and Excel, old and new formats.
constexpr std::array<Accepted, 9> kAccepted{{
    {"image/jpeg", "jpg", MediaKind::image, ImageFormat::jpeg},
    {"image/png", "png", MediaKind::image, ImageFormat::png},
    {"image/webp", "webp", MediaKind::image, ImageFormat::webp},
    {"image/gif", "png", MediaKind::image, ImageFormat::gif},
    {"application/pdf", "pdf", MediaKind::file, ImageFormat::none},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
     MediaKind::file, ImageFormat::none},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", MediaKind::file,
     ImageFormat::none},
    {"application/msword", "doc", MediaKind::file, ImageFormat::none},
    {"application/vnd.ms-excel", "xls", MediaKind::file, ImageFormat::none},
}};

}  // namespace

std::optional<FileType> accepted_type(std::string_view magic_mime) {
    for (const auto& a : kAccepted) {
        if (a.mime != magic_mime) continue;
        FileType t;
        // A GIF is stored as the PNG of its first frame.
        t.mime_type = a.image == ImageFormat::gif ? "image/png" : std::string(a.mime);
        t.extension = a.extension;
        t.kind = a.kind;
        t.image = a.image;
        return t;
    }
    return std::nullopt;
}

TypeDetector::TypeDetector() {
    // Compressed and archived content is judged by its outer bytes: an upload is never unpacked
    // to be classified.
    auto* cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
                              MAGIC_NO_CHECK_ELF);
    if (!cookie) throw std::runtime_error("libmagic: cannot open a magic cookie");
    if (magic_load(cookie, nullptr) != 0) {
        const std::string why = magic_error(cookie) ? magic_error(cookie) : "unknown error";
        magic_close(cookie);
        throw std::runtime_error("libmagic: cannot load the magic database: " + why);
    }
    cookie_ = cookie;
}

TypeDetector::~TypeDetector() { magic_close(static_cast<magic_t>(cookie_)); }

std::string TypeDetector::mime_type(std::string_view bytes) const {
    std::lock_guard lock(mutex_);
    const char* type = magic_buffer(static_cast<magic_t>(cookie_), bytes.data(), bytes.size());
    return type ? std::string(type) : std::string("application/octet-stream");
}

}  // namespace gp::media
