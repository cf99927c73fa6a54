#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "content/rfc3339.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using nlohmann::json;
constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z, the fixture's "now"
constexpr std::int64_t kDay = 86400;

std::string at(std::int64_t t) {
    return content::format_rfc3339(content::Time{std::chrono::seconds{t}}, std::chrono::minutes{0});
}

json article(std::int64_t id, std::string title, std::string category, std::int64_t t,
             std::string status = "published") {
    return {{"id", id},
            {"title", std::move(title)},
            {"category", std::move(category)},
            {"published_at", at(t)},
            {"keywords", json::array({"网络安全"})},
            {"source", "本站编辑部"},
            {"body_html", "<h2>一、概述</h2><p>正文内容。</p>"},
            {"views", 0},
            {"status", std::move(status)}};
}

/// A small site whose numbers every test can count by hand: at kT0, policy has 3 visible
/// articles plus 1 in its child local, knowledge has 26, news (全部) 30; one draft and one
/// article scheduled an hour ahead stay hidden.
std::string fixture() {
    json doc;
    doc["categories"] = json::array({
        {{"slug", "news"},
         {"name", "等保资讯"},
         {"parent", nullptr},
         {"subtitle", "了解最新等保资讯及等保政策"}},
        {{"slug", "policy"}, {"name", "等保政策"}, {"parent", "news"}},
        {{"slug", "local"}, {"name", "地方政策"}, {"parent", "policy"}},
        {{"slug", "knowledge"}, {"name", "等保知识"}, {"parent", "news"}},
        {{"slug", "faq"}, {"name", "常见问题"}, {"parent", "news"}},
    });
    json arts = json::array();
    auto a101 = article(101, "第一篇政策解读", "policy", kT0 - 10 * kDay);
    a101["keywords"] = json::array({"等保", "网络安全"});
    a101["views"] = 100;
    a101["source_url"] = "https://news.guardpress.example/a/101";
    a101["body_html"] =
        "<h2>一、背景</h2><p onclick=\"x()\">安全<script>alert(1)</script>要求</p>"
        "<img src=\"javascript:alert(2)\"><a href=\"javascript:alert(3)\">链接</a>";
    arts.push_back(a101);
    arts.push_back(article(102, "第二篇政策解读", "policy", kT0 - 9 * kDay));
    arts.push_back(article(103, "第三篇政策解读", "policy", kT0 - 8 * kDay));
    arts.push_back(article(104, "地方政策通知", "local", kT0 - 7 * kDay));
    for (int i = 0; i < 26; ++i) {
        arts.push_back(article(200 + i, "等保知识第" + std::to_string(i + 1) + "讲", "knowledge",
                               kT0 - 30 * kDay + i * 3600));
    }
    arts.push_back(article(106, "尚未完成的草稿", "policy", kT0 - 5 * kDay, "draft"));
    arts.push_back(article(107, "一小时后发布的通知", "policy", kT0 + 3600));
    doc["articles"] = arts;
    return doc.dump();
}

class PortalTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.import(fixture());
        server.start();
    }
    TestServer server{content::Time{std::chrono::seconds{kT0}}};
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST_F(PortalTest, HomeListsSectionsAndWidgets) {
    auto res = server.get("/");
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_TRUE(contains(res.body(), "等保资讯"));
    EXPECT_TRUE(contains(res.body(), "请输入您的联系电话,座机请加区号"));
    EXPECT_TRUE(contains(res.body(), "action=\"/callback\""));
    EXPECT_TRUE(contains(res.body(), "/wechat-qr.svg"));
    EXPECT_TRUE(contains(res.body(), "返回顶部"));
    EXPECT_TRUE(contains(res.body(), "等保测评咨询"));
}

TEST_F(PortalTest, SectionPageShowsBreadcrumbAndLiveCounts) {
    auto res = server.get("/news/");
    ASSERT_EQ(res.result_int(), 200);
    const auto& b = res.body();
    EXPECT_TRUE(contains(
        b, "当前位置:<a href=\"/\">首页</a>&gt;<span aria-current=\"page\">等保资讯</span>"));
    EXPECT_TRUE(contains(b, "全部 <span class=\"count\">30</span>"));
    EXPECT_TRUE(contains(b, "等保政策 <span class=\"count\">4</span>"));
    EXPECT_TRUE(contains(b, "等保知识 <span class=\"count\">26</span>"));
    EXPECT_TRUE(contains(b, "常见问题 <span class=\"count\">0</span>"));
    EXPECT_FALSE(contains(b, "尚未完成的草稿"));
    EXPECT_FALSE(contains(b, "一小时后发布的通知"));
}

