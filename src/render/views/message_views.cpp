#include "render/views/message_views.hpp"

namespace gp::render {

void add_to(Data& page, const CallbackFormView& view) {
    page.set("phone", view.phone);
    page.set("name", view.name);
    page.set("consent_checked", view.consent_checked);
    if (view.error) {
        page.set("error", view.error->message);
        page.set("error_field", view.error->field);
        // {{#error_phone}} and the like mark the field that was wrong.
        page.set("error_" + view.error->field, true);
    }
    List times;
    for (const auto& t : view.times) {
        Data item;
        item.set("value", t.value);
        item.set("selected", t.selected);
        times.push_back(item);
    }
    page.set("times", times);
    Data notice;
    notice.set("collector", view.notice.collector);
    notice.set("retention_closed_days", view.notice.retention_closed_days);
    notice.set("retention_unhandled_days", view.notice.retention_unhandled_days);
    notice.set("notice_version", view.notice.notice_version);
    page.set("notice", notice);
}

void add_to(Data& page, const NoticeView& view) {
    page.set("heading", view.heading);
    page.set("message", view.message);
    page.set("request_id", view.request_id);
}

void add_to(Data& page, const ErrorView& view) {
    page.set("status", std::to_string(view.status));
    page.set("message", view.message);
    page.set("request_id", view.request_id);
    page.set("is_server_error", view.status >= 500);
}

}  // namespace gp::render
