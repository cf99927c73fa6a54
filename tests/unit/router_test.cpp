#include "http/router.hpp"

#include <gtest/gtest.h>

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