TEST_F(PortalTest, NestedCategoryPathsResolveOnlyWhenCanonical) {
    EXPECT_EQ(server.get("/news/policy/local/").result_int(), 200);
    EXPECT_EQ(server.get("/news/local/").result_int(), 404);
    EXPECT_EQ(server.get("/policy/").result_int(), 404);
    auto res = server.get("/news");
    EXPECT_EQ(res.result_int(), 301);
    EXPECT_EQ(res[http::field::location], "/news/");
}

TEST_F(PortalTest, PagesOfTwenty) {
    auto first = server.get("/news/knowledge/");
    ASSERT_EQ(first.result_int(), 200);
    auto count_items = [](const std::string& body) {
        std::size_t n = 0;
        for (auto pos = body.find("class=\"article-item\""); pos != std::string::npos;
             pos = body.find("class=\"article-item\"", pos + 1)) {
            ++n;
        }
        return n;
    };
    EXPECT_EQ(count_items(first.body()), 20u);
    auto second = server.get("/news/knowledge/?page=2");
    ASSERT_EQ(second.result_int(), 200);
    EXPECT_EQ(count_items(second.body()), 6u);
    // Newest first: the 26th lecture leads page 1, the 1st closes page 2.
    EXPECT_LT(first.body().find("等保知识第26讲"), first.body().find("等保知识第25讲"));
    EXPECT_TRUE(contains(second.body(), "等保知识第1讲"));
    EXPECT_TRUE(contains(second.body(), "（第2页）"));
    EXPECT_EQ(server.get("/news/knowledge/?page=3").result_int(), 404);
}

TEST_F(PortalTest, MalformedPageNumbersAreBadRequests) {
    for (const char* bad : {"0", "-1", "abc", "1.5", "", "1e3", "%2B2", "99999999999999999999"}) {
        auto res = server.get(std::string("/news/?page=") + bad);
        EXPECT_EQ(res.result_int(), 400) << bad;
        EXPECT_TRUE(contains(res.body(), "页码必须是正整数")) << bad;
    }
}

TEST_F(PortalTest, ArticlePageShowsEveryField) {
    auto res = server.get("/news/policy/101.html");
    ASSERT_EQ(res.result_int(), 200);
    const auto& b = res.body();
    EXPECT_TRUE(contains(b, "<h1>第一篇政策解读</h1>"));
    EXPECT_TRUE(contains(b, "时间:<time datetime=\"2025-12-22T08:00:00+08:00\">2025-12-22</time>"));
    EXPECT_TRUE(contains(b, "访问量:<span class=\"view-count\">101</span>"));
    EXPECT_TRUE(contains(b, "关键词:<a href=\"/tag/%E7%AD%89%E4%BF%9D/\">等保</a>"));
    EXPECT_TRUE(contains(b, "来源:<a href=\"https://news.guardpress.example/a/101\""));
    EXPECT_TRUE(contains(b,
                         "当前位置:<a href=\"/\">首页</a>&gt;<a href=\"/news/\">等保资讯</a>&gt;<a "
                         "href=\"/news/policy/\">等保政策</a>"));
    EXPECT_TRUE(contains(b, "上一篇:<span>没有了</span>"));
    EXPECT_TRUE(
        contains(b, "下一篇:<a href=\"/news/policy/102.html\" rel=\"next\">第二篇政策解读</a>"));
}

TEST_F(PortalTest, ImportedBodyIsSanitised) {
    auto b = server.get("/news/policy/101.html").body();
    const auto body = b.substr(b.find("article-body"));
    EXPECT_FALSE(contains(body, "<script"));
    EXPECT_FALSE(contains(body, "onclick"));
    EXPECT_FALSE(contains(body, "javascript:"));
    EXPECT_TRUE(contains(body, "安全"));
}

TEST_F(PortalTest, NeighboursStayInTheCategoryAndSkipHiddenArticles) {
    auto middle = server.get("/news/policy/102.html").body();
    EXPECT_TRUE(contains(
        middle, "上一篇:<a href=\"/news/policy/101.html\" rel=\"prev\">第一篇政策解读</a>"));
    EXPECT_TRUE(contains(
        middle, "下一篇:<a href=\"/news/policy/103.html\" rel=\"next\">第三篇政策解读</a>"));
    // 103 is the newest visible policy article: the draft and the scheduled one do not count,
    // and 104 belongs to the child category.
    auto last = server.get("/news/policy/103.html").body();
    EXPECT_TRUE(contains(last, "下一篇:<span>没有了</span>"));
    auto only = server.get("/news/policy/local/104.html").body();
    EXPECT_TRUE(contains(only, "上一篇:<span>没有了</span>"));
    EXPECT_TRUE(contains(only, "下一篇:<span>没有了</span>"));
}

