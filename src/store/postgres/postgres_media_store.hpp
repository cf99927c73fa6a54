#pragma once

#include "store/media_store.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/postgres_audit_store.hpp"

namespace gp::store::postgres {

class PostgresMediaStore final : public MediaStore {
public:
    PostgresMediaStore(Pool& pool, AuditKey key);
    std::int64_t add_media(const content::MediaItem& item,
                           const content::AuditRecord& audit) override;
    std::optional<content::MediaItem> find_media(std::int64_t id) override;
    std::optional<content::MediaItem> find_media_file(std::string_view name) override;
    std::vector<content::MediaItem> list_media(std::int64_t limit, std::int64_t offset) override;
    std::int64_t count_media() override;
    std::int64_t count_media_references(const content::MediaItem& item) override;
    MediaDeletion delete_media(std::int64_t id, const content::AuditRecord& audit) override;

private:
    Pool& pool_;
    AuditKey key_;
};

}  // namespace gp::store::postgres
