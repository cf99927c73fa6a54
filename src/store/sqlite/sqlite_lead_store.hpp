#pragma once

#include "store/lead_store.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteLeadStore final : public LeadStore {
public:
    explicit SqliteLeadStore(Database& db) : db_(db) {}
    std::int64_t add_lead(const NewLead& lead) override;
    std::int64_t count_by_phone_since(const std::string& phone_hash, content::Time since) override;
    std::vector<content::LeadRecord> list_leads(std::int64_t limit) override;

private:
    Database& db_;
};

}  // namespace gp::store::sqlite
