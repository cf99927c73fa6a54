#include "app/app.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
#include <csignal>
#include <random>
#include <thread>

#include "app/store_choice.hpp"
#include "cache/redis/redis_query_counter.hpp"
#include "cache/redis/redis_rate_limiter.hpp"
#include "cache/redis/redis_view_counter.hpp"
#include "cache/unavailable.hpp"
#include "content/control_chars.hpp"
#include "content/crawler.hpp"
#include "http/target.hpp"
#include "media/image_processor.hpp"
#include "pagecache/accept_encoding.hpp"
#include "render/qr_svg.hpp"

namespace gp::app {
namespace {

namespace asio = boost::asio;

content::Time system_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string printable(std::string_view s) {
    // Log lines escape control characters so a request cannot forge log entries.
    return content::escape_control_chars(s.substr(0, 300));
}

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A placeholder no article can contain by chance or on purpose: random per process.
std::string new_view_slot() {
    std::random_device rd;
    return fmt::format("gpviews{:08x}{:08x}", rd(), rd());
}

/// Worth compressing: text of any kind (HTML, XML feeds, CSS, JS, SVG, JSON).
bool compressible(std::string_view content_type) {
    return content_type.starts_with("text/") || content_type.find("xml") != std::string::npos ||
           content_type.find("javascript") != std::string::npos ||
           content_type.find("json") != std::string::npos;
}

/// Headers a cached page does not keep: per request, or set from the kept bytes.
bool per_request_field(http::Field f, std::string_view name) {
    using F = http::Field;
    return f == F::content_length || f == F::content_encoding || f == F::etag || f == F::vary ||
           f == F::connection || f == F::transfer_encoding || f == F::date || f == F::set_cookie ||
           boost::beast::iequals(name, "X-Request-Id");
}

}  // namespace

std::filesystem::path key_file_path(const config::Settings& settings,
                                    const std::filesystem::path& data_dir) {
    return settings.leads.key_file.empty() ? data_dir / "guardpress.key" : settings.leads.key_file;
}

store::StoreSettings store_settings(const security::MasterKey& master,
                                    const std::filesystem::path& data_dir,
                                    const std::filesystem::path& key_file) {
    const auto key = master.derive(4, "gp_audit");
    return store::StoreSettings{
        data_dir, std::string(reinterpret_cast<const char*>(key.data()), key.size()),
        key_file.empty() ? std::filesystem::path() : audit_anchor_path(key_file)};
}

std::filesystem::path audit_anchor_path(const std::filesystem::path& key_file) {
    return key_file.string() + ".audit-anchor";
}

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
      media_files_(data_dir / "media") {
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
    site_ = std::make_unique<site::Site>(site::SiteDeps{
        settings_, *store_, *views_, *rate_limiter_, vault_, form_tokens_, renderer_, static_files_,
        time_zone_, clock ? std::move(clock) : site::Clock(system_now),
        render::qr_svg(settings_.widgets.wechat_url), *queries_, view_slot_,
        page_cache_ != nullptr});
    audit_log_ = std::make_unique<accounts::AuditLog>(store_->audit(), clock_);
    accounts_ = std::make_unique<accounts::AccountService>(
        accounts::AccountService::Deps{store_->accounts(), *audit_log_, settings_.accounts,
                                       password_policy_, totp_box_, *login_limiter_, clock_});
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
        settings_, *store_, *accounts_, *audit_log_, renderer_, catalog_, form_tokens_, vault_,
        time_zone_, *editorial_, media_files_, media_types_, content_changed,
        [this](std::string_view path) { return static_files_.versioned_url(path); }});
    add_routes();
    audit_system("system.start");
}

