#include "site/media_download.hpp"

#include "media/download_name.hpp"

namespace gp::site {

std::optional<http::Response> media_response(store::MediaStore& store,
                                             const media::MediaFiles& files,
                                             std::string_view name) {
    // The name's shape is checked before the store or the disk sees it.
    if (!media::MediaFiles::valid_name(name)) return std::nullopt;
    const auto item = store.find_media_file(name);
    if (!item) return std::nullopt;
    auto bytes = files.read(name);
    if (!bytes) return std::nullopt;
    auto res = http::make_response(http::Status::ok, item->mime_type, std::move(*bytes));
    res.set("X-Content-Type-Options", "nosniff");
    res.set(http::Field::cache_control, "public, max-age=31536000, immutable");
    const bool image = item->kind == content::MediaKind::image;
    // A document is never opened in the site's origin, only saved (a PDF can carry script).
    res.set(http::Field::content_disposition,
            media::content_disposition(image ? "inline" : "attachment", item->display_name));
    return res;
}

}  // namespace gp::site
