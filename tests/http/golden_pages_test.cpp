// Golden pages: the public pages and the admin pages rendered by the real app from the
// committed fixture site (demo/site/, dated as of its own date, with the demo's settings), and
// compared byte for byte with tests/golden/<name>.html.
//
// Before the comparison, normalise() replaces what differs between two runs of the same site and
// nothing else: CSP nonces (nonce="…"), CSRF tokens (the value of the csrf/_csrf fields and of
// the csrf meta tag), request ids (data-request-id="…", the request id an error page names and
// the run prefix of those the audit trail lists) and the version of the npm-built editor bundle
// become fixed words. Article ids and dates need no rewriting: the import numbers the articles in
// document order and the clock stands at the document's date.
//
// A failure prints the first line that differs. When a page changes on purpose, regenerate the
// files and review their diff:  GP_UPDATE_GOLDEN=1 ctest -R Golden   (tests/README.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "admin_client.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

constexpr std::string_view kPassword = "Qz7#mLp2vR-kelp";

std::string normalise(std::string html) {
    static const std::pair<std::regex, const char*> kRules[] = {
        {std::regex(R"re(nonce="[^"]*")re"), R"(nonce="NONCE")"},
        {std::regex(R"re((name="_?csrf" value=")[^"]*")re"), R"($1TOKEN")"},
        {std::regex(R"re((name="csrf-token" content=")[^"]*")re"), R"($1TOKEN")"},
        {std::regex(R"re((data-request-id=")[^"]*")re"), R"($1REQUEST-ID")"},
        // The editor bundle is built by npm, not committed: its version is the build's.
        {std::regex(R"re((/static/js/editor\.js\?v=)[0-9a-f]+)re"), "$1BUNDLE"},
        // "请求编号：<code>7ec088ca-1</code>": the full-width colon is three bytes, so an
        // alternative, not a bracket; the id may sit inside a <code> element.
        // The audit trail lists each entry's request id: the server's run prefix, then a count.
        {std::regex(R"re((<small>)[0-9a-f]{8}(-[0-9a-f]+</small>))re"), "$1REQUEST$2"},
        {std::regex(R"re(((?:请求编号|request id)(?::|：)\s*(?:<code>)?)[0-9A-Za-z-]+)re"),
         "$1REQUEST-ID"},
    };
    for (const auto& [re, replacement] : kRules) html = std::regex_replace(html, re, replacement);
    return html;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool updating() {
    const char* flag = std::getenv("GP_UPDATE_GOLDEN");
    return flag != nullptr && std::string_view(flag) == "1";
}

/// Compares the page with tests/golden/<name>.html (or rewrites it under GP_UPDATE_GOLDEN=1).
void expect_golden(const std::string& name, const Response& page) {
    const auto path = std::filesystem::path(GP_SOURCE_DIR) / "tests/golden" / (name + ".html");
    const auto actual = normalise(page.body());
    if (updating()) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path))
        << path << " is missing; write it with GP_UPDATE_GOLDEN=1 ctest -R Golden";
    const auto expected = read_file(path);
    if (actual == expected) return;
    std::istringstream a(actual);
    std::istringstream e(expected);
    std::string la;
    std::string le;
    int line = 0;
    while (true) {
        ++line;
        const bool more_a = static_cast<bool>(std::getline(a, la));
        const bool more_e = static_cast<bool>(std::getline(e, le));
        if (!more_a && !more_e) break;
        if (!more_a || !more_e || la != le) {
            ADD_FAILURE() << name << ".html differs from the page at line " << line
                          << "\n  golden: " << (more_e ? le : "<end of file>")
                          << "\n  page:   " << (more_a ? la : "<end of page>")
                          << "\n(GP_UPDATE_GOLDEN=1 ctest -R Golden rewrites it)";
            return;
        }
    }
    ADD_FAILURE() << name << ".html differs from the page only in its line endings";
}

std::string url_encode(std::string_view s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

class GoldenPages : public ::testing::Test {
protected:
    void SetUp() override {
        // The demo's settings, so the pages are the ones `make demo` shows.
        const auto config = server.data_dir() / "demo.toml";
        std::ofstream(config) << demo::kDemoConfig;
        const auto demo_settings = config::load_settings(config, GP_SOURCE_DIR);
        server.settings().site = demo_settings.site;
        server.settings().widgets = demo_settings.widgets;
        server.import_fixture_site();
        server.start();
        server.app().refresh_related();
    }

    /// The first article link of a page, e.g. /news/policy/national/12.html.
    static std::string first_article(const std::string& html) {
        std::smatch m;
        if (!std::regex_search(html, m, std::regex(R"re(href="(/[a-z/]+/[0-9]+\.html)")re"))) {
            return "";
        }
        return m[1].str();
    }

    TestServer server{TestServer::fixture_site_date()};
};

TEST_F(GoldenPages, Home) {
    const auto page = server.get("/");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("home", page);
}

TEST_F(GoldenPages, Section) {
    const auto page = server.get("/news/");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("section", page);
}

TEST_F(GoldenPages, SecondPageOfASection) {
    const auto page = server.get("/news/?page=2");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("section-page-2", page);
}

TEST_F(GoldenPages, CategoryBelowASection) {
    const auto page = server.get("/news/policy/");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("category", page);
}

TEST_F(GoldenPages, CategoryTwoLevelsDown) {
    const auto page = server.get("/news/policy/national/");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("category-deep", page);
}

TEST_F(GoldenPages, SearchInOneSectionWithoutAWord) {
    const auto page = server.get("/search?q=&category=news");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("search-no-word", page);
}

TEST_F(GoldenPages, CallbackThanks) {
    const auto page = server.get("/callback/thanks");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("callback-thanks", page);
}

TEST_F(GoldenPages, Article) {
    const auto href = first_article(server.get("/news/policy/").body());
    ASSERT_FALSE(href.empty());
    const auto page = server.get(href);
    ASSERT_EQ(page.result_int(), 200) << href;
    expect_golden("article", page);
}

TEST_F(GoldenPages, KeywordPage) {
    const auto page = server.get("/tag/" + url_encode("等级保护") + "/");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("keyword", page);
}

TEST_F(GoldenPages, SearchResults) {
    const auto page = server.get("/search?q=" + url_encode("等保测评"));
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("search", page);
}

TEST_F(GoldenPages, CallbackForm) {
    const auto page = server.get("/callback");
    ASSERT_EQ(page.result_int(), 200);
    expect_golden("callback-form", page);
}

TEST_F(GoldenPages, CallbackFormAfterABadNumber) {
    const auto form = server.get("/callback").body();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(form, m, std::regex(R"re(name="csrf" value="([^"]+)")re")));
    const auto body = "phone=12345&consent=yes&csrf=" + url_encode(m[1].str());
    const auto page = server.request(http::verb::post, "/callback", "Mozilla/5.0", body,
                                     "application/x-www-form-urlencoded");
    ASSERT_EQ(page.result_int(), 422);
    expect_golden("callback-error", page);
}

TEST_F(GoldenPages, NotFound) {
    const auto page = server.get("/no-such-section/");
    ASSERT_EQ(page.result_int(), 404);
    expect_golden("404", page);
}

/// Admin pages, each seen by the role that works there. The MFA enrolment and recovery-code pages
/// carry random secrets and are left to admin_session_test.
class GoldenAdminPages : public GoldenPages {
protected:
    /// Creates the account and goes through its first sign-in; the client then holds a session.
    AdminClient& staff(const std::string& name, accounts::Role role) {
        auto created = server.app().account_admin().create_account(
            name, role, nullptr, accounts::Client{"shell", "golden_pages_test", ""});
        EXPECT_TRUE(created);
        auto& client = clients_.emplace_back(std::make_unique<AdminClient>(server));
        client->first_sign_in(name, created->one_time_password, std::string(kPassword));
        return *client;
    }

    std::string first_article_id() {
        const auto href = first_article(server.get("/news/policy/").body());
        std::smatch m;
        if (!std::regex_search(href, m, std::regex(R"(/([0-9]+)\.html$)"))) return "";
        return m[1].str();
    }

    /// Fetches the admin page, checks its status and compares it with its golden file.
    static void expect_admin_page(AdminClient& client, const std::string& target,
                                  const std::string& name, int status = 200) {
        const auto page = client.get(target);
        ASSERT_EQ(page.result_int(), status) << target;
        expect_golden(name, page);
    }

private:
    std::vector<std::unique_ptr<AdminClient>> clients_;
};

TEST_F(GoldenAdminPages, SignInForm) {
    AdminClient anonymous(server);
    expect_admin_page(anonymous, "/admin/login", "admin-login");
}

TEST_F(GoldenAdminPages, ArticleEditor) {
    auto& editor = staff("bianji.li", accounts::Role::editor);
    const auto id = first_article_id();
    ASSERT_FALSE(id.empty());
    expect_admin_page(editor, "/admin/articles/" + id, "admin-article-editor");
}

TEST_F(GoldenAdminPages, DashboardOfAnEditor) {
    expect_admin_page(staff("bianji.li", accounts::Role::editor), "/admin/", "admin-dashboard");
}

TEST_F(GoldenAdminPages, ArticleList) {
    expect_admin_page(staff("bianji.li", accounts::Role::editor), "/admin/articles",
                      "admin-articles");
}

TEST_F(GoldenAdminPages, ArticleListOfOneCategoryAndStatus) {
    expect_admin_page(staff("shenhe.zhao", accounts::Role::reviewer),
                      "/admin/articles?status=published&category=2", "admin-articles-filtered");
}

TEST_F(GoldenAdminPages, ArticleListWithABadDate) {
    expect_admin_page(staff("bianji.li", accounts::Role::editor),
                      "/admin/articles?from=2026-13-40&q=" + url_encode("测评"),
                      "admin-articles-bad-date", 400);
}

TEST_F(GoldenAdminPages, NewArticle) {
    expect_admin_page(staff("bianji.li", accounts::Role::editor), "/admin/articles/new",
                      "admin-article-new");
}

TEST_F(GoldenAdminPages, Revisions) {
    auto& editor = staff("bianji.li", accounts::Role::editor);
    const auto id = first_article_id();
    ASSERT_FALSE(id.empty());
    expect_admin_page(editor, "/admin/articles/" + id + "/revisions", "admin-revisions");
}

TEST_F(GoldenAdminPages, Categories) {
    expect_admin_page(staff("shenhe.zhao", accounts::Role::reviewer), "/admin/categories",
                      "admin-categories");
}

TEST_F(GoldenAdminPages, Media) {
    expect_admin_page(staff("bianji.li", accounts::Role::editor), "/admin/media", "admin-media");
}

TEST_F(GoldenAdminPages, Accounts) {
    auto& admin = staff("xitong.wang", accounts::Role::system_admin);
    staff("bianji.li", accounts::Role::editor);
    expect_admin_page(admin, "/admin/accounts", "admin-accounts");
}

TEST_F(GoldenAdminPages, AuditTrail) {
    staff("bianji.li", accounts::Role::editor);
    expect_admin_page(staff("shenji.chen", accounts::Role::audit_admin), "/admin/audit",
                      "admin-audit");
}

TEST_F(GoldenAdminPages, Leads) {
    const auto form = server.get("/callback").body();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(form, m, std::regex(R"re(name="csrf" value="([^"]+)")re")));
    const auto body = "phone=13800138000&consent=yes&csrf=" + url_encode(m[1].str());
    const auto sent = server.request(http::verb::post, "/callback", "Mozilla/5.0", body,
                                     "application/x-www-form-urlencoded");
    ASSERT_EQ(sent.result_int(), 303);
    expect_admin_page(staff("xiansuo.liu", accounts::Role::lead_handler), "/admin/leads",
                      "admin-leads");
}

}  // namespace
}  // namespace gp::test
