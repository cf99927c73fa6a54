#pragma once

#include "store/account_store.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/postgres_audit_store.hpp"

namespace gp::store::postgres {

class PostgresAccountStore final : public AccountStore {
public:
    PostgresAccountStore(Pool& pool, AuditKey key);
    std::optional<std::int64_t> create_account(const content::Account& account,
                                               const content::AuditRecord& audit) override;
    std::optional<content::Account> find_account(std::int64_t id) override;
    std::optional<content::Account> find_account_by_name(const std::string& name) override;
    std::vector<content::Account> list_accounts() override;
    UpdateResult update(std::int64_t account_id,
                        const std::function<std::optional<AccountChange>(const content::Account&)>&
                            decide) override;
    std::vector<std::string> password_history(std::int64_t account_id, int limit) override;
    std::int64_t count_recovery_codes(std::int64_t account_id) override;
    std::optional<content::Session> find_session(const std::string& id_hash) override;
    void touch_session(const std::string& id_hash, content::Time at) override;
    std::int64_t delete_stale_sessions(content::Time idle_before,
                                       content::Time created_before) override;

private:
    Pool& pool_;
    AuditKey key_;
};

}  // namespace gp::store::postgres
