#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "content/rfc3339.hpp"
#include "pagecache/page_body.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using nlohmann::json;
constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kDay = 86400;
constexpr const char* kBrowser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";

std::string at(std::int64_t t) {
    return content::format_rfc3339(content::Time{std::chrono::seconds{t}}, std::chrono::minutes{0});
}

json article(std::int64_t id, std::string title, std::string category, std::int64_t t,
             std::vector<std::string> keywords = {"网络安全"}) {
    return {{"id", id},
            {"title", std::move(title)},
            {"category", std::move(category)},
            {"published_at", at(t)},
            {"keywords", keywords},
            {"source", "本站编辑部"},
            {"body_html", "<h2>一、概述</h2><p>等级保护测评的要求与流程。</p>"},
            {"views", 100}};
}

/// Two sections: news (policy, knowledge) and service; policy's three articles are neighbours in
/// time order 301 < 302 < 303; 309 is scheduled an hour after kT0.
std::string fixture() {
    json doc;
    doc["categories"] = json::array({
        {{"slug", "news"}, {"name", "等保资讯"}, {"parent", nullptr}},
        {{"slug", "policy"}, {"name", "等保政策"}, {"parent", "news"}},
        {{"slug", "knowledge"}, {"name", "等保知识"}, {"parent", "news"}},
        {{"slug", "service"}, {"name", "测评服务"}, {"parent", nullptr}},
    });
    doc["articles"] = json::array({
        article(301, "政策解读甲", "policy", kT0 - 3 * kDay, {"等保", "网络安全"}),
        article(302, "政策解读乙", "policy", kT0 - 2 * kDay),
        article(303, "政策解读丙", "policy", kT0 - 1 * kDay),
        article(311, "知识讲座", "knowledge", kT0 - 5 * kDay, {"测评"}),
        article(321, "测评服务介绍", "service", kT0 - 4 * kDay, {"服务"}),
        article(309, "定时发布的通知", "policy", kT0 + 3600),
    });
    return doc.dump();
}

bool has(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string view_count(const std::string& html) {
    static const std::regex re("view-count\">([0-9]+)<");
    std::smatch m;
    return std::regex_search(html, m, re) ? m[1].str() : "";
}

class PageCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.settings().site.base_url = "https://www.dengbao.example";
        server.import(fixture());
        server.start();
        ASSERT_NE(server.app().page_cache(), nullptr);
    }

    Response get(const std::string& target, const std::string& accept_encoding = {},
                 const std::string& if_none_match = {}, const std::string& agent = kBrowser) {
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::user_agent, agent);
        if (!accept_encoding.empty()) req.set(http::field::accept_encoding, accept_encoding);
        if (!if_none_match.empty()) req.set(http::field::if_none_match, if_none_match);
        return server.send(std::move(req));
    }
    bool cached(const std::string& target) {
        return server.app().page_cache()->find(target) != nullptr;
    }
    /// Writes to the store as another process would (the triggers log the change).
    void sql(const char* statement) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, statement, nullptr, nullptr, &error), SQLITE_OK)
            << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
    }
    std::int64_t sql_count(const char* query) {
        sqlite3* db = nullptr;
        sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, query, -1, &st, nullptr);
        sqlite3_step(st);
        const auto n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return n;
    }
    /// Warms the cache with the pages the tests look at.
    void visit_all() {
        for (const auto* t :
             {"/", "/news/", "/news/policy/", "/news/knowledge/", "/service/",
              "/news/policy/301.html", "/news/policy/302.html", "/news/policy/303.html",
              "/news/knowledge/311.html", "/service/321.html",
              "/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/", "/tag/%E6%B5%8B%E8%AF%84/", "/rss.xml",
              "/news/rss.xml", "/service/rss.xml", "/sitemap.xml"}) {
            ASSERT_EQ(get(t).result_int(), 200) << t;
            ASSERT_TRUE(cached(t)) << t;
        }
    }

    TestServer server{content::Time{std::chrono::seconds{kT0}}};
};

TEST_F(PageCacheTest, ConditionalRequestAnswers304WithoutABody) {
    const auto first = get("/news/policy/302.html");
    ASSERT_EQ(first.result_int(), 200);
    const std::string etag(first[http::field::etag]);
    EXPECT_TRUE(etag.starts_with("W/\"")) << etag;
    EXPECT_EQ(first[http::field::vary], "Accept-Encoding");
    const auto again = get("/news/policy/302.html", "gzip", etag);
    EXPECT_EQ(again.result_int(), 304);
    EXPECT_TRUE(again.body().empty());
    EXPECT_EQ(again[http::field::etag], etag);
    EXPECT_EQ(get("/news/policy/302.html", "", "W/\"other\"").result_int(), 200);
    // The same validator for every encoding of the page (a weak one, with Vary).
    EXPECT_EQ(get("/news/policy/302.html", "gzip")[http::field::etag], etag);
    const auto home = get("/");
    EXPECT_EQ(get("/", "br", std::string(home[http::field::etag])).result_int(), 304);
}

