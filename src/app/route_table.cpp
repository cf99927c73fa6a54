#include "app/route_table.hpp"

#include "app/app.hpp"

namespace gp::app {

const std::vector<RouteRow>& route_table() {
    using accounts::Permission;
    using admin::Admin;
    using admin::Gate;
    using http::BodyLimit;
    using http::Csrf;
    using http::Verb;
    using site::Site;
    constexpr auto kAnyRole = std::nullopt;
    constexpr bool kCached = true;
    // A public row: no gate, the public body limit; a public POST is a form with a signed,
    // time-limited form token, the only token a reader without a session can carry.
    const auto page = [](Verb verb, std::string_view pattern, auto handler, bool cached = false) {
        return RouteRow{verb,
                        pattern,
                        handler,
                        std::nullopt,
                        std::nullopt,
                        verb == Verb::get ? Csrf::none : Csrf::form_token,
                        BodyLimit::public_form,
                        cached};
    };
    // A back-end row: its gate, permission and token, and the back end's body limit.
    const auto back = [](Verb verb, std::string_view pattern, Gate gate,
                         std::optional<Permission> permission, admin::AdminHandler handler,
                         Csrf csrf = Csrf::session_form, BodyLimit body = BodyLimit::back_end) {
        return RouteRow{verb, pattern,    handler,
                        gate, permission, verb == Verb::get ? Csrf::none : csrf,
                        body, false};
    };
    static const std::vector<RouteRow> table{
        // The public site, before the catch-all category patterns at the end.
        page(Verb::get, "/", &Site::show_home, kCached),
        page(Verb::get, "/healthz", &Site::show_health),
        page(Verb::get, "/wechat-qr.svg", &Site::show_wechat_qr, kCached),
        page(Verb::get, "/static/{path...}", &Site::show_static, kCached),
        page(Verb::get, "/callback", &Site::show_callback_form),
        page(Verb::post, "/callback", &Site::submit_callback),
        page(Verb::get, "/callback/thanks", &Site::show_callback_thanks),
        page(Verb::get, "/tag/{keyword}/", &Site::list_keyword, kCached),
        page(Verb::get, "/search", &Site::show_search, kCached),
        page(Verb::get, "/rss.xml", &Site::show_feed, kCached),
        page(Verb::get, "/sitemap.xml", &Site::show_sitemap, kCached),
        page(Verb::get, "/sitemaps/{n}.xml", &Site::show_sitemap, kCached),
        page(Verb::get, "/sitemap.txt", &Site::show_sitemap_text, kCached),
        page(Verb::get, "/robots.txt", &Site::show_robots, kCached),
        page(Verb::get, "/media/{name}", &App::show_media),
        page(Verb::get, "/admin", &App::redirect_to_admin),

        // The back end: sign-in stages, then the pages behind a full session.
        back(Verb::get, "/admin/login", Gate::anonymous, kAnyRole, &Admin::show_login),
        back(Verb::post, "/admin/login", Gate::anonymous, kAnyRole, &Admin::submit_login,
             Csrf::form_token),
        back(Verb::get, "/admin/login/code", Gate::second_factor, kAnyRole,
             &Admin::show_second_factor),
        back(Verb::post, "/admin/login/code", Gate::second_factor, kAnyRole,
             &Admin::submit_second_factor),
        back(Verb::get, "/admin/mfa", Gate::enroll, kAnyRole, &Admin::show_enrol),
        back(Verb::post, "/admin/mfa", Gate::enroll, kAnyRole, &Admin::submit_enrol),
        back(Verb::get, "/admin/password", Gate::password, kAnyRole, &Admin::show_password),
        back(Verb::post, "/admin/password", Gate::password, kAnyRole, &Admin::submit_password),
        back(Verb::post, "/admin/logout", Gate::any_session, kAnyRole, &Admin::sign_out),
        back(Verb::get, "/admin/", Gate::full, Permission::dashboard, &Admin::dashboard),
        back(Verb::get, "/admin/accounts", Gate::full, Permission::accounts_view,
             &Admin::list_accounts),
        back(Verb::post, "/admin/accounts", Gate::full, Permission::accounts_create,
             &Admin::create_account),
        back(Verb::post, "/admin/accounts/{id}/disable", Gate::full, Permission::accounts_disable,
             &Admin::disable_account),
        back(Verb::post, "/admin/accounts/{id}/enable", Gate::full, Permission::accounts_disable,
             &Admin::enable_account),
        back(Verb::post, "/admin/accounts/{id}/unlock", Gate::full, Permission::accounts_unlock,
             &Admin::unlock_account),
        back(Verb::post, "/admin/accounts/{id}/reset-mfa", Gate::full, Permission::mfa_reset,
             &Admin::reset_account_mfa),
        back(Verb::post, "/admin/accounts/{id}/role", Gate::full, Permission::roles_assign,
             &Admin::assign_role),
        back(Verb::get, "/admin/audit", Gate::full, Permission::audit_view, &Admin::show_audit),
        back(Verb::post, "/admin/audit/export", Gate::full, Permission::audit_export,
             &Admin::export_audit),
        back(Verb::get, "/admin/leads", Gate::full, Permission::leads_view, &Admin::list_leads),
        back(Verb::post, "/admin/leads/{id}/reveal", Gate::full, Permission::leads_reveal,
             &Admin::reveal_lead),
        back(Verb::post, "/admin/leads/export", Gate::full, Permission::leads_export,
             &Admin::export_leads),
        back(Verb::get, "/admin/articles", Gate::full, Permission::articles_view,
             &Admin::list_articles),
        back(Verb::get, "/admin/articles/new", Gate::full, Permission::articles_write,
             &Admin::new_article),
        back(Verb::post, "/admin/articles", Gate::full, Permission::articles_write,
             &Admin::create_article),
        back(Verb::post, "/admin/articles/new/autosave", Gate::full, Permission::articles_write,
             &Admin::autosave_new, Csrf::session_header),
        back(Verb::get, "/admin/articles/{id}", Gate::full, Permission::articles_view,
             &Admin::edit_article),
        back(Verb::post, "/admin/articles/{id}", Gate::full, Permission::articles_write,
             &Admin::save_article),
        back(Verb::post, "/admin/articles/{id}/autosave", Gate::full, Permission::articles_write,
             &Admin::autosave_article, Csrf::session_header),
        back(Verb::post, "/admin/articles/{id}/submit", Gate::full, Permission::articles_write,
             &Admin::submit_article),
        back(Verb::post, "/admin/articles/{id}/approve", Gate::full, Permission::articles_publish,
             &Admin::approve_article),
        back(Verb::post, "/admin/articles/{id}/publish", Gate::full, Permission::articles_publish,
             &Admin::publish_article),
        back(Verb::post, "/admin/articles/{id}/unpublish", Gate::full, Permission::articles_publish,
             &Admin::unpublish_article),
        back(Verb::post, "/admin/articles/{id}/send-back", Gate::full, Permission::articles_publish,
             &Admin::send_back_article),
        back(Verb::post, "/admin/articles/{id}/trash", Gate::full, Permission::articles_trash,
             &Admin::trash_article),
        back(Verb::post, "/admin/articles/{id}/restore", Gate::full, Permission::articles_trash,
             &Admin::restore_article),
        back(Verb::get, "/admin/articles/{id}/revisions", Gate::full, Permission::articles_view,
             &Admin::list_revisions),
        back(Verb::get, "/admin/articles/{id}/diff", Gate::full, Permission::articles_view,
             &Admin::show_diff),
        back(Verb::post, "/admin/articles/{id}/revisions/restore", Gate::full,
             Permission::articles_write, &Admin::restore_revision),
        back(Verb::get, "/admin/media", Gate::full, Permission::media_view, &Admin::list_media),
        // The upload's body is the file: the upload limit, not the back end's.
        back(Verb::post, "/admin/media", Gate::full, Permission::media_upload, &Admin::upload_media,
             Csrf::session_form, BodyLimit::upload),
        back(Verb::post, "/admin/media/{id}/delete", Gate::full, Permission::media_upload,
             &Admin::delete_media),
        back(Verb::get, "/admin/categories", Gate::full, Permission::categories_manage,
             &Admin::list_categories),
        back(Verb::post, "/admin/categories", Gate::full, Permission::categories_manage,
             &Admin::create_category),
        back(Verb::post, "/admin/categories/{id}", Gate::full, Permission::categories_manage,
             &Admin::update_category),
        back(Verb::post, "/admin/categories/{id}/order", Gate::full, Permission::categories_manage,
             &Admin::reorder_category),
        back(Verb::post, "/admin/categories/{id}/delete", Gate::full, Permission::categories_manage,
             &Admin::delete_category),
        back(Verb::post, "/admin/categories/{id}/move-articles", Gate::full,
             Permission::categories_manage, &Admin::move_category_articles),

        // Category pages and their articles: any path the rows above did not take.
        page(Verb::get, "/{path...}/rss.xml", &Site::show_feed, kCached),
        page(Verb::get, "/{path...}/{id}.html", &Site::show_article, kCached),
        page(Verb::get, "/{path...}/", &Site::list_category, kCached),
        page(Verb::get, "/{path...}", &Site::add_slash),
    };
    return table;
}

}  // namespace gp::app