TEST_F(PortalTest, WrongCategoryPathRedirectsToTheCanonicalArticle) {
    for (const char* wrong :
         {"/news/knowledge/102.html", "/news/102.html", "/news/policy/local/102.html"}) {
        auto res = server.get(wrong);
        EXPECT_EQ(res.result_int(), 301) << wrong;
        EXPECT_EQ(res[http::field::location], "/news/policy/102.html") << wrong;
    }
    EXPECT_EQ(server.get("/news/policy/999.html").result_int(), 404);
    EXPECT_EQ(server.get("/news/policy/abc.html").result_int(), 404);
}

TEST_F(PortalTest, DraftsAndScheduledArticlesAreHiddenUntilDue) {
    EXPECT_EQ(server.get("/news/policy/106.html").result_int(), 404);
    auto scheduled = server.get("/news/policy/107.html");
    EXPECT_EQ(scheduled.result_int(), 404);
    EXPECT_TRUE(contains(scheduled.body(), "没有找到这篇文章"));

    server.clock().advance(std::chrono::hours(2));

    EXPECT_EQ(server.get("/news/policy/107.html").result_int(), 200);
    EXPECT_EQ(server.get("/news/policy/106.html").result_int(), 404);
    auto section = server.get("/news/").body();
    EXPECT_TRUE(contains(section, "全部 <span class=\"count\">31</span>"));
    EXPECT_TRUE(contains(section, "等保政策 <span class=\"count\">5</span>"));
    EXPECT_TRUE(
        contains(server.get("/news/policy/103.html").body(),
                 "下一篇:<a href=\"/news/policy/107.html\" rel=\"next\">一小时后发布的通知</a>"));
}

std::string shown_views(const std::string& body) {
    const std::string marker = "<span class=\"view-count\">";
    const auto start = body.find(marker) + marker.size();
    return body.substr(start, body.find('<', start) - start);
}

TEST_F(PortalTest, ViewsCountVisitorsButNotHeadOrCrawlers) {
    EXPECT_EQ(shown_views(server.get("/news/policy/102.html").body()), "1");
    EXPECT_EQ(shown_views(server.get("/news/policy/102.html").body()), "2");
    EXPECT_EQ(server.request(http::verb::head, "/news/policy/102.html").result_int(), 200);
    for (const char* bot :
         {"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Sogou web spider/4.0", "Mozilla/5.0 (compatible; Bytespider)", ""}) {
        EXPECT_EQ(server.request(http::verb::get, "/news/policy/102.html", bot).result_int(), 200);
    }
    EXPECT_EQ(shown_views(server.get("/news/policy/102.html").body()), "3");
}

TEST_F(PortalTest, ViewsReachTheStoreInBatchesAndSurviveARestart) {
    server.get("/news/policy/101.html");
    server.get("/news/policy/101.html");
    auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
    EXPECT_EQ(store->articles().find_article(101)->views, 100);  // nothing written per view
    EXPECT_EQ(server.app().flush_views(), 1u);
    EXPECT_EQ(store->articles().find_article(101)->views, 102);
    server.get("/news/policy/101.html");
    server.stop();  // shutdown flushes what is pending
    EXPECT_EQ(store->articles().find_article(101)->views, 103);
    server.start();
    EXPECT_EQ(shown_views(server.get("/news/policy/101.html").body()), "104");
}

TEST_F(PortalTest, AFailedFlushKeepsTheViewsForTheNextOne) {
    server.get("/news/policy/101.html");
    server.get("/news/policy/101.html");
    const auto rename = [&](const char* sql) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    };
    rename("ALTER TABLE articles RENAME TO articles_away");
    EXPECT_THROW(server.app().flush_views(), std::exception);
    rename("ALTER TABLE articles_away RENAME TO articles");
    EXPECT_EQ(server.app().flush_views(), 1u);
    auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
    EXPECT_EQ(store->articles().find_article(101)->views, 102);  // nothing lost, nothing doubled
}

TEST_F(PortalTest, KeywordPages) {
    auto res = server.get("/tag/%E7%AD%89%E4%BF%9D/");
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_TRUE(contains(res.body(), "关键词：等保"));
    EXPECT_TRUE(contains(res.body(), "第一篇政策解读"));
    auto common = server.get("/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/");
    ASSERT_EQ(common.result_int(), 200);
    EXPECT_TRUE(contains(common.body(), "共 30 篇相关文章"));
    EXPECT_EQ(server.get("/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/?page=2").result_int(), 200);
    EXPECT_EQ(server.get("/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/?page=3").result_int(), 404);
    EXPECT_EQ(server.get("/tag/%E4%B8%8D%E5%AD%98%E5%9C%A8/").result_int(), 404);
}

