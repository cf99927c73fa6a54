// The media library: upload (form or script), list with thumbnails and a picker, delete.
// docs/adr/0012-media-uploads.md says why the bytes decide the type and images are re-encoded.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "admin/admin.hpp"
#include "http/form.hpp"
#include "media/download_name.hpp"
#include "media/image_processor.hpp"

namespace gp::admin {
namespace {

using http::Status;

constexpr std::int64_t kPerPage = 24;

std::string human_size(std::int64_t bytes) {
    if (bytes >= 1 << 20) return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1 << 20));
    if (bytes >= 1 << 10) return fmt::format("{:.0f} KB", static_cast<double>(bytes) / (1 << 10));
    return fmt::format("{} B", bytes);
}

nlohmann::json as_json(const content::MediaItem& m) {
    return {{"id", m.id},
            {"url", content::media_url(m.stored_name)},
            {"thumbnail", m.thumbnail_name.empty()
                              ? nlohmann::json(nullptr)
                              : nlohmann::json(content::media_url(m.thumbnail_name))},
            {"name", m.display_name},
            {"kind", m.kind == content::MediaKind::image ? "image" : "file"}};
}

}  // namespace

content::Result<content::MediaItem> Admin::store_upload(Call& c, const http::FormPart& file) {
    using content::Errc;
    using content::make_error;
    const auto& limits = d_.settings.media;
    if (file.data.empty()) return make_error(Errc::bad_request, "err_media_empty");
    if (file.data.size() > limits.max_upload_bytes) {
        return make_error(Errc::payload_too_large,
                          d_.catalog.text("zh", "err_media_too_big",
                                          static_cast<int>(limits.max_upload_bytes >> 20)));
    }
    // The bytes decide, never the name or the client's Content-Type.
    const auto type = d_.media_types.detect(file.data);
    if (!type) {
        return make_error(Errc::unsupported_media_type, "err_media_type",
                          "refused type " + d_.media_types.mime_type(file.data));
    }
    content::MediaItem item;
    item.kind = type->kind;
    item.mime_type = type->mime_type;
    item.display_name = media::display_name(
        file.filename, type->kind == content::MediaKind::image ? "图片" : "附件");
    item.created_at = d_.editorial.now();
    item.uploaded_by = c.who->account.name;
    item.stored_name = media::MediaFiles::new_name("." + type->extension);
    std::string bytes;
    std::string thumbnail;
    if (type->kind == content::MediaKind::image) {
        auto image = media::reencode_image(
            file.data, type->image,
            media::ImageLimits{limits.max_image_pixels, limits.thumbnail_width,
                               limits.jpeg_quality},
            media::ImagingProgram{limits.imaging_program.empty()
                                      ? media::imaging_program_beside_executable()
                                      : std::filesystem::path(limits.imaging_program),
                                  limits.imaging_timeout});
        if (!image) {
            if (image.error().code == content::Errc::unavailable) {
                spdlog::error("{} image not re-encoded: {}", c.client.request_id,
                              image.error().detail);
            }
            return image.error();
        }
        bytes = std::move(image->bytes);
        thumbnail = std::move(image->thumbnail);
        item.width = image->width;
        item.height = image->height;
        item.thumbnail_name = item.stored_name.substr(0, 32) + ".thumb." + type->extension;
    } else {
        bytes = file.data;
    }
    item.bytes = static_cast<std::int64_t>(bytes.size());
    // Files first, then the row: a row never points at a missing file, and a failed insert
    // removes the files again.
    try {
        d_.media_files.write(item.stored_name, bytes);
        if (!thumbnail.empty()) d_.media_files.write(item.thumbnail_name, thumbnail);
    } catch (const std::exception& e) {
        d_.media_files.remove(item.stored_name);
        spdlog::error("{} media not written: {}", c.client.request_id, e.what());
        return make_error(Errc::unavailable, "err_media_disk", e.what());
    }
    auto record = d_.audit.make_record(c.who, c.client, "media.upload", "success");
    record.detail =
        item.mime_type + " " + std::to_string(item.bytes) + " bytes: " + item.display_name;
    const auto remove_files = [&] {
        d_.media_files.remove(item.stored_name);
        d_.media_files.remove(item.thumbnail_name);
    };
    try {
        item.id = d_.store.media().add_media(item, record);
    } catch (const store::AuditWriteFailed& e) {
        remove_files();
        return accounts::audit_refusal(c.client, e);
    } catch (...) {
        // Any other failure is the error mapper's to report; the files still go.
        remove_files();
        throw;
    }
    return item;
}

