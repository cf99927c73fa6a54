// The editorial back end over real HTTP: roles, workflow, the public pages it changes (through
// the page cache), scheduled publishing by the test clock, revisions, concurrent edits, the
// sanitiser and the size caps, autosaves, and the audit trail written with every change.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "admin_client.hpp"
#include "content/rfc3339.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

using accounts::Role;
using nlohmann::json;

constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z, 08:00 in Shanghai
constexpr std::int64_t kDay = 86400;
constexpr std::string_view kPassword = "Qz7#mLp2vR-kelp";

std::string at(std::int64_t t) {
    return content::format_rfc3339(content::Time{std::chrono::seconds{t}}, std::chrono::minutes{0});
}

json article(std::int64_t id, std::string title, std::string category, std::int64_t t) {
    return {{"id", id},
            {"title", std::move(title)},
            {"category", std::move(category)},
            {"published_at", at(t)},
            {"keywords", {"网络安全"}},
            {"source", "本站编辑部"},
            {"body_html", "<p>等级保护测评的要求与流程。</p>"}};
}

std::string fixture() {
    json doc;
    doc["categories"] = json::array({
        {{"slug", "news"}, {"name", "等保资讯"}, {"parent", nullptr}},
        {{"slug", "policy"}, {"name", "等保政策"}, {"parent", "news"}},
        {{"slug", "knowledge"}, {"name", "等保知识"}, {"parent", "news"}},
    });
    doc["articles"] = json::array({
        article(301, "政策解读甲", "policy", kT0 - 3 * kDay),
        article(302, "政策解读乙", "policy", kT0 - 2 * kDay),
        article(311, "知识讲座", "knowledge", kT0 - 5 * kDay),
    });
    return doc.dump();
}

bool has(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// The number in the category tab of `name` on a section page.
std::string tab_count(const std::string& html, const std::string& name) {
    const std::regex re(name + " <span class=\"count\">([0-9]+)<");
    std::smatch m;
    return std::regex_search(html, m, re) ? m[1].str() : "";
}

std::int64_t id_from(const Response& r) {
    const std::string location(r[http::field::location]);
    std::smatch m;
    if (!std::regex_search(location, m, std::regex("/admin/articles/([0-9]+)"))) return 0;
    return std::stoll(m[1].str());
}

using Fields = std::vector<std::pair<std::string, std::string>>;

class EditorialTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.settings().site.base_url = "https://www.dengbao.example";
        server.import(fixture());
        server.start();
        ASSERT_NE(server.app().page_cache(), nullptr);
        for (const auto& c : store().categories().list_categories()) category[c.slug] = c.id;
        editor.first_sign_in("bianji.li", create("bianji.li", Role::editor),
                             std::string(kPassword));
        reviewer.first_sign_in("shenhe.wang", create("shenhe.wang", Role::reviewer),
                               std::string(kPassword));
    }

    std::string create(const std::string& name, Role role) {
        auto created = server.app().account_admin().create_account(
            name, role, nullptr, accounts::Client{"shell", "editorial_test", ""});
        if (!created) throw std::runtime_error("cannot create " + name);
        return created->one_time_password;
    }

    store::Store& store() { return server.app().store(); }

    Fields form(std::string title, std::string body, std::string extra_key = {},
                std::string extra_value = {}) {
        Fields f{{"title", std::move(title)},
                 {"category", std::to_string(category["policy"])},
                 {"keywords", "等保、测评"},
                 {"source", "公安部网站"},
                 {"source_url", "https://www.mps.gov.cn/"},
                 {"summary", ""},
                 {"body_format", "html"},
                 {"body", std::move(body)},
                 {"published_at", ""},
                 {"seo_title", ""},
                 {"seo_description", ""},
                 {"reason", "初稿"}};
        if (!extra_key.empty()) {
            for (auto& [k, v] : f) {
                if (k == extra_key) v = extra_value;
            }
        }
        return f;
    }

    /// An editor's new draft; returns its id.
    std::int64_t draft(const std::string& title, const std::string& body = kBody) {
        editor.get("/admin/articles/new");
        const auto r = editor.post("/admin/articles", form(title, body));
        AdminClient::expect(r, 303, "");
        return id_from(r);
    }

    Fields with_version(Fields f, std::int64_t version) {
        f.emplace_back("version", std::to_string(version));
        return f;
    }

    Response step(AdminClient& who, std::int64_t id, const std::string& name) {
        who.get("/admin/articles/" + std::to_string(id));
        return who.post("/admin/articles/" + std::to_string(id) + "/" + name, {});
    }

    /// An approval names the version the reviewer read, as the article page's button does.
    Response approve(AdminClient& who, std::int64_t id) {
        who.get("/admin/articles/" + std::to_string(id));
        const auto a = store().editorial().find_editorial(id);
        return who.post("/admin/articles/" + std::to_string(id) + "/approve",
                        {{"version", std::to_string(a ? a->version : 0)}});
    }

    /// The whole way to readers: the editor submits, the reviewer approves and publishes.
    void publish(std::int64_t id) {
        AdminClient::expect(step(editor, id, "submit"), 303, "");
        AdminClient::expect(approve(reviewer, id), 303, "");
        AdminClient::expect(step(reviewer, id, "publish"), 303, "");
    }

    /// A second account of `role`, signed in.
    std::unique_ptr<AdminClient> colleague(const std::string& name, Role role) {
        auto c = std::make_unique<AdminClient>(server);
        c->first_sign_in(name, create(name, role), std::string(kPassword));
        return c;
    }

    /// The security administrator gives `name` another role, as the back end lets them.
    void reassign(const std::string& name, const std::string& role) {
        if (!security) security = colleague("anquan.zhou", Role::security_admin);
        const auto account = store().accounts().find_account_by_name(name);
        ASSERT_TRUE(account);
        security->get("/admin/accounts");
        AdminClient::expect(
            security->post("/admin/accounts/" + std::to_string(account->id) + "/role",
                           {{"role", role}}),
            303, "");
        ASSERT_EQ(store().accounts().find_account_by_name(name)->role, role);
    }

    bool cached(const std::string& target) {
        return server.app().page_cache()->find(target) != nullptr;
    }
    Response get(const std::string& target) { return server.get(target); }

    std::vector<content::AuditRecord> records(const std::string& event) {
        store::AuditQuery q;
        q.event = event;
        q.limit = 1000;
        return store().audit().search(q);
    }

    void sql(const std::string& statement) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((server.data_dir() / "guardpress.sqlite3").c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error), SQLITE_OK)
            << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
    }

    static inline const std::string kBody =
        "<h2>一、适用范围</h2><p>网络运营者应当开展等级保护定级备案和等级测评。</p>"
        "<ul><li>定级</li><li>备案</li></ul>"
        "<table><tr><th>级别</th><th>测评周期</th></tr><tr><td>第三级</td><td>每年一次</td></tr>"
        "</table>";

    TestServer server{content::Time{std::chrono::seconds{kT0}}};
    AdminClient editor{server};
    AdminClient reviewer{server};
    std::unique_ptr<AdminClient> security;
    std::map<std::string, std::int64_t> category;
};