void App::make_shared_state() {
    // hiredis and the pipe to guardpress-imaging write with write(2): a peer gone in the middle
    // (Redis restarting, the imaging program dying on a file) would raise SIGPIPE and end the
    // whole server; ignored, the write fails with EPIPE and the caller handles it.
    std::signal(SIGPIPE, SIG_IGN);
    const auto& c = settings_.cache;
    if (c.backend == config::CacheBackend::memory) {
        views_ = std::make_unique<cache::memory::MemoryViewCounter>();
        queries_ = std::make_unique<cache::memory::MemoryQueryCounter>();
        rate_limiter_ = std::make_unique<cache::memory::MemoryRateLimiter>();
        login_limiter_ = std::make_unique<cache::memory::MemoryRateLimiter>();
        return;
    }
    cache::redis::RedisOptions options;
    options.host = c.redis_host;
    options.port = c.redis_port;
    options.db = c.redis_db;
    options.password = c.redis_password;
    options.timeout = c.timeout;
    redis_ = std::make_unique<cache::redis::RedisClient>(std::move(options));
    try {
        // A wrong password or database stops start-up (std::runtime_error); Redis merely being
        // down does not: pages serve and the counters catch up (docs/adr/0016).
        redis_->command({"PING"});
        spdlog::info("shared state in redis at {}:{} (namespace {})", c.redis_host, c.redis_port,
                     c.key_namespace);
    } catch (const cache::Unavailable& e) {
        spdlog::warn("redis is unreachable at start; forms that need it answer 503: {}", e.what());
    }
    // A live node writes its batch long before its next flush; one still listed after two
    // intervals and a second was left by a node that died mid-write.
    const auto orphan_after = 2 * settings_.views.flush_interval + std::chrono::seconds{1};
    views_ =
        std::make_unique<cache::redis::RedisViewCounter>(*redis_, c.key_namespace, orphan_after);
    queries_ = std::make_unique<cache::redis::RedisQueryCounter>(*redis_, c.key_namespace);
    rate_limiter_ = std::make_unique<cache::redis::RedisRateLimiter>(*redis_, c.key_namespace);
    login_limiter_ = std::make_unique<cache::redis::RedisRateLimiter>(*redis_, c.key_namespace);
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
    } catch (const std::exception& e) {
        spdlog::critical("ALERT audit trail cannot be written: {}", e.what());
    }
}

std::string App::client_address(const http::Request& req, const std::string& peer) const {
    const auto& trusted = settings_.server.trusted_proxies;
    if (std::find(trusted.begin(), trusted.end(), peer) == trusted.end()) {
        // A proxy that is not listed makes every visitor look like the proxy: they share one
        // sign-in and call-back limit, and a few bad sign-ins lock everyone out. Said once, so
        // the log is not flooded by every request that passes through it.
        if (!req["X-Forwarded-For"].empty() && !warned_untrusted_proxy_.exchange(true)) {
            spdlog::warn(
                "X-Forwarded-For from {}, which is not in server.trusted_proxies: the header is "
                "ignored and every client behind that proxy shares its rate limits; list the "
                "proxy's address in server.trusted_proxies (docs/operations.md)",
                printable(peer));
        }
        return peer;
    }
    // Walk X-Forwarded-For from the right: the first address that is not one of our proxies is
    // the client; anything left of it could have been written by the client itself.
    std::string_view xff = req["X-Forwarded-For"];
    while (!xff.empty()) {
        const auto comma = xff.rfind(',');
        auto item = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
        xff = comma == std::string_view::npos ? std::string_view{} : xff.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        boost::system::error_code ec;
        asio::ip::make_address(item, ec);
        if (ec) break;
        if (std::find(trusted.begin(), trusted.end(), item) == trusted.end()) {
            return std::string(item);
        }
    }
    return peer;
}

void App::finish(http::Response& res, const http::Request& req, const http::RequestContext& ctx) {
    res.set(http::Field::server, "GuardPress");
    res.set("X-Request-Id", ctx.request_id);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    // Every answer, not only HTML: an SVG or a file opened directly is a document too.
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    if (settings_.site.base_url.starts_with("https://")) {
        res.set(http::Field::strict_transport_security, "max-age=31536000; includeSubDomains");
    }
    if (!settings_.server.access_log) return;
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ctx.started)
            .count();
    spdlog::info("{} {} {} {} {} {:.1f}ms", ctx.request_id, ctx.client_ip,
                 std::string(req.method_string()), printable(req.target()), res.result_int(), ms);
}

