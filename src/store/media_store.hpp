#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "content/account.hpp"
#include "content/media.hpp"

namespace gp::store {

/// What delete_media did: nothing (not found), nothing (still used by `used_by` articles), or
/// the row is gone.
struct MediaDeletion {
    bool found = false;
    std::int64_t used_by = 0;
    bool deleted = false;
};

/// The media library's rows; the files themselves live in media::MediaFiles. Every method
/// throws on store failure; writes append their audit record in the same transaction, so a
/// trail that cannot be written keeps nothing.
class MediaStore {
public:
    virtual ~MediaStore() = default;
    /// Inserts `item` (its id is assigned) with `audit`, whose object id is set to the new id.
    virtual std::int64_t add_media(const content::MediaItem& item,
                                   const content::AuditRecord& audit) = 0;
    virtual std::optional<content::MediaItem> find_media(std::int64_t id) = 0;
    /// The item whose stored or thumbnail name is `name`.
    virtual std::optional<content::MediaItem> find_media_file(std::string_view name) = 0;
    /// Newest first.
    virtual std::vector<content::MediaItem> list_media(std::int64_t limit, std::int64_t offset) = 0;
    virtual std::int64_t count_media() = 0;
    /// Articles, in any state, whose body links to the item or its thumbnail.
    virtual std::int64_t count_media_references(const content::MediaItem& item) = 0;
    /// Deletes the row with `audit` unless an article still references it.
    virtual MediaDeletion delete_media(std::int64_t id, const content::AuditRecord& audit) = 0;
};

}  // namespace gp::store
