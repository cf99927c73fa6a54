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
    std::chrono::seconds timeout{5};
};

/// Sends queued lead notifications to the configured webhook (a WeCom or DingTalk group robot,
/// or any JSON receiver) with the number masked. Failed sends are retried with exponential
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

    /// The JSON body for one lead in the configured format.
    std::string payload(const content::LeadRecord& lead) const;

private:
    store::LeadStore& leads_;
    NotifierSettings settings_;
    const content::SiteTimeZone& zone_;
    Clock clock_;
};

}  // namespace gp::notify