http::Response App::handle(http::Request& req, http::RequestContext& ctx) {
    http::Response res;
    ctx.client_ip = client_address(req, ctx.client_ip);
    std::uint64_t generation = 0;
    std::promise<void> rendered;
    struct Leading {
        App* app = nullptr;
        std::string target;
        std::promise<void>* done = nullptr;
        ~Leading() {
            if (!app) return;
            std::lock_guard lock(app->rendering_mutex_);
            app->rendering_.erase(target);
            done->set_value();
        }
    } leading;
    try {
        if (page_cache_) {
            // A scheduled article came due: drop what it changes before rendering anything.
            if (invalidator_->due(clock_())) invalidator_->poll();
            generation = page_cache_->generation();
            auto page = fresh_page(req);
            if (!page && (req.method() == http::Verb::get || req.method() == http::Verb::head)) {
                std::shared_future<void> other;
                {
                    std::lock_guard lock(rendering_mutex_);
                    auto [it, first] = rendering_.try_emplace(std::string(req.target()));
                    if (first) {
                        it->second = rendered.get_future().share();
                        leading.target = it->first;
                        leading.done = &rendered;
                        leading.app = this;
                    } else {
                        other = it->second;
                    }
                }
                if (other.valid()) {
                    other.wait_for(std::chrono::seconds(10));
                    page = fresh_page(req);
                }
            }
            if (page) {
                count_hit(*page, req);
                res = answer_from(*page, req, ctx);
                finish(res, req, ctx);
                return res;
            }
        }
        auto target = http::parse_target(req.target());
        if (!target) {
            res = site_->status_page(http::Status::bad_request, "请求的地址格式不正确。", ctx);
        } else {
            ctx.path = std::move(target->path);
            ctx.query = std::move(target->query);
            auto match = router_.match(req.method(), target->segments);
            if (match.handler) {
                res = (*match.handler)(req, ctx, match.params);
            } else if (!match.allow.empty()) {
                res = site_->status_page(http::Status::method_not_allowed,
                                         "此地址不支持这种请求方式。", ctx);
                res.set(http::Field::allow, match.allow);
            } else {
                res = site_->status_page(http::Status::not_found, "您访问的页面不存在。", ctx);
            }
            // A page that is gone may have moved: the operators' redirects table answers it.
            if (res.result() == http::Status::not_found &&
                (req.method() == http::Verb::get || req.method() == http::Verb::head)) {
                if (auto moved = store_->redirects().find_redirect(ctx.path)) {
                    res =
                        http::make_redirect(static_cast<http::Status>(moved->code), moved->to_path);
                }
            }
        }
    } catch (const std::exception& e) {
        // A bug or broken infrastructure: the detail goes to the log, the reader gets the id.
        spdlog::error("{} {} {}: {}", ctx.request_id, std::string(req.method_string()),
                      printable(req.target()), e.what());
        try {
            res = site_->status_page(http::Status::internal_server_error,
                                     "服务器内部错误，请稍后再试。", ctx);
        } catch (const std::exception& again) {
            spdlog::error("{} error page failed too: {}", ctx.request_id, again.what());
            res = http::make_response(http::Status::internal_server_error,
                                      "text/plain; charset=utf-8",
                                      "服务器内部错误。请求编号：" + ctx.request_id + "\n");
        }
    }
    finish(res, req, ctx);
    if (page_cache_) {
        try {
            keep_page(res, req, ctx, generation);
        } catch (const std::exception& e) {
            // The page was rendered; only keeping it failed (compression): send it as it is.
            spdlog::error("{} page not cached: {}", ctx.request_id, e.what());
        }
    }
    return res;
}

