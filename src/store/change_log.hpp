#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "content/article.hpp"
#include "content/content_change.hpp"

namespace gp::store {

/// What changed in the content since a point, for caches that keep pages built from it.
/// Every method throws on store failure.
class ChangeLog {
public:
    virtual ~ChangeLog() = default;
    /// The newest change's sequence number, 0 when there is none.
    virtual std::int64_t latest_change() = 0;
    /// Changes after `seq`, oldest first, at most `limit`.
    virtual std::vector<content::ContentChange> changes_since(std::int64_t seq,
                                                              std::int64_t limit) = 0;
    /// Forgets changes recorded before `before` (every reader has long seen them).
    virtual void prune_changes(content::Time before) = 0;
    /// The earliest publish time after `now` of a published article: when a scheduled
    /// article will appear by itself.
    virtual std::optional<content::Time> next_scheduled(content::Time now) = 0;
    /// Published articles whose time lies in (after, until], as changes to those articles.
    virtual std::vector<content::ContentChange> came_due(content::Time after,
                                                         content::Time until) = 0;
};

}  // namespace gp::store