TEST_F(EditorialTest, EditorWritesReviewerPublishesAndTheSiteShowsItAtOnce) {
    // Cache the pages the new article will change.
    for (const auto* t : {"/news/", "/news/policy/", "/news/policy/302.html", "/rss.xml"}) {
        ASSERT_EQ(get(t).result_int(), 200) << t;
        ASSERT_TRUE(cached(t)) << t;
    }
    EXPECT_EQ(tab_count(get("/news/").body(), "等保政策"), "2");

    const auto id = draft("等保2.0测评新规解读");
    ASSERT_GT(id, 0);
    const auto stored = store().editorial().find_editorial(id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->state, content::EditorialState::draft);
    EXPECT_EQ(stored->created_by, "bianji.li");
    EXPECT_TRUE(has(stored->fields.body_html, "<table>"));
    EXPECT_EQ(stored->fields.keywords, (std::vector<std::string>{"等保", "测评"}));

    // An editor cannot publish; a reviewer can.
    EXPECT_EQ(step(editor, id, "publish").result_int(), 403);
    AdminClient::expect(step(editor, id, "submit"), 303, "");
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::review);
    const auto url = "/news/policy/" + std::to_string(id) + ".html";
    EXPECT_EQ(get(url).result_int(), 404);
    AdminClient::expect(approve(reviewer, id), 303, "");
    EXPECT_EQ(get(url).result_int(), 404);
    AdminClient::expect(step(reviewer, id, "publish"), 303, "");

    // No change-log poll: the back end told the cache itself.
    const auto section = get("/news/").body();
    EXPECT_EQ(tab_count(section, "等保政策"), "3");
    EXPECT_TRUE(has(get("/news/policy/").body(), "等保2.0测评新规解读"));
    const auto page = get(url);
    ASSERT_EQ(page.result_int(), 200);
    EXPECT_TRUE(has(page.body(), "rel=\"prev\">政策解读乙<"));
    EXPECT_TRUE(has(page.body(), "下一篇:<span>没有了</span>"));
    EXPECT_TRUE(has(get("/news/policy/302.html").body(), "rel=\"next\">等保2.0测评新规解读<"));
    EXPECT_TRUE(has(get("/rss.xml").body(), "等保2.0测评新规解读"));
    // Published at the moment of publishing (the publish time was left empty).
    EXPECT_EQ(store().articles().find_article(id)->published_at, server.clock().now());
    // And searchable at once.
    EXPECT_TRUE(has(get("/search?q=%E5%AE%9A%E7%BA%A7").body(), "新规解读"));

    // Editors may not change a published article.
    editor.get("/admin/articles/" + std::to_string(id));
    const auto edit = editor.post("/admin/articles/" + std::to_string(id),
                                  with_version(form("改过的标题", kBody), 4));
    EXPECT_EQ(edit.result_int(), 403);
    EXPECT_EQ(store().articles().find_article(id)->title, "等保2.0测评新规解读");
}

