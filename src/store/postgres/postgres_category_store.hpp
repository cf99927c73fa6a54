#pragma once

#include "store/category_store.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/postgres_audit_store.hpp"

namespace gp::store::postgres {

class PostgresCategoryStore final : public CategoryStore {
public:
    PostgresCategoryStore(Pool& pool, AuditKey key);
    std::vector<content::Category> list_categories() override;
    std::map<std::int64_t, std::int64_t> category_article_counts() override;
    std::optional<std::int64_t> create_category(const content::Category& category,
                                                const content::AuditRecord& audit) override;
    CategoryWrite update_category(const content::Category& category,
                                  const content::AuditRecord& audit) override;
    CategoryWrite reorder_category(std::int64_t id, bool up,
                                   const content::AuditRecord& audit) override;
    CategoryRemoval delete_category(std::int64_t id, const content::AuditRecord& audit) override;
    std::optional<std::int64_t> move_category_articles(std::int64_t from, std::int64_t to,
                                                       const content::AuditRecord& audit) override;

private:
    Pool& pool_;
    AuditKey key_;
};

}  // namespace gp::store::postgres
