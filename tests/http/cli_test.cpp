#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_binary.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

// What a `serve` started by the test answers for /healthz on 127.0.0.1:port.
int healthz_status(unsigned short port) {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    return res.result_int();
}

class CliTest : public ::testing::Test {
protected:
    std::string data() const { return (dir.path() / "site").string(); }
    std::string write(const std::string& name, const std::string& text) {
        const auto p = scratch.path() / name;
        std::ofstream(p) << text;
        return p.string();
    }
    TempDir dir;
    TempDir scratch;
};

TEST_F(CliTest, HelpAndUsageErrors) {
    auto help = run({"--help"}, scratch);
    EXPECT_EQ(help.code, 0);
    EXPECT_NE(help.out.find("init"), std::string::npos);
    EXPECT_NE(help.out.find("serve"), std::string::npos);
    auto sub = run({"import", "--help"}, scratch);
    EXPECT_EQ(sub.code, 0);
    EXPECT_NE(sub.out.find("FILE"), std::string::npos);
    EXPECT_EQ(run({}, scratch).code, 2);
    EXPECT_EQ(run({"frobnicate"}, scratch).code, 2);
    auto missing = run({"serve"}, scratch);
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("--data-dir"), std::string::npos);
}

TEST_F(CliTest, InitRefusesToOverwriteAStore) {
    EXPECT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    // The store and the key are readable by their owner only.
    namespace fs = std::filesystem;
    const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
    EXPECT_EQ(fs::status(fs::path(data()) / "guardpress.sqlite3").permissions(), owner_only);
    EXPECT_EQ(fs::status(fs::path(data()) / "guardpress.key").permissions(), owner_only);
    auto again = run({"init", "--data-dir", data()}, scratch);
    EXPECT_EQ(again.code, 2);
    EXPECT_NE(again.err.find("already holds a store"), std::string::npos);
}

// `serve` reads the master key from leads.key_file; `init` made one in the data dir instead,
// so the site it created could not start.
TEST_F(CliTest, InitHonoursLeadsKeyFileOutsideTheDataDir) {
    namespace fs = std::filesystem;
    const auto keys = dir.path() / "keys";
    fs::create_directories(keys);
    const auto key = keys / "site.key";
    const auto config = write("site.toml", "[leads]\nkey_file = \"" + key.string() + "\"\n");
    const auto init = run({"init", "--data-dir", data(), "--config", config}, scratch);
    ASSERT_EQ(init.code, 0) << init.err;
    EXPECT_TRUE(fs::exists(key));
    EXPECT_EQ(fs::status(key).permissions(), fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_FALSE(fs::exists(fs::path(data()) / "guardpress.key"));
    // serve starts with that key and answers.
    ServeProcess serve({"--data-dir", data(), "--config", config}, scratch);
    EXPECT_EQ(healthz_status(serve.port()), 200);
    const int status = serve.stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << serve.log();

    // The same when the data dir's own guardpress.toml names the key.
    const auto other = dir.path() / "other";
    const auto other_key = keys / "other.key";
    fs::create_directories(other);
    std::ofstream(other / "guardpress.toml")
        << "[leads]\nkey_file = \"" << other_key.string() << "\"\n";
    const auto second = run({"init", "--data-dir", other.string()}, scratch);
    ASSERT_EQ(second.code, 0) << second.err;
    EXPECT_TRUE(fs::exists(other_key));
    EXPECT_FALSE(fs::exists(other / "guardpress.key"));
}

const char* kGood =
    R"({"categories": [{"slug": "news", "name": "等保资讯", "parent": null, "subtitle": "了解最新等保资讯及等保政策"},
                {"slug": "policy", "name": "等保政策", "parent": "news"}],
 "articles": [{"title": "关于开展等级保护测评的通知", "category": "policy", "published_at": "2025-03-11T09:00:00+08:00",
               "keywords": ["网络安全"], "source": "本站原创", "source_url": null,
               "summary": null, "body_html": "<p>正文<script>x()</script></p>", "views": 1102, "status": "published"}]})";