TEST_F(EditorialTest, ACorrectionGoesBackThroughReviewAndReindexesAndMovesTheArticle) {
    const auto id = draft("关键信息基础设施保护要点");
    publish(id);
    ASSERT_EQ(get("/news/policy/").result_int(), 200);
    ASSERT_EQ(get("/news/knowledge/").result_int(), 200);
    // A published article is not edited in place: it is taken off, corrected and reviewed.
    AdminClient::expect(step(reviewer, id, "unpublish"), 303, "");
    const auto version = store().editorial().find_editorial(id)->version;
    editor.get("/admin/articles/" + std::to_string(id));
    auto f =
        with_version(form("关基保护要点（修订）", "<p>密评与商用密码应用的新要求。</p>"), version);
    for (auto& [k, v] : f) {
        if (k == "category") v = std::to_string(category["knowledge"]);
    }
    AdminClient::expect(editor.post("/admin/articles/" + std::to_string(id), f), 303, "");
    publish(id);
    // The old category no longer lists it, the new one does, the old URL redirects.
    EXPECT_FALSE(has(get("/news/policy/").body(), "关基保护要点"));
    EXPECT_TRUE(has(get("/news/knowledge/").body(), "关基保护要点（修订）"));
    EXPECT_EQ(get("/news/policy/" + std::to_string(id) + ".html").result_int(), 301);
    // The search index follows the edit.
    EXPECT_TRUE(has(get("/search?q=%E5%AF%86%E8%AF%84").body(), "关基保护要点"));
    EXPECT_FALSE(has(get("/search?q=%E5%9F%BA%E7%A1%80%E8%AE%BE%E6%96%BD").body(), "关基保护要点"));
}

TEST_F(EditorialTest, TheFirstEditOfAnImportedArticleKeepsTheImportedStateAsARevision) {
    AdminClient::expect(step(reviewer, 302, "unpublish"), 303, "");
    editor.get("/admin/articles/302");
    AdminClient::expect(
        editor.post("/admin/articles/302", with_version(form("政策解读乙（更正）", kBody), 2)), 303,
        "");
    const auto revisions = store().editorial().list_revisions(302);
    ASSERT_EQ(revisions.size(), 2u);
    EXPECT_EQ(revisions[1].account_name, "(import)");
    EXPECT_EQ(revisions[1].fields.title, "政策解读乙");
    EXPECT_EQ(revisions[0].fields.title, "政策解读乙（更正）");
    publish(302);
    EXPECT_TRUE(has(get("/news/policy/302.html").body(), "政策解读乙（更正）"));
}

TEST_F(EditorialTest, AScheduledArticleAppearsWhenTheClockReachesItsTime) {
    editor.get("/admin/articles/new");
    // 2026-01-01 10:00 in Shanghai: two hours after the test clock's start.
    const auto r = editor.post("/admin/articles", form("网络安全等级保护条例施行通知", kBody,
                                                       "published_at", "2026-01-01T10:00"));
    AdminClient::expect(r, 303, "");
    const auto id = id_from(r);
    publish(id);
    EXPECT_EQ(records("article.schedule").size(), 1u);
    const auto url = "/news/policy/" + std::to_string(id) + ".html";
    EXPECT_EQ(get(url).result_int(), 404);
    EXPECT_FALSE(has(get("/news/policy/").body(), "施行通知"));
    EXPECT_EQ(tab_count(get("/news/").body(), "等保政策"), "2");
    EXPECT_TRUE(has(reviewer.get("/admin/articles/" + std::to_string(id)).body(), "定时发布"));

    server.clock().advance(std::chrono::hours{2});
    EXPECT_EQ(get(url).result_int(), 200);
    EXPECT_TRUE(has(get("/news/policy/").body(), "施行通知"));
    EXPECT_EQ(tab_count(get("/news/").body(), "等保政策"), "3");
}

TEST_F(EditorialTest, UnpublishTrashAndRestore) {
    const auto id = draft("数据出境安全评估办法解读");
    publish(id);
    // The publish also reaches the change log; read it now, so that the periodic poll cannot
    // invalidate while the page below is rendered (the cache would rightly refuse that render).
    server.app().check_content_changes();
    const auto url = "/news/policy/" + std::to_string(id) + ".html";
    ASSERT_EQ(get(url).result_int(), 200);
    ASSERT_TRUE(cached(url));

    // Trashing a published article is a publisher's decision.
    EXPECT_EQ(step(editor, id, "trash").result_int(), 403);
    EXPECT_EQ(get(url).result_int(), 200);

    AdminClient::expect(step(reviewer, id, "unpublish"), 303, "");
    EXPECT_EQ(get(url).result_int(), 404);
    EXPECT_EQ(tab_count(get("/news/").body(), "等保政策"), "2");
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::draft);

    AdminClient::expect(step(editor, id, "trash"), 303, "");
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::trash);
    EXPECT_FALSE(has(editor.get("/admin/articles").body(), "数据出境安全评估办法解读"));
    EXPECT_TRUE(has(editor.get("/admin/articles?status=trash").body(), "数据出境安全评估办法解读"));
    // Nothing can be done to a trashed article but restoring it.
    EXPECT_EQ(step(editor, id, "submit").result_int(), 409);
    AdminClient::expect(step(editor, id, "restore"), 303, "");
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::draft);
    EXPECT_FALSE(store().editorial().find_editorial(id)->trashed_at);
    // A step the state does not allow is a conflict, not a crash.
    EXPECT_EQ(step(reviewer, id, "send-back").result_int(), 409);
    EXPECT_EQ(step(reviewer, 999999, "publish").result_int(), 404);
}