std::shared_ptr<const pagecache::CachedPage> App::fresh_page(const http::Request& req) const {
    if (!page_cache_) return nullptr;
    const auto method = req.method();
    if (method != http::Verb::get && method != http::Verb::head) return nullptr;
    if (!req[http::Field::authorization].empty()) return nullptr;
    const auto now = clock_();
    if (invalidator_->due(now)) return nullptr;
    auto page = page_cache_->find(req.target());
    if (!page || now.time_since_epoch() >= page->expires_at) return nullptr;
    return page;
}

void App::count_hit(const pagecache::CachedPage& page, const http::Request& req) {
    if (req.method() != http::Verb::get) return;
    if (page.view_article != 0 && !content::is_crawler(req[http::Field::user_agent])) {
        views_->add(page.view_article);
    }
    // A search answered from the cache is still a search readers made.
    if (!page.counted_query.empty()) queries_->add(page.counted_query, page.counted_results);
}

http::Response App::answer_from(const pagecache::CachedPage& page, const http::Request& req,
                                const http::RequestContext& ctx) const {
    // etag_matches compares opaque tags (weak comparison, RFC 9110 13.1.2).
    const bool not_modified =
        site::etag_matches(req[http::Field::if_none_match], std::string_view(page.etag).substr(2));
    const auto encoding = pagecache::choose_encoding(req[http::Field::accept_encoding],
                                                     page.body.has(pagecache::Encoding::gzip),
                                                     page.body.has(pagecache::Encoding::br));
    std::string_view head =
        not_modified ? page.head_not_modified : page.head[static_cast<std::size_t>(encoding)];
    http::Response res{not_modified ? http::Status::not_modified : http::Status::ok, 11};
    head.remove_prefix(head.find("\r\n") + 2);  // the status line
    while (!head.empty()) {
        const auto eol = head.find("\r\n");
        const auto line = head.substr(0, eol);
        const auto colon = line.find(": ");
        res.set(line.substr(0, colon), line.substr(colon + 2));
        head.remove_prefix(eol + 2);
    }
    if (!not_modified) {
        pagecache::BodyPieces pieces;
        page.body.pieces(encoding, page.view_article ? view_text(page) : std::string{}, pieces);
        res.body() = pieces.joined();
    }
    res.set("X-Request-Id", ctx.request_id);
    return res;
}

std::string App::view_text(const pagecache::CachedPage& page) const {
    return std::to_string(page.view_base + views_->counted(page.view_article));
}

