// Categories from the back end, seen on the portal through the page cache: create, rename,
// move, reorder, SEO fields, cycle and delete refusals, moving articles, audit records.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "accounts/roles.hpp"
#include "admin_client.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using accounts::Role;

constexpr std::string_view kPassword = "Qz7#mLp2vR-kelp";

std::string fixture() {
    return R"({"categories": [
        {"slug": "news", "name": "等保资讯", "parent": null, "subtitle": "了解最新等保资讯及等保政策"},
        {"slug": "policy", "name": "等保政策", "parent": "news"},
        {"slug": "cases", "name": "测评案例", "parent": "news"}],
      "articles": [
        {"title": "网络安全等级保护条例解读", "category": "policy",
         "published_at": "2025-03-11T09:00:00+08:00", "body_html": "<p>条例要点。</p>"},
        {"title": "关键信息基础设施安全保护要求", "category": "policy",
         "published_at": "2025-03-12T09:00:00+08:00", "body_html": "<p>保护要求。</p>"},
        {"title": "定级备案草稿", "category": "policy", "status": "draft",
         "published_at": "2025-03-13T09:00:00+08:00", "body_html": "<p>草稿。</p>"},
        {"title": "某银行三级系统测评纪实", "category": "cases",
         "published_at": "2025-03-10T09:00:00+08:00", "body_html": "<p>测评过程。</p>"}]})";
}

/// The tab names and counts of a category page, in order: "全部 4|等保政策 2|…".
std::string tabs(const std::string& html) {
    const auto start = html.find("<nav class=\"tabs\"");
    const auto end = html.find("</nav>", start);
    const std::string nav = html.substr(start, end - start);
    static const std::regex re(">([^<>]+) <span class=\"count\">([0-9]+)</span>");
    std::string out;
    for (auto it = std::sregex_iterator(nav.begin(), nav.end(), re); it != std::sregex_iterator();
         ++it) {
        if (!out.empty()) out += "|";
        out += (*it)[1].str() + " " + (*it)[2].str();
    }
    return out;
}

std::string breadcrumb(const std::string& html) {
    const auto start = html.find("<nav class=\"breadcrumb\"");
    const auto end = html.find("</nav>", start);
    return std::regex_replace(html.substr(start, end - start), std::regex("<[^>]*>"), "");
}

class CategoryAdminTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.settings().site.base_url = "https://www.dengbao.example";
        server.import(fixture());
        server.start();
        ASSERT_NE(server.app().page_cache(), nullptr);
        auto created = server.app().account_admin().create_account(
            "review.zhou", Role::reviewer, nullptr, accounts::Client{"shell", "test", ""});
        ASSERT_TRUE(created);
        reviewer = std::make_unique<AdminClient>(server);
        reviewer->first_sign_in("review.zhou", created->one_time_password, std::string(kPassword));
    }

    std::int64_t id_of(const std::string& slug) {
        for (const auto& c : server.app().store().categories().list_categories()) {
            if (c.slug == slug) return c.id;
        }
        return 0;
    }

    Response post(const std::string& target,
                  std::vector<std::pair<std::string, std::string>> fields) {
        reviewer->get("/admin/categories");
        return reviewer->post(target, std::move(fields));
    }

    Response edit(const std::string& slug, const std::string& name, const std::string& new_slug,
                  const std::string& parent_slug) {
        return post("/admin/categories/" + std::to_string(id_of(slug)),
                    {{"name", name},
                     {"slug", new_slug},
                     {"parent", parent_slug.empty() ? "" : std::to_string(id_of(parent_slug))}});
    }

    /// A page as readers get it, after making sure the cache holds it.
    std::string page(const std::string& target) {
        auto r = server.get(target);
        EXPECT_EQ(r.result_int(), 200) << target;
        return r.body();
    }

    TestServer server;
    std::unique_ptr<AdminClient> reviewer;
};

TEST_F(CategoryAdminTest, CreateRenameAndMoveShowOnThePortalThroughTheCache) {
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策 2|测评案例 1");
    page("/news/policy/");
    ASSERT_TRUE(server.app().page_cache()->find("/news/"));

    auto r = post("/admin/categories", {{"name", "标准解读"},
                                        {"slug", "standards"},
                                        {"parent", std::to_string(id_of("news"))},
                                        {"subtitle", "等保相关国家标准"}});
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策 2|测评案例 1|标准解读 0");

    r = edit("policy", "等保政策法规", "policy", "news");
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策法规 2|测评案例 1|标准解读 0");
    EXPECT_EQ(breadcrumb(page("/news/policy/")), "当前位置:首页&gt;等保资讯&gt;等保政策法规");

    // Moved under 标准解读: its articles count there, and its URL and breadcrumb follow.
    r = edit("policy", "等保政策法规", "laws", "standards");
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    EXPECT_EQ(tabs(page("/news/")), "全部 3|测评案例 1|标准解读 2");
    EXPECT_EQ(server.get("/news/policy/").result_int(), 404);
    EXPECT_EQ(breadcrumb(page("/news/standards/laws/")),
              "当前位置:首页&gt;等保资讯&gt;标准解读&gt;等保政策法规");
    const auto article = page("/news/standards/laws/");
    EXPECT_NE(article.find("网络安全等级保护条例解读"), std::string::npos);
}