TEST_F(EditorialTest, EverySaveKeepsARevisionThatCanBeComparedAndRestored) {
    const auto id = draft("等级测评机构管理办法");
    const auto sid = std::to_string(id);
    editor.get("/admin/articles/" + sid);
    auto f = with_version(form("等级测评机构管理办法（2026年修订）",
                               "<h2>一、适用范围</h2><p>网络运营者应当每年开展一次等级测评。</p>",
                               "reason", "根据新规更新测评周期"),
                          1);
    AdminClient::expect(editor.post("/admin/articles/" + sid, f), 303, "");
    const auto revisions = store().editorial().list_revisions(id);
    ASSERT_EQ(revisions.size(), 2u);
    EXPECT_EQ(revisions[0].reason, "根据新规更新测评周期");
    EXPECT_EQ(revisions[0].account_name, "bianji.li");
    EXPECT_EQ(revisions[0].version, 2);
    EXPECT_EQ(revisions[1].fields.title, "等级测评机构管理办法");

    const auto list = editor.get("/admin/articles/" + sid + "/revisions").body();
    EXPECT_TRUE(has(list, "根据新规更新测评周期"));
    const auto diff =
        editor.get("/admin/articles/" + sid + "/diff?from=" + std::to_string(revisions[1].id) +
                   "&to=" + std::to_string(revisions[0].id));
    ASSERT_EQ(diff.result_int(), 200);
    EXPECT_TRUE(has(diff.body(), "<ins>（2026年修订）</ins>"));
    EXPECT_TRUE(has(diff.body(), "<ins>每年一次</ins>") || has(diff.body(), "每年"));
    EXPECT_TRUE(has(diff.body(), "<del>"));
    EXPECT_EQ(editor.get("/admin/articles/" + sid + "/diff?from=x&to=1").result_int(), 400);
    EXPECT_EQ(editor.get("/admin/articles/" + sid + "/diff?from=1&to=99999").result_int(), 404);

    editor.get("/admin/articles/" + sid + "/revisions");
    AdminClient::expect(
        editor.post("/admin/articles/" + sid + "/revisions/restore",
                    {{"revision", std::to_string(revisions[1].id)}, {"reason", "撤销误改"}}),
        303, "");
    const auto now = store().editorial().find_editorial(id);
    EXPECT_EQ(now->fields.title, "等级测评机构管理办法");
    EXPECT_EQ(now->version, 3);
    const auto after = store().editorial().list_revisions(id);
    ASSERT_EQ(after.size(), 3u);
    EXPECT_TRUE(has(after[0].reason, "撤销误改"));
}

TEST_F(EditorialTest, AStaleSaveIsRefusedAndOverwritesNothing) {
    const auto id = draft("商用密码应用安全性评估指南");
    const auto sid = std::to_string(id);
    AdminClient second(server);
    second.first_sign_in("bianji.zhao", create("bianji.zhao", Role::editor),
                         std::string(kPassword));
    editor.get("/admin/articles/" + sid);
    second.get("/admin/articles/" + sid);
    AdminClient::expect(
        editor.post("/admin/articles/" + sid,
                    with_version(form("密评指南（甲的修改）", "<p>甲写的正文。</p>"), 1)),
        303, "");
    const auto refused =
        second.post("/admin/articles/" + sid,
                    with_version(form("密评指南（乙的修改）", "<p>乙写的正文。</p>"), 1));
    EXPECT_EQ(refused.result_int(), 409);
    // The form comes back with the second editor's text and a clear message.
    EXPECT_TRUE(has(refused.body(), "密评指南（乙的修改）"));
    EXPECT_TRUE(has(refused.body(), "乙写的正文"));
    EXPECT_TRUE(has(refused.body(), "已被其他人修改并保存"));
    const auto stored = store().editorial().find_editorial(id);
    EXPECT_EQ(stored->fields.title, "密评指南（甲的修改）");
    EXPECT_EQ(stored->version, 2);
    EXPECT_EQ(store().editorial().list_revisions(id).size(), 2u);
    // English on request.
    const auto en = second.post("/admin/articles/" + sid + "?lang=en",
                                with_version(form("乙", "<p>乙</p>"), 1));
    EXPECT_EQ(en.result_int(), 409);
    EXPECT_TRUE(has(en.body(), "Someone else saved this article"));
}

TEST_F(EditorialTest, PastedScriptsHandlersAndJavascriptLinksAreStripped) {
    const auto id =
        draft("从网页粘贴的通知",
              "<p onclick=\"steal()\">正文<script>alert(document.cookie)</script></p>"
              "<img src=\"/x.png\" onerror=\"alert(1)\"><a href=\"javascript:alert(2)\">链接</a>"
              "<iframe src=\"https://evil.example/\"></iframe><p style=\"color:red\">第二段</p>");
    const auto body = store().editorial().find_editorial(id)->fields.body_html;
    EXPECT_FALSE(has(body, "<script")) << body;
    EXPECT_FALSE(has(body, "alert")) << body;
    EXPECT_FALSE(has(body, "onerror")) << body;
    EXPECT_FALSE(has(body, "onclick")) << body;
    EXPECT_FALSE(has(body, "javascript:")) << body;
    EXPECT_FALSE(has(body, "<iframe")) << body;
    EXPECT_TRUE(has(body, "第二段")) << body;
    EXPECT_TRUE(has(body, "链接")) << body;
}

