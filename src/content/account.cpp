#include "content/account.hpp"

#include <fmt/format.h>

#include <array>

namespace gp::content {
namespace {

constexpr std::array<std::pair<SessionStage, std::string_view>, 4> kStages{{
    {SessionStage::second_factor, "second_factor"},
    {SessionStage::enroll, "enroll"},
    {SessionStage::password, "password"},
    {SessionStage::full, "full"},
}};

void field(std::string& out, std::string_view value) {
    out += fmt::format("{}:", value.size());
    out += value;
    out += '\n';
}

}  // namespace

std::string_view stage_name(SessionStage stage) {
    for (const auto& [s, name] : kStages) {
        if (s == stage) return name;
    }
    return "second_factor";
}

std::optional<SessionStage> parse_stage(std::string_view name) {
    for (const auto& [s, n] : kStages) {
        if (n == name) return s;
    }
    return std::nullopt;
}

std::string audit_canonical(const AuditRecord& r) {
    std::string out = "gp-audit-v1\n";
    field(out, std::to_string(r.id));
    field(out, std::to_string(r.at.time_since_epoch().count()));
    field(out, r.account_id ? std::to_string(*r.account_id) : std::string{});
    field(out, r.account_name);
    field(out, r.role);
    field(out, r.client_ip);
    field(out, r.user_agent);
    field(out, r.event);
    field(out, r.object_type);
    field(out, r.object_id);
    field(out, r.result);
    field(out, r.detail);
    field(out, r.request_id);
    field(out, r.prev_hash);
    return out;
}

}  // namespace gp::content
