#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "content/lead.hpp"
#include "content/phone_number.hpp"

namespace gp::leads {

/// The times a visitor may ask to be called at; anything else is stored as "no preference".
inline constexpr std::array<std::string_view, 6> kPreferredTimes{
    "尽快", "工作日上午", "工作日下午", "工作日晚上", "周末", "其他时间"};

/// The call-back form as the visitor sent it, read from the request by the HTTP adapter: text
/// already clipped to its field's length, nothing judged yet.
struct CallbackInput {
    std::string phone;  ///< as typed
    std::string name;
    std::string preferred_time;
    bool consent = false;
    std::string token;           ///< the signed form token the page carried
    bool same_site = true;       ///< Origin/Referer name this site, or neither was sent
    std::string honeypot;        ///< the hidden field only bots fill
    std::string client_ip;       ///< what the per-address limit counts by
    content::LeadOrigin origin;  ///< the page the form was on and how the reader got there
};

enum class Outcome {
    accepted,   ///< stored, with its notification queued
    discarded,  ///< a bot filled the honeypot: answered like success, nothing stored
    refused,
};

/// Why a submission was refused, in the order the rules are checked.
enum class Refusal {
    none,
    malformed_form,         ///< the body is not a readable form (the adapter decides this)
    unconfirmed_form,       ///< cross-site, or the token is missing, forged or expired
    limiter_unavailable,    ///< the shared rate limit cannot be reached: refused, not waved on
    too_many_from_address,  ///< the per-address rate limit
    invalid_phone,          ///< see `SubmitResult::phone_error`
    no_consent,
    too_many_for_number,  ///< the per-number limit, counted in the insert's transaction
};

/// The one answer of LeadService::submit, which the HTML page and the JSON answer both show.
struct SubmitResult {
    Outcome outcome = Outcome::refused;
    Refusal refusal = Refusal::none;
    content::PhoneError phone_error;  ///< the parser's code and message, for invalid_phone
    std::string detail;               ///< for the log only (why the limiter failed)
    std::int64_t lead_id = 0;         ///< accepted only
    std::string phone_masked;         ///< accepted only

    static SubmitResult refused(Refusal why, std::string detail = {});

    /// The form field the refusal is about: "form", "phone" or "consent"; "" unless refused.
    std::string_view field() const;
    /// A stable name for the message to show: "callback.<refusal>", or "phone.<parser code>"
    /// for an invalid number; "" unless refused.
    std::string message_key() const;
};

}  // namespace gp::leads
