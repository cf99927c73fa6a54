#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <nlohmann/json.hpp>

#include "content/rfc3339.hpp"
#include "run_binary.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using nlohmann::json;
constexpr std::int64_t kT0 = 1767225600;
constexpr std::int64_t kDay = 86400;
const std::string kBase = "https://www.guardpress.example";

std::string at(std::int64_t t) {
    return content::format_rfc3339(content::Time{std::chrono::seconds{t}}, std::chrono::minutes{0});
}

std::string site() {
    json doc;
    doc["categories"] = json::array({
        {{"slug", "news"},
         {"name", "等保资讯"},
         {"parent", nullptr},
         {"subtitle", "了解最新等保资讯及等保政策"}},
        {{"slug", "policy"}, {"name", "等保政策"}, {"parent", "news"}},
        {{"slug", "knowledge"}, {"name", "等保知识"}, {"parent", "news"}},
    });
    json arts = json::array();
    const auto add = [&](int id, std::string title, std::string cat, std::int64_t t,
                         std::string status = "published") {
        arts.push_back(
            {{"id", id},
             {"title", std::move(title)},
             {"category", std::move(cat)},
             {"published_at", at(t)},
             {"keywords", {"等级保护"}},
             {"source", "本站原创"},
             {"body_html", "<p>正文 & 要点</p><p><img src=\"/media/chart.png\" alt=\"图\"></p>"},
             {"status", std::move(status)}});
    };
    add(101, "政策解读：定级备案<新规>", "policy", kT0 - 3 * kDay);
    arts[0]["source_url"] = "https://news.guardpress.example/a/101";
    for (int i = 0; i < 24; ++i)
        add(200 + i, "知识第" + std::to_string(i + 1) + "讲", "knowledge",
            kT0 - 20 * kDay + i * 3600);
    add(106, "未完成草稿", "policy", kT0 - kDay, "draft");
    add(107, "定时发布的公告", "policy", kT0 + 3600);
    doc["articles"] = arts;
    return doc.dump();
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1))
        ++n;
    return n;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// The text of every node an XPath expression selects in a well-formed XML document; fails the
/// test when the document does not parse.
std::vector<std::string> xpath(const std::string& xml, const char* expression,
                               std::vector<std::pair<const char*, const char*>> ns = {}) {
    std::vector<std::string> out;
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    EXPECT_NE(doc, nullptr) << "not well-formed XML:\n" << xml.substr(0, 300);
    if (!doc) return out;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    for (const auto& [prefix, uri] : ns) {
        xmlXPathRegisterNs(ctx, BAD_CAST prefix, BAD_CAST uri);
    }
    xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST expression, ctx);
    if (result && result->nodesetval) {
        for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
            xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
            out.emplace_back(reinterpret_cast<const char*>(text));
            xmlFree(text);
        }
    }
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return out;
}

std::vector<json> json_ld(const std::string& page) {
    std::vector<json> out;
    const std::string open = "<script type=\"application/ld+json\">";
    for (auto pos = page.find(open); pos != std::string::npos; pos = page.find(open, pos + 1)) {
        const auto start = pos + open.size();
        const auto parsed = json::parse(page.substr(start, page.find("</script>", start) - start));
        if (parsed.is_array()) {
            for (const auto& item : parsed) out.push_back(item);
        } else {
            out.push_back(parsed);
        }
    }
    return out;
}

class ReachTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.import(site());
        server.settings().site.base_url = kBase;
        server.start();
    }
    TestServer server{content::Time{std::chrono::seconds{kT0}}};
};

TEST_F(ReachTest, EveryPublicPageHasOneTitleAndOneCanonical) {
    const std::vector<std::pair<std::string, std::string>> pages{
        {"/", kBase + "/"},
        {"/news/", kBase + "/news/"},
        {"/news/knowledge/?page=2", kBase + "/news/knowledge/?page=2"},
        {"/news/policy/101.html", kBase + "/news/policy/101.html"},
        {"/tag/%E7%AD%89%E7%BA%A7%E4%BF%9D%E6%8A%A4/",
         kBase + "/tag/%E7%AD%89%E7%BA%A7%E4%BF%9D%E6%8A%A4/"},
        {"/callback", kBase + "/callback"},
    };
    for (const auto& [path, canonical] : pages) {
        const auto res = server.get(path);
        ASSERT_EQ(res.result_int(), 200) << path;
        EXPECT_EQ(count(res.body(), "<title>"), 1u) << path;
        EXPECT_EQ(count(res.body(), "rel=\"canonical\""), 1u) << path;
        EXPECT_TRUE(contains(res.body(), "<link rel=\"canonical\" href=\"" + canonical + "\">"))
            << path;
        EXPECT_TRUE(contains(res.body(), "<meta name=\"description\" content=\"")) << path;
    }
}