void App::keep_page(http::Response& res, const http::Request& req, const http::RequestContext& ctx,
                    std::uint64_t generation) {
    if (!ctx.cacheable) return;
    const auto& page = *ctx.cacheable;
    const bool fill = res.result() == http::Status::ok &&
                      (req.method() == http::Verb::get || req.method() == http::Verb::head) &&
                      req.target() == page.target && req[http::Field::authorization].empty() &&
                      res[http::Field::set_cookie].empty();
    if (!fill) {
        if (page.view_article == 0) return;
        // Not kept (an odd query string, say): the count goes straight into the bytes.
        auto& body = res.body();
        if (const auto at = body.find(view_slot_); at != std::string::npos) {
            body.replace(at, view_slot_.size(),
                         std::to_string(page.view_base + views_->counted(page.view_article)));
        }
        return;
    }
    pagecache::PageSource source;
    source.body = std::move(res.body());
    if (page.view_article != 0) source.slot_marker = view_slot_;
    for (const auto& field : res) {
        if (per_request_field(field.name(), field.name_string())) continue;
        source.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    source.etag = std::string(res[http::Field::etag]);
    source.compress = compressible(res[http::Field::content_type]);
    source.depends_on = page.depends_on;
    source.view_article = page.view_article;
    source.view_base = page.view_base;
    source.counted_query = page.counted_query;
    source.counted_results = page.counted_results;
    source.expires_at = (clock_() + settings_.cache.max_age).time_since_epoch();
    auto kept = std::make_shared<const pagecache::CachedPage>(std::move(source));
    page_cache_->put(std::string(req.target()), kept, generation);

    // This answer is made from the kept bytes, exactly as a later hit would be.
    const auto encoding = pagecache::choose_encoding(req[http::Field::accept_encoding],
                                                     kept->body.has(pagecache::Encoding::gzip),
                                                     kept->body.has(pagecache::Encoding::br));
    pagecache::BodyPieces pieces;
    kept->body.pieces(encoding, kept->view_article ? view_text(*kept) : std::string{}, pieces);
    res.body() = pieces.joined();
    res.set(http::Field::etag, kept->etag);
    res.set(http::Field::vary, "Accept-Encoding");
    if (encoding != pagecache::Encoding::identity) {
        res.set(http::Field::content_encoding, pagecache::encoding_name(encoding));
    }
}

bool App::serve_cached(const http::Request& req, http::RequestContext& ctx,
                       http::PreparedResponse& out) {
    auto page = fresh_page(req);
    if (!page) return false;
    const auto method = req.method();
    ctx.client_ip = client_address(req, ctx.client_ip);
    // Counted as the handler would: a GET by a visitor that is not a known crawler.
    count_hit(*page, req);
    unsigned status = 304;
    // etag_matches compares opaque tags (weak comparison, RFC 9110 13.1.2).
    if (site::etag_matches(req[http::Field::if_none_match],
                           std::string_view(page->etag).substr(2))) {
        out.head = page->head_not_modified;
    } else {
        status = 200;
        const auto encoding = pagecache::choose_encoding(req[http::Field::accept_encoding],
                                                         page->body.has(pagecache::Encoding::gzip),
                                                         page->body.has(pagecache::Encoding::br));
        page->body.pieces(encoding, page->view_article ? view_text(*page) : std::string{}, out.body,
                          out.scratch);
        std::size_t length = 0;
        for (auto part : out.body) length += part.size();
        out.head.reserve(page->head[0].size() + 128);
        out.head = page->head[static_cast<std::size_t>(encoding)];
        out.head += "Content-Length: ";
        out.head += std::to_string(length);
        out.head += "\r\n";
        if (method == http::Verb::head) out.body = {};
    }
    out.head += "X-Request-Id: ";
    out.head += ctx.request_id;
    out.head += "\r\n";
    if (out.close) {
        out.head += "Connection: close\r\n";
    } else if (req.version() == 10) {
        out.head += "Connection: keep-alive\r\n";
    }
    out.head += "\r\n";
    out.owner = std::move(page);
    if (settings_.server.access_log) {
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                  ctx.started)
                            .count();
        spdlog::info("{} {} {} {} {} {:.1f}ms", ctx.request_id, ctx.client_ip,
                     std::string(req.method_string()), printable(req.target()), status, ms);
    }
    return true;
}

std::size_t App::check_content_changes() { return invalidator_ ? invalidator_->poll() : 0; }

std::size_t App::refresh_related() { return related_->poll(); }

http::Response App::reject(http::Status status, http::RequestContext& ctx) {
    std::string_view message = "请求格式不正确。";
    if (status == http::Status::request_header_fields_too_large) {
        message = "请求头过大，服务器拒绝处理。";
    } else if (status == http::Status::payload_too_large) {
        message = "提交的内容过大，服务器拒绝处理。";
    }
    http::Response res;
    try {
        res = site_->status_page(status, message, ctx);
    } catch (const std::exception& e) {
        spdlog::error("{} error page failed: {}", ctx.request_id, e.what());
        res = http::make_response(status, "text/plain; charset=utf-8", std::string(message) + "\n");
    }
    res.set(http::Field::server, "GuardPress");
    res.set("X-Request-Id", ctx.request_id);
    return res;
}

std::size_t App::flush_views() {
    // One batch per take(); a few more are left by nodes that died mid-write only after a crash.
    constexpr int kBatchesPerFlush = 16;
    std::size_t articles = 0;
    for (int i = 0; i < kBatchesPerFlush; ++i) {
        auto batch = views_->take();
        if (batch.empty()) break;
        try {
            if (!store_->articles().add_views(batch.deltas, batch.id)) {
                spdlog::info("view batch {} was already written by a node that stopped", batch.id);
            }
        } catch (...) {
            views_->restore(batch);
            throw;
        }
        views_->written(batch);
        articles += batch.deltas.size();
    }
    return articles;
}

