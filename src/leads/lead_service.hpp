#pragma once

#include <functional>

#include "cache/rate_limiter.hpp"
#include "config/settings.hpp"
#include "content/article.hpp"
#include "leads/submission.hpp"
#include "security/form_token.hpp"
#include "security/phone_vault.hpp"
#include "store/lead_store.hpp"

namespace gp::leads {

/// Every rule of the call-back form, apart from HTTP: the HTML page and the JSON answer are two
/// views of the one SubmitResult (docs/adr/0022).
class LeadService {
public:
    using Clock = std::function<content::Time()>;
    struct Deps {
        store::LeadStore& leads;
        cache::RateLimiter& rate_limiter;
        const security::PhoneVault& vault;
        const security::FormTokens& form_tokens;
        const config::LeadSettings& settings;
        Clock clock;
    };

    explicit LeadService(Deps deps) : d_(std::move(deps)) {}

    /// Judges one submission in a fixed order (form token, per-address limit, honeypot, number,
    /// consent, per-number limit) and stores an accepted lead with its notification queued, in
    /// one transaction that also counts the number's leads. An expected refusal is a result;
    /// it throws only on store failure (nothing is then stored).
    SubmitResult submit(const CallbackInput& input);

private:
    Deps d_;
};

}  // namespace gp::leads