TEST_F(CliTest, ImportAnExportRoundTripsIntoAnEmptyStore) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    auto imported = run({"import", "--data-dir", data(), write("good.json", kGood)}, scratch);
    ASSERT_EQ(imported.code, 0) << imported.err;
    auto exported = run({"export", "--data-dir", data()}, scratch);
    ASSERT_EQ(exported.code, 0) << exported.err;
    const auto doc = nlohmann::json::parse(exported.out);
    ASSERT_EQ(doc["articles"].size(), 1u);
    EXPECT_EQ(doc["articles"][0]["views"], 1102);
    EXPECT_EQ(doc["articles"][0]["body_html"], "<p>正文</p>");  // sanitised on the way in
    EXPECT_EQ(doc["articles"][0]["summary"], "正文");           // derived from the body

    const auto second = (dir.path() / "second").string();
    ASSERT_EQ(run({"init", "--data-dir", second}, scratch).code, 0);
    ASSERT_EQ(
        run({"import", "--data-dir", second, write("export.json", exported.out)}, scratch).code, 0);
    EXPECT_EQ(run({"export", "--data-dir", second}, scratch).out, exported.out);
}

TEST_F(CliTest, ReindexRebuildsTheIndexAndTheRelatedLists) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    ASSERT_EQ(run({"import", "--data-dir", data(), write("good.json", kGood)}, scratch).code, 0);
    const auto r = run({"reindex", "--data-dir", data()}, scratch);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("indexed 1 articles"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("worked out 1 related-article lists"), std::string::npos) << r.out;
    // Every published article has its list.
    auto store = store::sqlite::open_store(store::StoreSettings{data(), {}});
    EXPECT_TRUE(store->search()
                    .related_due(content::Time{std::chrono::seconds{0}} + std::chrono::hours(1), 10)
                    .empty());
}

TEST_F(CliTest, ABadRecordStopsTheImportAndWritesNothing) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    const auto before = run({"export", "--data-dir", data()}, scratch).out;
    auto doc = nlohmann::json::parse(kGood);
    auto second = doc["articles"][0];
    second["published_at"] = "yesterday";
    doc["articles"].push_back(second);
    auto result = run({"import", "--data-dir", data(), write("bad.json", doc.dump())}, scratch);
    EXPECT_EQ(result.code, 2);
    EXPECT_NE(result.err.find("articles[1].published_at: not an RFC 3339 date"), std::string::npos)
        << result.err;
    EXPECT_EQ(run({"export", "--data-dir", data()}, scratch).out, before);

    // An id already taken, on a second import, also leaves the store as it was.
    ASSERT_EQ(run({"import", "--data-dir", data(), write("good.json", kGood)}, scratch).code, 0);
    const auto after_good = run({"export", "--data-dir", data()}, scratch).out;
    auto dup = nlohmann::json::parse(after_good);
    dup.erase("categories");
    auto taken = run({"import", "--data-dir", data(), write("dup.json", dup.dump())}, scratch);
    EXPECT_EQ(taken.code, 2);
    EXPECT_NE(taken.err.find("articles[0].id: article 1 already exists"), std::string::npos)
        << taken.err;
    EXPECT_EQ(run({"export", "--data-dir", data()}, scratch).out, after_good);
}

TEST_F(CliTest, AnImportIsAuditedAndVerifies) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    ASSERT_EQ(run({"import", "--data-dir", data(), write("good.json", kGood)}, scratch).code, 0);
    const auto key_file = std::filesystem::path(data()) / "guardpress.key";
    auto store = store::sqlite::open_store(
        app::store_settings(security::MasterKey::load(key_file), data(), key_file));
    store::AuditQuery q;
    q.event = "content.import";
    const auto records = store->audit().search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].detail, "2 categories, 1 articles");
    EXPECT_EQ(records[0].user_agent, "guardpress import");
    EXPECT_FALSE(store->audit().verify_chain().first_broken);
    const auto verified = run({"audit", "verify", "--data-dir", data()}, scratch);
    EXPECT_EQ(verified.code, 0) << verified.err;
}

TEST_F(CliTest, MoreKeywordsThanTheEditorTakesAreBadInputNamingTheArticle) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    const auto before = run({"export", "--data-dir", data()}, scratch).out;
    auto doc = nlohmann::json::parse(kGood);
    doc["articles"].push_back(doc["articles"][0]);
    doc["articles"][1]["keywords"] = nlohmann::json::array();
    for (int i = 0; i < 11; ++i) doc["articles"][1]["keywords"].push_back("词" + std::to_string(i));
    auto result = run({"import", "--data-dir", data(), write("many.json", doc.dump())}, scratch);
    EXPECT_EQ(result.code, 2);
    EXPECT_NE(result.err.find("articles[1].keywords: more than 10 keywords"), std::string::npos)
        << result.err;
    EXPECT_EQ(run({"export", "--data-dir", data()}, scratch).out, before);
}