std::size_t App::flush_queries() {
    auto batch = queries_->take();
    if (batch.empty()) return 0;
    try {
        store_->search_stats().add_query_counts(batch, clock_());
    } catch (...) {
        queries_->restore(batch);
        throw;
    }
    return batch.size();
}

std::size_t App::notify_leads() { return notifier_->run_once(); }

std::int64_t App::purge_leads() {
    const auto now = clock_();
    const auto& l = settings_.leads;
    const auto purged =
        store_->leads().purge_leads(now - std::chrono::days(l.retention_closed_days),
                                    now - std::chrono::days(l.retention_unhandled_days));
    // Counts only: a purge report never names a lead.
    if (purged > 0) {
        spdlog::info("retention: {} leads deleted", purged);
        try {
            audit_log_->record(nullptr, accounts::Client{"system", "retention", ""}, "lead.purge",
                               "lead", "", "success", fmt::format("{} leads deleted", purged));
        } catch (const std::exception& e) {
            spdlog::critical("ALERT audit record for the lead purge failed: {}", e.what());
        }
    }
    return purged;
}

std::int64_t App::purge_sessions() {
    // Expired sessions are refused when used; this removes the ones nobody came back to.
    const auto now = clock_();
    return store_->accounts().delete_stale_sessions(now - settings_.accounts.session_idle,
                                                    now - settings_.accounts.session_absolute);
}

struct ServerRunner::Impl {
    App& app;
    asio::io_context io;
    asio::thread_pool workers;
    http::Server server;
    // On its own strand, so that stop() can cancel it from another thread safely.
    asio::steady_timer flush_timer{asio::make_strand(io)};
    asio::steady_timer notify_timer{flush_timer.get_executor()};
    asio::steady_timer purge_timer{flush_timer.get_executor()};
    asio::steady_timer change_timer{flush_timer.get_executor()};
    asio::steady_timer related_timer{flush_timer.get_executor()};
    std::atomic<bool> checking{false};
    std::vector<std::thread> threads;
    bool stopped = false;

    explicit Impl(App& a)
        : app(a),
          workers(static_cast<std::size_t>(a.settings().server.worker_threads)),
          server(
              io, workers,
              http::ServerLimits{a.settings().server.header_limit, a.settings().server.body_limit,
                                 a.settings().server.read_timeout, a.settings().server.idle_timeout,
                                 std::chrono::seconds{30}, a.settings().server.admin_body_limit,
                                 // The file, plus the multipart framing and the other fields.
                                 a.settings().media.max_upload_bytes + (256u << 10),
                                 "/admin/media"},
              [this](http::Request& req, http::RequestContext& ctx) {
                  return app.handle(req, ctx);
              },
              [this](http::Status s, http::RequestContext& ctx) { return app.reject(s, ctx); }) {
        server.set_fast_path(
            [this](const http::Request& req, http::RequestContext& ctx,
                   http::PreparedResponse& out) { return app.serve_cached(req, ctx, out); });
    }