TEST_F(EditorialTest, MarkdownIsRenderedThenSanitised) {
    editor.get("/admin/articles/new?format=markdown");
    const auto r = editor.post(
        "/admin/articles", form("用 Markdown 写的测评清单",
                                "## 一、测评准备\n\n- 定级报告\n- 备案证明\n\n| 项目 | 要求 "
                                "|\n|---|---|\n| 身份鉴别 | 双因素认证 "
                                "|\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(1))\n",
                                "body_format", "markdown"));
    AdminClient::expect(r, 303, "");
    const auto a = store().editorial().find_editorial(id_from(r));
    EXPECT_EQ(a->fields.body_format, content::BodyFormat::markdown);
    EXPECT_TRUE(has(a->fields.body_html, "<h2>一、测评准备</h2>")) << a->fields.body_html;
    EXPECT_TRUE(has(a->fields.body_html, "<li>定级报告</li>"));
    EXPECT_TRUE(has(a->fields.body_html, "<table>"));
    EXPECT_FALSE(has(a->fields.body_html, "<script"));
    EXPECT_FALSE(has(a->fields.body_html, "javascript:"));
    // The editor gets the Markdown back, not the HTML.
    EXPECT_TRUE(
        has(editor.get("/admin/articles/" + std::to_string(a->id)).body(), "## 一、测评准备"));
}

TEST_F(EditorialTest, OversizeAndDeeplyNestedBodiesAreRefusedAndTheFormKept) {
    const auto before = store().editorial().count_editorial({});
    editor.get("/admin/articles/new");
    const auto big = editor.post(
        "/admin/articles", form("超长正文", "<p>" + std::string(2 * 1024 * 1024, 'a') + "</p>"));
    EXPECT_EQ(big.result_int(), 413);
    EXPECT_TRUE(has(big.body(), "正文过大"));
    EXPECT_TRUE(has(big.body(), "value=\"超长正文\""));

    std::string nested;
    for (int i = 0; i < 500; ++i) nested += "<div>";
    nested += "深";
    const auto deep = editor.post("/admin/articles", form("嵌套过深", nested));
    EXPECT_EQ(deep.result_int(), 400);
    EXPECT_TRUE(has(deep.body(), "嵌套层次过深"));

    const auto bad_date =
        editor.post("/admin/articles", form("日期不对", kBody, "published_at", "明天上午"));
    EXPECT_EQ(bad_date.result_int(), 400);
    EXPECT_TRUE(has(bad_date.body(), "发布时间格式不正确"));
    const auto no_title = editor.post("/admin/articles", form("   ", kBody));
    EXPECT_EQ(no_title.result_int(), 400);
    const auto bad_category =
        editor.post("/admin/articles", form("栏目不对", kBody, "category", "999"));
    EXPECT_EQ(bad_category.result_int(), 400);
    const auto bad_url = editor.post("/admin/articles",
                                     form("链接不对", kBody, "source_url", "javascript:alert(1)"));
    EXPECT_EQ(bad_url.result_int(), 400);
    EXPECT_EQ(store().editorial().count_editorial({}), before);
}

TEST_F(EditorialTest, AutosaveKeepsACopyWithoutChangingTheArticle) {
    auto post_json = [&](const std::string& target, const std::string& body, bool token) {
        http::request<http::string_body> req{http::verb::post, target, 11};
        req.set(http::field::content_type, "application/json");
        req.set(http::field::origin, "http://127.0.0.1");
        // Behind an https base_url the session cookie carries the __Host- prefix.
        req.set(http::field::cookie, "__Host-gp_admin=" + editor.cookie("__Host-gp_admin"));
        if (token) req.set("X-CSRF-Token", editor.csrf());
        req.body() = body;
        return server.send(std::move(req));
    };
    editor.get("/admin/articles/new");
    const json first{{"title", "自动保存的草稿"},
                     {"category", std::to_string(category["policy"])},
                     {"body", "<p>等保测评前的准备工作。</p>"}};
    EXPECT_EQ(post_json("/admin/articles/new/autosave", first.dump(), false).result_int(), 403);
    const auto created = post_json("/admin/articles/new/autosave", first.dump(), true);
    ASSERT_EQ(created.result_int(), 201) << created.body();
    const auto answer = json::parse(created.body());
    const auto id = answer.at("id").get<std::int64_t>();
    EXPECT_TRUE(answer.at("created").get<bool>());
    const auto a = store().editorial().find_editorial(id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->state, content::EditorialState::draft);
    EXPECT_EQ(a->fields.title, "自动保存的草稿");

    const json later{
        {"title", "自动保存的草稿（续写）"}, {"body", "<p>续写的内容。</p>"}, {"version", 1}};
    const auto saved =
        post_json("/admin/articles/" + std::to_string(id) + "/autosave", later.dump(), true);
    ASSERT_EQ(saved.result_int(), 200) << saved.body();
    // The article is untouched; the copy waits on the edit page.
    const auto same = store().editorial().find_editorial(id);
    EXPECT_EQ(same->fields.title, "自动保存的草稿");
    EXPECT_EQ(same->version, 1);
    EXPECT_EQ(store().editorial().find_autosave(id)->base_version, 1);
    server.clock().advance(std::chrono::seconds{30});
    const auto loaded = editor.get("/admin/articles/" + std::to_string(id) + "?autosave=1");
    EXPECT_TRUE(has(loaded.body(), "自动保存的草稿（续写）"));

    const auto bad =
        post_json("/admin/articles/" + std::to_string(id) + "/autosave", "{\"title\": [1]}", true);
    EXPECT_EQ(bad.result_int(), 400);
    EXPECT_TRUE(has(json::parse(bad.body()).at("error").get<std::string>(), "格式不正确"));
    EXPECT_EQ(post_json("/admin/articles/99999/autosave", later.dump(), true).result_int(), 404);
    EXPECT_EQ(records("article.autosave").size(), 1u);
}

