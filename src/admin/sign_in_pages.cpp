#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "admin/admin.hpp"
#include "http/form.hpp"
#include "render/qr_svg.hpp"
#include "security/totp.hpp"

namespace gp::admin {
namespace {

using http::Status;

std::string percent(std::string_view s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

/// The otpauth:// URI an authenticator app scans (Key Uri Format).
std::string provisioning_uri(std::string_view seed, std::string_view issuer,
                             std::string_view account) {
    return "otpauth://totp/" + percent(issuer) + ":" + percent(account) +
           "?secret=" + security::Totp::base32(seed) + "&issuer=" + percent(issuer) +
           "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace

http::Response Admin::show_login(Call& c) {
    auto d = frame(c, "title_login");
    d.set("login_token", d_.form_tokens.issue(d_.sign_in.now()));
    return page(c, Status::ok, "admin-login", std::move(d));
}

http::Response Admin::submit_login(Call& c) {
    const std::string name(http::form_value(c.form, "name").substr(0, 64));
    const std::string password(http::form_value(c.form, "password").substr(0, 256));
    auto issued = d_.sign_in.sign_in(name, password, c.client);
    if (!issued) {
        auto d = frame(c, "title_login");
        d.set("login_token", d_.form_tokens.issue(d_.sign_in.now()));
        d.set("name", name);
        d.set("error", d_.catalog.text(c.lang, issued.error().user_message));
        return page(c, status_of(issued.error()), "admin-login", std::move(d));
    }
    auto res = see_other(stage_home(issued->stage));
    set_session_cookie(res, issued->token);
    return res;
}

http::Response Admin::show_second_factor(Call& c) {
    return page(c, Status::ok, "admin-code", frame(c, "title_code"));
}

http::Response Admin::submit_second_factor(Call& c) {
    const std::string code(http::form_value(c.form, "code").substr(0, 32));
    auto issued = d_.sign_in.second_factor(*c.who, code, c.client);
    if (!issued) {
        auto d = frame(c, "title_code");
        d.set("error", d_.catalog.text(c.lang, issued.error().user_message));
        if (issued.error().code == content::Errc::unavailable) {
            return page(c, Status::service_unavailable, "admin-code", std::move(d));
        }
        // A lockout ends the session: the next attempt starts again at the password.
        if (!d_.store.accounts().find_session(c.who->session.id_hash)) {
            auto res = see_other("/admin/login");
            clear_session_cookie(res);
            return res;
        }
        return page(c, status_of(issued.error()), "admin-code", std::move(d));
    }
    auto res = see_other(stage_home(issued->stage));
    set_session_cookie(res, issued->token);
    return res;
}

http::Response Admin::show_enrol(Call& c) {
    auto seed = d_.sign_in.enrolment_seed(*c.who);
    if (!seed) return error(c, seed.error());
    auto d = frame(c, "title_enrol");
    const auto uri = provisioning_uri(*seed, d_.settings.site.name, c.who->account.name);
    d.set("qr_svg", render::qr_svg(uri));
    d.set("secret", security::Totp::base32(*seed));
    return page(c, Status::ok, "admin-enrol", std::move(d));
}

http::Response Admin::submit_enrol(Call& c) {
    const std::string code(http::form_value(c.form, "code").substr(0, 16));
    auto done = d_.sign_in.enroll(*c.who, code, c.client);
    if (!done) {
        if (done.error().code == content::Errc::unavailable) return error(c, done.error());
        auto d = frame(c, "title_enrol");
        if (auto seed = d_.sign_in.enrolment_seed(*c.who)) {
            const auto uri = provisioning_uri(*seed, d_.settings.site.name, c.who->account.name);
            d.set("qr_svg", render::qr_svg(uri));
            d.set("secret", security::Totp::base32(*seed));
        }
        d.set("error", d_.catalog.text(c.lang, done.error().user_message));
        return page(c, Status::bad_request, "admin-enrol", std::move(d));
    }
    const auto& [issued, codes] = *done;
    // The recovery codes are shown once, on this answer; the store keeps only their hashes.
    auto d = frame(c, "title_recovery");
    render::List list;
    for (const auto& code_text : codes) list.push_back(render::Data(code_text));
    d.set("codes", list);
    d.set("next", std::string(stage_home(issued.stage)));
    auto res = page(c, Status::ok, "admin-recovery", std::move(d));
    set_session_cookie(res, issued.token);
    return res;
}

http::Response Admin::show_password(Call& c) {
    auto d = frame(c, "title_password");
    if (c.who->session.stage == content::SessionStage::password) d.set("required", true);
    d.set("min_length", std::to_string(d_.settings.accounts.password_min_length));
    return page(c, Status::ok, "admin-password", std::move(d));
}

http::Response Admin::submit_password(Call& c) {
    const std::string current(http::form_value(c.form, "current").substr(0, 256));
    const std::string next(http::form_value(c.form, "password").substr(0, 512));
    const std::string confirm(http::form_value(c.form, "confirm").substr(0, 512));
    auto issued = d_.sign_in.change_password(*c.who, current, next, confirm, c.client);
    if (!issued) {
        if (issued.error().code == content::Errc::unavailable) return error(c, issued.error());
        // A lockout ends the session, as after wrong second-factor codes.
        if (!d_.store.accounts().find_session(c.who->session.id_hash)) {
            auto res = see_other("/admin/login");
            clear_session_cookie(res);
            return res;
        }
        auto d = frame(c, "title_password");
        if (c.who->session.stage == content::SessionStage::password) d.set("required", true);
        d.set("min_length", std::to_string(d_.settings.accounts.password_min_length));
        int n = 0;
        if (!issued.error().detail.empty()) n = std::atoi(issued.error().detail.c_str());
        d.set("error", d_.catalog.text(c.lang, issued.error().user_message, n));
        return page(c, Status::bad_request, "admin-password", std::move(d));
    }
    auto res = see_other("/admin/?changed=1");
    set_session_cookie(res, issued->token);
    return res;
}

http::Response Admin::sign_out(Call& c) {
    try {
        d_.sign_in.sign_out(*c.who, c.client);
    } catch (const store::AuditWriteFailed& e) {
        return error(c, accounts::audit_refusal(c.client, e));
    }
    auto res = see_other("/admin/login");
    clear_session_cookie(res);
    return res;
}

}  // namespace gp::admin
