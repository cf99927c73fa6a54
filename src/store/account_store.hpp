#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "content/account.hpp"

namespace gp::store {

/// Everything one account event writes, applied in one transaction together with its audit
/// records: when an audit record cannot be written, nothing of the event is (MLPS 8.1.4.3 d).
struct AccountChange {
    std::optional<content::Account> save;          ///< every mutable field, by the account's id
    std::optional<std::string> remember_password;  ///< a hash to add to the history
    int history_keep = 5;
    std::optional<std::vector<std::string>> recovery_codes;  ///< replaces the set (hashes)
    std::optional<std::string> use_recovery_code;            ///< must exist; deleted
    std::optional<std::string> end_session;                  ///< id hash
    bool end_all_sessions = false;
    std::optional<content::Session> start_session;
    std::vector<content::AuditRecord> audit;
};

enum class UpdateResult { applied, unchanged, no_account, no_such_code };

/// Back-end accounts, their sessions, password history and recovery codes. Every method throws
/// on store failure; a write whose audit record is refused throws AuditWriteFailed
/// (store/audit_write_failed.hpp) and writes nothing.
class AccountStore {
public:
    virtual ~AccountStore() = default;

    /// Creates the account and appends `audit` in one transaction; nullopt (nothing written)
    /// when the name is taken, whatever its case.
    virtual std::optional<std::int64_t> create_account(const content::Account& account,
                                                       const content::AuditRecord& audit) = 0;
    virtual std::optional<content::Account> find_account(std::int64_t id) = 0;
    virtual std::optional<content::Account> find_account_by_name(const std::string& name) = 0;
    virtual std::vector<content::Account> list_accounts() = 0;

    /// Reads the account inside a write transaction and applies what `decide` returns, so
    /// concurrent failures and changes cannot overwrite each other. `decide` returning nullopt
    /// writes nothing (unchanged).
    virtual UpdateResult update(
        std::int64_t account_id,
        const std::function<std::optional<AccountChange>(const content::Account&)>& decide) = 0;

    /// The newest `limit` earlier password hashes of an account.
    virtual std::vector<std::string> password_history(std::int64_t account_id, int limit) = 0;
    virtual std::int64_t count_recovery_codes(std::int64_t account_id) = 0;

    virtual std::optional<content::Session> find_session(const std::string& id_hash) = 0;
    /// Records activity; sessions idle past their limit are refused by the caller, not here.
    virtual void touch_session(const std::string& id_hash, content::Time at) = 0;
    /// Deletes sessions idle since before `idle_before` or created before `created_before`.
    virtual std::int64_t delete_stale_sessions(content::Time idle_before,
                                               content::Time created_before) = 0;
};

}  // namespace gp::store
