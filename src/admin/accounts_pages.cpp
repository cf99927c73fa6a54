#include "admin/admin.hpp"
#include "http/form.hpp"

namespace gp::admin {
namespace {

using accounts::Permission;
using accounts::Role;
using http::Status;

void count(render::List& list, const std::string& label, std::int64_t n) {
    render::Data item{render::Object{}};
    item.set("label", label);
    item.set("count", std::to_string(n));
    list.push_back(item);
}

}  // namespace

http::Response Admin::dashboard(Call& c) {
    auto d = frame(c, "title_dashboard");
    const auto now = d_.account_admin.now();
    render::List counts;
    // Each role sees the counts of what it may work on; none of them reveals personal data.
    count(counts, d_.catalog.text(c.lang, "count_articles"),
          d_.store.articles().count_all_visible(now));
    count(counts, d_.catalog.text(c.lang, "count_categories"),
          static_cast<std::int64_t>(d_.store.categories().list_categories().size()));
    if (accounts::allowed(c.who->role, Permission::accounts_view)) {
        const auto all = d_.account_admin.list_accounts();
        const auto locked =
            std::count_if(all.begin(), all.end(), [&](const auto& a) { return a.locked_at(now); });
        count(counts, d_.catalog.text(c.lang, "count_accounts"),
              static_cast<std::int64_t>(all.size()));
        count(counts, d_.catalog.text(c.lang, "count_locked"), locked);
    }
    if (accounts::allowed(c.who->role, Permission::audit_view)) {
        count(counts, d_.catalog.text(c.lang, "count_audit"), d_.store.audit().count({}));
    }
    if (accounts::allowed(c.who->role, Permission::leads_view)) {
        count(counts, d_.catalog.text(c.lang, "count_leads"),
              static_cast<std::int64_t>(d_.store.leads().list_leads(100000).size()));
    }
    d.set("counts", counts);
    if (c.ctx.query_value("changed")) d.set("notice", d_.catalog.text(c.lang, "notice_password"));
    const auto& a = c.who->account;
    // The sign-in before this one, so that a sign-in the owner did not make stands out.
    store::AuditQuery logins;
    logins.account_name = a.name;
    logins.event = "auth.login";
    logins.result = "success";
    logins.limit = 2;
    const auto recent = d_.store.audit().search(logins);
    if (recent.size() == 2) {
        d.set("last_login", d_.time_zone.date_time(recent[1].at) + " · " + recent[1].client_ip);
    }
    d.set("recovery_left", std::to_string(d_.store.accounts().count_recovery_codes(a.id)));
    return page(c, Status::ok, "admin-dashboard", std::move(d));
}

http::Response Admin::list_accounts(Call& c) {
    auto d = frame(c, "title_accounts");
    const auto now = d_.account_admin.now();
    const bool can_disable = accounts::allowed(c.who->role, Permission::accounts_disable);
    const bool can_unlock = accounts::allowed(c.who->role, Permission::accounts_unlock);
    const bool can_reset = accounts::allowed(c.who->role, Permission::mfa_reset);
    const bool can_assign = accounts::allowed(c.who->role, Permission::roles_assign);
    render::List rows;
    for (const auto& a : d_.account_admin.list_accounts()) {
        render::Data row{render::Object{}};
        const auto role = accounts::parse_role(a.role).value_or(Role::none);
        const bool self = a.id == c.who->account.id;
        row.set("id", std::to_string(a.id));
        row.set("name", a.name);
        row.set("role", d_.catalog.text(c.lang, "role_" + a.role));
        row.set("status", d_.catalog.text(c.lang, a.disabled         ? "status_disabled"
                                                  : a.locked_at(now) ? "status_locked"
                                                                     : "status_active"));
        row.set("mfa", d_.catalog.text(c.lang, a.has_totp() ? "yes" : "no"));
        row.set("last_login",
                a.last_login_at ? d_.time_zone.date_time(*a.last_login_at) : std::string("—"));
        if (can_disable && !self) row.set(a.disabled ? "can_enable" : "can_disable", true);
        if (can_unlock && a.locked_at(now)) row.set("can_unlock", true);
        if (can_reset && !self && a.has_totp()) row.set("can_reset", true);
        if (can_assign && !self) {
            render::List options;
            for (auto r : accounts::all_roles()) {
                render::Data o{render::Object{}};
                o.set("value", std::string(accounts::role_name(r)));
                o.set("label",
                      d_.catalog.text(c.lang, "role_" + std::string(accounts::role_name(r))));
                if (r == role) o.set("selected", true);
                options.push_back(o);
            }
            row.set("roles", options);
            if (!options.empty()) row.set("has_roles", true);
        }
        rows.push_back(row);
    }
    if (!rows.empty()) d.set("has_accounts", true);
    d.set("accounts", rows);
    if (accounts::allowed(c.who->role, Permission::accounts_create)) d.set("can_create", true);
    return page(c, Status::ok, "admin-accounts", std::move(d));
}

http::Response Admin::create_account(Call& c) {
    const std::string name(http::form_value(c.form, "name").substr(0, 64));
    // The system administrator creates accounts without a role; the security administrator
    // grants one (三权分立: neither can do both).
    auto created = d_.account_admin.create_account(name, Role::none, c.who, c.client);
    if (!created) {
        auto d = frame(c, "title_accounts");
        d.set("error", d_.catalog.text(c.lang, created.error().user_message));
        d.set("name", name);
        d.set("can_create", true);
        return page(c, status_of(created.error()), "admin-accounts", std::move(d));
    }
    auto d = frame(c, "title_account_created");
    d.set("name", name);
    d.set("one_time_password", created->one_time_password);
    return page(c, Status::ok, "admin-account-created", std::move(d));
}

http::Response Admin::after_account_action(Call& c, const content::Result<void>& r) {
    if (!r) return error(c, r.error());
    return see_other("/admin/accounts");
}

http::Response Admin::disable_account(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_account");
    return after_account_action(c, d_.account_admin.set_disabled(*c.who, *id, true, c.client));
}

http::Response Admin::enable_account(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_account");
    return after_account_action(c, d_.account_admin.set_disabled(*c.who, *id, false, c.client));
}

http::Response Admin::unlock_account(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_account");
    return after_account_action(c, d_.account_admin.unlock(*c.who, *id, c.client));
}

http::Response Admin::reset_account_mfa(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_account");
    return after_account_action(c, d_.account_admin.reset_mfa(c.who, *id, c.client));
}

http::Response Admin::assign_role(Call& c) {
    auto id = id_param(c);
    if (!id) return message(c, Status::not_found, "err_no_account");
    auto role = accounts::parse_role(http::form_value(c.form, "role"));
    if (!role) return message(c, Status::bad_request, "err_role");
    return after_account_action(c, d_.account_admin.assign_role(*c.who, *id, *role, c.client));
}

}  // namespace gp::admin