TEST_F(EditorialTest, KeywordSuggestionsComeFromTheText) {
    const auto id = draft("关于开展等级保护测评的通知",
                          "<p>各网络运营者应当按照网络安全等级保护制度开展定级、备案和等级测评。"
                          "等级测评应由测评机构完成，渗透测试作为补充。</p>");
    const auto page = editor.get("/admin/articles/" + std::to_string(id)).body();
    EXPECT_TRUE(has(page, "建议关键词"));
    EXPECT_TRUE(has(page, "name=\"accept_keyword\" value=\"等级测评\""));
    EXPECT_TRUE(has(page, "name=\"accept_keyword\" value=\"网络运营者\""));
    // A keyword already chosen is not offered again.
    EXPECT_FALSE(has(page, "name=\"accept_keyword\" value=\"测评\""));
    auto f = with_version(form("关于开展等级保护测评的通知", kBody), 1);
    f.emplace_back("accept_keyword", "渗透测试");
    AdminClient::expect(editor.post("/admin/articles/" + std::to_string(id), f), 303, "");
    EXPECT_EQ(store().editorial().find_editorial(id)->fields.keywords,
              (std::vector<std::string>{"等保", "测评", "渗透测试"}));
}

TEST_F(EditorialTest, ListFiltersByCategoryStatusAuthorKeywordAndDate) {
    const auto a = draft("甲篇：定级备案指南");
    const auto b = draft("乙篇：测评报告模板");
    AdminClient::expect(step(editor, b, "submit"), 303, "");
    auto list = [&](const std::string& query) { return editor.get("/admin/articles" + query); };
    EXPECT_TRUE(has(list("?status=review").body(), "乙篇"));
    EXPECT_FALSE(has(list("?status=review").body(), "甲篇"));
    EXPECT_TRUE(has(list("?status=published").body(), "政策解读甲"));
    EXPECT_TRUE(has(list("?author=bianji.li").body(), "甲篇"));
    EXPECT_FALSE(has(list("?author=bianji.li").body(), "政策解读甲"));
    EXPECT_TRUE(has(list("?q=%E5%AE%9A%E7%BA%A7").body(), "甲篇"));
    EXPECT_FALSE(has(list("?q=%E5%AE%9A%E7%BA%A7").body(), "乙篇"));
    const auto knowledge = list("?category=" + std::to_string(category["knowledge"])).body();
    EXPECT_TRUE(has(knowledge, "知识讲座"));
    EXPECT_FALSE(has(knowledge, "政策解读甲"));
    // A section includes its sub-categories.
    EXPECT_TRUE(has(list("?category=" + std::to_string(category["news"])).body(), "知识讲座"));
    const auto dated = list("?from=2025-12-28&to=2025-12-29").body();
    EXPECT_TRUE(has(dated, "政策解读甲"));
    EXPECT_FALSE(has(dated, "政策解读乙"));
    EXPECT_EQ(list("?from=2025-13-01").result_int(), 400);
    EXPECT_EQ(list("?status=deleted").result_int(), 400);
    EXPECT_EQ(list("?page=0").result_int(), 400);
    (void)a;
}