TEST_F(PageCacheTest, GzipAndBrotliVariantsCarryTheSameBytes) {
    const auto plain = get("/news/");
    ASSERT_EQ(plain.result_int(), 200);
    EXPECT_EQ(plain[http::field::content_encoding], "");
    const auto gz = get("/news/", "gzip, deflate");
    EXPECT_EQ(gz[http::field::content_encoding], "gzip");
    EXPECT_EQ(pagecache::gzip_decompress(gz.body()), plain.body());
    const auto br = get("/news/", "gzip, deflate, br");
    EXPECT_EQ(br[http::field::content_encoding], "br");
    EXPECT_EQ(pagecache::brotli_decompress(br.body()), plain.body());
    EXPECT_LT(br.body().size(), plain.body().size() / 3);
    // The security headers of a rendered page are kept with the cached one.
    EXPECT_FALSE(br["Content-Security-Policy"].empty());
    EXPECT_EQ(br[http::field::content_type], "text/html; charset=utf-8");
    // Stylesheets are compressed too, images are not.
    const auto css = get("/static/css/site.css", "gzip");
    EXPECT_EQ(css[http::field::content_encoding], "gzip");
}

TEST_F(PageCacheTest, ViewCountsStayRightOnACachedArticle) {
    const std::string url = "/news/policy/302.html";
    EXPECT_EQ(view_count(get(url).body()), "101");  // stored 100, this view included
    ASSERT_TRUE(cached(url));
    EXPECT_EQ(view_count(get(url).body()), "102");
    // gzip: the count is spliced into the compressed stream.
    EXPECT_EQ(view_count(pagecache::gzip_decompress(get(url, "gzip").body())), "103");
    // Brotli clients get gzip for a page with a per-request count.
    const auto br = get(url, "br, gzip");
    EXPECT_EQ(br[http::field::content_encoding], "gzip");
    EXPECT_EQ(view_count(pagecache::gzip_decompress(br.body())), "104");
    // Crawlers and HEAD do not count.
    EXPECT_EQ(view_count(get(url, "", "", "Mozilla/5.0 (compatible; Baiduspider/2.0)").body()),
              "104");
    EXPECT_EQ(server.request(http::verb::head, url).result_int(), 200);
    // Written to the store: the cached page neither loses nor doubles them.
    server.app().flush_views();
    EXPECT_EQ(sql_count("SELECT views FROM articles WHERE id = 302"), 104);
    EXPECT_EQ(view_count(get(url).body()), "105");
    EXPECT_TRUE(cached(url));
    // A 304 is a view too (the reader's browser revalidated the page).
    const std::string etag(get(url)[http::field::etag]);
    EXPECT_EQ(get(url, "", etag).result_int(), 304);
    EXPECT_EQ(view_count(get(url).body()), "108");
}

TEST_F(PageCacheTest, ViewCountsAreNotContentChanges) {
    get("/news/policy/302.html");
    const auto before = sql_count("SELECT count(*) FROM content_changes");
    server.app().flush_views();
    EXPECT_EQ(sql_count("SELECT count(*) FROM content_changes"), before);
    EXPECT_EQ(server.app().check_content_changes(), 0u);
    EXPECT_TRUE(cached("/news/policy/302.html"));
}

TEST_F(PageCacheTest, AnImportedArticleDropsExactlyThePagesItAppearsOn) {
    visit_all();
    // Served from memory until the change log is read: the import is another process.
    json doc;
    doc["articles"] = json::array({article(304, "新发布的政策", "policy", kT0 - 3600, {"测评"})});
    server.import(doc.dump());
    EXPECT_FALSE(has(get("/news/policy/").body(), "新发布的政策"));
    EXPECT_GT(server.app().check_content_changes(), 0u);

    for (const auto* t :
         {"/", "/news/", "/news/policy/", "/news/knowledge/", "/news/policy/303.html",
          "/tag/%E6%B5%8B%E8%AF%84/", "/rss.xml", "/news/rss.xml", "/sitemap.xml"}) {
        EXPECT_FALSE(cached(t)) << t << " shows the new article, its count or a link to it";
    }
    for (const auto* t :
         {"/service/", "/news/policy/301.html", "/news/policy/302.html", "/news/knowledge/311.html",
          "/service/321.html", "/service/rss.xml", "/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/"}) {
        EXPECT_TRUE(cached(t)) << t << " does not show it";
    }
    EXPECT_TRUE(has(get("/news/policy/").body(), "新发布的政策"));
    EXPECT_TRUE(has(get("/news/policy/303.html").body(), "/news/policy/304.html"));
    EXPECT_TRUE(has(get("/tag/%E6%B5%8B%E8%AF%84/").body(), "新发布的政策"));
    EXPECT_TRUE(has(get("/").body(), "新发布的政策"));
}

