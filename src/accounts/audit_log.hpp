#pragma once

#include <functional>
#include <string>
#include <utility>

#include "accounts/principal.hpp"
#include "content/account.hpp"
#include "content/error.hpp"
#include "store/audit_store.hpp"
#include "store/audit_write_failed.hpp"

namespace gp::accounts {

/// The one writer of audit records: it names who acted from where, and appends. A record that
/// belongs to a change (an account update, an article step, a category or media write) is made
/// here and handed to the store, which appends it in the change's own transaction; a record of
/// an access (a lead revealed, the audit trail searched) is appended here, before the access.
/// Either way a record that cannot be written throws store::AuditWriteFailed, and only that
/// exception means "the action is refused for want of its record" (docs/adr/0024).
class AuditLog {
public:
    AuditLog(store::AuditStore& store, std::function<content::Time()> clock)
        : store_(store), clock_(std::move(clock)) {}

    /// A record of `event` by `actor` (the shell, the system or an anonymous visitor when
    /// null, told apart by `client.ip`), stamped now, not yet written.
    content::AuditRecord make_record(const Principal* actor, const Client& client,
                                     std::string event, std::string result) const;

    /// Appends one record about `actor`. Throws store::AuditWriteFailed when it cannot be
    /// written, whatever the store's reason: the caller must then refuse the action.
    void record(const Principal* actor, const Client& client, std::string event,
                std::string object_type, std::string object_id, std::string result,
                std::string detail = {});
    /// Appends a record made elsewhere; throws store::AuditWriteFailed as record() does.
    void append(const content::AuditRecord& record);

    content::Time now() const { return clock_(); }

private:
    store::AuditStore& store_;
    std::function<content::Time()> clock_;
};

/// Alerts the operator (a critical "ALERT audit record could not be written" log line naming
/// the request) that an action went ahead or was refused without its audit record.
void alert_audit_failure(const Client& client, const store::AuditWriteFailed& failure);

/// alert_audit_failure(), then the refusal shown to the user (MLPS 8.1.4.3 d: fail closed):
/// `unavailable` with the catalog key `err_audit`.
content::Error audit_refusal(const Client& client, const store::AuditWriteFailed& failure);

}  // namespace gp::accounts