TEST_F(ReachTest, PagedListsLinkTheirNeighboursAndNameTheirPage) {
    const auto second = server.get("/news/knowledge/?page=2").body();
    EXPECT_TRUE(contains(second, "<link rel=\"prev\" href=\"" + kBase + "/news/knowledge/\">"));
    EXPECT_FALSE(contains(second, "rel=\"next\" href=\"" + kBase));
    EXPECT_TRUE(contains(second, "<title>等保知识（第2页）"));
    const auto first = server.get("/news/knowledge/").body();
    EXPECT_TRUE(
        contains(first, "<link rel=\"next\" href=\"" + kBase + "/news/knowledge/?page=2\">"));
    EXPECT_FALSE(contains(first, "<link rel=\"prev\""));
}

TEST_F(ReachTest, ArticlesCarryNewsArticleBreadcrumbsAndSharing) {
    const auto page = server.get("/news/policy/101.html").body();
    const auto ld = json_ld(page);
    ASSERT_EQ(ld.size(), 2u);
    const auto& news = ld[0];
    EXPECT_EQ(news["@type"], "NewsArticle");
    EXPECT_EQ(news["headline"], "政策解读：定级备案<新规>");
    EXPECT_EQ(news["datePublished"], "2025-12-29T08:00:00+08:00");
    EXPECT_TRUE(news.contains("dateModified"));
    EXPECT_EQ(news["keywords"], json::array({"等级保护"}));
    EXPECT_EQ(news["publisher"]["@type"], "Organization");
    EXPECT_EQ(news["isBasedOn"], "https://news.guardpress.example/a/101");
    EXPECT_EQ(news["image"], kBase + "/media/chart.png");
    EXPECT_EQ(ld[1]["@type"], "BreadcrumbList");
    EXPECT_EQ(ld[1]["itemListElement"].size(), 4u);  // 首页 > 等保资讯 > 等保政策 > the article
    // The title's < stays inside the JSON: the script element cannot be closed early.
    EXPECT_FALSE(contains(page.substr(page.find("application/ld+json")), "<新规>\""));
    EXPECT_TRUE(contains(page, "<meta property=\"og:type\" content=\"article\">"));
    EXPECT_TRUE(
        contains(page, "<meta property=\"og:image\" content=\"" + kBase + "/media/chart.png\">"));
    EXPECT_TRUE(contains(page, "<img class=\"share-image\" src=\"" + kBase + "/media/chart.png\""));
}

TEST_F(ReachTest, HomeDescribesTheOrganizationAndOtherPagesTheirTrail) {
    const auto home = json_ld(server.get("/").body());
    ASSERT_FALSE(home.empty());
    EXPECT_EQ(home[0]["@type"], "Organization");
    for (const char* path : {"/news/", "/tag/%E7%AD%89%E7%BA%A7%E4%BF%9D%E6%8A%A4/"}) {
        const auto ld = json_ld(server.get(path).body());
        ASSERT_EQ(ld.size(), 1u) << path;
        EXPECT_EQ(ld[0]["@type"], "BreadcrumbList") << path;
    }
}