TEST_F(EditorialTest, EveryChangeIsAuditedAndAnAuditFailureStoresNothing) {
    const auto id = draft("网络安全审查办法要点");
    AdminClient::expect(step(editor, id, "submit"), 303, "");
    AdminClient::expect(step(reviewer, id, "send-back"), 303, "");
    editor.get("/admin/articles/" + std::to_string(id));
    AdminClient::expect(editor.post("/admin/articles/" + std::to_string(id),
                                    with_version(form("网络安全审查办法要点（修订）", kBody), 3)),
                        303, "");
    publish(id);
    AdminClient::expect(step(reviewer, id, "unpublish"), 303, "");
    AdminClient::expect(step(editor, id, "trash"), 303, "");
    AdminClient::expect(step(editor, id, "restore"), 303, "");
    for (const auto& [event, count] :
         std::vector<std::pair<std::string, std::size_t>>{{"article.create", 1},
                                                          {"article.submit", 2},
                                                          {"article.send_back", 1},
                                                          {"article.save", 1},
                                                          {"article.approve", 1},
                                                          {"article.publish", 1},
                                                          {"article.unpublish", 1},
                                                          {"article.trash", 1},
                                                          {"article.restore", 1}}) {
        const auto found = records(event);
        ASSERT_EQ(found.size(), count) << event;
        EXPECT_EQ(found[0].object_type, "article") << event;
        EXPECT_EQ(found[0].object_id, std::to_string(id)) << event;
        EXPECT_EQ(found[0].client_ip, "127.0.0.1") << event;
    }
    EXPECT_EQ(records("article.save")[0].account_name, "bianji.li");
    EXPECT_EQ(records("article.approve")[0].account_name, "shenhe.wang");
    EXPECT_TRUE(has(records("article.publish")[0].detail, "approved by shenhe.wang"));
    EXPECT_FALSE(store().audit().verify_chain().first_broken);

    // The audit trail refuses every write: so does every step, with nothing half-done.
    sql("CREATE TRIGGER audit_full BEFORE INSERT ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit storage is read-only'); END");
    const auto before = store().editorial().find_editorial(id);
    editor.get("/admin/articles/" + std::to_string(id));
    const auto save = editor.post("/admin/articles/" + std::to_string(id),
                                  with_version(form("不应保存的标题", kBody), before->version));
    EXPECT_EQ(save.result_int(), 503);
    EXPECT_EQ(step(editor, id, "submit").result_int(), 503);
    editor.get("/admin/articles/new");
    EXPECT_EQ(editor.post("/admin/articles", form("不应创建的文章", kBody)).result_int(), 503);
    const auto after = store().editorial().find_editorial(id);
    EXPECT_EQ(after->fields.title, before->fields.title);
    EXPECT_EQ(after->version, before->version);
    EXPECT_EQ(after->state, content::EditorialState::draft);
    EXPECT_EQ(store().editorial().list_revisions(id).size(), 2u);
    store::EditorialQuery all;
    all.keyword = "不应创建";
    EXPECT_EQ(store().editorial().count_editorial(all), 0);
}

// The finding "review can be skipped": a draft went to readers with one click of a reviewer.
TEST_F(EditorialTest, ReviewCanBeSkippedADraftCannotBePublished) {
    const auto id = draft("未经审核的稿件");
    const auto sid = std::to_string(id);
    const auto url = "/news/policy/" + sid + ".html";
    // The reviewer's page offers no publish button for a draft, and the step is refused.
    EXPECT_FALSE(has(reviewer.get("/admin/articles/" + sid).body(), "/" + sid + "/publish\""));
    const auto refused = step(reviewer, id, "publish");
    EXPECT_EQ(refused.result_int(), 409);
    EXPECT_TRUE(has(refused.body(), "草稿不能直接发布")) << refused.body();
    reviewer.get("/admin/articles/" + sid + "?lang=en");
    const auto en = reviewer.post("/admin/articles/" + sid + "/publish?lang=en", {});
    EXPECT_EQ(en.result_int(), 409);
    EXPECT_TRUE(has(en.body(), "A draft cannot be published directly")) << en.body();
    reviewer.get("/admin/articles/" + sid + "?lang=zh");
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::draft);
    EXPECT_EQ(get(url).result_int(), 404);

    // Submitted but not yet approved: still refused, and nothing changes for readers.
    AdminClient::expect(step(editor, id, "submit"), 303, "");
    EXPECT_FALSE(has(reviewer.get("/admin/articles/" + sid).body(), "/" + sid + "/publish\""));
    const auto unapproved = step(reviewer, id, "publish");
    EXPECT_EQ(unapproved.result_int(), 409);
    EXPECT_TRUE(has(unapproved.body(), "还没有得到发布所需的审核通过")) << unapproved.body();
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::review);
    EXPECT_EQ(get(url).result_int(), 404);
    EXPECT_TRUE(records("article.publish").empty());

    // A reviewer writes nothing themselves, so whatever they approve is someone else's text.
    EXPECT_EQ(reviewer.get("/admin/articles/new").result_int(), 403);
    reviewer.get("/admin/articles");
    EXPECT_EQ(reviewer.post("/admin/articles", form("审核员自己写的稿件", kBody)).result_int(),
              403);
    const auto version = store().editorial().find_editorial(id)->version;
    reviewer.get("/admin/articles/" + sid);
    EXPECT_EQ(
        reviewer.post("/admin/articles/" + sid, with_version(form("审核员改写", kBody), version))
            .result_int(),
        403);

    // An approval vouches for one text: a save after it asks for the review again.
    AdminClient::expect(approve(reviewer, id), 303, "");
    EXPECT_TRUE(has(reviewer.get("/admin/articles/" + sid).body(), "审核通过，待发布"));
    editor.get("/admin/articles/" + sid);
    AdminClient::expect(editor.post("/admin/articles/" + sid,
                                    with_version(form("审核后又改过的稿件", kBody),
                                                 store().editorial().find_editorial(id)->version)),
                        303, "");
    EXPECT_TRUE(store().editorial().find_editorial(id)->approved_by.empty());
    EXPECT_EQ(step(reviewer, id, "publish").result_int(), 409);
    // An approval of a version the reviewer did not read is refused too.
    reviewer.get("/admin/articles/" + sid);
    EXPECT_EQ(reviewer.post("/admin/articles/" + sid + "/approve", {{"version", "1"}}).result_int(),
              409);
    EXPECT_EQ(reviewer.post("/admin/articles/" + sid + "/approve", {}).result_int(), 400);
    EXPECT_EQ(get(url).result_int(), 404);

    AdminClient::expect(approve(reviewer, id), 303, "");
    AdminClient::expect(step(reviewer, id, "publish"), 303, "");
    EXPECT_EQ(get(url).result_int(), 200);
    EXPECT_TRUE(has(get(url).body(), "审核后又改过的稿件"));
}

