#include "notify/lead_notifier.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "notify/http_post.hpp"

namespace gp::notify {

LeadNotifier::LeadNotifier(store::LeadStore& leads, NotifierSettings settings,
                           const content::SiteTimeZone& zone, Clock clock)
    : leads_(leads), settings_(std::move(settings)), zone_(zone), clock_(std::move(clock)) {}

std::string LeadNotifier::payload(const content::LeadRecord& lead) const {
    using nlohmann::json;
    const auto when = zone_.date_time(lead.created_at);
    if (settings_.format == "json") {
        return json{{"event", "lead.created"},
                    {"site", settings_.site_name},
                    {"lead",
                     {{"id", lead.id},
                      {"created_at", zone_.rfc3339(lead.created_at)},
                      {"phone", lead.phone_masked},
                      {"phone_kind", lead.phone_kind},
                      {"name", lead.name},
                      {"preferred_time", lead.preferred_time},
                      {"landing_page", lead.origin.landing_page},
                      {"utm_source", lead.origin.utm_source},
                      {"utm_campaign", lead.origin.utm_campaign}}}}
            .dump();
    }
    std::string text = fmt::format(
        "**{} 新的回电请求** #{}\n> 电话：{}\n> 称呼：{}\n> 方便接听：{}\n> 来源页面：{}\n> "
        "提交时间：{}",
        settings_.site_name, lead.id, lead.phone_masked, lead.name.empty() ? "未填写" : lead.name,
        lead.preferred_time.empty() ? "不限" : lead.preferred_time,
        lead.origin.landing_page.empty() ? "未知" : lead.origin.landing_page, when);
    if (!lead.origin.utm_source.empty()) text += "\n> 推广来源：" + lead.origin.utm_source;
    if (settings_.format == "dingtalk") {
        return json{{"msgtype", "markdown"},
                    {"markdown", {{"title", "新的回电请求"}, {"text", text}}}}
            .dump();
    }
    return json{{"msgtype", "markdown"}, {"markdown", {{"content", text}}}}.dump();
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