    /// Reads the content change log every cache.check_interval on a worker; one pass at a time.
    asio::awaitable<void> change_loop() {
        for (;;) {
            change_timer.expires_after(app.settings().cache.check_interval);
            auto [ec] = co_await change_timer.async_wait(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            if (checking.exchange(true)) continue;
            asio::post(workers, [this] {
                try {
                    app.check_content_changes();
                } catch (const std::exception& e) {
                    spdlog::error("reading the content change log failed, will try again: {}",
                                  e.what());
                }
                checking = false;
            });
        }
    }

    asio::awaitable<void> flush_loop() {
        for (;;) {
            flush_timer.expires_after(app.settings().views.flush_interval);
            auto [ec] = co_await flush_timer.async_wait(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            // The store write blocks, so it runs on a worker, not on an I/O thread.
            asio::post(workers, [this] {
                try {
                    app.flush_views();
                } catch (const std::exception& e) {
                    spdlog::error("writing view counts failed, kept for the next try: {}",
                                  e.what());
                }
                try {
                    app.flush_queries();
                } catch (const std::exception& e) {
                    spdlog::error("writing search counts failed, kept for the next try: {}",
                                  e.what());
                }
            });
        }
    }
};

/// Runs `job` on a worker every `interval` until the timer is cancelled; a failure is logged
/// and the job runs again at the next tick. A tick that finds the last run still going is
/// skipped, so slow runs never pile up on the workers.
asio::awaitable<void> repeat(asio::steady_timer& timer, asio::thread_pool& workers,
                             std::chrono::milliseconds interval, std::string name,
                             std::function<void()> job) {
    auto running = std::make_shared<std::atomic<bool>>(false);
    for (;;) {
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        if (running->exchange(true)) continue;
        asio::post(workers, [job, name, running] {
            try {
                job();
            } catch (const std::exception& e) {
                spdlog::error("{} failed, will try again: {}", name, e.what());
            }
            running->store(false);
        });
    }
}

ServerRunner::ServerRunner(App& app) : impl_(std::make_unique<Impl>(app)) {}

ServerRunner::~ServerRunner() { stop(); }

asio::ip::tcp::endpoint ServerRunner::start(const std::string& host, unsigned short port) {
    const auto endpoint = impl_->server.listen(host, port);
    impl_->server.start();
    asio::co_spawn(impl_->flush_timer.get_executor(), impl_->flush_loop(), asio::detached);
    auto& app = impl_->app;
    asio::co_spawn(impl_->notify_timer.get_executor(),
                   repeat(impl_->notify_timer, impl_->workers, app.settings().leads.notify_interval,
                          "lead notification", [&app] { app.notify_leads(); }),
                   asio::detached);
    asio::co_spawn(impl_->purge_timer.get_executor(),
                   repeat(impl_->purge_timer, impl_->workers, std::chrono::hours(1), "retention",
                          [&app] {
                              app.purge_sessions();
                              app.purge_leads();
                          }),
                   asio::detached);
    if (app.page_cache()) {
        asio::co_spawn(impl_->change_timer.get_executor(), impl_->change_loop(), asio::detached);
    }
    if (app.settings().search.related_interval.count() > 0) {
        asio::co_spawn(
            impl_->related_timer.get_executor(),
            repeat(impl_->related_timer, impl_->workers, app.settings().search.related_interval,
                   "related articles", [&app] { app.refresh_related(); }),
            asio::detached);
    }
    const int n = std::max(1, impl_->app.settings().server.io_threads);
    for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->io.run(); });
    return endpoint;
}

void ServerRunner::wait_for_signal() {
    asio::io_context signals_io;
    asio::signal_set signals(signals_io, SIGTERM, SIGINT);
    signals.async_wait([](const boost::system::error_code&, int sig) {
        spdlog::info("signal {} received, stopping", sig);
    });
    signals_io.run();
}

void ServerRunner::stop() {
    if (!impl_ || impl_->stopped) return;
    impl_->stopped = true;
    impl_->server.stop_accepting();
    asio::post(impl_->flush_timer.get_executor(), [this] {
        impl_->flush_timer.cancel();
        impl_->notify_timer.cancel();
        impl_->purge_timer.cancel();
        impl_->change_timer.cancel();
        impl_->related_timer.cancel();
    });
    // Open connections get a bounded moment to finish the request they are on.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (impl_->server.requests_in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    impl_->io.stop();
    for (auto& t : impl_->threads) t.join();
    impl_->threads.clear();
    impl_->workers.join();
    try {
        impl_->app.flush_views();
        impl_->app.flush_queries();
    } catch (const std::exception& e) {
        spdlog::error("views could not be written at shutdown: {}", e.what());
    }
}

}  // namespace gp::app
