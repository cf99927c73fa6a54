#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accounts/account_admin.hpp"
#include "accounts/sign_in.hpp"
#include "admin/catalog.hpp"
#include "config/settings.hpp"
#include "content/content_change.hpp"
#include "content/media.hpp"
#include "content/time_zone.hpp"
#include "editorial/editorial_service.hpp"
#include "http/message.hpp"
#include "http/multipart.hpp"
#include "http/route_policy.hpp"
#include "http/router.hpp"
#include "media/file_type.hpp"
#include "media/media_files.hpp"
#include "render/renderer.hpp"
#include "security/form_token.hpp"
#include "security/phone_vault.hpp"
#include "store/store.hpp"

namespace gp::admin {

/// What the back end's handlers need, built once in app.cpp.
struct AdminDeps {
    const config::Settings& settings;
    store::Store& store;
    accounts::SignIn& sign_in;
    accounts::AccountAdmin& account_admin;
    accounts::AuditLog& audit;
    const render::Renderer& renderer;
    const Catalog& catalog;
    const security::FormTokens& form_tokens;
    const security::PhoneVault& vault;
    const content::SiteTimeZone& time_zone;
    editorial::EditorialService& editorial;
    const media::MediaFiles& media_files;
    const media::TypeDetector& media_types;
    /// Tells this process's page cache at once what a back-end write changed (the change log
    /// tells every other process a moment later).
    std::function<void(const std::vector<content::ContentChange>&)> content_changed;
    /// The versioned URL of a static asset ("css/admin.css" → "/static/css/admin.css?v=…").
    std::function<std::string(std::string_view)> asset_url;
};

/// One back-end request after the gate: who asks (null on the sign-in pages), in which
/// language, with which form fields.
struct Call {
    const http::Request& req;
    http::RequestContext& ctx;
    const http::RouteParams& params;
    const accounts::Principal* who = nullptr;
    std::string lang;
    std::vector<std::pair<std::string, std::string>> form;
    /// The file parts of a multipart/form-data POST (its other parts are in `form`).
    std::vector<http::FormPart> files;
    accounts::Client client;
};

class Admin;
using AdminHandler = http::Response (Admin::*)(Call&);

/// Which session a route needs: none (sign-in), a session at one stage of sign-in, or a full
/// one (and then usually a permission).
enum class Gate { anonymous, second_factor, enroll, password, any_session, full };

/// What the gate needs to know of a back-end route; a row of the one route table
/// (app/route_table.cpp) gives it.
struct AdminRoute {
    std::string_view pattern;
    Gate gate;
    std::optional<accounts::Permission> permission;
    AdminHandler handler;
    /// The token a POST must carry: form_token for the sign-in forms, the session's otherwise;
    /// session_header makes the route JSON in and out.
    http::Csrf csrf = http::Csrf::session_form;
};

/// True when the client asked for JSON (`Accept: application/json`): the upload contract of
/// the editor, and every refusal it may meet.
bool wants_json(const http::Request& req);

/// The back end: sign-in, accounts, audit trail, leads, media and categories, server-rendered
/// in zh or en.
class Admin {
public:
    explicit Admin(AdminDeps deps) : d_(std::move(deps)) {}

    /// Runs `route` behind its gate: session, stage, CSRF token and permission. Never throws
    /// for a user's mistake; a refused permission is audited.
    http::Response serve(const AdminRoute& route, const http::Request& req,
                         http::RequestContext& ctx, const http::RouteParams& params);

