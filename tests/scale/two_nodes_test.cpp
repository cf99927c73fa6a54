// Two `guardpress serve` processes on one PostgreSQL and one Redis, as behind a load balancer:
// what one node does, the other sees; counts and limits are shared; a node killed under load
// loses nothing it had acknowledged.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <regex>
#include <thread>

#include "editorial/site_transfer.hpp"
#include "http/run_binary.hpp"
#include "store/postgres/postgres_store.hpp"
#include "support/child_process.hpp"
#include "support/postgres_server.hpp"
#include "support/redis_server.hpp"

namespace gp::test {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Answer = bhttp::response<bhttp::string_body>;

PostgresServer& postgres() {
    static PostgresServer instance;
    return instance;
}

RedisServer& redis() {
    static RedisServer instance;
    return instance;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Polls `done` every 20 ms until it holds or `limit` passes; the bound keeps a broken feature
/// from hanging the run, and the answer is read from the condition, not from the time waited.
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds limit = std::chrono::seconds{10}) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return done();
}

std::string url_encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

/// A browser of one reader or editor: a cookie jar and the last form's tokens, talking to any
/// node it is pointed at.
class Browser {
public:
    Answer get(int port, const std::string& target) {
        return send(port, bhttp::verb::get, target, "");
    }
    Answer post(int port, const std::string& target,
                std::vector<std::pair<std::string, std::string>> fields) {
        std::string body;
        for (const auto& [k, v] : fields) {
            body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
        }
        return send(port, bhttp::verb::post, target, body);
    }
    const std::string& csrf() const { return csrf_; }
    const std::string& form_token() const { return form_token_; }
    std::string cookie(const std::string& name) const {
        const auto it = cookies_.find(name);
        return it == cookies_.end() ? "" : it->second;
    }

private:
    Answer send(int port, bhttp::verb method, const std::string& target, const std::string& body) {
        boost::asio::io_context io;
        beast::tcp_stream stream(io);
        stream.expires_after(std::chrono::seconds{10});
        stream.connect(
            {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
        bhttp::request<bhttp::string_body> req{method, target, 11};
        req.set(bhttp::field::host, "127.0.0.1");
        req.set(bhttp::field::user_agent, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
        req.set(bhttp::field::origin, "http://127.0.0.1");
        std::string jar;
        for (const auto& [k, v] : cookies_) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
        if (!jar.empty()) req.set(bhttp::field::cookie, jar);
        if (method == bhttp::verb::post) {
            req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
        }
        req.body() = body;
        req.prepare_payload();
        bhttp::write(stream, req);
        beast::flat_buffer buffer;
        Answer res;
        bhttp::read(stream, buffer, res);
        for (auto it = res.find(bhttp::field::set_cookie);
             it != res.end() && it->name() == bhttp::field::set_cookie; ++it) {
            const std::string line(it->value());
            const auto eq = line.find('=');
            cookies_[line.substr(0, eq)] = line.substr(eq + 1, line.find(';') - eq - 1);
        }
        std::smatch m;
        const std::string& text = res.body();
        if (std::regex_search(text, m, std::regex("name=\"_csrf\" value=\"([^\"]+)\""))) {
            csrf_ = m[1].str();
        }
        if (std::regex_search(text, m, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) {
            form_token_ = m[1].str();
        }
        return res;
    }

    std::map<std::string, std::string> cookies_;
    std::string csrf_;
    std::string form_token_;
};

/// One `guardpress serve` of the site, with its own config file (its flush interval).
class Node {
public:
    Node(const std::filesystem::path& data_dir, const std::string& name,
         const std::string& extra_config) {
        const auto config = data_dir / (name + ".toml");
        std::ifstream shared(data_dir / "guardpress.toml");
        std::ofstream(config) << shared.rdbuf() << extra_config;
        port_ = free_port();
        log_ = data_dir / (name + ".log");
        pid_ = start_child({GP_BINARY, "serve", "--data-dir", data_dir.string(), "--config",
                            config.string(), "--listen", "127.0.0.1:" + std::to_string(port_)},
                           log_, std::nullopt);
        Browser probe;
        const bool up = eventually([&] {
            try {
                return probe.get(port_, "/healthz").result_int() == 200;
            } catch (const std::exception&) {
                return false;
            }
        });
        if (!up) throw std::runtime_error(name + " did not start:\n" + log_tail(log_));
    }
    ~Node() {
        if (pid_ > 0) stop_child(pid_, SIGTERM, std::chrono::seconds{10});
    }
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    int port() const { return port_; }
    /// SIGTERM: open requests finish and pending counts are written.
    void stop() {
        stop_child(pid_, SIGTERM, std::chrono::seconds{10});
        pid_ = -1;
    }
    /// SIGKILL: nothing is flushed, nothing finishes.
    void kill() {
        stop_child(pid_, SIGKILL, std::chrono::seconds{5});
        pid_ = -1;
    }

private:
    std::filesystem::path log_;
    int port_ = 0;
    pid_t pid_ = -1;
};

class TwoNodesTest : public ::testing::Test {
protected:
    void SetUp() override {
        static int next = 0;
        ++next;
        url = postgres().create_database("gp_nodes_" + std::to_string(next));
        std::ofstream(site.path() / "guardpress.toml")
            << "[store]\nbackend = \"postgres\"\nurl = \"" << url << "\"\npool_size = 4\n"
            << "[cache]\nbackend = \"redis\"\nredis_url = \"redis://127.0.0.1:" << redis().port()
            << "/0\"\nnamespace = \"nodes" << next << "\"\ncheck_interval_ms = 50\n"
            << "[site]\nbase_url = \"http://127.0.0.1\"\n"
            << "[accounts]\nlogin_ip_limit = 6\n"
            << "[leads]\nper_ip_limit = 50\n";
        const auto init = run({"init", "--data-dir", site.path().string(), "--demo"}, scratch);
        ASSERT_EQ(init.code, 0) << init.err;
    }

    store::postgres::PostgresStore store() {
        const auto master = security::MasterKey::load(site.path() / "guardpress.key");
        return store::postgres::PostgresStore(store::postgres::PostgresSettings{
            url, 2, app::store_settings(master, site.path()).audit_key});
    }

    /// The public URL of a published article, found through the 301 of a wrong path.
    std::string article_url(int port, std::int64_t id) {
        Browser b;
        const auto r = b.get(port, "/x/" + std::to_string(id) + ".html");
        EXPECT_EQ(r.result_int(), 301);
        return std::string(r[bhttp::field::location]);
    }

    std::int64_t first_published(store::Store& s) {
        const auto doc = nlohmann::json::parse(editorial::SiteTransfer(s.transfer()).export_json());
        for (const auto& a : doc["articles"]) {
            if (a["status"] == "published") return a["id"].get<std::int64_t>();
        }
        throw std::runtime_error("no published article in the demo");
    }

    TempDir site;
    TempDir scratch;
    std::string url;
};

TEST_F(TwoNodesTest, AnArticlePublishedThroughOneNodeIsOnTheOthersCachedPagesAtOnce) {
    Node a(site.path(), "a", "");
    Node b(site.path(), "b", "");
    Browser reader;
    // Both nodes keep /news/ in their page caches.
    for (int port : {a.port(), b.port()}) {
        ASSERT_EQ(reader.get(port, "/news/").result_int(), 200);
        ASSERT_FALSE(has(reader.get(port, "/news/").body(), "双节点发布核对"));
    }
    const auto file = scratch.path() / "one.json";
    // A minute old: the newest article of the site, first on the section page.
    const std::time_t minute_ago = std::time(nullptr) - 60;
    std::tm utc{};
    gmtime_r(&minute_ago, &utc);
    char published[32];
    std::strftime(published, sizeof published, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::ofstream(file) << R"({"articles": [{"title": "双节点发布核对", "category": "policy",
        "published_at": ")"
                        << published << R"(", "keywords": ["等级保护"],
        "source": "本站", "body_html": "<p>两个节点共用一个数据库。</p>"}]})";
    const auto imported =
        run({"import", "--data-dir", site.path().string(), file.string()}, scratch);
    ASSERT_EQ(imported.code, 0) << imported.err;
    for (int port : {a.port(), b.port()}) {
        EXPECT_TRUE(eventually([&] {
            return has(reader.get(port, "/news/").body(), "双节点发布核对");
        })) << "node on port "
            << port;
    }
}

TEST_F(TwoNodesTest, ASessionStartedOnOneNodeCarriesOnOnTheOther) {
    const auto added = run({"user", "add", "--data-dir", site.path().string(), "--role", "editor",
                            "--name", "editor.liu"},
                           scratch);
    ASSERT_EQ(added.code, 0) << added.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(added.out, m, std::regex("password: (\\S+)"))) << added.out;
    Node a(site.path(), "a", "");
    Node b(site.path(), "b", "");
    Browser editor;
    editor.get(a.port(), "/admin/login");
    const auto signed_in =
        editor.post(a.port(), "/admin/login",
                    {{"name", "editor.liu"}, {"password", m[1].str()}, {"_csrf", editor.csrf()}});
    ASSERT_EQ(signed_in.result_int(), 303) << signed_in.body().substr(0, 500);
    EXPECT_EQ(signed_in[bhttp::field::location], "/admin/mfa");
    // Node B knows the session A started: it shows the enrolment step, not the sign-in page.
    const auto next_step = editor.get(b.port(), "/admin/mfa");
    EXPECT_EQ(next_step.result_int(), 200);
    EXPECT_TRUE(has(next_step.body(), "data-secret")) << next_step.body().substr(0, 500);
    Browser stranger;
    EXPECT_EQ(stranger.get(b.port(), "/admin/mfa").result_int(), 303);
}

