// `serve` with cache.backend = "redis" against a real redis-server on 127.0.0.1: article views
// go through Redis to the store, and with Redis stopped by its PID pages still serve while the
// call-back form answers 503 and writes nothing (docs/adr/0016-redis-shared-state.md).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

#include "admin_client.hpp"
#include "run_binary.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/redis_server.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

constexpr std::int64_t kT0 = 1767225600;
constexpr const char* kBrowser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";
constexpr const char* kNamespace = "gp-http";

const char* kSite = R"({"categories": [{"slug": "news", "name": "等保资讯", "parent": null},
  {"slug": "policy", "name": "等保政策", "parent": "news"}],
 "articles": [{"id": 302, "title": "等级保护测评流程", "category": "policy",
   "published_at": "2025-12-01T09:00:00+08:00", "body_html": "<p>正文</p>", "views": 100}]})";

std::string view_count(const std::string& html) {
    static const std::regex re("view-count\">([0-9]+)<");
    std::smatch m;
    return std::regex_search(html, m, re) ? m[1].str() : "";
}

std::int64_t stored_views_in(const std::filesystem::path& data_dir) {
    sqlite3* db = nullptr;
    sqlite3_open((data_dir / "guardpress.sqlite3").c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT views FROM articles WHERE id = 302", -1, &st, nullptr);
    sqlite3_step(st);
    const auto n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

class RedisCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto& s = server.settings();
        s.site.base_url = "http://127.0.0.1";
        s.cache.backend = config::CacheBackend::redis;
        s.cache.redis_host = redis.host();
        s.cache.redis_port = redis.port();
        s.cache.key_namespace = kNamespace;
        s.cache.timeout = std::chrono::milliseconds(2000);
        server.import(kSite);
        server.start();
    }

    Response get(const std::string& target) { return server.get(target); }

    std::string redis_views(const char* hash) {
        return redis.command({"HGET", fmt::format("{}:views:{}", kNamespace, hash), "302"});
    }

    std::int64_t stored_views() { return stored_views_in(server.data_dir()); }

    std::size_t lead_count() {
        auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
        return store->leads().list_leads(1000).size();
    }

    Response submit_callback(bool as_json = false) {
        const auto page = get("/callback").body();
        const std::string marker = "name=\"csrf\" value=\"";
        const auto start = page.find(marker) + marker.size();
        const auto token = page.substr(start, page.find('"', start) - start);
        http::request<http::string_body> req{http::verb::post, "/callback", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.set(http::field::user_agent, kBrowser);
        req.set(http::field::origin, "http://127.0.0.1");
        // The widget on every page posts with fetch and asks for JSON.
        if (as_json) req.set(http::field::accept, "application/json");
        req.body() = "phone=13800138000&consent=yes&csrf=" + token;
        return server.send(std::move(req));
    }

    RedisServer redis;
    TestServer server{content::Time{std::chrono::seconds{kT0}}};
};

const std::string kArticle = "/news/policy/302.html";

TEST_F(RedisCacheTest, ArticleViewsGoThroughRedisToTheStore) {
    EXPECT_EQ(view_count(get(kArticle).body()), "101");
    EXPECT_EQ(view_count(get(kArticle).body()), "102");  // from the page cache
    EXPECT_EQ(view_count(get(kArticle).body()), "103");
    EXPECT_EQ(redis_views("pending"), "3");
    EXPECT_EQ(redis_views("total"), "3");
    EXPECT_EQ(server.app().flush_views(), 1u);
    EXPECT_EQ(stored_views(), 103);
    // Taken from Redis: another node's flusher finds nothing to write again.
    EXPECT_EQ(redis_views("pending"), "");
    EXPECT_EQ(redis_views("total"), "3");
    EXPECT_EQ(view_count(get(kArticle).body()), "104");
}

TEST_F(RedisCacheTest, WithRedisStoppedPagesServeAndTheCallbackFormAnswers503) {
    EXPECT_EQ(view_count(get(kArticle).body()), "101");
    server.app().flush_views();
    ASSERT_EQ(stored_views(), 101);

    redis.stop();
    const auto page = get(kArticle);
    EXPECT_EQ(page.result_int(), 200);
    EXPECT_EQ(view_count(page.body()), "102");  // counted in the process meanwhile
    const auto refused = submit_callback();
    EXPECT_EQ(refused.result_int(), 503);
    EXPECT_NE(refused.body().find("回电服务暂时不可用"), std::string::npos);
    EXPECT_NE(refused.body().find("13800138000"), std::string::npos);  // input kept in the form
    const auto refused_json = submit_callback(true);
    EXPECT_EQ(refused_json.result_int(), 503);
    EXPECT_EQ(refused_json[http::field::content_type], "application/json; charset=utf-8");
    const auto answer = nlohmann::json::parse(refused_json.body());
    EXPECT_EQ(answer["ok"], false);
    EXPECT_NE(answer["message"].get<std::string>().find("回电服务暂时不可用"), std::string::npos);
    EXPECT_EQ(lead_count(), 0u);
    // The store does not need Redis: the view counted here is written now.
    server.app().flush_views();
    EXPECT_EQ(stored_views(), 102);
    EXPECT_EQ(get("/callback").result_int(), 200);

    // The test Redis comes back empty; the view counted during the outage reaches its total
    // at the next flush once the client reconnects (it waits a second after a failed connect).
    redis.start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (redis_views("total") != "1" && std::chrono::steady_clock::now() < deadline) {
        server.app().flush_views();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(redis_views("total"), "1");
    EXPECT_EQ(stored_views(), 102);  // pushed to the total only, not written twice
    EXPECT_EQ(submit_callback().result_int(), 303);
    EXPECT_EQ(lead_count(), 1u);
}

TEST_F(RedisCacheTest, WithRedisStoppedSignInAnswers503InsteadOfGoingUnthrottled) {
    redis.stop();
    AdminClient client(server);
    const auto r = client.sign_in("sec.zhao", "Whatever#123");
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_NE(r.body().find("登录服务暂时不可用"), std::string::npos);
    EXPECT_EQ(get(kArticle).result_int(), 200);
}

// The real binary, configured from a TOML file: views reach Redis, and the flush at SIGTERM
// moves them to the store.
TEST(RedisServe, ServeWithTheRedisBackendCountsViewsInRedisAndStoresThemAtStop) {
    RedisServer redis;
    TempDir dir;
    TempDir scratch;
    const auto data = (dir.path() / "site").string();
    ASSERT_EQ(run({"init", "--data-dir", data}, scratch).code, 0);
    const auto site = scratch.path() / "site.json";
    std::ofstream(site) << kSite;
    ASSERT_EQ(run({"import", "--data-dir", data, site.string()}, scratch).code, 0);
    const auto config = scratch.path() / "redis.toml";
    std::ofstream(config) << fmt::format(
        "[cache]\nbackend = \"redis\"\nredis_url = \"redis://127.0.0.1:{}/0\"\n"
        "namespace = \"gp-serve\"\n",
        redis.port());

    int out_pipe[2];
    ASSERT_EQ(pipe(out_pipe), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    const auto err = (scratch.path() / "serve.err").string();
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args{GP_BINARY,  "serve",         "--data-dir", data,
                                  "--config", config.string(), "--listen",   "127.0.0.1:0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, GP_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    // Blocks until the line arrives; the child closing stdout ends the read if it dies.
    FILE* out = fdopen(out_pipe[0], "r");
    std::array<char, 256> line{};
    const bool got = fgets(line.data(), line.size(), out) != nullptr;
    const std::string text = got ? line.data() : "";
    if (!text.starts_with("listening on http://127.0.0.1:")) {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        fclose(out);
        FAIL() << text << slurp(err);
    }
    const auto port = static_cast<unsigned short>(std::stoi(text.substr(text.rfind(':') + 1)));

    const auto get = [&](const std::string& target) {
        boost::asio::io_context io;
        boost::beast::tcp_stream stream(io);
        stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        stream.expires_after(std::chrono::seconds(10));
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::user_agent, kBrowser);
        http::write(stream, req);
        boost::beast::flat_buffer buffer;
        Response res;
        http::read(stream, buffer, res);
        return res;
    };
    EXPECT_EQ(get(kArticle).result_int(), 200);
    EXPECT_EQ(get(kArticle).result_int(), 200);
    // The total only grows, whether or not the flush timer has run meanwhile.
    EXPECT_EQ(redis.command({"HGET", "gp-serve:views:total", "302"}), "2");

    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    fclose(out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << slurp(err);
    EXPECT_EQ(stored_views_in(data), 102);
    EXPECT_EQ(redis.command({"HGET", "gp-serve:views:pending", "302"}), "");
}

}  // namespace
}  // namespace gp::test
