#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <nlohmann/json.hpp>

#include "content/control_chars.hpp"
#include "content/html_text.hpp"
#include "http/form.hpp"
#include "site/site.hpp"

namespace gp::site {

namespace {

/// The form's fields as they came, clipped to their lengths.
struct CallbackForm {
    std::string phone;
    std::string name;
    std::string preferred_time;
    bool consent = false;
    std::string token;
    std::string honeypot;
    std::string page;      ///< the page the form was on, when the browser sent no Referer
    std::string referrer;  ///< document.referrer, filled by site.js
};

std::string clip(std::string_view s, std::size_t max_bytes) {
    std::string out(s.substr(0, max_bytes));
    // Never cut inside a UTF-8 sequence.
    while (!out.empty() && !content::is_valid_utf8(out)) out.pop_back();
    return out;
}

// What is kept for people to read later (the back end, the shell, a webhook): a visitor's
// control characters would reach their screens, so they are dropped here as well as escaped
// where printed.
std::string clip_text(std::string_view s, std::size_t max_bytes) {
    return clip(content::strip_control_chars(s), max_bytes);
}

std::optional<CallbackForm> parse_form(const http::Request& req) {
    auto fields = http::parse_form(req);
    if (!fields) return std::nullopt;
    CallbackForm form;
    for (const auto& [k, value] : *fields) {
        if (k == "phone")
            form.phone = clip(value, 64);
        else if (k == "name")
            form.name = clip_text(value, 60);
        else if (k == "time")
            form.preferred_time = clip_text(value, 30);
        else if (k == "consent")
            form.consent = value == "yes";
        else if (k == "csrf")
            form.token = clip(value, 200);
        else if (k == "website")
            form.honeypot = clip(value, 200);
        else if (k == "page")
            form.page = clip_text(value, 300);
        else if (k == "ref")
            form.referrer = clip_text(value, 500);
    }
    return form;
}

using http::same_site;

/// Landing page and UTM parameters from the page the form was on: the Referer of a same-site
/// POST holds its path and query; without one, the form's own hidden field.
content::LeadOrigin origin_of(const http::Request& req, const CallbackForm& form) {
    content::LeadOrigin o;
    std::string page = form.page;
    if (const auto referer = req[http::Field::referer]; !referer.empty()) {
        if (auto u = boost::urls::parse_absolute_uri(referer)) {
            page = std::string(u->encoded_resource());
        }
    }
    if (auto u = boost::urls::parse_origin_form(page)) {
        o.landing_page = clip_text(u->path(), 300);
        for (auto p : u->params()) {
            const auto value = clip_text(p.has_value ? std::string(p.value) : "", 100);
            if (p.key == "utm_source")
                o.utm_source = value;
            else if (p.key == "utm_medium")
                o.utm_medium = value;
            else if (p.key == "utm_campaign")
                o.utm_campaign = value;
            else if (p.key == "utm_term")
                o.utm_term = value;
            else if (p.key == "utm_content")
                o.utm_content = value;
        }
        // An article page ends in "/{id}.html".
        const auto& path = o.landing_page;
        const auto slash = path.rfind('/');
        if (slash != std::string::npos && path.ends_with(".html")) {
            const auto id = path.substr(slash + 1, path.size() - slash - 6);
            if (!id.empty() && id.size() < 18 &&
                std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                o.article_id = std::stoll(id);
            }
        }
    }
    o.referrer = clip_text(form.referrer, 500);
    return o;
}

bool wants_json(const http::Request& req) {
    return req[http::Field::accept].find("application/json") != std::string_view::npos;
}

/// The request read into the service's input; nothing is judged here.
leads::CallbackInput input_of(const http::Request& req, http::RequestContext& ctx,
                              const CallbackForm& form) {
    leads::CallbackInput in;
    in.phone = form.phone;
    in.name = form.name;
    in.preferred_time = form.preferred_time;
    in.consent = form.consent;
    in.token = form.token;
    in.same_site = same_site(req);
    in.honeypot = form.honeypot;
    in.client_ip = ctx.client_ip;
    in.origin = origin_of(req, form);
    return in;
}

http::Status status_of(leads::Refusal refusal) {
    switch (refusal) {
        case leads::Refusal::none:
        case leads::Refusal::malformed_form:
            return http::Status::bad_request;
        case leads::Refusal::unconfirmed_form:
            return http::Status::forbidden;
        case leads::Refusal::limiter_unavailable:
            return http::Status::service_unavailable;
        case leads::Refusal::too_many_from_address:
        case leads::Refusal::too_many_for_number:
            return http::Status::too_many_requests;
        case leads::Refusal::invalid_phone:
        case leads::Refusal::no_consent:
            break;
    }
    return http::Status::unprocessable_entity;
}

/// The reader's words for a refusal; the public site speaks Chinese.
std::string message_of(const leads::SubmitResult& r) {
    switch (r.refusal) {
        case leads::Refusal::none:
        case leads::Refusal::malformed_form:
            return "提交的表单格式不正确，请在页面上重新填写。";
        case leads::Refusal::unconfirmed_form:
            return "页面已过期或来源无法确认，请重新提交。您填写的内容已保留。";
        case leads::Refusal::limiter_unavailable:
            return "回电服务暂时不可用，您的请求尚未提交。请稍后再试，或拨打页面上的咨询热线。";
        case leads::Refusal::too_many_from_address:
            return "提交过于频繁，请稍后再试，或拨打页面上的咨询热线。";
        case leads::Refusal::invalid_phone:
            return r.phone_error.message;
        case leads::Refusal::no_consent:
            return "请先阅读并勾选同意个人信息收集说明，我们才能为您回电。";
        case leads::Refusal::too_many_for_number:
            return "这个号码今天已多次提交回电请求，我们会尽快联系您，请勿重复提交。";
    }
    return "提交的表单格式不正确，请在页面上重新填写。";
}

void log_result(const http::RequestContext& ctx, const leads::SubmitResult& r) {
    switch (r.outcome) {
        case leads::Outcome::accepted:
            spdlog::info("{} callback accepted: lead {} {}", ctx.request_id, r.lead_id,
                         r.phone_masked);
            return;
        case leads::Outcome::discarded:
            spdlog::info("{} callback honeypot filled, discarded", ctx.request_id);
            return;
        case leads::Outcome::refused:
            break;
    }
    if (r.refusal == leads::Refusal::limiter_unavailable) {
        spdlog::error("{} callback rate limit unavailable: {}", ctx.request_id, r.detail);
    }
    spdlog::info("{} callback refused: {} {} ({})", ctx.request_id, r.field(), r.message_key(),
                 static_cast<unsigned>(status_of(r.refusal)));
}

}  // namespace

render::PrivacyNoticeView Site::callback_notice() const {
    const auto& leads = deps_.settings.leads;
    return {leads.collector.empty() ? deps_.settings.site.name : leads.collector,
            std::to_string(leads.retention_closed_days),
            std::to_string(leads.retention_unhandled_days), leads.notice_version};
}

http::Response Site::callback_page(const http::Request& req, http::Status status,
                                   const CallbackView& form) const {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    auto f = frame(tree, "免费通话", -1);
    f.on_callback_page = true;
    render::CallbackFormView view;
    view.phone = form.phone;
    view.name = form.name;
    view.consent_checked = form.consent;
    if (!form.error.empty()) view.error = render::FieldErrorView{form.error, form.error_field};
    for (auto t : leads::kPreferredTimes) {
        view.times.push_back({std::string(t), form.preferred_time == t});
    }
    view.notice = callback_notice();
    const auto head =
        seo(req, "/callback", "免费通话",
            "留下您的联系电话，等保顾问免费回电，解答定级备案、等级测评与安全整改问题。", "",
            breadcrumb_ld(req, {{"免费通话", "/callback"}}));
    return html(status, render_page({"callback"}, f, &head, view));
}

http::Response Site::show_callback_form(const http::Request& req, http::RequestContext&,
                                        const http::RouteParams&) {
    return callback_page(req, http::Status::ok, CallbackView{});
}

http::Response Site::show_callback_thanks(const http::Request& req, http::RequestContext& ctx,
                                          const http::RouteParams&) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    const auto head = seo(req, "/callback/thanks", "已收到您的回电请求", "", "", nullptr);
    const render::NoticeView view{
        "已收到您的回电请求",
        "我们的等保顾问将在工作时间（工作日 9:00–18:00）内尽快给您回电，通常不超过一个工作日。"
        "如需加急，可使用页面上的在线咨询或扫描微信二维码联系我们。",
        ctx.request_id};
    return html(http::Status::ok,
                render_page({"notice"}, frame(tree, "已收到您的回电请求", -1), &head, view));
}