TEST_F(TwoNodesTest, SignInAttemptsAreCountedAcrossNodes) {
    Node a(site.path(), "a", "");
    Node b(site.path(), "b", "");
    Browser guesser;
    auto attempt = [&](int port) {
        guesser.get(port, "/admin/login");
        return guesser
            .post(port, "/admin/login",
                  {{"name", "nobody.here"},
                   {"password", "wrong-password-1"},
                   {"_csrf", guesser.csrf()}})
            .result_int();
    };
    // login_ip_limit = 6: three on each node use the allowance up.
    for (int port : {a.port(), b.port(), a.port(), b.port(), a.port(), b.port()}) {
        EXPECT_NE(attempt(port), 429);
    }
    EXPECT_EQ(attempt(a.port()), 429);
    EXPECT_EQ(attempt(b.port()), 429);
}

TEST_F(TwoNodesTest, ViewsOnBothNodesAddUp) {
    auto s = store();
    const auto id = first_published(s);
    const auto before = s.articles().find_article(id)->views;
    Node a(site.path(), "a", "");
    Node b(site.path(), "b", "");
    const auto path = article_url(a.port(), id);
    Browser reader;
    for (int i = 0; i < 5; ++i) ASSERT_EQ(reader.get(a.port(), path).result_int(), 200);
    for (int i = 0; i < 7; ++i) ASSERT_EQ(reader.get(b.port(), path).result_int(), 200);
    // Either node's page shows the views counted on both.
    for (int port : {a.port(), b.port()}) {
        std::smatch m;
        const auto page = reader.get(port, path).body();
        ASSERT_TRUE(std::regex_search(page, m, std::regex("view-count\">([0-9]+)<")));
        EXPECT_EQ(std::stoll(m[1].str()), before + 12 + (port == a.port() ? 1 : 2)) << port;
    }
    a.stop();
    b.stop();
    EXPECT_EQ(s.articles().find_article(id)->views, before + 14);
}

