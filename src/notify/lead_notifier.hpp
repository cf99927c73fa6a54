#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "content/time_zone.hpp"
#include "store/lead_store.hpp"

namespace gp::notify {

struct NotifierSettings {
    std::string webhook_url;       ///< empty: notifications stay queued
    std::string format = "wecom";  ///< "wecom", "dingtalk" or "json"
    int max_attempts = 10;
    std::string site_name;
    std::string site_url;  ///< site.base_url, for the back-end link; empty: the lead's id only
    std::chrono::seconds timeout{5};
};

/// The JSON body announcing `lead` in `settings.format`. It carries what may leave the site
/// under the call-back notice (nothing for third parties): the lead's id, time, masked number
/// and number kind, and a link to the back end's lead list. The visitor's own text (name,
/// preferred time) and where they came from (landing page, referrer, UTM) stay in the back end.
std::string lead_payload(const content::LeadRecord& lead, const NotifierSettings& settings,
                         const content::SiteTimeZone& zone);

/// The back-end link for `lead`: SITE_URL/admin/leads#lead-ID, or "" without a site URL.
std::string lead_admin_url(const content::LeadRecord& lead, const NotifierSettings& settings);

/// Sends queued lead notifications to the configured webhook (a WeCom or DingTalk group robot,
/// or any JSON receiver) as lead_payload() builds them. Failed sends are retried with exponential
/// back-off (30 s, 1 min, 2 min … at most 1 h apart) up to max_attempts, from the queue in the
/// store, so a receiver that is down or a restart loses nothing.
class LeadNotifier {
public:
    using Clock = std::function<content::Time()>;
    LeadNotifier(store::LeadStore& leads, NotifierSettings settings,
                 const content::SiteTimeZone& zone, Clock clock);

    /// One pass over the due notifications; returns how many were delivered. Throws only on
    /// store failure.
    std::size_t run_once();
    bool enabled() const { return !settings_.webhook_url.empty(); }

    /// lead_payload() with this notifier's settings.
    std::string payload(const content::LeadRecord& lead) const;

private:
    store::LeadStore& leads_;
    NotifierSettings settings_;
    const content::SiteTimeZone& zone_;
    Clock clock_;
};

}  // namespace gp::notify
