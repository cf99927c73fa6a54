#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/renderer.hpp"

namespace gp::render {

/// What the call-back form tells the reader before they leave a number (PIPL 告知): who
/// collects it and how long it is kept.
struct PrivacyNoticeView {
    std::string collector;
    std::string retention_closed_days;
    std::string retention_unhandled_days;
    std::string notice_version;
};

struct TimeChoiceView {
    std::string value;
    bool selected = false;
};

/// What was wrong with a sent form, and which field it concerns.
struct FieldErrorView {
    std::string message;
    std::string field;  ///< "phone", "consent" or "form"
};

/// What templates/callback.mustache shows: the form as the reader left it.
struct CallbackFormView {
    std::string phone;
    std::string name;
    bool consent_checked = false;
    std::vector<TimeChoiceView> times;
    std::optional<FieldErrorView> error;
    PrivacyNoticeView notice;
};

/// What templates/notice.mustache shows: a heading and a sentence after a completed step.
struct NoticeView {
    std::string heading;
    std::string message;
    std::string request_id;
};

/// What the error templates show (error-404 → error-4xx → error).
struct ErrorView {
    unsigned status = 500;
    std::string message;  ///< in the reader's language, never a stack trace
    std::string request_id;
};

void add_to(Data& page, const CallbackFormView& view);
void add_to(Data& page, const NoticeView& view);
void add_to(Data& page, const ErrorView& view);

}  // namespace gp::render
