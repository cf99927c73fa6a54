#include "store/postgres/postgres_media_store.hpp"

#include "store/postgres/values.hpp"

namespace gp::store::postgres {
namespace {

constexpr const char* kInsert = "insert_media";
constexpr const char* kFind = "find_media";
constexpr const char* kLock = "lock_media";
constexpr const char* kFindFile = "find_media_file";
constexpr const char* kList = "list_media";
constexpr const char* kCount = "count_media";
constexpr const char* kReferences = "media_references";
constexpr const char* kContentLock = "media_content_lock";
constexpr const char* kDelete = "delete_media";

#define GP_PG_MEDIA_COLUMNS                                                                 \
    "SELECT id, stored_name, thumbnail_name, display_name, mime_type, kind, bytes, width, " \
    "height, created_at, uploaded_by FROM media"

void define_queries(Pool& pool) {
    pool.define(kInsert,
                "INSERT INTO media (stored_name, thumbnail_name, display_name, mime_type, kind, "
                "bytes, width, height, created_at, uploaded_by) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
    pool.define(kFind, GP_PG_MEDIA_COLUMNS " WHERE id = $1");
    pool.define(kLock, GP_PG_MEDIA_COLUMNS " WHERE id = $1 FOR UPDATE");
    pool.define(kFindFile, GP_PG_MEDIA_COLUMNS
                " WHERE stored_name = $1 OR thumbnail_name = $1 "
                "ORDER BY id LIMIT 1");
    pool.define(kList, GP_PG_MEDIA_COLUMNS " ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2");
    pool.define(kCount, "SELECT count(*) FROM media");
    // A link to the file or to its thumbnail, in an article of any state (a draft or a trashed
    // article would show a broken picture once restored).
    pool.define(kReferences,
                "SELECT count(*) FROM articles WHERE strpos(body_html, $1) > 0 "
                "OR ($2 <> '' AND strpos(body_html, $2) > 0)");
    // The lock every article write takes through the change-log triggers (migration 0006):
    // held while counting references, no article can start using the item before the delete
    // commits, as SQLite's write lock ensures.
    pool.define(kContentLock, "SELECT content_changes_lock()");
    pool.define(kDelete, "DELETE FROM media WHERE id = $1");
}

content::MediaItem read_item(const pqxx::row& row) {
    content::MediaItem m;
    m.id = row[0].as<std::int64_t>();
    m.stored_name = row[1].as<std::string>();
    m.thumbnail_name = row[2].as<std::string>();
    m.display_name = row[3].as<std::string>();
    m.mime_type = row[4].as<std::string>();
    m.kind =
        row[5].as<std::string>() == "image" ? content::MediaKind::image : content::MediaKind::file;
    m.bytes = row[6].as<std::int64_t>();
    m.width = row[7].as<int>();
    m.height = row[8].as<int>();
    m.created_at = time_of(row[9]);
    m.uploaded_by = row[10].as<std::string>();
    return m;
}

std::optional<content::MediaItem> first_item(const pqxx::result& rows) {
    if (rows.empty()) return std::nullopt;
    return read_item(rows[0]);
}

std::int64_t references(pqxx::transaction_base& tx, const content::MediaItem& item) {
    const auto thumbnail =
        item.thumbnail_name.empty() ? std::string{} : content::media_url(item.thumbnail_name);
    return tx.exec_prepared1(kReferences, content::media_url(item.stored_name), thumbnail)[0]
        .as<std::int64_t>();
}

}  // namespace

PostgresMediaStore::PostgresMediaStore(Pool& pool, AuditKey key)
    : pool_(pool), key_(std::move(key)) {
    define_queries(pool_);
    define_audit_queries(pool_);
}

std::int64_t PostgresMediaStore::add_media(const content::MediaItem& item,
                                           const content::AuditRecord& audit) {
    return pool_.with(kInsert, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        const auto id =
            tx.exec_prepared1(
                  kInsert, item.stored_name, item.thumbnail_name, item.display_name, item.mime_type,
                  std::string(item.kind == content::MediaKind::image ? "image" : "file"),
                  item.bytes, std::int64_t{item.width}, std::int64_t{item.height},
                  seconds(item.created_at), item.uploaded_by)[0]
                .as<std::int64_t>();
        auto record = audit;
        record.object_type = "media";
        record.object_id = std::to_string(id);
        append_audit(tx, key_, record);
        tx.commit();
        return id;
    });
}

std::optional<content::MediaItem> PostgresMediaStore::find_media(std::int64_t id) {
    return pool_.with(kFind, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return first_item(tx.exec_prepared(kFind, id));
    });
}

std::optional<content::MediaItem> PostgresMediaStore::find_media_file(std::string_view name) {
    return pool_.with(kFindFile, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return first_item(tx.exec_prepared(kFindFile, std::string(name)));
    });
}

std::vector<content::MediaItem> PostgresMediaStore::list_media(std::int64_t limit,
                                                               std::int64_t offset) {
    return pool_.with(kList, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        std::vector<content::MediaItem> out;
        for (const auto& row : tx.exec_prepared(kList, limit, offset))
            out.push_back(read_item(row));
        return out;
    });
}

std::int64_t PostgresMediaStore::count_media() {
    return pool_.with(kCount, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return tx.exec_prepared1(kCount)[0].as<std::int64_t>();
    });
}

std::int64_t PostgresMediaStore::count_media_references(const content::MediaItem& item) {
    return pool_.with(kReferences, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        return references(tx, item);
    });
}

MediaDeletion PostgresMediaStore::delete_media(std::int64_t id, const content::AuditRecord& audit) {
    return pool_.with(kDelete, [&](pqxx::connection& c) {
        pqxx::work tx(c);
        MediaDeletion out;
        tx.exec_prepared(kContentLock);
        const auto item = first_item(tx.exec_prepared(kLock, id));
        if (!item) return out;
        out.found = true;
        out.used_by = references(tx, *item);
        if (out.used_by > 0) return out;
        tx.exec_prepared0(kDelete, id);
        auto record = audit;
        record.object_type = "media";
        record.object_id = std::to_string(id);
        record.detail = item->stored_name;
        append_audit(tx, key_, record);
        tx.commit();
        out.deleted = true;
        return out;
    });
}

}  // namespace gp::store::postgres