http::Response Site::callback_html(const http::Request& req, const leads::CallbackInput& input,
                                   const leads::SubmitResult& result) const {
    if (result.outcome != leads::Outcome::refused) {
        return http::make_redirect(http::Status::see_other, "/callback/thanks");
    }
    CallbackView view;
    view.phone = input.phone;
    view.name = input.name;
    view.preferred_time = input.preferred_time;
    view.consent = input.consent;
    view.error = message_of(result);
    view.error_field = std::string(result.field());
    return callback_page(req, status_of(result.refusal), view);
}

http::Response Site::callback_json(const leads::SubmitResult& result) {
    const auto json = [](http::Status status, const nlohmann::json& body) {
        return http::make_response(status, "application/json; charset=utf-8", body.dump());
    };
    switch (result.outcome) {
        case leads::Outcome::accepted:
            return json(http::Status::ok,
                        {{"ok", true}, {"message", "已收到您的回电请求，顾问将尽快与您联系。"}});
        case leads::Outcome::discarded:
            return http::make_response(http::Status::ok, "application/json; charset=utf-8",
                                       R"({"ok":true,"message":"已收到您的回电请求"})");
        case leads::Outcome::refused:
            break;
    }
    return json(
        status_of(result.refusal),
        {{"ok", false}, {"field", std::string(result.field())}, {"message", message_of(result)}});
}

http::Response Site::submit_callback(const http::Request& req, http::RequestContext& ctx,
                                     const http::RouteParams&) {
    const bool json = wants_json(req);
    const auto form = parse_form(req);
    leads::CallbackInput input;
    auto result = leads::SubmitResult::refused(leads::Refusal::malformed_form);
    if (form) {
        input = input_of(req, ctx, *form);
        result = deps_.leads.submit(input);
    }
    log_result(ctx, result);
    return json ? callback_json(result) : callback_html(req, input, result);
}

}  // namespace gp::site