TEST_F(ReachTest, TheSitemapListsPublishedPagesOnly) {
    const auto res = server.get("/sitemap.xml");
    ASSERT_EQ(res.result_int(), 200);
    const auto locs = xpath(res.body(), "/s:urlset/s:url/s:loc",
                            {{"s", "http://www.sitemaps.org/schemas/sitemap/0.9"}});
    EXPECT_EQ(locs.size(), 1u + 3u + 25u);  // home, three categories, 25 published articles
    const auto has = [&](const std::string& loc) {
        return std::find(locs.begin(), locs.end(), loc) != locs.end();
    };
    EXPECT_TRUE(has(kBase + "/"));
    EXPECT_TRUE(has(kBase + "/news/policy/"));
    EXPECT_TRUE(has(kBase + "/news/policy/101.html"));
    EXPECT_FALSE(has(kBase + "/news/policy/106.html"));
    EXPECT_FALSE(has(kBase + "/news/policy/107.html"));
    for (const auto& lastmod :
         xpath(res.body(), "//s:lastmod", {{"s", "http://www.sitemaps.org/schemas/sitemap/0.9"}})) {
        EXPECT_TRUE(content::parse_rfc3339(lastmod)) << lastmod;
    }
    const auto text = server.get("/sitemap.txt").body();
    EXPECT_EQ(count(text, "\n"), locs.size());
    EXPECT_FALSE(contains(text, "/106.html"));

    server.clock().advance(std::chrono::hours(2));
    EXPECT_TRUE(contains(server.get("/sitemap.xml").body(), kBase + "/news/policy/107.html"));
    EXPECT_EQ(server.get("/sitemaps/1.xml").result_int(), 200);
    EXPECT_EQ(server.get("/sitemaps/2.xml").result_int(), 404);
}

TEST_F(ReachTest, FeedsCarryPublishedArticlesOnly) {
    const auto res = server.get("/rss.xml");
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_TRUE(std::string(res[http::field::content_type]).starts_with("application/rss+xml"));
    const auto titles = xpath(res.body(), "/rss/channel/item/title");
    EXPECT_EQ(titles.size(), 20u);
    const auto all = res.body();
    EXPECT_FALSE(contains(all, "未完成草稿"));
    EXPECT_FALSE(contains(all, "定时发布的公告"));
    for (const auto& date : xpath(all, "/rss/channel/item/pubDate"))
        EXPECT_TRUE(date.ends_with("+0000")) << date;

    const auto policy = server.get("/news/policy/rss.xml");
    ASSERT_EQ(policy.result_int(), 200);
    const auto policy_titles = xpath(policy.body(), "/rss/channel/item/title");
    ASSERT_EQ(policy_titles.size(), 1u);
    EXPECT_EQ(policy_titles[0], "政策解读：定级备案<新规>");
    EXPECT_EQ(xpath(policy.body(), "/rss/channel/item/link")[0], kBase + "/news/policy/101.html");
    EXPECT_EQ(server.get("/nope/rss.xml").result_int(), 404);

    server.clock().advance(std::chrono::hours(2));
    EXPECT_EQ(xpath(server.get("/news/policy/rss.xml").body(), "/rss/channel/item/title").size(),
              2u);
}

TEST_F(ReachTest, RobotsNamesTheSitemap) {
    const auto robots = server.get("/robots.txt");
    ASSERT_EQ(robots.result_int(), 200);
    EXPECT_TRUE(contains(robots.body(), "Sitemap: " + kBase + "/sitemap.xml"));
    EXPECT_TRUE(contains(robots.body(), "Disallow: /admin/"));
}

TEST_F(ReachTest, ARedirectAddedFromTheShellAnswersAtOnce) {
    EXPECT_EQ(server.get("/a/2019/0311/1102.htm").result_int(), 404);
    TempDir scratch;
    const auto dir = server.data_dir().string();
    auto added = run(
        {"redirect", "add", "--data-dir", dir, "/a/2019/0311/1102.htm", "/news/policy/101.html"},
        scratch);
    ASSERT_EQ(added.code, 0) << added.err;
    const auto res = server.get("/a/2019/0311/1102.htm");
    EXPECT_EQ(res.result_int(), 301);
    EXPECT_EQ(res[http::field::location], "/news/policy/101.html");
    auto temporary = run(
        {"redirect", "add", "--data-dir", dir, "--code", "302", "/old-news/", "/news/"}, scratch);
    ASSERT_EQ(temporary.code, 0) << temporary.err;
    EXPECT_EQ(server.get("/old-news/").result_int(), 302);
    EXPECT_TRUE(contains(run({"redirect", "list", "--data-dir", dir}, scratch).out,
                         "302 /old-news/ -> /news/"));
    // Live pages are never shadowed by a redirect, and bad input is refused.
    EXPECT_EQ(run({"redirect", "add", "--data-dir", dir, "no-slash", "/news/"}, scratch).code, 2);
    EXPECT_EQ(
        run({"redirect", "add", "--data-dir", dir, "--code", "200", "/a", "/b"}, scratch).code, 2);
    EXPECT_EQ(
        run({"redirect", "add", "--data-dir", dir, "/a", "javascript:alert(1)"}, scratch).code, 2);
}

}  // namespace
}  // namespace gp::test
