#pragma once

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "app/app.hpp"
#include "config/load.hpp"
#include "demo/demo_site.hpp"
#include "editorial/site_transfer.hpp"
#include "security/key_file.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace gp::test {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

/// A fresh data dir under the system temp dir, removed at the end.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("guardpress-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// The clock the server reads; tests move it to make scheduled articles come due.
class TestClock {
public:
    explicit TestClock(content::Time start) : now_(start.time_since_epoch().count()) {}
    content::Time now() const { return content::Time{std::chrono::seconds{now_.load()}}; }
    void advance(std::chrono::seconds by) { now_ += by.count(); }

private:
    std::atomic<std::int64_t> now_;
};

/// The real server on 127.0.0.1:0 with a temp SQLite store; start() returns once it listens.
class TestServer {
public:
    explicit TestServer(content::Time start = content::Time{std::chrono::seconds{1767225600}})
        : clock_(start) {
        settings_ = config::load_settings(std::nullopt, GP_SOURCE_DIR);
        settings_.server.read_timeout = std::chrono::seconds{5};
        // Related lists are worked out when a test asks (App::refresh_related), so that no pass
        // drops a cached page a test is looking at.
        settings_.search.related_interval = std::chrono::milliseconds{0};
        // The server runs inside the test binary, so the imaging program is not beside it.
        settings_.media.imaging_program = GP_IMAGING;
        store::sqlite::open_store(store::StoreSettings{dir_.path(), {}});
        security::MasterKey::create(dir_.path() / "guardpress.key");
    }
    config::Settings& settings() { return settings_; }
    TestClock& clock() { return clock_; }
    const std::filesystem::path& data_dir() const { return dir_.path(); }

    /// Imports a JSON document; fails the test with the import error when it is rejected.
    void import(const std::string& json) {
        // With the audit chain's key, as `guardpress import` opens it: the import is audited.
        const auto key_file = dir_.path() / "guardpress.key";
        auto store = store::sqlite::open_store(
            app::store_settings(security::MasterKey::load(key_file), dir_.path(), key_file));
        auto result = editorial::SiteTransfer(store->transfer())
                          .import_json(json, clock_.now(), editorial::shell_importer("import"));
        if (auto* e = std::get_if<content::ImportError>(&result)) {
            throw std::runtime_error("fixture rejected: " + e->message());
        }
    }

    /// Imports the committed fixture site (demo/site/) as `init --demo` does, dated for the
    /// clock; with the clock at the site's own date (fixture_site_date()) nothing moves.
    void import_fixture_site() {
        import(demo::dated_for(demo::read_demo_site(GP_SOURCE_DIR "/demo/site"), clock_.now()));
    }
    /// The instant the fixture site is written as of: 2025-06-18T10:17:00+08:00.
    static content::Time fixture_site_date() {
        return demo::read_demo_site(GP_SOURCE_DIR "/demo/site").dated_at;
    }

    void start() {
        app_ = std::make_unique<app::App>(settings_, dir_.path(), [this] { return clock_.now(); });
        runner_ = std::make_unique<app::ServerRunner>(*app_);
        port_ = runner_->start("127.0.0.1", 0).port();
    }
    void stop() {
        runner_.reset();
        app_.reset();
    }
    ~TestServer() { stop(); }

    unsigned short port() const { return port_; }
    app::App& app() { return *app_; }

    Response request(
        http::verb method, const std::string& target,
        const std::string& user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        const std::string& body = {}, const std::string& content_type = {}) {
        boost::asio::io_context io;
        boost::beast::tcp_stream stream(io);
        stream.connect({boost::asio::ip::make_address("127.0.0.1"), port_});
        stream.expires_after(std::chrono::seconds(10));
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!user_agent.empty()) req.set(http::field::user_agent, user_agent);
        if (!content_type.empty()) req.set(http::field::content_type, content_type);
        req.body() = body;
        req.prepare_payload();
        http::write(stream, req);
        boost::beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        parser.skip(method == http::verb::head);
        http::read(stream, buffer, parser);
        return parser.release();
    }
    Response get(const std::string& target) { return request(http::verb::get, target); }

    /// Sends a request as built by the test (extra headers and all).
    Response send(http::request<http::string_body> req) {
        boost::asio::io_context io;
        boost::beast::tcp_stream stream(io);
        stream.connect({boost::asio::ip::make_address("127.0.0.1"), port_});
        stream.expires_after(std::chrono::seconds(10));
        if (req[http::field::host].empty()) req.set(http::field::host, "127.0.0.1");
        req.prepare_payload();
        http::write(stream, req);
        boost::beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        http::read(stream, buffer, parser);
        return parser.release();
    }

private:
    TempDir dir_;
    TestClock clock_;
    config::Settings settings_;
    std::unique_ptr<app::App> app_;
    std::unique_ptr<app::ServerRunner> runner_;
    unsigned short port_ = 0;
};

}  // namespace gp::test
