#include "leads/submission.hpp"

namespace gp::leads {

SubmitResult SubmitResult::refused(Refusal why, std::string detail) {
    SubmitResult r;
    r.refusal = why;
    r.detail = std::move(detail);
    return r;
}

std::string_view SubmitResult::field() const {
    if (outcome != Outcome::refused) return "";
    switch (refusal) {
        case Refusal::invalid_phone:
        case Refusal::too_many_for_number:
            return "phone";
        case Refusal::no_consent:
            return "consent";
        case Refusal::none:
        case Refusal::malformed_form:
        case Refusal::unconfirmed_form:
        case Refusal::limiter_unavailable:
        case Refusal::too_many_from_address:
            break;
    }
    return "form";
}

std::string SubmitResult::message_key() const {
    if (outcome != Outcome::refused) return "";
    switch (refusal) {
        case Refusal::none:
        case Refusal::malformed_form:
            return "callback.malformed_form";
        case Refusal::unconfirmed_form:
            return "callback.unconfirmed_form";
        case Refusal::limiter_unavailable:
            return "callback.limiter_unavailable";
        case Refusal::too_many_from_address:
            return "callback.too_many_from_address";
        case Refusal::invalid_phone:
            return "phone." + phone_error.code;
        case Refusal::no_consent:
            return "callback.no_consent";
        case Refusal::too_many_for_number:
            return "callback.too_many_for_number";
    }
    return "callback.malformed_form";
}

}  // namespace gp::leads
