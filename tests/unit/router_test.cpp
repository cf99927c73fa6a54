#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "http/target.hpp"

namespace gp::http {
namespace {

Handler named(std::string name) {
    return [name](const Request&, RequestContext&, const RouteParams&) {
        return make_response(Status::ok, "text/plain", name);
    };
}

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.add(Verb::get, "/", named("home"));
        router.add(Verb::get, "/healthz", named("health"));
        router.add(Verb::get, "/tag/{keyword}/", named("tag"));
        router.add(Verb::post, "/callback", named("callback"));
        router.add(Verb::get, "/{path...}/{id}.html", named("article"));
        router.add(Verb::get, "/{path...}/", named("category"));
    }
    std::string which(Verb v, std::string_view target, RouteParams* out = nullptr) {
        auto t = parse_target(target);
        if (!t) return "bad";
        auto m = router.match(v, t->segments);
        if (!m.handler) return m.allow.empty() ? "none" : "405:" + m.allow;
        if (out) *out = m.params;
        Request req;
        RequestContext ctx;
        return (*m.handler)(req, ctx, m.params).body();
    }
    Router router;
};

TEST_F(RouterTest, MatchesTheRouteTable) {
    EXPECT_EQ(which(Verb::get, "/"), "home");
    EXPECT_EQ(which(Verb::head, "/"), "home");
    EXPECT_EQ(which(Verb::get, "/healthz"), "health");
    EXPECT_EQ(which(Verb::get, "/healthz/"), "category");
    EXPECT_EQ(which(Verb::get, "/news/"), "category");
    EXPECT_EQ(which(Verb::get, "/news"), "none");
    EXPECT_EQ(which(Verb::get, "/news/policy/local/"), "category");
    EXPECT_EQ(which(Verb::get, "/news/policy/12.html"), "article");
    EXPECT_EQ(which(Verb::get, "/12.html"), "none");
    EXPECT_EQ(which(Verb::get, "/news/.html"), "none");
}

TEST_F(RouterTest, TakesParametersDecoded) {
    RouteParams p;
    EXPECT_EQ(which(Verb::get, "/news/policy/local/123.html", &p), "article");
    EXPECT_EQ(p.get("path"), "news/policy/local");
    EXPECT_EQ(p.get("id"), "123");
    EXPECT_EQ(which(Verb::get, "/tag/%E7%AD%89%E4%BF%9D/", &p), "tag");
    EXPECT_EQ(p.get("keyword"), "等保");
    EXPECT_EQ(p.get("missing"), "");
}

TEST_F(RouterTest, WrongMethodNamesTheAllowedOnes) {
    EXPECT_EQ(which(Verb::get, "/callback"), "405:POST");
    EXPECT_EQ(which(Verb::delete_, "/"), "405:GET, HEAD");
}

std::vector<std::string> many_segments(std::size_t n, std::string last) {
    std::vector<std::string> segments(n - 1, "a");
    segments.push_back(std::move(last));
    return segments;
}

TEST(Router, AnonymousQuadraticRoutingSegmentBoundsOfEachPatternShape) {
    constexpr auto kUnbounded = SegmentBounds::kUnbounded;
    EXPECT_EQ(segment_bounds("/"), (SegmentBounds{1, 1}));
    EXPECT_EQ(segment_bounds("/healthz"), (SegmentBounds{1, 1}));
    EXPECT_EQ(segment_bounds("/tag/{keyword}/"), (SegmentBounds{3, 3}));
    EXPECT_EQ(segment_bounds("/sitemaps/{n}.xml"), (SegmentBounds{2, 2}));
    EXPECT_EQ(segment_bounds("/static/{path...}"), (SegmentBounds{2, kUnbounded}));
    EXPECT_EQ(segment_bounds("/{path...}/{id}.html"), (SegmentBounds{2, kUnbounded}));
    EXPECT_EQ(segment_bounds("/{path...}/"), (SegmentBounds{2, kUnbounded}));
}

TEST(Router, AnonymousQuadraticRoutingAPathLongerThanEveryRouteIsRefusedAtOnce) {
    Router router;
    router.add(Verb::get, "/", named("home"));
    router.add(Verb::get, "/tag/{keyword}/", named("tag"));
    router.add(Verb::post, "/admin/articles/{id}/publish", named("publish"));
    for (const auto& segments :
         {many_segments(5, "x"), many_segments(4000, ""), many_segments(4000, "1.html")}) {
        const auto m = router.match(Verb::get, segments);
        EXPECT_EQ(m.handler, nullptr);
        EXPECT_EQ(m.allow, "");
        EXPECT_EQ(m.segments_visited, 0u) << segments.size() << " segments";
    }
}

TEST_F(RouterTest, AnonymousQuadraticRoutingAPathOfManySegmentsIsRefusedInLinearWork) {
    // Every route looks at each segment at most once; trying every split of {path...} and
    // joining each looked at about n²/2 per route (8 million for 4,000 segments).
    constexpr std::size_t kRoutes = 6;
    for (std::size_t n : {10, 4000, 8000}) {
        for (const auto& last : {std::string("x"), std::string("x.htm")}) {
            const auto m = router.match(Verb::get, many_segments(n, last));
            EXPECT_EQ(m.handler, nullptr) << n;
            EXPECT_LE(m.segments_visited, kRoutes * n) << n << " segments ending in " << last;
        }
    }
    // A match of that length is as cheap, and takes the same values as a short one.
    const auto deep = router.match(Verb::get, many_segments(4000, "7.html"));
    ASSERT_NE(deep.handler, nullptr);
    EXPECT_LE(deep.segments_visited, kRoutes * 4000);
    EXPECT_EQ(deep.params.get("id"), "7");
    EXPECT_EQ(deep.params.get("path").size(), 2 * 3999 - 1);
    const auto category = router.match(Verb::get, many_segments(4000, ""));
    ASSERT_NE(category.handler, nullptr);
    EXPECT_LE(category.segments_visited, kRoutes * 4000);
}

TEST_F(RouterTest, AnEmptySegmentInsideTheRestMatchesNothing) {
    EXPECT_EQ(which(Verb::get, "/news//12.html"), "none");
    EXPECT_EQ(which(Verb::get, "/news//"), "none");
    EXPECT_EQ(which(Verb::get, "//"), "none");
    RouteParams p;
    EXPECT_EQ(which(Verb::get, "/a/b.html/c/", &p), "category");
    EXPECT_EQ(p.get("path"), "a/b.html/c");
}

TEST(Router, APatternThatWouldNeedASearchIsRefused) {
    Router router;
    EXPECT_THROW(router.add(Verb::get, "/{a...}/{b...}", named("two")), std::invalid_argument);
    EXPECT_THROW(router.add(Verb::get, "/{a...}.html", named("suffix")), std::invalid_argument);
    EXPECT_THROW(router.add(Verb::get, "/{ab", named("unclosed")), std::invalid_argument);
}

TEST(Target, RejectsMalformedAndSneakyPaths) {
    for (const char* bad : {"/a/../b", "/a/%2e%2e/b", "/a%2Fb/", "/%00", "/a%0d%0aX: y", "/%ff",
                            "no-slash", "http://example.com/"}) {
        EXPECT_FALSE(parse_target(bad)) << bad;
    }
    auto t = parse_target("/news/?page=2&q=%E7%AD%89");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/news/");
    ASSERT_EQ(t->query.size(), 2u);
    EXPECT_EQ(t->query[1].second, "等");
}

}  // namespace
}  // namespace gp::http