    // Sign-in (sign_in_pages.cpp)
    http::Response show_login(Call& c);
    http::Response submit_login(Call& c);
    http::Response show_second_factor(Call& c);
    http::Response submit_second_factor(Call& c);
    http::Response show_enrol(Call& c);
    http::Response submit_enrol(Call& c);
    http::Response show_password(Call& c);
    http::Response submit_password(Call& c);
    http::Response sign_out(Call& c);
    // Dashboard and accounts (accounts_pages.cpp)
    http::Response dashboard(Call& c);
    http::Response list_accounts(Call& c);
    http::Response create_account(Call& c);
    http::Response disable_account(Call& c);
    http::Response enable_account(Call& c);
    http::Response unlock_account(Call& c);
    http::Response reset_account_mfa(Call& c);
    http::Response assign_role(Call& c);
    // Audit trail (audit_pages.cpp)
    http::Response show_audit(Call& c);
    http::Response export_audit(Call& c);
    // Leads (leads_pages.cpp)
    http::Response list_leads(Call& c);
    http::Response reveal_lead(Call& c);
    http::Response export_leads(Call& c);
    // Articles (articles_pages.cpp, revisions_pages.cpp, autosave.cpp)
    http::Response list_articles(Call& c);
    http::Response new_article(Call& c);
    http::Response create_article(Call& c);
    http::Response edit_article(Call& c);
    http::Response save_article(Call& c);
    http::Response submit_article(Call& c);
    http::Response approve_article(Call& c);
    http::Response publish_article(Call& c);
    http::Response unpublish_article(Call& c);
    http::Response send_back_article(Call& c);
    http::Response trash_article(Call& c);
    http::Response restore_article(Call& c);
    http::Response list_revisions(Call& c);
    http::Response show_diff(Call& c);
    http::Response restore_revision(Call& c);
    http::Response autosave_new(Call& c);
    http::Response autosave_article(Call& c);
    // Media library (media_pages.cpp)
    http::Response list_media(Call& c);
    http::Response upload_media(Call& c);
    http::Response delete_media(Call& c);
    // Categories (category_pages.cpp)
    http::Response list_categories(Call& c);
    http::Response create_category(Call& c);
    http::Response update_category(Call& c);
    http::Response reorder_category(Call& c);
    http::Response delete_category(Call& c);
    http::Response move_category_articles(Call& c);

private:
    friend struct PageKit;
    /// The layout's data: language, navigation for the role, CSRF token, account name.
    render::Data frame(const Call& c, std::string_view title_key) const;
    http::Response page(const Call& c, http::Status status, std::string_view name,
                        render::Data data) const;
    http::Response message(const Call& c, http::Status status, std::string_view key) const;
    http::Response error(const Call& c, const content::Error& e) const;
    /// 303 to `location`, with a new session cookie when `token` is given.
    http::Response see_other(std::string_view location) const;
    void set_session_cookie(http::Response& res, std::string_view token) const;
    void clear_session_cookie(http::Response& res) const;
    std::string cookie_name() const;
    bool over_tls() const;
    /// The page a session at `stage` belongs on.
    static std::string_view stage_home(content::SessionStage stage);
    std::optional<std::int64_t> id_param(const Call& c) const;
    http::Response after_account_action(Call& c, const content::Result<void>& r);
    static http::Status status_of(const content::Error& e);
    http::Response json_answer(http::Status status, std::string body) const;
    http::Response json_error(const Call& c, http::Status status, std::string_view key) const;
    /// The article form, filled with `input` (as typed or as stored).
    http::Response article_form(const Call& c, http::Status status,
                                const editorial::ArticleInput& input,
                                const content::EditorialArticle* article, const std::string& error,
                                std::string_view notice);
    http::Response run_step(Call& c, editorial::Step step);
    http::Response autosave(Call& c, std::optional<std::int64_t> id);
    /// The media page with `error` (a catalog key or a message) at `status`.
    http::Response media_page(Call& c, http::Status status, const std::string& error);
    /// A stored upload, or the reason it was refused (Errc → 400/413/415/503).
    content::Result<content::MediaItem> store_upload(Call& c, const http::FormPart& file);
    /// The category page with `error`, at `status`.
    http::Response categories_page(Call& c, http::Status status, const std::string& error);
    void categories_changed(std::int64_t id) const;

    AdminDeps d_;
};

}  // namespace gp::admin