TEST_F(PageCacheTest, AnEditedTitleReachesItsNeighboursListsAndKeywordPages) {
    visit_all();
    sql("UPDATE articles SET title = '政策解读乙（修订）' WHERE id = 302");
    EXPECT_FALSE(has(get("/news/policy/301.html").body(), "（修订）")) << "not read yet";
    server.app().check_content_changes();
    for (const auto* t :
         {"/news/policy/302.html", "/news/policy/301.html", "/news/policy/303.html", "/news/",
          "/news/policy/", "/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/", "/"}) {
        EXPECT_TRUE(has(get(t).body(), "政策解读乙（修订）")) << t;
    }
    // Every other article lists 302 among its related articles, so only pages that show no
    // link to it stay: the other section's list.
    EXPECT_TRUE(cached("/service/"));
    EXPECT_FALSE(cached("/service/321.html"));
}

TEST_F(PageCacheTest, ChangedKeywordsDropTheOldAndTheNewKeywordPages) {
    visit_all();
    sql("UPDATE article_keywords SET keyword = '测评' WHERE article_id = 302");
    server.app().check_content_changes();
    EXPECT_FALSE(cached("/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/"));
    EXPECT_FALSE(cached("/tag/%E6%B5%8B%E8%AF%84/"));
    EXPECT_FALSE(cached("/news/policy/302.html"));
    EXPECT_TRUE(cached("/service/"));
    EXPECT_TRUE(has(get("/tag/%E6%B5%8B%E8%AF%84/").body(), "政策解读乙"));
    EXPECT_FALSE(has(get("/tag/%E7%BD%91%E7%BB%9C%E5%AE%89%E5%85%A8/").body(), "政策解读乙"));
}

TEST_F(PageCacheTest, ADeletedArticleIsGoneAndItsNeighboursRelink) {
    visit_all();
    sql("DELETE FROM article_keywords WHERE article_id = 302; DELETE FROM articles WHERE id = 302");
    server.app().check_content_changes();
    EXPECT_EQ(get("/news/policy/302.html").result_int(), 404);
    EXPECT_TRUE(has(get("/news/policy/301.html").body(), "/news/policy/303.html"));
    EXPECT_TRUE(has(get("/news/policy/303.html").body(), "/news/policy/301.html"));
    EXPECT_FALSE(has(get("/news/policy/").body(), "政策解读乙"));
    EXPECT_TRUE(cached("/service/"));
}

TEST_F(PageCacheTest, ADeletedArticleLeavesTheRelatedListsOfCachedPages) {
    visit_all();
    // The service page lists the policy articles as related (they share their body's terms).
    ASSERT_TRUE(has(get("/service/321.html").body(), "/news/policy/302.html"));
    sql("DELETE FROM article_keywords WHERE article_id = 302; DELETE FROM articles WHERE id = 302");
    server.app().check_content_changes();
    EXPECT_FALSE(cached("/service/321.html"));
    EXPECT_FALSE(has(get("/service/321.html").body(), "/news/policy/302.html"));
    EXPECT_TRUE(cached("/service/"));
}

TEST_F(PageCacheTest, CategoryChangesDropEveryPage) {
    visit_all();
    sql("UPDATE categories SET name = '测评与整改' WHERE slug = 'service'");
    server.app().check_content_changes();
    EXPECT_EQ(server.app().page_cache()->size(), 0u);
    EXPECT_TRUE(has(get("/news/policy/301.html").body(), "测评与整改"));
}

