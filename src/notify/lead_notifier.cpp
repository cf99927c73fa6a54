#include "notify/lead_notifier.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "content/control_chars.hpp"
#include "notify/http_post.hpp"

namespace gp::notify {

LeadNotifier::LeadNotifier(store::LeadStore& leads, NotifierSettings settings,
                           const content::SiteTimeZone& zone, Clock clock)
    : leads_(leads), settings_(std::move(settings)), zone_(zone), clock_(std::move(clock)) {}

namespace {

// The masked number is all digits and stars when this code wrote it; the store has other
// writers (an older release, a store move), and anything else could break out of its line.
std::string masked_digits(const std::string& masked) {
    std::string out;
    for (char c : masked) {
        if ((c >= '0' && c <= '9') || c == '*') out += c;
    }
    return out.empty() ? std::string("未知") : out;
}

}  // namespace

std::string lead_admin_url(const content::LeadRecord& lead, const NotifierSettings& settings) {
    if (settings.site_url.empty()) return {};
    return fmt::format("{}/admin/leads#lead-{}", settings.site_url, lead.id);
}

std::string lead_payload(const content::LeadRecord& lead, const NotifierSettings& settings,
                         const content::SiteTimeZone& zone) {
    using nlohmann::json;
    const auto phone = masked_digits(lead.phone_masked);
    const auto link = lead_admin_url(lead, settings);
    if (settings.format == "json") {
        return json{{"event", "lead.created"},
                    {"site", settings.site_name},
                    {"lead",
                     {{"id", lead.id},
                      {"created_at", zone.rfc3339(lead.created_at)},
                      {"phone", phone},
                      {"phone_kind", lead.phone_kind},
                      {"admin_url", link}}}}
            .dump();
    }
    // The site name is the operator's, but it heads a markdown message: one line, always.
    const auto site = content::strip_control_chars(settings.site_name);
    std::string text = fmt::format("**{} 新的回电请求** #{}\n> 电话：{}\n> 提交时间：{}\n", site,
                                   lead.id, phone, zone.date_time(lead.created_at));
    text += link.empty() ? fmt::format("> 详情：后台“线索”页，编号 #{}", lead.id)
                         : fmt::format("> 详情：[在后台查看]({})", link);
    if (settings.format == "dingtalk") {
        return json{{"msgtype", "markdown"},
                    {"markdown", {{"title", "新的回电请求"}, {"text", text}}}}
            .dump();
    }
    return json{{"msgtype", "markdown"}, {"markdown", {{"content", text}}}}.dump();
}

std::string LeadNotifier::payload(const content::LeadRecord& lead) const {
    return lead_payload(lead, settings_, zone_);
}

std::size_t LeadNotifier::run_once() {
    if (!enabled()) return 0;
    std::size_t delivered = 0;
    const auto now = clock_();
    for (const auto& pending : leads_.due_notifications(now, 50)) {
        const auto error =
            post_json(settings_.webhook_url, payload(pending.lead), settings_.timeout);
        const int attempts = pending.attempts + 1;
        if (error.empty()) {
            leads_.mark_notified(pending.lead.id, clock_());
            ++delivered;
            continue;
        }
        if (attempts >= settings_.max_attempts) {
            spdlog::error("lead {}: notification given up after {} attempts: {}", pending.lead.id,
                          attempts, error);
            leads_.mark_notify_failed(pending.lead.id, attempts, std::nullopt, error);
            continue;
        }
        const auto backoff = std::min<std::int64_t>(30LL << std::min(attempts - 1, 10), 3600);
        spdlog::warn("lead {}: notification attempt {} failed, retrying in {} s: {}",
                     pending.lead.id, attempts, backoff, error);
        leads_.mark_notify_failed(pending.lead.id, attempts, now + std::chrono::seconds(backoff),
                                  error);
    }
    return delivered;
}

}  // namespace gp::notify
