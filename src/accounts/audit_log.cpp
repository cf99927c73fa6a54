#include "accounts/audit_log.hpp"

#include <spdlog/spdlog.h>

namespace gp::accounts {

content::AuditRecord AuditLog::make_record(const Principal* actor, const Client& client,
                                           std::string event, std::string result) const {
    content::AuditRecord r;
    r.at = clock_();
    if (actor) {
        if (actor->account.id != 0) r.account_id = actor->account.id;
        r.account_name = actor->account.name;
        r.role = std::string(role_name(actor->role));
    } else if (client.ip == "shell" || client.ip == "system") {
        r.account_name = "(" + client.ip + ")";
    }
    r.client_ip = client.ip;
    r.user_agent = client.user_agent;
    r.request_id = client.request_id;
    r.event = std::move(event);
    r.result = std::move(result);
    return r;
}

void AuditLog::record(const Principal* actor, const Client& client, std::string event,
                      std::string object_type, std::string object_id, std::string result,
                      std::string detail) {
    auto r = make_record(actor, client, std::move(event), std::move(result));
    r.object_type = std::move(object_type);
    r.object_id = std::move(object_id);
    r.detail = std::move(detail);
    append(r);
}

void AuditLog::append(const content::AuditRecord& record) {
    try {
        store_.append(record);
    } catch (const store::AuditWriteFailed&) {
        throw;
    } catch (const std::runtime_error& e) {
        // The record is all this transaction writes: whether BEGIN, the insert or COMMIT
        // failed, the record is missing, and that is the one thing the caller must know.
        throw store::AuditWriteFailed(std::string("audit record not written: ") + e.what());
    }
}

void alert_audit_failure(const Client& client, const store::AuditWriteFailed& failure) {
    spdlog::critical("ALERT audit record could not be written, action refused: {} (request {})",
                     failure.what(), client.request_id.empty() ? "-" : client.request_id);
}

content::Error audit_refusal(const Client& client, const store::AuditWriteFailed& failure) {
    alert_audit_failure(client, failure);
    return content::make_error(content::Errc::unavailable, "err_audit", failure.what());
}

}  // namespace gp::accounts
