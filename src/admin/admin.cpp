#include "admin/admin.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "content/utf8_text.hpp"
#include "http/error_status.hpp"
#include "http/form.hpp"
#include "security/secret_box.hpp"

namespace gp::admin {
namespace {

using accounts::Permission;
using http::Status;
using http::Verb;

constexpr std::string_view kLangCookie = "gp_lang";
constexpr std::size_t kMaxFormFields = 64;

struct NavItem {
    std::string_view href;
    std::string_view key;
    std::optional<Permission> permission;
};

constexpr NavItem kNav[] = {
    {"/admin/", "nav_dashboard", Permission::dashboard},
    {"/admin/articles", "nav_articles", Permission::articles_view},
    {"/admin/accounts", "nav_accounts", Permission::accounts_view},
    {"/admin/audit", "nav_audit", Permission::audit_view},
    {"/admin/leads", "nav_leads", Permission::leads_view},
    {"/admin/categories", "nav_categories", Permission::categories_manage},
    {"/admin/media", "nav_media", Permission::media_view},
    {"/admin/password", "nav_password", std::nullopt},
};

bool stage_fits(Gate gate, content::SessionStage stage) {
    using content::SessionStage;
    switch (gate) {
        case Gate::anonymous:
        case Gate::any_session:
            return true;
        case Gate::second_factor:
            return stage == SessionStage::second_factor;
        case Gate::enroll:
            return stage == SessionStage::enroll;
        case Gate::password:
            return stage == SessionStage::password || stage == SessionStage::full;
        case Gate::full:
            return stage == SessionStage::full;
    }
    return false;
}

}  // namespace

bool wants_json(const http::Request& req) {
    return req[http::Field::accept].find("application/json") != std::string_view::npos;
}

bool Admin::over_tls() const { return d_.settings.site.base_url.starts_with("https://"); }

std::string Admin::cookie_name() const {
    // Behind TLS the __Host- prefix makes the browser refuse the cookie from any subdomain or
    // without Secure (ASVS 3.3.3).
    return over_tls() ? "__Host-gp_admin" : "gp_admin";
}

void Admin::set_session_cookie(http::Response& res, std::string_view token) const {
    // Strict: no request started by another site carries the session, not even a top-level
    // link, which Lax would let through. Links into the back end come from its own pages.
    std::string value =
        cookie_name() + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict";
    if (over_tls()) value += "; Secure";
    res.insert(http::Field::set_cookie, value);
}

void Admin::clear_session_cookie(http::Response& res) const {
    std::string value = cookie_name() + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    if (over_tls()) value += "; Secure";
    res.insert(http::Field::set_cookie, value);
}

http::Response Admin::see_other(std::string_view location) const {
    return http::make_redirect(Status::see_other, location);
}

std::string_view Admin::stage_home(content::SessionStage stage) {
    switch (stage) {
        case content::SessionStage::second_factor:
            return "/admin/login/code";
        case content::SessionStage::enroll:
            return "/admin/mfa";
        case content::SessionStage::password:
            return "/admin/password";
        case content::SessionStage::full:
            return "/admin/";
    }
    return "/admin/login";
}

std::optional<std::int64_t> Admin::id_param(const Call& c) const {
    const auto& s = c.params.get("id");
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || p != s.data() + s.size() || id <= 0) return std::nullopt;
    return id;
}

render::Data Admin::frame(const Call& c, std::string_view title_key) const {
    render::Data d{render::Object{}};
    d.set("t", d_.catalog.all(c.lang));
    d.set("lang", c.lang == "en" ? "en" : "zh-CN");
    d.set("title", d_.catalog.text(c.lang, title_key));
    d.set("site_name", d_.settings.site.name);
    d.set("other_lang", c.lang == "en" ? "zh" : "en");
    d.set("other_lang_label", c.lang == "en" ? "中文" : "English");
    d.set("path", c.ctx.path);
    if (c.who) {
        d.set("account_name", c.who->account.name);
        d.set("role_label",
              d_.catalog.text(c.lang, "role_" + std::string(accounts::role_name(c.who->role))));
        d.set("csrf", c.who->session.csrf_token);
        if (c.who->session.stage == content::SessionStage::full) {
            render::List nav;
            for (const auto& item : kNav) {
                if (item.permission && !accounts::allowed(c.who->role, *item.permission)) continue;
                render::Data n{render::Object{}};
                n.set("href", std::string(item.href));
                n.set("label", d_.catalog.text(c.lang, item.key));
                if (c.ctx.path == item.href) n.set("current", true);
                nav.push_back(n);
            }
            if (!nav.empty()) d.set("has_nav", true);
            d.set("nav", nav);
        }
    }
    return d;
}

http::Response Admin::page(const Call&, Status status, std::string_view name,
                           render::Data data) const {
    data.set("admin_css", d_.asset_url("css/admin.css"));
    auto body = d_.renderer.render_page_in("admin-layout", {std::string(name)}, std::move(data));
    return http::make_response(status, "text/html; charset=utf-8", std::move(body));
}

