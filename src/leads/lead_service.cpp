#include "leads/lead_service.hpp"

#include <algorithm>

#include "cache/rate_limit_key.hpp"
#include "cache/unavailable.hpp"

namespace gp::leads {
namespace {

std::string kind_name(content::PhoneKind kind) {
    switch (kind) {
        case content::PhoneKind::mobile:
            return "mobile";
        case content::PhoneKind::landline:
            return "landline";
        case content::PhoneKind::service:
            break;
    }
    return "service";
}

}  // namespace

SubmitResult LeadService::submit(const CallbackInput& input) {
    const auto now = d_.clock();
    const auto& limits = d_.settings;

    if (!d_.form_tokens.accepts(input.token, input.same_site, now)) {
        return SubmitResult::refused(Refusal::unconfirmed_form);
    }
    bool allowed = false;
    try {
        allowed = d_.rate_limiter.hit("callback-ip:" + cache::rate_limit_key(input.client_ip),
                                      limits.per_ip_limit, limits.per_ip_window, now);
    } catch (const cache::Unavailable& e) {
        // Unthrottled submissions would let one address flood the lead queue, so refuse before
        // anything is written; the visitor's input stays in the form (docs/adr/0016).
        return SubmitResult::refused(Refusal::limiter_unavailable, e.what());
    }
    if (!allowed) return SubmitResult::refused(Refusal::too_many_from_address);
    if (!input.honeypot.empty()) {
        // Only bots fill the hidden field; they get the same answer as people and store nothing.
        SubmitResult r;
        r.outcome = Outcome::discarded;
        return r;
    }
    const auto parsed = content::parse_phone_number(input.phone);
    if (const auto* error = std::get_if<content::PhoneError>(&parsed)) {
        auto r = SubmitResult::refused(Refusal::invalid_phone);
        r.phone_error = *error;
        return r;
    }
    if (!input.consent) return SubmitResult::refused(Refusal::no_consent);

    const auto& phone = std::get<content::PhoneNumber>(parsed);
    const auto normalized = phone.normalized();
    const auto sealed = d_.vault.seal(normalized);
    store::NewLead lead;
    lead.created_at = now;
    lead.phone_nonce = sealed.nonce;
    lead.phone_sealed = sealed.ciphertext;
    lead.phone_hash = d_.vault.keyed_hash(normalized);
    lead.phone_masked = phone.masked();
    lead.phone_kind = kind_name(phone.kind);
    lead.name = input.name;
    if (std::find(kPreferredTimes.begin(), kPreferredTimes.end(), input.preferred_time) !=
        kPreferredTimes.end()) {
        lead.preferred_time = input.preferred_time;
    }
    lead.origin = input.origin;
    lead.consent_version = limits.notice_version;
    // The limit is counted inside the insert's transaction: checked apart, two submissions
    // of one number at once could both pass it (docs/adr/0022).
    const auto id = d_.leads.add_lead_within(
        lead, store::PerNumberLimit{now - limits.per_number_window, limits.per_number_limit});
    if (!id) return SubmitResult::refused(Refusal::too_many_for_number);
    SubmitResult r;
    r.outcome = Outcome::accepted;
    r.lead_id = *id;
    r.phone_masked = lead.phone_masked;
    return r;
}

}  // namespace gp::leads
