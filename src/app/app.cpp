#include "app/app.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "http/target.hpp"
#include "render/qr_svg.hpp"

namespace gp::app {
namespace {

namespace asio = boost::asio;

content::Time system_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string printable(std::string_view s) {
    // Log lines escape control characters so a request cannot forge log entries.
    std::string out;
    for (unsigned char c : s.substr(0, 300)) {
        if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace

std::filesystem::path key_file_path(const config::Settings& settings,
                                    const std::filesystem::path& data_dir) {
    return settings.leads.key_file.empty() ? data_dir / "guardpress.key" : settings.leads.key_file;
}

store::StoreSettings store_settings(const security::MasterKey& master,
                                    const std::filesystem::path& data_dir) {
    const auto key = master.derive(4, "gp_audit");
    return store::StoreSettings{data_dir,
                                std::string(reinterpret_cast<const char*>(key.data()), key.size())};
}

App::App(config::Settings settings, const std::filesystem::path& data_dir, site::Clock clock)
    : settings_(std::move(settings)),
      master_key_(security::MasterKey::load(key_file_path(settings_, data_dir))),
      store_(store::open_store(store_settings(master_key_, data_dir))),
      vault_(master_key_),
      form_tokens_(master_key_, settings_.leads.form_token_lifetime),
      renderer_(settings_.site.theme_dir / "templates"),
      static_files_(settings_.site.theme_dir / "static"),
      time_zone_(settings_.site.time_zone),
      password_policy_(security::PasswordRules{
          settings_.accounts.password_min_length, 128, settings_.accounts.password_min_classes,
          settings_.accounts.password_dictionary_check, settings_.accounts.password_banned_words}),
      totp_box_(master_key_, 5, "gp_totp_"),
      catalog_(settings_.site.theme_dir / "i18n") {
    clock_ = clock ? clock : site::Clock(system_now);
    notifier_ = std::make_unique<notify::LeadNotifier>(
        store_->leads(),
        notify::NotifierSettings{settings_.leads.webhook_url, settings_.leads.webhook_format,
                                 settings_.leads.notify_max_attempts, settings_.site.name,
                                 std::chrono::seconds{5}},
        time_zone_, clock_);
    site_ = std::make_unique<site::Site>(site::SiteDeps{
        settings_, *store_, views_, rate_limiter_, vault_, form_tokens_, renderer_, static_files_,
        time_zone_, clock ? std::move(clock) : site::Clock(system_now),
        render::qr_svg(settings_.widgets.wechat_url), queries_});
    accounts_ = std::make_unique<accounts::AccountService>(
        accounts::AccountService::Deps{store_->accounts(), store_->audit(), settings_.accounts,
                                       password_policy_, totp_box_, login_limiter_, clock_});
    admin_ = std::make_unique<admin::Admin>(admin::AdminDeps{
        settings_, *store_, *accounts_, renderer_, catalog_, form_tokens_, vault_, time_zone_});
    add_routes();
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
        "login_ip_limit={} session_idle={} session_absolute={} base_url={}",
        a.password_min_length, a.password_min_classes, a.password_max_age_days, a.password_history,
        a.lockout_threshold, a.lockout_window.count(), a.lockout_duration.count(), a.login_ip_limit,
        a.session_idle.count(), a.session_absolute.count(), settings_.site.base_url);
    try {
        accounts_->record(nullptr, accounts::Client{"system", "guardpress serve", ""},
                          std::string(event), "system", "", "success", detail);
    } catch (const std::exception& e) {
        spdlog::critical("ALERT audit trail cannot be written: {}", e.what());
    }
}

std::string App::client_address(const http::Request& req, const std::string& peer) const {
    const auto& trusted = settings_.server.trusted_proxies;
    if (std::find(trusted.begin(), trusted.end(), peer) == trusted.end()) return peer;
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
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ctx.started)
            .count();
    spdlog::info("{} {} {} {} {} {:.1f}ms", ctx.request_id, ctx.client_ip,
                 std::string(req.method_string()), printable(req.target()), res.result_int(), ms);
}

http::Response App::handle(http::Request& req, http::RequestContext& ctx) {
    http::Response res;
    ctx.client_ip = client_address(req, ctx.client_ip);
    try {
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
    return res;
}

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
    auto batch = views_.take();
    if (batch.empty()) return 0;
    try {
        store_->articles().add_views(batch);
    } catch (...) {
        views_.restore(batch);
        throw;
    }
    return batch.size();
}

std::size_t App::flush_queries() {
    auto batch = queries_.take();
    if (batch.empty()) return 0;
    try {
        store_->search_stats().add_query_counts(batch, clock_());
    } catch (...) {
        queries_.restore(batch);
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
            accounts_->record(nullptr, accounts::Client{"system", "retention", ""}, "lead.purge",
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
    std::vector<std::thread> threads;
    bool stopped = false;

    explicit Impl(App& a)
        : app(a),
          workers(static_cast<std::size_t>(a.settings().server.worker_threads)),
          server(
              io, workers,
              http::ServerLimits{a.settings().server.header_limit, a.settings().server.body_limit,
                                 a.settings().server.read_timeout, a.settings().server.idle_timeout,
                                 std::chrono::seconds{30}},
              [this](http::Request& req, http::RequestContext& ctx) {
                  return app.handle(req, ctx);
              },
              [this](http::Status s, http::RequestContext& ctx) { return app.reject(s, ctx); }) {}

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
/// and the job runs again at the next tick.
asio::awaitable<void> repeat(asio::steady_timer& timer, asio::thread_pool& workers,
                             std::chrono::seconds interval, std::string name,
                             std::function<void()> job) {
    for (;;) {
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        asio::post(workers, [job, name] {
            try {
                job();
            } catch (const std::exception& e) {
                spdlog::error("{} failed, will try again: {}", name, e.what());
            }
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