http::Response Admin::message(const Call& c, Status status, std::string_view key) const {
    if (wants_json(c.req)) {
        // A script (the editor's upload) reads the refusal as JSON, in Chinese.
        nlohmann::json body{{"error", d_.catalog.text("zh", key)}};
        return http::make_response(status, "application/json; charset=utf-8", body.dump());
    }
    auto d = frame(c, "title_notice");
    d.set("message", d_.catalog.text(c.lang, key));
    d.set("status", std::to_string(static_cast<int>(status)));
    return page(c, status, "admin-message", std::move(d));
}

Status Admin::status_of(const content::Error& e) { return http::status_for(e.code); }

http::Response Admin::error(const Call& c, const content::Error& e) const {
    return message(c, status_of(e), e.user_message);
}

http::Response Admin::json_answer(Status status, std::string body) const {
    return http::make_response(status, "application/json; charset=utf-8", std::move(body));
}

http::Response Admin::json_error(const Call& c, Status status, std::string_view key) const {
    nlohmann::json body{{"error", d_.catalog.text(c.lang, key)}, {"code", std::string(key)}};
    return json_answer(status, body.dump());
}

http::Response Admin::serve(const AdminRoute& route, const http::Request& req,
                            http::RequestContext& ctx, const http::RouteParams& params) {
    Call c{req, ctx, params, nullptr, {}, {}, {}, {}};
    // Whatever bytes the browser sent, the user agent is stored with the session and in audit
    // records: as valid UTF-8, cut by characters, so no backend refuses it.
    c.client = {ctx.client_ip, content::clip_utf8(req[http::Field::user_agent], 300),
                ctx.request_id};
    const auto wanted = ctx.query_value("lang");
    const auto saved = http::cookie(req, kLangCookie);
    c.lang = std::string(Catalog::language(wanted ? *wanted : saved.value_or("zh")));

    auto respond = [&](http::Response res) {
        // Back-end pages hold personal and security data: never stored by a browser or proxy.
        res.set(http::Field::cache_control, "no-store");
        if (wanted) {
            res.insert(http::Field::set_cookie,
                       std::string(kLangCookie) + "=" + c.lang +
                           "; Path=/admin; SameSite=Lax; Max-Age=31536000");
        }
        return res;
    };

    std::optional<accounts::Principal> who;
    if (auto token = http::cookie(req, cookie_name())) who = d_.sign_in.authenticate(*token);
    if (who) c.who = &*who;

    // A JSON route answers its refusals in JSON too, for the script that called it.
    const bool json = route.csrf == http::Csrf::session_header;
    auto refuse = [&](Status status, std::string_view key) {
        return json ? json_error(c, status, key) : message(c, status, key);
    };
    if (req.method() == Verb::post) {
        const bool json_body =
            json && req[http::Field::content_type].starts_with("application/json");
        if (http::is_multipart(req)) {
            // Uploads: the file parts go to the handler, the others are read as form fields.
            auto parts = http::parse_multipart(req, kMaxFormFields);
            if (!parts) return respond(refuse(Status::bad_request, "err_form"));
            for (auto& part : *parts) {
                if (part.is_file) {
                    c.files.push_back(std::move(part));
                } else {
                    c.form.emplace_back(std::move(part.name), std::move(part.data));
                }
            }
        } else if (!json_body) {
            auto form = http::parse_form(req);
            if (!form || form->size() > kMaxFormFields) {
                return respond(refuse(Status::bad_request, "err_form"));
            }
            c.form = std::move(*form);
        }
        // CSRF: a same-site Origin/Referer and, behind a session, the session's own token
        // (the sign-in form carries a signed, time-limited one instead). Scripts (the editor's
        // uploads and autosaves) may send the token as X-CSRF-Token instead of a form field.
        const bool form_token = route.csrf == http::Csrf::form_token;
        std::string_view token = http::form_value(c.form, "_csrf");
        if (token.empty() && !form_token) token = req["X-CSRF-Token"];
        const bool same_site = http::same_site(req);
        const bool passed =
            form_token
                ? d_.form_tokens.accepts(token, same_site, d_.sign_in.now())
                : same_site && who && security::equal_constant_time(token, who->session.csrf_token);
        if (!passed) {
            if (route.gate != Gate::anonymous && !who) {
                return respond(refuse(Status::unauthorized, "err_signed_out"));
            }
            return respond(refuse(Status::forbidden, "err_csrf"));
        }
    }

    if (route.gate == Gate::anonymous) {
        if (who && req.method() == Verb::get) {
            return respond(see_other(stage_home(who->session.stage)));
        }
        return respond((this->*route.handler)(c));
    }
    if (!who) {
        if (req.method() == Verb::get) return respond(see_other("/admin/login"));
        return respond(refuse(Status::unauthorized, "err_signed_out"));
    }
    if (!stage_fits(route.gate, who->session.stage)) {
        if (req.method() == Verb::get) return respond(see_other(stage_home(who->session.stage)));
        return respond(refuse(Status::forbidden, "err_stage"));
    }
    if (route.permission && !accounts::allowed(who->role, *route.permission)) {
        try {
            d_.audit.record(&*who, c.client, "access.denied", "route", std::string(route.pattern),
                            "denied", std::string(accounts::permission_name(*route.permission)));
        } catch (const store::AuditWriteFailed& e) {
            // The refusal stands whether or not it could be recorded.
            accounts::alert_audit_failure(c.client, e);
        }
        return respond(refuse(Status::forbidden, "err_forbidden"));
    }
    return respond((this->*route.handler)(c));
}

}  // namespace gp::admin
