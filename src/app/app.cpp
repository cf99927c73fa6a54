#include "app/app.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <random>

#include "app/store_choice.hpp"
#include "http/route_dispatch.hpp"
#include "media/image_processor.hpp"
#include "render/qr_svg.hpp"
#include "site/moved_pages.hpp"

namespace gp::app {
namespace {

content::Time system_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// A placeholder no article can contain by chance or on purpose: random per process.
std::string new_view_slot() {
    std::random_device rd;
    return fmt::format("gpviews{:08x}{:08x}", rd(), rd());
}

/// What the reader is told for a status the pipeline or the transport answers itself.
std::string_view status_message(http::Status status) {
    switch (status) {
        case http::Status::not_found:
            return "您访问的页面不存在。";
        case http::Status::method_not_allowed:
            return "此地址不支持这种请求方式。";
        case http::Status::request_header_fields_too_large:
            return "请求头过大，服务器拒绝处理。";
        case http::Status::payload_too_large:
            return "提交的内容过大，服务器拒绝处理。";
        case http::Status::internal_server_error:
            return "服务器内部错误，请稍后再试。";
        default:
            return "请求格式不正确。";
    }
}

}  // namespace

App::App(config::Settings settings, const std::filesystem::path& data_dir, site::Clock clock)
    : settings_(std::move(settings)),
      master_key_(security::MasterKey::load(key_file_path(settings_, data_dir))),
      store_(open_configured_store(
          settings_, store_settings(master_key_, data_dir, key_file_path(settings_, data_dir)))),
      vault_(master_key_),
      form_tokens_(master_key_, settings_.leads.form_token_lifetime),
      renderer_(settings_.site.theme_dir / "templates"),
      static_files_(settings_.site.theme_dir / "static"),
      time_zone_(settings_.site.time_zone),
      password_policy_(security::PasswordRules{
          settings_.accounts.password_min_length, 128, settings_.accounts.password_min_classes,
          settings_.accounts.password_dictionary_check, settings_.accounts.password_banned_words}),
      totp_box_(master_key_, 5, "gp_totp_"),
      catalog_(settings_.site.theme_dir / "i18n"),
      media_files_(data_dir / "media"),
      clients_(settings_.server.trusted_proxies),
      security_headers_(settings_.site.base_url.starts_with("https://")),
      errors_([this](http::Status status, http::RequestContext& ctx) {
          return status_page(status, ctx);
      }) {
    clock_ = clock ? clock : site::Clock(system_now);
    make_shared_state();
    if (settings_.cache.enabled && !settings_.site.base_url.empty()) {
        page_cache_ = std::make_unique<pagecache::PageCache>(settings_.cache.max_bytes);
        view_slot_ = new_view_slot();
    } else if (settings_.cache.enabled) {
        // Without base_url the absolute URLs in a page come from the request's Host header; a
        // kept page would let one client choose them for everyone (docs/adr/0010).
        spdlog::warn("page cache off: site.base_url is not set");
    }
    const auto imaging = settings_.media.imaging_program.empty()
                             ? media::imaging_program_beside_executable()
                             : std::filesystem::path(settings_.media.imaging_program);
    if (::access(imaging.c_str(), X_OK) != 0) {
        spdlog::warn("image uploads will answer 503: {} cannot be run (media.imaging_program)",
                     imaging.string());
    }
    if (!settings_.leads.webhook_url.empty() && settings_.site.base_url.empty()) {
        spdlog::warn("lead notifications carry no back-end link: site.base_url is not set");
    }
    notifier_ = std::make_unique<notify::LeadNotifier>(
        store_->leads(),
        notify::NotifierSettings{.webhook_url = settings_.leads.webhook_url,
                                 .format = settings_.leads.webhook_format,
                                 .max_attempts = settings_.leads.notify_max_attempts,
                                 .site_name = settings_.site.name,
                                 .site_url = settings_.site.base_url,
                                 .timeout = std::chrono::seconds{5}},
        time_zone_, clock_);
    leads_ = std::make_unique<leads::LeadService>(leads::LeadService::Deps{
        store_->leads(), *rate_limiter_, vault_, form_tokens_, settings_.leads, clock_});
    site_ = std::make_unique<site::Site>(
        site::SiteDeps{settings_, *store_, *views_, *leads_, form_tokens_, renderer_, static_files_,
                       time_zone_, clock ? std::move(clock) : site::Clock(system_now),
                       render::qr_svg(settings_.widgets.wechat_url), *queries_, view_slot_,
                       page_cache_ != nullptr});
    audit_log_ = std::make_unique<accounts::AuditLog>(store_->audit(), clock_);
    sign_in_ = std::make_unique<accounts::SignIn>(
        accounts::SignIn::Deps{store_->accounts(), *audit_log_, settings_.accounts,
                               password_policy_, totp_box_, *login_limiter_, clock_});
    account_admin_ = std::make_unique<accounts::AccountAdmin>(
        accounts::AccountAdmin::Deps{store_->accounts(), *audit_log_, clock_});
    // Back-end writes drop the cached pages they change at once, before the next change-log
    // poll would (the invalidator is built below; until then there is nothing cached).
    auto content_changed = [this](const std::vector<content::ContentChange>& changes) {
        if (invalidator_) invalidator_->content_changed(changes);
    };
    editorial_ = std::make_unique<editorial::EditorialService>(
        editorial::EditorialService::Deps{*store_, *audit_log_, time_zone_, clock_, content_changed,
                                          settings_.editorial.reviews_required});
    if (page_cache_) {
        invalidator_ = std::make_unique<site::PageInvalidator>(
            *store_, *page_cache_, clock_, [this] { site_->category_tree_changed(); });
    }
    related_ = std::make_unique<site::RelatedRefresher>(*store_, page_cache_.get(), clock_);
    admin_ = std::make_unique<admin::Admin>(admin::AdminDeps{
        settings_, *store_, *sign_in_, *account_admin_, *audit_log_, renderer_, catalog_,
        form_tokens_, vault_, time_zone_, *editorial_, media_files_, media_types_, content_changed,
        [this](std::string_view path) { return static_files_.versioned_url(path); }});
    add_routes();
    make_pipeline();
    audit_system("system.start");
}

App::~App() {
    try {
        flush_views();
        flush_queries();
    } catch (const std::exception& e) {
        spdlog::error("views could not be written at shutdown: {}", e.what());
    }
    audit_system("system.stop");
}

void App::audit_system(std::string_view event) {
    // The settings that govern security go into the record, so a change between two starts
    // shows in the audit trail (MLPS 8.1.4.3 a: configuration changes).
    const auto& a = settings_.accounts;
    const auto detail = fmt::format(
        "password_min_length={} password_min_classes={} password_max_age_days={} "
        "password_history={} lockout_threshold={} lockout_window={} lockout_duration={} "
        "login_ip_limit={} session_idle={} session_absolute={} reviews_required={} base_url={}",
        a.password_min_length, a.password_min_classes, a.password_max_age_days, a.password_history,
        a.lockout_threshold, a.lockout_window.count(), a.lockout_duration.count(), a.login_ip_limit,
        a.session_idle.count(), a.session_absolute.count(), settings_.editorial.reviews_required,
        settings_.site.base_url);
    try {
        audit_log_->record(nullptr, accounts::Client{"system", "guardpress serve", ""},
                           std::string(event), "system", "", "success", detail);
    } catch (const store::AuditWriteFailed& e) {
        spdlog::critical("ALERT audit trail cannot be written: {}", e.what());
    }
}

void App::make_pipeline() {
    // Outermost first (docs/design.md, "A request, step by step"). The page cache sits above
    // the security headers so a kept page carries them in its bytes (docs/adr/0028); rate
    // limits, sessions and CSRF are per route, in the handlers' gates (admin::Admin::serve,
    // site::Site's form checks), since only the route knows which it needs.
    std::vector<std::unique_ptr<http::Middleware>> stages;
    auto log = std::make_unique<http::AccessLog>(clients_, settings_.server.access_log);
    access_log_ = log.get();
    stages.push_back(std::move(log));
    if (page_cache_) {
        auto cached = std::make_unique<site::CachedPages>(
            site::CachedPagesDeps{*page_cache_, *invalidator_, *views_, *queries_, clock_,
                                  view_slot_, settings_.cache.max_age, clients_, *access_log_});
        cached_pages_ = cached.get();
        stages.push_back(std::move(cached));
    }
    stages.push_back(std::make_unique<http::SecurityHeaders>(security_headers_));
    stages.push_back(std::make_unique<http::ErrorMapper>(errors_));
    stages.push_back(std::make_unique<site::MovedPages>(store_->redirects()));
    pipeline_ = std::make_unique<http::Pipeline>(
        std::move(stages), http::route_endpoint(router_, [this](http::Status s, auto& ctx) {
            return status_page(s, ctx);
        }));
}

http::Response App::status_page(http::Status status, http::RequestContext& ctx) const {
    return site_->status_page(status, status_message(status), ctx);
}

bool App::serve_cached(const http::Request& req, http::RequestContext& ctx,
                       http::PreparedResponse& out) {
    return cached_pages_ && cached_pages_->serve_prepared(req, ctx, out);
}

http::Response App::reject(http::Status status, http::RequestContext& ctx) {
    auto res = errors_.status_page(status, ctx);
    security_headers_.apply(res);
    res.set("X-Request-Id", ctx.request_id);
    return res;
}

}  // namespace gp::app