TEST_F(CliTest, ImportOfAMissingFileOrBrokenJsonIsBadInput) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    EXPECT_EQ(run({"import", "--data-dir", data(), "/nonexistent.json"}, scratch).code, 2);
    auto broken =
        run({"import", "--data-dir", data(), write("broken.json", "{\"articles\": [")}, scratch);
    EXPECT_EQ(broken.code, 2);
    EXPECT_NE(broken.err.find("not valid JSON"), std::string::npos);
}

TEST_F(CliTest, ServePrintsItsAddressAndStopsCleanlyOnSigterm) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    int out_pipe[2];
    ASSERT_EQ(pipe(out_pipe), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    const auto err = (scratch.path() / "serve.err").string();
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::string d = data();
    std::vector<char*> argv{const_cast<char*>(GP_BINARY),
                            const_cast<char*>("serve"),
                            const_cast<char*>("--data-dir"),
                            d.data(),
                            const_cast<char*>("--listen"),
                            const_cast<char*>("127.0.0.1:0"),
                            nullptr};
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, GP_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    // Blocks until the line arrives; the child closing stdout ends the read if it dies.
    FILE* out = fdopen(out_pipe[0], "r");
    std::array<char, 256> line{};
    const bool got = fgets(line.data(), line.size(), out) != nullptr;
    const std::string text = got ? line.data() : "";
    ASSERT_TRUE(text.starts_with("listening on http://127.0.0.1:")) << text << slurp(err);
    const auto port = static_cast<unsigned short>(std::stoi(text.substr(text.rfind(':') + 1)));
    EXPECT_GT(port, 0);

    EXPECT_EQ(healthz_status(port), 200);

    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    fclose(out);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

// With no proxy listed, every visitor behind a reverse proxy is counted as the proxy. The
// header is still ignored (a client could write it), but the operator is told once.
TEST_F(CliTest, ThrottlingBehindAProxyAnUntrustedForwarderIsWarnedAboutOnce) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    ServeProcess serve({"--data-dir", data()}, scratch);
    const auto get = [&](const std::string& forwarded_for) {
        boost::asio::io_context io;
        boost::beast::tcp_stream stream(io);
        stream.connect({boost::asio::ip::make_address("127.0.0.1"), serve.port()});
        stream.expires_after(std::chrono::seconds(10));
        http::request<http::string_body> req{http::verb::get, "/healthz", 11};
        req.set(http::field::host, "127.0.0.1");
        if (!forwarded_for.empty()) req.set("X-Forwarded-For", forwarded_for);
        http::write(stream, req);
        boost::beast::flat_buffer buffer;
        Response res;
        http::read(stream, buffer, res);
        return res.result_int();
    };
    EXPECT_EQ(get(""), 200);
    EXPECT_EQ(get("203.0.113.5"), 200);
    EXPECT_EQ(get("203.0.113.6"), 200);
    EXPECT_EQ(get("2001:db8::1, 203.0.113.7"), 200);
    const int status = serve.stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const auto log = serve.log();
    std::size_t warnings = 0;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("X-Forwarded-For from 127.0.0.1") == std::string::npos) continue;
        ++warnings;
        EXPECT_NE(line.find(" warning "), std::string::npos) << line;
        EXPECT_NE(line.find("server.trusted_proxies"), std::string::npos) << line;
    }
    EXPECT_EQ(warnings, 1u) << log;
}

// A listed proxy is what it should be: its header names the client, and nothing is said.
TEST_F(CliTest, ThrottlingBehindAProxyATrustedForwarderIsNotWarnedAbout) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    const auto config = write("proxy.toml", "[server]\ntrusted_proxies = [\"127.0.0.1\"]\n");
    ServeProcess serve({"--data-dir", data(), "--config", config}, scratch);
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), serve.port()});
    http::request<http::string_body> req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set("X-Forwarded-For", "203.0.113.5");
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    serve.stop();
    const auto log = serve.log();
    EXPECT_EQ(log.find("X-Forwarded-For from"), std::string::npos) << log;
    // The access log names the forwarded client, not the proxy.
    EXPECT_NE(log.find(" 203.0.113.5 GET /healthz 200"), std::string::npos) << log;
}

TEST_F(CliTest, ServeRefusesABadConfigNamingTheKey) {
    ASSERT_EQ(run({"init", "--data-dir", data()}, scratch).code, 0);
    const auto config = write("bad.toml", "[site]\nper_page = -3\n");
    auto result = run({"serve", "--data-dir", data(), "--config", config}, scratch);
    EXPECT_EQ(result.code, 2);
    EXPECT_NE(result.err.find("site.per_page"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace gp::test