TEST_F(CategoryAdminTest, ReorderChangesTheTabOrder) {
    page("/news/");
    auto r = post("/admin/categories/" + std::to_string(id_of("cases")) + "/order",
                  {{"direction", "up"}});
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    EXPECT_EQ(tabs(page("/news/")), "全部 3|测评案例 1|等保政策 2");
    r = post("/admin/categories/" + std::to_string(id_of("cases")) + "/order",
             {{"direction", "down"}});
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策 2|测评案例 1");
    r = post("/admin/categories/" + std::to_string(id_of("cases")) + "/order",
             {{"direction", "sideways"}});
    EXPECT_EQ(r.result_int(), 400);
}

TEST_F(CategoryAdminTest, SeoFieldsReachTheCategoryPage) {
    page("/news/cases/");
    auto r = post("/admin/categories/" + std::to_string(id_of("cases")),
                  {{"name", "测评案例"},
                   {"slug", "cases"},
                   {"parent", std::to_string(id_of("news"))},
                   {"seo_title", "等级保护测评案例精选"},
                   {"seo_description", "银行、医疗、政务系统的等保三级测评实录"}});
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    const auto html = page("/news/cases/");
    EXPECT_NE(html.find("<title>等级保护测评案例精选"), std::string::npos);
    EXPECT_NE(html.find("银行、医疗、政务系统的等保三级测评实录"), std::string::npos);
}

TEST_F(CategoryAdminTest, ACycleAndBadSlugsAreRefused) {
    auto r = edit("news", "等保资讯", "news", "policy");
    EXPECT_EQ(r.result_int(), 409);
    EXPECT_NE(r.body().find("不能把栏目移到它自己或它的下级栏目之下"), std::string::npos);
    r = edit("news", "等保资讯", "news", "news");
    EXPECT_EQ(r.result_int(), 409);
    r = edit("cases", "测评案例", "policy", "news");
    EXPECT_EQ(r.result_int(), 409);
    EXPECT_NE(r.body().find("已被栏目“等保政策”使用"), std::string::npos);
    r = edit("cases", "测评案例", "Cases_2", "news");
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_NE(r.body().find("栏目别名只能由小写字母"), std::string::npos);
    r = edit("cases", "测评案例", "admin", "");
    EXPECT_EQ(r.result_int(), 400);
    r = edit("cases", "", "cases", "news");
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策 2|测评案例 1");
}

TEST_F(CategoryAdminTest, DeleteIsRefusedWhileArticlesAreInsideAndAllowedAfterMovingThem) {
    page("/news/");
    const auto policy = std::to_string(id_of("policy"));
    auto r = post("/admin/categories/" + policy + "/delete", {});
    EXPECT_EQ(r.result_int(), 409);
    // Two published articles and a draft: every state counts.
    EXPECT_NE(r.body().find("还有 3 篇文章"), std::string::npos);
    r = post("/admin/categories/" + std::to_string(id_of("news")) + "/delete", {});
    EXPECT_EQ(r.result_int(), 409);
    EXPECT_NE(r.body().find("还有 2 个子栏目"), std::string::npos);

    r = post("/admin/categories/" + policy + "/move-articles",
             {{"target", std::to_string(id_of("cases"))}});
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策 0|测评案例 3");
    r = post("/admin/categories/" + policy + "/delete", {});
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    EXPECT_EQ(tabs(page("/news/")), "全部 3|测评案例 3");
    EXPECT_EQ(server.get("/news/policy/").result_int(), 404);
    EXPECT_FALSE(id_of("policy"));
}

TEST_F(CategoryAdminTest, ChangesAreAuditedAndAFailingTrailKeepsNothing) {
    auto r = post("/admin/categories", {{"name", "标准解读"}, {"slug", "standards"}});
    AdminClient::expect(r, 303, "/admin/categories?done=1");
    store::AuditQuery q;
    q.event = "category.create";
    q.object = "category:" + std::to_string(id_of("standards"));
    auto records = server.app().store().audit().search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].account_name, "review.zhou");

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit storage is read-only'); END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    r = post("/admin/categories", {{"name", "密码测评"}, {"slug", "crypto"}});
    EXPECT_EQ(r.result_int(), 503);
    EXPECT_NE(r.body().find("无法写入审计记录"), std::string::npos);
    EXPECT_FALSE(id_of("crypto"));
    r = edit("cases", "改名失败", "cases", "news");
    EXPECT_EQ(r.result_int(), 503);
    // 标准解读 is a section of its own (no parent), so the tabs of 等保资讯 are as they were.
    EXPECT_EQ(tabs(page("/news/")), "全部 3|等保政策 2|测评案例 1");
    EXPECT_EQ(tabs(page("/standards/")), "全部 0");
}

TEST_F(CategoryAdminTest, OnlyTheReviewerRoleManagesCategories) {
    auto created = server.app().account_admin().create_account(
        "editor.liu", Role::editor, nullptr, accounts::Client{"shell", "test", ""});
    AdminClient editor(server);
    editor.first_sign_in("editor.liu", created->one_time_password, std::string(kPassword));
    EXPECT_EQ(editor.get("/admin/categories").result_int(), 403);
    editor.get("/admin/");
    auto r = editor.post("/admin/categories", {{"name", "x"}, {"slug", "x"}});
    EXPECT_EQ(r.result_int(), 403);
    EXPECT_FALSE(id_of("x"));
    auto page = reviewer->get("/admin/categories");
    EXPECT_EQ(page.result_int(), 200);
    EXPECT_NE(page.body().find("data-category=\"policy\""), std::string::npos);
}

}  // namespace
}  // namespace gp::test
