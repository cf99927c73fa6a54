#pragma once

#include <atomic>
#include <deque>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "accounts/account_admin.hpp"
#include "accounts/sign_in.hpp"
#include "admin/admin.hpp"
#include "admin/catalog.hpp"
#include "app/server_runner.hpp"
#include "cache/memory/memory_query_counter.hpp"
#include "cache/memory/memory_rate_limiter.hpp"
#include "cache/memory/memory_view_counter.hpp"
#include "cache/redis/redis_client.hpp"
#include "config/settings.hpp"
#include "content/time_zone.hpp"
#include "http/middleware/access_log.hpp"
#include "http/middleware/client_address.hpp"
#include "http/middleware/error_mapper.hpp"
#include "http/middleware/security_headers.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "leads/lead_service.hpp"
#include "media/file_type.hpp"
#include "media/media_files.hpp"
#include "notify/lead_notifier.hpp"
#include "pagecache/page_cache.hpp"
#include "render/renderer.hpp"
#include "security/form_token.hpp"
#include "security/key_file.hpp"
#include "security/password_policy.hpp"
#include "security/phone_vault.hpp"
#include "security/secret_box.hpp"
#include "site/cached_pages.hpp"
#include "site/media_download.hpp"
#include "site/page_invalidator.hpp"
#include "site/related_refresher.hpp"
#include "site/site.hpp"
#include "site/static_files.hpp"
#include "store/store.hpp"

namespace gp::app {

/// Where the master key lives: `leads.key_file`, or DATA_DIR/guardpress.key.
std::filesystem::path key_file_path(const config::Settings& settings,
                                    const std::filesystem::path& data_dir);

/// The store settings for a data dir: its path, the audit chain's key from the master key, and
/// the chain's anchor beside `key_file` (none when it is empty).
store::StoreSettings store_settings(const security::MasterKey& master,
                                    const std::filesystem::path& data_dir,
                                    const std::filesystem::path& key_file = {});

/// Where the audit chain's end is anchored: beside the key file, which the store's writer
/// cannot read (docs/adr/0020).
std::filesystem::path audit_anchor_path(const std::filesystem::path& key_file);

/// The composition root: builds settings, store, counters, renderer and routes once and owns
/// them; nothing else in the program constructs a service.
class App {
public:
    /// Throws with an operator-readable message when the store, templates or static files
    /// cannot be loaded.
    App(config::Settings settings, const std::filesystem::path& data_dir, site::Clock clock = {});
    ~App();

    /// Runs the request pipeline (make_pipeline(); docs/design.md, "A request, step by step").
    /// Never throws.
    http::Response handle(http::Request& req, http::RequestContext& ctx) {
        return pipeline_->run(req, ctx);
    }
    /// A cached page answered on the I/O thread (no store, no rendering), or false when the
    /// request must go to a worker through handle().
    bool serve_cached(const http::Request& req, http::RequestContext& ctx,
                      http::PreparedResponse& out);
    /// Reads the content change log and drops the cached pages it affects; the server runs it
    /// every cache.check_interval on a worker. Returns the number of changes seen.
    std::size_t check_content_changes();
    /// Works out the related lists that changed articles, missing lists and day-old lists
    /// need; the server runs it every search.related_interval on a worker. Returns how many.
    std::size_t refresh_related();
    /// The page cache, or nullptr when it is off (cache.enabled = false or no site.base_url).
    pagecache::PageCache* page_cache() { return page_cache_.get(); }
    /// The page for a request the transport rejected (431, 413, 400).
    http::Response reject(http::Status status, http::RequestContext& ctx);

    /// Moves pending views into the store; on failure they stay pending. Returns how many
    /// articles were written.
    std::size_t flush_views();
    /// Moves counted searches into the store, like flush_views. Returns how many queries.
    std::size_t flush_queries();
    /// One pass over the lead notification queue; returns how many were delivered.
    std::size_t notify_leads();
    /// Deletes leads past their retention time; returns how many.
    std::int64_t purge_leads();
    /// Deletes sessions past their idle or absolute limit; returns how many.
    std::int64_t purge_sessions();

    const config::Settings& settings() const { return settings_; }
    store::Store& store() { return *store_; }
    accounts::AuditLog& audit_log() { return *audit_log_; }
    accounts::SignIn& sign_in() { return *sign_in_; }
    accounts::AccountAdmin& account_admin() { return *account_admin_; }
    editorial::EditorialService& editorial() { return *editorial_; }

    // Two routes of the table (route_table.cpp) that need what only the composition root holds.
    /// /media/{name}: an uploaded file from the data dir, or the 404 page.
    http::Response show_media(const http::Request&, http::RequestContext& ctx,
                              const http::RouteParams& params);
    /// /admin → 301 /admin/.
    http::Response redirect_to_admin(const http::Request&, http::RequestContext&,
                                     const http::RouteParams&);

private:
    /// The counters and rate limiters for cache.backend.
    void make_shared_state();
    /// The router over route_table(): each row's handler, behind the back end's gate when it
    /// has one; a row that is not cacheable has what its handler says about caching dropped.
    void add_routes();
    /// The stages in their fixed order, outermost first, over the router.
    void make_pipeline();
    /// The page for a status the pipeline or the transport answers, in the site's language.
    http::Response status_page(http::Status status, http::RequestContext& ctx) const;
    void audit_system(std::string_view event);

    config::Settings settings_;
    security::MasterKey master_key_;
    std::unique_ptr<store::Store> store_;
    security::PhoneVault vault_;
    security::FormTokens form_tokens_;
    // Memory or Redis (cache.backend); the client outlives the counters that use it.
    std::unique_ptr<cache::redis::RedisClient> redis_;
    std::unique_ptr<cache::ViewCounter> views_;
    std::unique_ptr<cache::QueryCounter> queries_;
    std::unique_ptr<cache::RateLimiter> rate_limiter_;
    render::Renderer renderer_;
    site::StaticFiles static_files_;
    content::SiteTimeZone time_zone_;
    std::unique_ptr<leads::LeadService> leads_;
    std::unique_ptr<site::Site> site_;
    site::Clock clock_;
    std::unique_ptr<notify::LeadNotifier> notifier_;
    security::PasswordPolicy password_policy_;
    security::SecretBox totp_box_;
    std::unique_ptr<cache::RateLimiter> login_limiter_;
    std::unique_ptr<accounts::AuditLog> audit_log_;
    std::unique_ptr<accounts::SignIn> sign_in_;
    std::unique_ptr<accounts::AccountAdmin> account_admin_;
    std::unique_ptr<editorial::EditorialService> editorial_;
    admin::Catalog catalog_;
    // Uploads live under the data dir, never under the theme's static files.
    media::MediaFiles media_files_;
    media::TypeDetector media_types_;
    std::unique_ptr<admin::Admin> admin_;
    // What admin_->serve needs of each back-end row; a deque, so the router's handlers can keep
    // references while rows are added.
    std::deque<admin::AdminRoute> admin_routes_;
    http::Router router_;
    std::unique_ptr<pagecache::PageCache> page_cache_;
    std::unique_ptr<site::PageInvalidator> invalidator_;
    std::unique_ptr<site::RelatedRefresher> related_;
    std::string view_slot_;
    http::ClientAddress clients_;
    http::SecurityHeaders security_headers_;
    http::ErrorMapper errors_;
    // Stages of pipeline_ that also serve the I/O-thread answer; owned by pipeline_.
    http::AccessLog* access_log_ = nullptr;
    site::CachedPages* cached_pages_ = nullptr;
    std::unique_ptr<http::Pipeline> pipeline_;
};

}  // namespace gp::app