TEST_F(EditorialTest, ReviewCanBeSkippedTheAuthorCannotApproveOrPublishTheirOwnArticle) {
    // An editor writes an article, another editor touches it up, and then both are made
    // reviewers: neither may vouch for text they wrote.
    auto second = colleague("bianji.zhao", Role::editor);
    const auto id = draft("作者自审的稿件");
    const auto sid = std::to_string(id);
    second->get("/admin/articles/" + sid);
    AdminClient::expect(second->post("/admin/articles/" + sid,
                                     with_version(form("作者自审的稿件（润色）", kBody), 1)),
                        303, "");
    AdminClient::expect(step(editor, id, "submit"), 303, "");
    reassign("bianji.li", "reviewer");
    reassign("bianji.zhao", "reviewer");

    for (auto* writer : {&editor, second.get()}) {
        const auto page = writer->get("/admin/articles/" + sid).body();
        EXPECT_FALSE(has(page, "/" + sid + "/approve\""));
        EXPECT_FALSE(has(page, "/" + sid + "/publish\""));
        const auto own = approve(*writer, id);
        EXPECT_EQ(own.result_int(), 403);
        EXPECT_TRUE(has(own.body(), "您创建或修改过这篇文章")) << own.body();
    }
    EXPECT_TRUE(store().editorial().find_editorial(id)->approved_by.empty());
    EXPECT_TRUE(records("article.approve").empty());

    // Someone else approves: the article may be published, but not by its author.
    AdminClient::expect(approve(reviewer, id), 303, "");
    const auto own_publish = step(editor, id, "publish");
    EXPECT_EQ(own_publish.result_int(), 403);
    EXPECT_TRUE(has(own_publish.body(), "您创建或修改过这篇文章"));
    EXPECT_EQ(step(*second, id, "publish").result_int(), 403);
    EXPECT_EQ(store().editorial().find_editorial(id)->state, content::EditorialState::review);
    AdminClient::expect(step(reviewer, id, "publish"), 303, "");
    EXPECT_EQ(get("/news/policy/" + sid + ".html").result_int(), 200);
    EXPECT_TRUE(has(records("article.publish")[0].detail, "approved by shenhe.wang"));
}

TEST_F(EditorialTest, ReviewCanBeSkippedTwoReviewsRequiredNeedTwoOtherReviewers) {
    server.stop();
    server.settings().editorial.reviews_required = 2;
    server.start();
    auto second = colleague("shenhe.zhang", Role::reviewer);
    const auto id = draft("需要两人审核的稿件");
    const auto sid = std::to_string(id);
    const auto url = "/news/policy/" + sid + ".html";
    AdminClient::expect(step(editor, id, "submit"), 303, "");

    AdminClient::expect(approve(reviewer, id), 303, "");
    const auto half = reviewer.get("/admin/articles/" + sid).body();
    EXPECT_TRUE(has(half, "<span data-approvals>1/2</span> shenhe.wang")) << half;
    EXPECT_TRUE(has(half, "待审核"));
    EXPECT_FALSE(has(half, "/" + sid + "/approve\""));
    // One reviewer cannot count twice, nor publish on one approval.
    const auto twice = approve(reviewer, id);
    EXPECT_EQ(twice.result_int(), 409);
    EXPECT_TRUE(has(twice.body(), "您已审核通过这篇文章")) << twice.body();
    EXPECT_EQ(store().editorial().find_editorial(id)->approved_by,
              std::vector<std::string>{"shenhe.wang"});
    EXPECT_EQ(step(reviewer, id, "publish").result_int(), 409);
    EXPECT_EQ(get(url).result_int(), 404);

    AdminClient::expect(approve(*second, id), 303, "");
    const auto done = second->get("/admin/articles/" + sid).body();
    EXPECT_TRUE(has(done, "<span data-approvals>2/2</span>"));
    EXPECT_TRUE(has(done, "审核通过，待发布"));
    AdminClient::expect(step(reviewer, id, "publish"), 303, "");
    EXPECT_EQ(get(url).result_int(), 200);
    EXPECT_EQ(records("article.approve").size(), 2u);
    EXPECT_TRUE(has(records("article.publish")[0].detail, "approved by shenhe.wang, shenhe.zhang"));
}

}  // namespace
}  // namespace gp::test