http::Response Admin::upload_media(Call& c) {
    const http::FormPart* file = nullptr;
    for (const auto& f : c.files) {
        if (f.name == "file") file = &f;
    }
    content::Result<content::MediaItem> stored =
        file ? store_upload(c, *file)
             : content::Result<content::MediaItem>(
                   content::make_error(content::Errc::bad_request, "err_media_missing"));
    if (!stored) {
        const auto& e = stored.error();
        if (!e.detail.empty()) {
            spdlog::info("{} upload refused: {}", c.client.request_id, e.detail);
        }
        return wants_json(c.req) ? message(c, status_of(e), e.user_message)
                                 : media_page(c, status_of(e), e.user_message);
    }
    if (wants_json(c.req)) {
        return http::make_response(Status::created, "application/json; charset=utf-8",
                                   as_json(*stored).dump());
    }
    return see_other("/admin/media?uploaded=" + std::to_string(stored->id));
}

http::Response Admin::list_media(Call& c) { return media_page(c, Status::ok, {}); }

http::Response Admin::media_page(Call& c, Status status, const std::string& error) {
    auto d = frame(c, "title_media");
    std::int64_t page_no = 1;
    if (auto p = c.ctx.query_value("page")) {
        auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), page_no);
        if (ec != std::errc{} || end != p->data() + p->size() || page_no < 1) {
            return message(c, Status::bad_request, "err_page");
        }
    }
    const auto total = d_.store.media().count_media();
    render::List rows;
    for (const auto& m : d_.store.media().list_media(kPerPage, (page_no - 1) * kPerPage)) {
        render::Data row{render::Object{}};
        row.set("id", std::to_string(m.id));
        row.set("url", content::media_url(m.stored_name));
        if (!m.thumbnail_name.empty()) row.set("thumbnail", content::media_url(m.thumbnail_name));
        row.set("name", m.display_name);
        row.set("kind", m.kind == content::MediaKind::image ? "image" : "file");
        if (m.kind == content::MediaKind::image) row.set("is_image", true);
        row.set("mime", m.mime_type);
        row.set("size", human_size(m.bytes));
        if (m.width > 0) row.set("dimensions", fmt::format("{}×{}", m.width, m.height));
        row.set("uploaded_by", m.uploaded_by);
        row.set("at", d_.time_zone.date_time(m.created_at));
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_media", true);
    d.set("media", rows);
    d.set("total", std::to_string(total));
    if (page_no > 1) d.set("prev", "?page=" + std::to_string(page_no - 1));
    if (page_no * kPerPage < total) d.set("next", "?page=" + std::to_string(page_no + 1));
    d.set("max_megabytes", std::to_string(d_.settings.media.max_upload_bytes >> 20));
    if (accounts::allowed(c.who->role, accounts::Permission::media_upload)) {
        d.set("can_upload", true);
    }
    if (!error.empty()) d.set("error", d_.catalog.text(c.lang, error));
    if (c.ctx.query_value("uploaded")) d.set("notice", d_.catalog.text(c.lang, "notice_uploaded"));
    if (c.ctx.query_value("deleted")) d.set("notice", d_.catalog.text(c.lang, "notice_deleted"));
    return page(c, status, "admin-media", std::move(d));
}

http::Response Admin::delete_media(Call& c) {
    const auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_media");
    auto record = d_.audit.make_record(c.who, c.client, "media.delete", "success");
    store::MediaDeletion done;
    std::optional<content::MediaItem> item;
    try {
        item = d_.store.media().find_media(*id);
        done = d_.store.media().delete_media(*id, record);
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    if (!done.found || !item) return message(c, Status::not_found, "err_no_media");
    if (!done.deleted) {
        const auto text =
            d_.catalog.text(c.lang, "err_media_in_use", static_cast<int>(done.used_by));
        return media_page(c, Status::conflict, text);
    }
    // The row is gone: its files can no longer be reached, so removing them cannot fail anyone.
    d_.media_files.remove(item->stored_name);
    d_.media_files.remove(item->thumbnail_name);
    return see_other("/admin/media?deleted=1");
}

}  // namespace gp::admin
