#pragma once

#include "store/change_log.hpp"
#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

class PostgresChangeLog final : public ChangeLog {
public:
    explicit PostgresChangeLog(Pool& pool);
    std::int64_t latest_change() override;
    std::vector<content::ContentChange> changes_since(std::int64_t seq,
                                                      std::int64_t limit) override;
    void prune_changes(content::Time before) override;
    std::optional<content::Time> next_scheduled(content::Time now) override;
    std::vector<content::ContentChange> came_due(content::Time after, content::Time until) override;

private:
    Pool& pool_;
};

}  // namespace gp::store::postgres
