// The search page and related articles over HTTP, on the ranking fixture corpus.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/sqlite/sqlite_store.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

std::string corpus() {
    std::ifstream in(GP_SOURCE_DIR "/tests/fixtures/search/corpus.json", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c)) {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

class SearchPageTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.import(corpus());
        // With a base URL the page cache is on, as on a deployed site.
        server.settings().site.base_url = "https://www.dengbao.example";
        server.start();
    }
    Response search(const std::string& q, const std::string& extra = "") {
        return server.get("/search?q=" + encode(q) + extra);
    }
    TestServer server;
};

TEST_F(SearchPageTest, RanksHighlightsAndCounts) {
    const auto res = search("定级备案");
    ASSERT_EQ(res.result_int(), 200);
    const auto& body = res.body();
    EXPECT_TRUE(contains(body, "找到与“<strong>定级备案</strong>”相关的文章"));
    const auto first = body.find("<h2><a href=\"");
    ASSERT_NE(first, std::string::npos);
    EXPECT_EQ(body.substr(first, 32), "<h2><a href=\"/faq/2.html\"><mark>");
    EXPECT_TRUE(contains(body, "<mark>定级备案</mark>怎么办理？所需材料一览"));
    EXPECT_EQ(res["X-Robots-Tag"], "noindex");
}

TEST_F(SearchPageTest, TheQueryIsReflectedEscaped) {
    const auto res = search("<script>alert(1)</script>");
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_FALSE(contains(res.body(), "<script>alert(1)"));
    EXPECT_TRUE(contains(res.body(), "&lt;script&gt;alert(1)&lt;/script&gt;"));
    // A title that spells the query is escaped around its mark.
    const auto markup = search("<script>");
    EXPECT_TRUE(contains(markup.body(), "防范&lt;<mark>script</mark>&gt;注入"));
}

TEST_F(SearchPageTest, EmptyOverLongAndMalformedQueriesGetFriendlyPages) {
    const auto empty = server.get("/search");
    EXPECT_EQ(empty.result_int(), 200);
    EXPECT_TRUE(contains(empty.body(), "请输入要搜索的词语"));
    const auto blank = server.get("/search?q=%20%20");
    EXPECT_EQ(blank.result_int(), 200);
    std::string long_query;
    for (int i = 0; i < 101; ++i) long_query += "等";
    const auto too_long = search(long_query);
    EXPECT_EQ(too_long.result_int(), 400);
    EXPECT_TRUE(contains(too_long.body(), "搜索词太长了"));
    EXPECT_EQ(server.get("/search?q=%FF%FE").result_int(), 400);
    EXPECT_EQ(search("测评", "&page=abc").result_int(), 400);
    EXPECT_EQ(search("测评", "&page=99").result_int(), 404);
    const auto nothing = search("量子纠缠");
    EXPECT_EQ(nothing.result_int(), 200);
    EXPECT_TRUE(contains(nothing.body(), "没有找到与“<strong>量子纠缠</strong>”相关的文章"));
    const auto punctuation = search("，。！");
    EXPECT_EQ(punctuation.result_int(), 200);
    const auto syntax = search("\" AND ( NEAR *");
    EXPECT_EQ(syntax.result_int(), 200);
}

TEST_F(SearchPageTest, CategoryFilterAndPaging) {
    const auto res = search("测评", "&category=faq");
    ASSERT_EQ(res.result_int(), 200);
    const auto& body = res.body();
    std::size_t at = 0;
    int links = 0;
    while ((at = body.find("<h2><a href=\"", at)) != std::string::npos) {
        at += 13;
        EXPECT_EQ(body.substr(at, 5), "/faq/");
        ++links;
    }
    EXPECT_GT(links, 0);
    EXPECT_TRUE(contains(body, "在“常见问题”中"));
    EXPECT_EQ(search("测评", "&category=nowhere").result_int(), 400);
    // "安全" matches more than ten articles: a second page linked with the query kept.
    const auto first = search("安全");
    EXPECT_TRUE(contains(first.body(), "href=\"/search?q=%E5%AE%89%E5%85%A8&amp;page=2\""));
    const auto second = search("安全", "&page=2");
    EXPECT_EQ(second.result_int(), 200);
    EXPECT_TRUE(contains(second.body(), "rel=\"prev\""));
}

TEST_F(SearchPageTest, QueriesAreCountedWithoutPersonalData) {
    search("定级备案");
    search("定级备案");
    search("  定级备案 ");
    search("定级备案", "&page=1");
    search("量子纠缠");
    search("安全", "&page=2");  // later pages are the same search
    EXPECT_GE(server.app().flush_queries(), 2u);
    auto& stats = server.app().store().search_stats();
    const auto top = stats.top_queries(10);
    ASSERT_FALSE(top.empty());
    EXPECT_EQ(top.front().query, "定级备案");
    EXPECT_EQ(top.front().searches, 4);
    const auto zero = stats.zero_hit_queries(10);
    ASSERT_EQ(zero.size(), 1u);
    EXPECT_EQ(zero.front().query, "量子纠缠");
    for (const auto& q : top) EXPECT_NE(q.query, "安全");
}