TEST_F(PageCacheTest, ANewCategoryAndAChangedSlugAreFoundAfterTheCheck) {
    visit_all();
    // Uncached pages read the kept category tree too: it follows the change log like pages.
    sql("INSERT INTO categories (slug, name, parent_id, sort_order) VALUES ('cases', '测评案例', "
        "NULL, 9); UPDATE categories SET slug = 'rules' WHERE slug = 'policy'");
    server.app().check_content_changes();
    const auto section = get("/cases/");
    EXPECT_EQ(section.result_int(), 200);
    EXPECT_TRUE(has(section.body(), "测评案例"));
    EXPECT_EQ(get("/news/policy/").result_int(), 404);
    EXPECT_EQ(get("/news/rules/").result_int(), 200);
    const auto moved = get("/news/policy/301.html");
    EXPECT_EQ(moved.result_int(), 301);
    EXPECT_EQ(moved[http::field::location], "/news/rules/301.html");
    EXPECT_TRUE(has(get("/news/rules/301.html").body(), "测评案例"));
}

TEST_F(PageCacheTest, AScheduledArticleDropsItsPagesAtItsTimeWithoutAVisit) {
    visit_all();
    EXPECT_FALSE(has(get("/news/policy/").body(), "定时发布的通知"));
    server.clock().advance(std::chrono::seconds(3599));
    server.app().check_content_changes();
    EXPECT_TRUE(cached("/news/policy/"));
    server.clock().advance(std::chrono::seconds(2));
    // What the server's timer runs: the pages go before anyone asks for them.
    server.app().check_content_changes();
    EXPECT_FALSE(cached("/news/policy/"));
    EXPECT_FALSE(cached("/"));
    EXPECT_FALSE(cached("/news/policy/303.html"));
    EXPECT_TRUE(cached("/service/"));
    EXPECT_TRUE(has(get("/news/policy/").body(), "定时发布的通知"));
    EXPECT_TRUE(has(get("/news/policy/303.html").body(), "/news/policy/309.html"));
}

TEST_F(PageCacheTest, AScheduledArticleIsNeverHiddenByAStalePageBeforeTheTimerRuns) {
    visit_all();
    server.clock().advance(std::chrono::seconds(7200));
    // No check_content_changes(): the first request after the moment finds it due itself.
    EXPECT_TRUE(has(get("/news/policy/").body(), "定时发布的通知"));
    EXPECT_TRUE(has(get("/").body(), "定时发布的通知"));
    EXPECT_EQ(get("/news/policy/309.html").result_int(), 200);
}

TEST_F(PageCacheTest, PagesAreRenderedAgainLongBeforeTheirFormTokenExpires) {
    const auto token = [&] {
        static const std::regex re("name=\"csrf\" value=\"([^\"]+)\"");
        std::smatch m;
        const auto body = get("/service/").body();
        return std::regex_search(body, m, re) ? m[1].str() : std::string{};
    };
    const auto first = token();
    ASSERT_FALSE(first.empty());
    server.clock().advance(std::chrono::seconds(60));
    EXPECT_EQ(token(), first) << "served from the cache";
    server.clock().advance(server.settings().cache.max_age);
    EXPECT_NE(token(), first) << "rendered again with a fresh token";
    EXPECT_LE(server.settings().cache.max_age * 2, server.settings().leads.form_token_lifetime);
}

TEST_F(PageCacheTest, TheHostHeaderCannotChooseTheLinksOfACachedPage) {
    http::request<http::string_body> req{http::verb::get, "/news/", 11};
    req.set(http::field::host, "evil.example");
    const auto res = server.send(std::move(req));
    EXPECT_TRUE(has(res.body(), "https://www.dengbao.example/news/"));
    EXPECT_FALSE(has(res.body(), "evil.example"));
    EXPECT_FALSE(has(get("/news/").body(), "evil.example"));
}

TEST_F(PageCacheTest, OddQueryStringsAreAnsweredButNotKept) {
    const auto size = server.app().page_cache()->size();
    const auto res = get("/news/policy/302.html?utm_source=wechat");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(view_count(res.body()), "101");
    EXPECT_EQ(get("/news/?page=1").result_int(), 200);
    EXPECT_EQ(server.app().page_cache()->size(), size);
    EXPECT_EQ(get("/news/?page=x").result_int(), 400);
    EXPECT_EQ(get("/no-such-page/").result_int(), 404);
    EXPECT_EQ(server.app().page_cache()->size(), size);
}

TEST(PageCacheOff, WithoutABaseUrlNothingIsCached) {
    TestServer server{content::Time{std::chrono::seconds{kT0}}};
    server.import(fixture());
    server.start();
    EXPECT_EQ(server.app().page_cache(), nullptr);
    const auto res = server.get("/news/policy/302.html");
    EXPECT_EQ(view_count(res.body()), "101");
    EXPECT_EQ(res[http::field::vary], "");
}

}  // namespace
}  // namespace gp::test
