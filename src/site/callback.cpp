#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <nlohmann/json.hpp>

#include "cache/rate_limit_key.hpp"
#include "cache/unavailable.hpp"
#include "content/control_chars.hpp"
#include "content/html_text.hpp"
#include "content/phone_number.hpp"
#include "http/form.hpp"
#include "site/site.hpp"

namespace gp::site {

using render::Data;
using render::List;

namespace {

constexpr std::array<std::string_view, 6> kPreferredTimes{"尽快",       "工作日上午", "工作日下午",
                                                          "工作日晚上", "周末",       "其他时间"};

/// What the reader typed, kept to show the form again.
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

using http::host_of;
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

}  // namespace

Data Site::callback_notice() const {
    const auto& leads = deps_.settings.leads;
    const auto& collector = leads.collector.empty() ? deps_.settings.site.name : leads.collector;
    Data d;
    d.set("collector", collector);
    d.set("retention_closed_days", std::to_string(leads.retention_closed_days));
    d.set("retention_unhandled_days", std::to_string(leads.retention_unhandled_days));
    d.set("notice_version", leads.notice_version);
    return d;
}

http::Response Site::callback_page(const http::Request& req, http::Status status,
                                   const CallbackView& view) const {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    Data d = frame(tree, "免费通话", -1);
    d.set("on_callback_page", true);  // the page is the form; no second one in the sidebar
    d.set("phone", view.phone);
    d.set("name", view.name);
    d.set("consent_checked", view.consent);
    set_error(d, view);
    List times;
    for (auto t : kPreferredTimes) {
        Data item;
        item.set("value", std::string(t));
        item.set("selected", view.preferred_time == t);
        times.push_back(item);
    }
    d.set("times", times);
    d.set("notice", callback_notice());
    set_seo(d, req, "/callback", "免费通话",
            "留下您的联系电话，等保顾问免费回电，解答定级备案、等级测评与安全整改问题。", "",
            breadcrumb_ld(req, {{"免费通话", "/callback"}}));
    return html(status, deps_.renderer.render_page({"callback"}, d));
}

void Site::set_error(render::Data& d, const CallbackView& view) const {
    if (view.error.empty()) return;
    d.set("error", view.error);
    d.set("error_field", view.error_field);
    d.set(("error_" + view.error_field), true);
}

http::Response Site::show_callback_form(const http::Request& req, http::RequestContext&,
                                        const http::RouteParams&) {
    return callback_page(req, http::Status::ok, CallbackView{});
}

http::Response Site::show_callback_thanks(const http::Request& req, http::RequestContext& ctx,
                                          const http::RouteParams&) {
    const auto kept_tree = load_tree();
    const auto& tree = *kept_tree;
    Data d = frame(tree, "已收到您的回电请求", -1);
    set_seo(d, req, "/callback/thanks", "已收到您的回电请求", "", "", nullptr);
    d.set("heading", "已收到您的回电请求");
    d.set("message",
          "我们的等保顾问将在工作时间（工作日 9:00–18:00）内尽快给您回电，通常不超过一个工作日。"
          "如需加急，可使用页面上的在线咨询或扫描微信二维码联系我们。");
    d.set("request_id", ctx.request_id);
    return html(http::Status::ok, deps_.renderer.render_page({"notice"}, d));
}

http::Response Site::submit_callback(const http::Request& req, http::RequestContext& ctx,
                                     const http::RouteParams&) {
    const auto now = deps_.clock();
    const auto& limits = deps_.settings.leads;
    const bool json = wants_json(req);
    CallbackView view;
    const auto refuse = [&](http::Status status, std::string field, std::string message) {
        view.error = std::move(message);
        view.error_field = std::move(field);
        spdlog::info("{} callback refused: {} ({})", ctx.request_id, view.error_field,
                     static_cast<unsigned>(status));
        if (json) {
            nlohmann::json body{
                {"ok", false}, {"field", view.error_field}, {"message", view.error}};
            return http::make_response(status, "application/json; charset=utf-8", body.dump());
        }
        return callback_page(req, status, view);
    };

    const auto form = parse_form(req);
    if (!form) {
        return refuse(http::Status::bad_request, "form",
                      "提交的表单格式不正确，请在页面上重新填写。");
    }
    view.phone = form->phone;
    view.name = form->name;
    view.preferred_time = form->preferred_time;
    view.consent = form->consent;

    if (!same_site(req) || !deps_.form_tokens.verify(form->token, now)) {
        return refuse(http::Status::forbidden, "form",
                      "页面已过期或来源无法确认，请重新提交。您填写的内容已保留。");
    }
    bool allowed = false;
    try {
        allowed = deps_.rate_limiter.hit("callback-ip:" + cache::rate_limit_key(ctx.client_ip),
                                         limits.per_ip_limit, limits.per_ip_window, now);
    } catch (const cache::Unavailable& e) {
        // Unthrottled submissions would let one address flood the lead queue, so refuse with
        // 503 before anything is written; the visitor's input stays in the form (docs/adr/0016).
        spdlog::error("{} callback rate limit unavailable: {}", ctx.request_id, e.what());
        return refuse(http::Status::service_unavailable, "form",
                      "回电服务暂时不可用，您的请求尚未提交。请稍后再试，或拨打页面上的咨询热线。");
    }
    if (!allowed) {
        return refuse(http::Status::too_many_requests, "form",
                      "提交过于频繁，请稍后再试，或拨打页面上的咨询热线。");
    }
    if (!form->honeypot.empty()) {
        // Only bots fill the hidden field; they get the same answer as people and store nothing.
        spdlog::info("{} callback honeypot filled, discarded", ctx.request_id);
        return json ? http::make_response(http::Status::ok, "application/json; charset=utf-8",
                                          R"({"ok":true,"message":"已收到您的回电请求"})")
                    : http::make_redirect(http::Status::see_other, "/callback/thanks");
    }
    const auto parsed = content::parse_phone_number(form->phone);
    if (const auto* error = std::get_if<content::PhoneError>(&parsed)) {
        return refuse(http::Status::unprocessable_entity, "phone", error->message);
    }
    if (!form->consent) {
        return refuse(http::Status::unprocessable_entity, "consent",
                      "请先阅读并勾选同意个人信息收集说明，我们才能为您回电。");
    }
    const auto& phone = std::get<content::PhoneNumber>(parsed);
    const auto normalized = phone.normalized();
    const auto hash = deps_.vault.keyed_hash(normalized);
    auto& leads = deps_.store.leads();
    if (leads.count_by_phone_since(hash, now - limits.per_number_window) >=
        limits.per_number_limit) {
        return refuse(http::Status::too_many_requests, "phone",
                      "这个号码今天已多次提交回电请求，我们会尽快联系您，请勿重复提交。");
    }
    const auto sealed = deps_.vault.seal(normalized);
    store::NewLead lead;
    lead.created_at = now;
    lead.phone_nonce = sealed.nonce;
    lead.phone_sealed = sealed.ciphertext;
    lead.phone_hash = hash;
    lead.phone_masked = phone.masked();
    lead.phone_kind = phone.kind == content::PhoneKind::mobile     ? "mobile"
                      : phone.kind == content::PhoneKind::landline ? "landline"
                                                                   : "service";
    lead.name = form->name;
    if (std::find(kPreferredTimes.begin(), kPreferredTimes.end(), form->preferred_time) !=
        kPreferredTimes.end()) {
        lead.preferred_time = form->preferred_time;
    }
    lead.origin = origin_of(req, *form);
    lead.consent_version = limits.notice_version;
    const auto id = leads.add_lead(lead);
    spdlog::info("{} callback accepted: lead {} {}", ctx.request_id, id, lead.phone_masked);
    if (json) {
        return http::make_response(
            http::Status::ok, "application/json; charset=utf-8",
            nlohmann::json{{"ok", true}, {"message", "已收到您的回电请求，顾问将尽快与您联系。"}}
                .dump());
    }
    return http::make_redirect(http::Status::see_other, "/callback/thanks");
}

}  // namespace gp::site
