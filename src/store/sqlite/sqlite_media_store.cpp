#include "store/sqlite/sqlite_media_store.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, stored_name, thumbnail_name, display_name, mime_type, kind, bytes, width, "
    "height, created_at, uploaded_by FROM media";
constexpr std::string_view kInsert =
    "INSERT INTO media (stored_name, thumbnail_name, display_name, mime_type, kind, bytes, "
    "width, height, created_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kCount = "SELECT count(*) FROM media";
// A link to the file or to its thumbnail, in an article of any state (a draft or a trashed
// article would show a broken picture once restored).
constexpr std::string_view kReferences =
    "SELECT count(*) FROM articles WHERE instr(body_html, ?1) > 0 "
    "OR (?2 <> '' AND instr(body_html, ?2) > 0)";
constexpr std::string_view kDelete = "DELETE FROM media WHERE id = ?";

content::MediaItem read_item(Statement& st) {
    content::MediaItem m;
    m.id = st.int64(0);
    m.stored_name = st.text(1);
    m.thumbnail_name = st.text(2);
    m.display_name = st.text(3);
    m.mime_type = st.text(4);
    m.kind = st.text(5) == "image" ? content::MediaKind::image : content::MediaKind::file;
    m.bytes = st.int64(6);
    m.width = static_cast<int>(st.int64(7));
    m.height = static_cast<int>(st.int64(8));
    m.created_at = content::Time{std::chrono::seconds{st.int64(9)}};
    m.uploaded_by = st.text(10);
    return m;
}

std::optional<content::MediaItem> find_by_id(Connection& c, std::int64_t id) {
    Statement st(c.handle(), std::string(kColumns) + " WHERE id = ?", "find_media");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_item(st);
}

std::int64_t references(Connection& c, const content::MediaItem& item) {
    Statement st(c.handle(), kReferences, "media_references");
    st.bind(1, content::media_url(item.stored_name))
        .bind(2, item.thumbnail_name.empty() ? std::string{}
                                             : content::media_url(item.thumbnail_name));
    st.step();
    return st.int64(0);
}

}  // namespace

std::int64_t SqliteMediaStore::add_media(const content::MediaItem& item,
                                         const content::AuditRecord& audit) {
    auto c = db_.borrow();
    Transaction tx(*c);
    Statement st(c->handle(), kInsert, "insert_media");
    st.bind(1, item.stored_name)
        .bind(2, item.thumbnail_name)
        .bind(3, item.display_name)
        .bind(4, item.mime_type)
        .bind(5, item.kind == content::MediaKind::image ? "image" : "file")
        .bind(6, item.bytes)
        .bind(7, std::int64_t{item.width})
        .bind(8, std::int64_t{item.height})
        .bind(9, std::int64_t{item.created_at.time_since_epoch().count()})
        .bind(10, item.uploaded_by)
        .run();
    const auto id = c->last_insert_id();
    auto record = audit;
    record.object_type = "media";
    record.object_id = std::to_string(id);
    append_audit(*c, key_, record);
    tx.commit();
    return id;
}

std::optional<content::MediaItem> SqliteMediaStore::find_media(std::int64_t id) {
    auto c = db_.borrow();
    return find_by_id(*c, id);
}

std::optional<content::MediaItem> SqliteMediaStore::find_media_file(std::string_view name) {
    auto c = db_.borrow();
    Statement st(c->handle(),
                 std::string(kColumns) + " WHERE stored_name = ?1 OR thumbnail_name = ?1",
                 "find_media_file");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_item(st);
}

std::vector<content::MediaItem> SqliteMediaStore::list_media(std::int64_t limit,
                                                             std::int64_t offset) {
    auto c = db_.borrow();
    Statement st(c->handle(),
                 std::string(kColumns) + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                 "list_media");
    st.bind(1, limit).bind(2, offset);
    std::vector<content::MediaItem> out;
    while (st.step()) out.push_back(read_item(st));
    return out;
}

std::int64_t SqliteMediaStore::count_media() {
    auto c = db_.borrow();
    Statement st(c->handle(), kCount, "count_media");
    st.step();
    return st.int64(0);
}

std::int64_t SqliteMediaStore::count_media_references(const content::MediaItem& item) {
    auto c = db_.borrow();
    return references(*c, item);
}

MediaDeletion SqliteMediaStore::delete_media(std::int64_t id, const content::AuditRecord& audit) {
    auto c = db_.borrow();
    Transaction tx(*c);
    MediaDeletion out;
    const auto item = find_by_id(*c, id);
    if (!item) return out;
    out.found = true;
    // Counted inside the write transaction: no article can start using it in between.
    out.used_by = references(*c, *item);
    if (out.used_by > 0) return out;
    Statement st(c->handle(), kDelete, "delete_media");
    st.bind(1, id).run();
    auto record = audit;
    record.object_type = "media";
    record.object_id = std::to_string(id);
    record.detail = item->stored_name;
    append_audit(*c, key_, record);
    tx.commit();
    out.deleted = true;
    return out;
}

}  // namespace gp::store::sqlite