TEST_F(PortalTest, HealthQrAndStaticAssets) {
    auto health = server.get("/healthz");
    EXPECT_EQ(health.result_int(), 200);
    EXPECT_EQ(nlohmann::json::parse(health.body())["store"], "ok");

    auto qr = server.get("/wechat-qr.svg");
    ASSERT_EQ(qr.result_int(), 200);
    EXPECT_EQ(qr[http::field::content_type], "image/svg+xml");
    EXPECT_TRUE(qr.body().starts_with("<svg"));
    http::request<http::string_body> conditional;
    auto css = server.get("/static/css/site.css");
    ASSERT_EQ(css.result_int(), 200);
    EXPECT_EQ(css[http::field::content_type], "text/css; charset=utf-8");
    ASSERT_FALSE(css[http::field::etag].empty());
    EXPECT_EQ(server.get("/static/css/nope.css").result_int(), 404);
    // Dot segments never reach a handler, encoded or not.
    EXPECT_EQ(server.get("/static/../CMakeLists.txt").result_int(), 400);
    EXPECT_EQ(server.get("/static/%2e%2e/CMakeLists.txt").result_int(), 400);
    EXPECT_EQ(server.get("/static/css%2F..%2F..%2FCMakeLists.txt").result_int(), 400);
}

TEST_F(PortalTest, ConditionalRequestsAnswerNotModified) {
    const auto etag = std::string(server.get("/static/css/site.css")[http::field::etag]);
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    http::request<http::string_body> req{http::verb::get, "/static/css/site.css", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::if_none_match, etag);
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 304);
    EXPECT_TRUE(res.body().empty());
}

TEST_F(PortalTest, ErrorsArePagesInChinese) {
    auto missing = server.get("/no-such-section/");
    EXPECT_EQ(missing.result_int(), 404);
    EXPECT_TRUE(contains(missing.body(), "lang=\"zh-CN\""));
    auto method = server.request(http::verb::delete_, "/news/");
    EXPECT_EQ(method.result_int(), 405);
    EXPECT_EQ(method[http::field::allow], "GET, HEAD");
    EXPECT_EQ(server.get("/news/%00/").result_int(), 400);
    EXPECT_EQ(server.get("/news/%FF/").result_int(), 400);
}

TEST_F(PortalTest, SecurityHeadersOnEveryPage) {
    auto res = server.get("/news/policy/101.html");
    EXPECT_TRUE(contains(std::string(res["Content-Security-Policy"]), "script-src 'self'"));
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_FALSE(res["X-Request-Id"].empty());
}

TEST_F(PortalTest, ABrokenStoreAnswers500WithTheRequestId) {
    // Break the store under the running server: a table it reads disappears.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP TABLE article_keywords", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    auto res = server.get("/news/policy/101.html");
    EXPECT_EQ(res.result_int(), 500);
    const std::string id(res["X-Request-Id"]);
    ASSERT_FALSE(id.empty());
    EXPECT_TRUE(contains(res.body(), "服务器内部错误"));
    EXPECT_TRUE(contains(res.body(), id));
    EXPECT_FALSE(contains(res.body(), "article_keywords"));  // the detail stays in the log
    // The server itself keeps going.
    EXPECT_EQ(server.get("/healthz").result_int(), 200);
}

/// Sends raw bytes and reads one response.
Response raw_exchange(unsigned short port, const std::string& bytes) {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    stream.expires_after(std::chrono::seconds(10));
    boost::asio::write(stream, boost::asio::buffer(bytes));
    boost::beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    return res;
}

TEST_F(PortalTest, OversizedHeadersAnd431) {
    const std::string big(16 * 1024, 'a');
    auto res =
        raw_exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n");
    EXPECT_EQ(res.result_int(), 431);
    EXPECT_TRUE(contains(res.body(), "请求头过大"));
}

TEST_F(PortalTest, OversizedBodiesAnd413) {
    auto res = raw_exchange(
        server.port(),
        "POST /callback HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\nphone=1");
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_TRUE(contains(res.body(), "内容过大"));
}

TEST_F(PortalTest, ASlowClientDoesNotBlockOthers) {
    // One connection sends half a request and stalls; the server must keep answering others.
    boost::asio::io_context io;
    boost::beast::tcp_stream slow(io);
    slow.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    boost::asio::write(slow,
                       boost::asio::buffer(std::string("GET /news/ HTTP/1.1\r\nHost: x\r\n")));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(server.get("/healthz").result_int(), 200);
}

TEST_F(PortalTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    stream.expires_after(std::chrono::seconds(10));
    // Pipelined: both requests are sent before either answer is read.
    boost::asio::write(
        stream,
        boost::asio::buffer(std::string(
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /news/ HTTP/1.1\r\nHost: x\r\n\r\n")));
    boost::beast::flat_buffer buffer;
    Response first, second;
    http::read(stream, buffer, first);
    http::read(stream, buffer, second);
    EXPECT_EQ(first.result_int(), 200);
    EXPECT_EQ(second.result_int(), 200);
    EXPECT_TRUE(first.keep_alive());
    EXPECT_TRUE(contains(second.body(), "等保资讯"));
}

}  // namespace
}  // namespace gp::test