TEST_F(TwoNodesTest, ANodeKilledUnderLoadLosesNoAcknowledgedLeadOrView) {
    auto s = store();
    const auto id = first_published(s);
    const auto before = s.articles().find_article(id)->views;
    // Node A never gets to flush on its own; node B flushes often, for both.
    Node a(site.path(), "a", "[views]\nflush_interval = 3600\n");
    Node b(site.path(), "b", "[views]\nflush_interval = 1\n");
    const auto path = article_url(a.port(), id);
    Browser reader;
    int views = 0;
    int leads = 0;
    for (int i = 0; i < 10; ++i) {
        if (reader.get(a.port(), path).result_int() == 200) ++views;
        reader.get(a.port(), "/callback");
        const auto r = reader.post(a.port(), "/callback",
                                   {{"phone", fmt::format("1380013{:04}", 8000 + i)},
                                    {"consent", "yes"},
                                    {"csrf", reader.form_token()}});
        if (r.result_int() == 303) ++leads;
    }
    ASSERT_EQ(views, 10);
    ASSERT_EQ(leads, 10);
    a.kill();
    EXPECT_EQ(s.leads().list_leads(100).size(), 10u);
    EXPECT_TRUE(eventually([&] { return s.articles().find_article(id)->views == before + views; }))
        << "views in the store: " << s.articles().find_article(id)->views << ", expected "
        << before + views;
}

TEST_F(TwoNodesTest, ANodeKilledWhileWritingViewsLosesNoneAndCountsNoneTwice) {
    auto s = store();
    const auto id = first_published(s);
    const auto before = s.articles().find_article(id)->views;
    // The test holds the article's row, so node A's flush takes its batch from Redis and then
    // waits inside its store transaction: the moment a crash would cost the batch.
    pqxx::connection holder(url);
    pqxx::work hold(holder);
    hold.exec1("SELECT views FROM articles WHERE id = " + std::to_string(id) + " FOR UPDATE");
    {
        Node a(site.path(), "a", "[views]\nflush_interval = 1\n");
        const auto path = article_url(a.port(), id);
        Browser reader;
        for (int i = 0; i < 10; ++i) ASSERT_EQ(reader.get(a.port(), path).result_int(), 200);
        pqxx::connection watcher(url);
        const bool waiting = eventually([&] {
            pqxx::nontransaction q(watcher);
            return q.exec1(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock' AND query LIKE "
                        "'UPDATE articles SET views%'")[0]
                       .as<int>() > 0;
        });
        ASSERT_TRUE(waiting) << "node A never started writing its views";
        a.kill();
    }
    hold.abort();
    // Node B finds A's batch still listed in Redis and, once it is orphaned (two flush
    // intervals and a second), writes it; the store keeps the batch id, so it counts once.
    Node b(site.path(), "b", "[views]\nflush_interval = 1\n");
    EXPECT_TRUE(eventually([&] { return s.articles().find_article(id)->views == before + 10; },
                           std::chrono::seconds{30}))
        << "views in the store: " << s.articles().find_article(id)->views << ", expected "
        << before + 10;
    b.stop();
    EXPECT_EQ(s.articles().find_article(id)->views, before + 10);
}

}  // namespace
}  // namespace gp::test