TEST_F(SearchPageTest, ResultPagesAreKeptAndDroppedByArticleAndSynonymChanges) {
    const auto target = "/search?q=" + encode("复测");
    const auto first = server.get(target);
    ASSERT_EQ(first.result_int(), 200);
    ASSERT_NE(server.app().page_cache()->find(target), nullptr);
    EXPECT_EQ(server.get(target).body(), first.body());
    // Other spellings of a search are answered but not kept.
    EXPECT_EQ(search("复测", "&utm=1").result_int(), 200);
    EXPECT_EQ(server.app().page_cache()->find(target + "&utm=1"), nullptr);
    // Every answer counts, kept or not.
    server.app().flush_queries();
    const auto top = server.app().store().search_stats().top_queries(10);
    ASSERT_FALSE(top.empty());
    EXPECT_EQ(top.front().query, "复测");
    EXPECT_EQ(top.front().searches, 3);

    server.import(R"({"articles": [{"id": 42, "title": "复测常见问题汇总",
        "category": "faq", "published_at": "2025-12-01T09:00:00+08:00", "keywords": ["复测"],
        "source": "本站", "status": "published", "body_html": "<p>复测的申请时间和材料。</p>"}]})");
    server.app().check_content_changes();
    EXPECT_EQ(server.app().page_cache()->find(target), nullptr);
    EXPECT_TRUE(contains(server.get(target).body(), "常见问题汇总"));

    // 回归测试 finds nothing until it joins 复测's group; the kept page must not hide that.
    const auto other = "/search?q=" + encode("回归测试");
    EXPECT_FALSE(contains(server.get(other).body(), "常见问题汇总"));
    ASSERT_NE(server.app().page_cache()->find(other), nullptr);
    store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}})
        ->synonyms()
        .add_synonyms({"复测", "回归测试"});
    server.app().check_content_changes();
    EXPECT_EQ(server.app().page_cache()->find(other), nullptr);
    EXPECT_TRUE(contains(server.get(other).body(), "常见问题汇总"));
}

TEST_F(SearchPageTest, ArticlePagesListRelatedArticles) {
    const auto res = server.get("/faq/19.html");
    ASSERT_EQ(res.result_int(), 200);
    const auto& body = res.body();
    const auto section = body.find("<section class=\"related\"");
    ASSERT_NE(section, std::string::npos);
    const auto end = body.find("</section>", section);
    const auto related = body.substr(section, end - section);
    EXPECT_TRUE(contains(related, "<li><a href=\""));
    EXPECT_FALSE(contains(related, "/faq/19.html"));
    EXPECT_FALSE(contains(related, "星河计划"));
    EXPECT_FALSE(contains(related, "月影计划"));
}

TEST_F(SearchPageTest, ANewArticleEntersItsPeersListsAndTheirCachedPagesAreDropped) {
    // Work out every list, as the server's background pass does.
    for (int pass = 0; pass < 10 && server.app().refresh_related() > 0; ++pass) {
    }
    ASSERT_EQ(server.app().refresh_related(), 0u);
    const std::string page = "/faq/19.html";
    ASSERT_EQ(server.get(page).result_int(), 200);
    ASSERT_NE(server.app().page_cache()->find(page), nullptr);

    server.import(R"({"articles": [{"id": 41, "title": "复测申请材料清单：整改完成后提交复测",
        "category": "faq", "published_at": "2025-12-01T09:00:00+08:00", "keywords": ["复测", "整改"],
        "source": "本站", "status": "published", "body_html":
        "<p>整改完成后申请复测，需要提交整改报告和整改证据。</p><p>复测只针对不符合项，测评机构核验整改证据后出具复测结论。</p>"}]})");
    server.app().check_content_changes();
    // Until the pass, the page shows the list kept for it.
    EXPECT_FALSE(contains(server.get(page).body(), "复测申请材料清单"));
    ASSERT_NE(server.app().page_cache()->find(page), nullptr);

    EXPECT_GE(server.app().refresh_related(), 2u);
    EXPECT_EQ(server.app().page_cache()->find(page), nullptr);
    EXPECT_TRUE(contains(server.get(page).body(), "复测申请材料清单"));
    EXPECT_TRUE(contains(server.get("/faq/41.html").body(), "/faq/19.html"));
}

}  // namespace
}  // namespace gp::test
