#include "pagecache/page_cache.hpp"

#include <gtest/gtest.h>

namespace gp::pagecache {
namespace {

std::shared_ptr<const CachedPage> page(std::vector<std::string> depends_on,
                                       std::size_t size = 100) {
    PageSource s;
    s.body = std::string(size, 'x');
    s.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    s.compress = false;
    s.depends_on = std::move(depends_on);
    return std::make_shared<const CachedPage>(std::move(s));
}

TEST(PageCache, InvalidatesExactlyThePagesThatDependOnAName) {
    PageCache cache(1 << 20);
    cache.put("/news/1.html", page({depends::article(1), depends::link(2)}), cache.generation());
    cache.put("/news/2.html", page({depends::article(2), depends::link(1)}), cache.generation());
    cache.put("/news/", page({depends::section(5)}), cache.generation());
    cache.put("/tag/a/", page({depends::keyword("等保")}), cache.generation());
    EXPECT_EQ(cache.size(), 4u);
    EXPECT_EQ(cache.invalidate({depends::article(1), depends::link(1)}), 2u);
    EXPECT_EQ(cache.find("/news/1.html"), nullptr);
    EXPECT_EQ(cache.find("/news/2.html"), nullptr);
    EXPECT_NE(cache.find("/news/"), nullptr);
    EXPECT_EQ(cache.invalidate({depends::keyword("等保")}), 1u);
    EXPECT_NE(cache.find("/news/"), nullptr);
    cache.clear();
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
}

TEST(PageCache, RefusesAPageRenderedBeforeAnInvalidation) {
    PageCache cache(1 << 20);
    const auto before = cache.generation();
    cache.invalidate({depends::article(9)});
    EXPECT_FALSE(cache.put("/a.html", page({}), before));
    EXPECT_EQ(cache.find("/a.html"), nullptr);
    EXPECT_TRUE(cache.put("/a.html", page({}), cache.generation()));
}

TEST(PageCache, StaysWithinItsBudgetDroppingTheLeastRecentlyUsed) {
    PageCache cache(64 * 1024);
    cache.put("/keep", page({}, 4000), cache.generation());
    for (int i = 0; i < 40; ++i) {
        cache.put("/p" + std::to_string(i), page({}, 4000), cache.generation());
        ASSERT_NE(cache.find("/keep"), nullptr) << "used on every round, never the oldest";
    }
    EXPECT_LE(cache.bytes(), 64u * 1024);
    EXPECT_EQ(cache.find("/p0"), nullptr);
    EXPECT_NE(cache.find("/p39"), nullptr);
}

TEST(CachedPage, HeadersCarryOneWeakEtagForEveryEncoding) {
    PageSource s;
    s.body = "<p>hello</p>";
    s.headers = {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-cache"}};
    const CachedPage p(std::move(s));
    EXPECT_TRUE(p.etag.starts_with("W/\""));
    for (const auto& h : p.head) {
        EXPECT_NE(h.find("ETag: " + p.etag + "\r\n"), std::string::npos);
        EXPECT_NE(h.find("Vary: Accept-Encoding\r\n"), std::string::npos);
    }
    EXPECT_NE(p.head[1].find("Content-Encoding: gzip\r\n"), std::string::npos);
    EXPECT_NE(p.head[2].find("Content-Encoding: br\r\n"), std::string::npos);
    EXPECT_EQ(p.head_not_modified.find("Content-Type"), std::string::npos);
    EXPECT_TRUE(p.head_not_modified.starts_with("HTTP/1.1 304 Not Modified\r\n"));
}

}  // namespace
}  // namespace gp::pagecache
