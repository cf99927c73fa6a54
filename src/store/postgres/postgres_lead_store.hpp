#pragma once

#include "store/lead_store.hpp"
#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

class PostgresLeadStore final : public LeadStore {
public:
    explicit PostgresLeadStore(Pool& pool);
    std::int64_t add_lead(const NewLead& lead) override;
    std::optional<std::int64_t> add_lead_within(const NewLead& lead,
                                                const PerNumberLimit& limit) override;
    std::int64_t count_by_phone_since(const std::string& phone_hash, content::Time since) override;
    std::vector<content::LeadRecord> list_leads(std::int64_t limit) override;
    std::optional<std::pair<std::string, std::string>> sealed_phone(std::int64_t id) override;
    std::vector<PendingNotification> due_notifications(content::Time now,
                                                       std::int64_t limit) override;
    void mark_notified(std::int64_t lead_id, content::Time at) override;
    void mark_notify_failed(std::int64_t lead_id, int attempts,
                            std::optional<content::Time> retry_at,
                            const std::string& error) override;
    std::int64_t purge_leads(content::Time closed_before, content::Time unhandled_before) override;

private:
    Pool& pool_;
};

}  // namespace gp::store::postgres
