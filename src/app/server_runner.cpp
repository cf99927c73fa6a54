#include "app/server_runner.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "app/body_limits.hpp"
#include "app/scheduler.hpp"

namespace gp::app {

namespace asio = boost::asio;

struct ServerRunner::Impl {
    App& app;
    asio::io_context io;
    asio::thread_pool workers;
    http::Server server;
    Scheduler scheduler{io, workers};
    std::vector<std::thread> threads;
    bool stopped = false;

    explicit Impl(App& a)
        : app(a),
          workers(static_cast<std::size_t>(a.settings().server.worker_threads)),
          server(
              io, workers,
              http::ServerLimits{a.settings().server.header_limit, a.settings().server.read_timeout,
                                 a.settings().server.idle_timeout, std::chrono::seconds{30}},
              body_limits(a.settings()),
              [this](http::Request& req, http::RequestContext& ctx) {
                  return app.handle(req, ctx);
              },
              [this](http::Status s, http::RequestContext& ctx) { return app.reject(s, ctx); }) {
        server.set_fast_path(
            [this](const http::Request& req, http::RequestContext& ctx,
                   http::PreparedResponse& out) { return app.serve_cached(req, ctx, out); });
    }

    void schedule_jobs() {
        const auto& s = app.settings();
        // The store writes block, so every job runs on a worker, never on an I/O thread.
        scheduler.every(s.views.flush_interval, "writing view counts",
                        [this] { app.flush_views(); });
        scheduler.every(s.views.flush_interval, "writing search counts",
                        [this] { app.flush_queries(); });
        scheduler.every(s.leads.notify_interval, "lead notification",
                        [this] { app.notify_leads(); });
        scheduler.every(std::chrono::hours(1), "retention", [this] {
            app.purge_sessions();
            app.purge_leads();
        });
        if (app.page_cache()) {
            scheduler.every(s.cache.check_interval, "reading the content change log",
                            [this] { app.check_content_changes(); });
        }
        if (s.search.related_interval.count() > 0) {
            scheduler.every(s.search.related_interval, "related articles",
                            [this] { app.refresh_related(); });
        }
    }
};

ServerRunner::ServerRunner(App& app) : impl_(std::make_unique<Impl>(app)) {}

ServerRunner::~ServerRunner() { stop(); }

asio::ip::tcp::endpoint ServerRunner::start(const std::string& host, unsigned short port) {
    const auto endpoint = impl_->server.listen(host, port);
    impl_->server.start();
    impl_->schedule_jobs();
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
    impl_->scheduler.stop();
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
