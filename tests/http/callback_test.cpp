#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/sqlite/sqlite_store.hpp"
#include "test_server.hpp"

namespace gp::test {
namespace {

constexpr std::int64_t kT0 = 1767225600;

const char* kSite = R"({"categories": [{"slug": "news", "name": "等保资讯", "parent": null},
  {"slug": "policy", "name": "等保政策", "parent": "news"}],
 "articles": [{"id": 101, "title": "等级保护测评流程", "category": "policy",
   "published_at": "2025-12-01T09:00:00+08:00", "body_html": "<p>正文</p>"}]})";

std::string url_encode(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class CallbackTest : public ::testing::Test {
protected:
    void SetUp() override {
        server.import(kSite);
        server.settings().leads.per_ip_limit = 50;
        server.start();
    }

    std::string token() {
        const auto page = server.get("/callback").body();
        const std::string marker = "name=\"csrf\" value=\"";
        const auto start = page.find(marker) + marker.size();
        return page.substr(start, page.find('"', start) - start);
    }

    using Fields = std::vector<std::pair<std::string, std::string>>;
    Response post(Fields fields, bool with_token = true,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
        if (with_token) fields.emplace_back("csrf", token());
        std::string body;
        for (const auto& [k, v] : fields) {
            if (!body.empty()) body += '&';
            body += url_encode(k) + "=" + url_encode(v);
        }
        http::request<http::string_body> req{http::verb::post, "/callback", 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.set(http::field::user_agent, "Mozilla/5.0");
        for (const auto& [k, v] : headers) req.set(k, v);
        req.body() = body;
        return server.send(std::move(req));
    }
    Response submit(const std::string& phone,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
        return post({{"phone", phone}, {"consent", "yes"}}, true, std::move(headers));
    }

    std::vector<content::LeadRecord> leads() {
        auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
        return store->leads().list_leads(1000);
    }

    TestServer server{content::Time{std::chrono::seconds{kT0}}};
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST_F(CallbackTest, TheFormPageShowsTheConsentNotice) {
    auto res = server.get("/callback");
    ASSERT_EQ(res.result_int(), 200);
    for (const char* part :
         {"个人信息收集说明", "收集者：", "目的：", "收集内容：", "保存方式与期限：",
          "撤回与删除：", "90 天", "180 天", "请输入您的联系电话,座机请加区号"}) {
        EXPECT_TRUE(contains(res.body(), part)) << part;
    }
    // The consent box starts unticked.
    EXPECT_FALSE(contains(res.body(), "value=\"yes\" checked"));
}

TEST_F(CallbackTest, AnAcceptedLeadIsStoredWithWhereItCameFrom) {
    auto res = submit(
        "138 0013 8000",
        {{"Referer", "http://127.0.0.1/news/policy/101.html?utm_source=baidu&utm_medium=cpc"},
         {"Origin", "http://127.0.0.1"}});
    ASSERT_EQ(res.result_int(), 303);
    EXPECT_EQ(res[http::field::location], "/callback/thanks");
    EXPECT_TRUE(contains(server.get("/callback/thanks").body(), "已收到您的回电请求"));
    const auto stored = leads();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].phone_masked, "138****8000");
    EXPECT_EQ(stored[0].phone_kind, "mobile");
    EXPECT_EQ(stored[0].origin.landing_page, "/news/policy/101.html");
    EXPECT_EQ(stored[0].origin.article_id, 101);
    EXPECT_EQ(stored[0].origin.utm_source, "baidu");
    EXPECT_EQ(stored[0].origin.utm_medium, "cpc");
    EXPECT_EQ(stored[0].consent_version, "2026-11");
    EXPECT_EQ(stored[0].status, content::LeadStatus::fresh);
}

TEST_F(CallbackTest, TerminalInjectionAVisitorsControlCharactersAreNotStored) {
    auto res = post({{"phone", "13800138000"},
                     {"consent", "yes"},
                     {"name", "\x1b[31m张工\x1b]0;x\x07\r\n\xc2\x9b"},
                     {"time", "尽快\x1b"}},
                    true,
                    {{"Referer", "http://127.0.0.1/news/%1B%5B2J/101.html?utm_source=ba%1Bidu"},
                     {"Origin", "http://127.0.0.1"}});
    ASSERT_EQ(res.result_int(), 303);
    const auto stored = leads();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].name, "[31m张工]0;x");
    EXPECT_EQ(stored[0].preferred_time, "尽快");
    EXPECT_EQ(stored[0].origin.landing_page, "/news/[2J/101.html");
    EXPECT_EQ(stored[0].origin.utm_source, "baidu");
}

TEST_F(CallbackTest, EveryRealFormatIsAccepted) {
    const std::vector<std::string> numbers{
        "13800138000",    "+86 139-1234-5678", "０２１－６２３４５６７８", "010-12345678 转 801",
        "(0755) 1234567", "400-123-4567",      "0086 186 0000 1111",       "021-12345678-66"};
    for (const auto& n : numbers) EXPECT_EQ(submit(n).result_int(), 303) << n;
    EXPECT_EQ(leads().size(), numbers.size());
}

TEST_F(CallbackTest, EachBadNumberIsRefusedWithItsReasonAndTheFormKeepsTheInput) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"62345678", "座机请加区号"},       {"6234567", "座机请加区号"},
        {"1380013800", "手机号码位数不对"}, {"138001380001", "手机号码位数不对"},
        {"call me maybe", "数字"},          {"+852 9123 4567", "中国大陆"},
        {"", "请输入您的联系电话"},
    };
    for (const auto& [input, reason] : cases) {
        auto res = submit(input);
        EXPECT_EQ(res.result_int(), 422) << input;
        // The reason must be in the error box, not merely in the placeholder text.
        const auto box = res.body().find("id=\"form-error\">");
        ASSERT_NE(box, std::string::npos) << input;
        EXPECT_TRUE(contains(res.body().substr(box, 200), reason)) << input;
        if (!input.empty()) {
            EXPECT_TRUE(contains(res.body(), "value=\"" + input + "\"")) << input;
        }
        EXPECT_TRUE(contains(res.body(), "aria-invalid=\"true\"")) << input;
    }
    EXPECT_TRUE(leads().empty());
}

TEST_F(CallbackTest, ConsentIsRequired) {
    auto res = post({{"phone", "13800138000"}, {"name", "王先生"}});
    EXPECT_EQ(res.result_int(), 422);
    EXPECT_TRUE(contains(res.body(), "请先阅读并勾选同意"));
    EXPECT_TRUE(contains(res.body(), "value=\"13800138000\""));
    EXPECT_TRUE(contains(res.body(), "value=\"王先生\""));
    EXPECT_TRUE(leads().empty());
}

TEST_F(CallbackTest, AMissingForgedOrExpiredTokenIsRefused) {
    EXPECT_EQ(post({{"phone", "13800138000"}, {"consent", "yes"}}, false).result_int(), 403);
    EXPECT_EQ(post({{"phone", "13800138000"}, {"consent", "yes"}, {"csrf", "1767225600.00"}}, false)
                  .result_int(),
              403);
    const auto old = token();
    server.clock().advance(std::chrono::hours(48));
    auto expired = post({{"phone", "13800138000"}, {"consent", "yes"}, {"csrf", old}}, false);
    EXPECT_EQ(expired.result_int(), 403);
    EXPECT_TRUE(contains(expired.body(), "页面已过期"));
    EXPECT_TRUE(contains(expired.body(), "value=\"13800138000\""));
    EXPECT_TRUE(leads().empty());
}

TEST_F(CallbackTest, ACrossSitePostIsRefused) {
    EXPECT_EQ(submit("13800138000", {{"Origin", "https://attacker.example"}}).result_int(), 403);
    EXPECT_EQ(submit("13800138000", {{"Referer", "https://attacker.example/x.html"}}).result_int(),
              403);
    EXPECT_EQ(submit("13800138000", {{"Origin", "null"}}).result_int(), 403);
    EXPECT_TRUE(leads().empty());
}

TEST_F(CallbackTest, TheHoneypotStoresNothingButLooksLikeSuccess) {
    auto res =
        post({{"phone", "13800138000"}, {"consent", "yes"}, {"website", "http://spam.example"}});
    EXPECT_EQ(res.result_int(), 303);
    EXPECT_TRUE(leads().empty());
}

TEST_F(CallbackTest, JavaScriptGetsJsonAnswers) {
    auto ok = submit("13800138000", {{"Accept", "application/json"}});
    ASSERT_EQ(ok.result_int(), 200);
    EXPECT_EQ(nlohmann::json::parse(ok.body())["ok"], true);
    auto bad = submit("62345678", {{"Accept", "application/json"}});
    EXPECT_EQ(bad.result_int(), 422);
    const auto answer = nlohmann::json::parse(bad.body());
    EXPECT_EQ(answer["ok"], false);
    EXPECT_EQ(answer["field"], "phone");
    EXPECT_TRUE(contains(answer["message"].get<std::string>(), "座机请加区号")) << bad.body();
}

TEST_F(CallbackTest, TheStoreHoldsNoPlaintextNumber) {
    ASSERT_EQ(submit("13912345678").result_int(), 303);
    server.stop();
    for (const char* file : {"guardpress.sqlite3", "guardpress.sqlite3-wal"}) {
        const auto bytes = slurp(server.data_dir() / file);
        EXPECT_FALSE(contains(bytes, "13912345678")) << file;
        EXPECT_FALSE(contains(bytes, "1391234")) << file;
    }
    auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
    EXPECT_EQ(store->leads().list_leads(10).at(0).phone_masked, "139****5678");
}

TEST_F(CallbackTest, NoInputGivesA5xx) {
    std::vector<std::string> bodies{"",
                                    "phone",
                                    "phone=%FF%FE&consent=yes",
                                    "=&&&==",
                                    std::string(60000, 'a'),
                                    "phone=" + std::string(5000, '1'),
                                    std::string("phone=\0\0\x01", 9),
                                    "csrf=%00&phone=%E0%80%80"};
    for (const auto& body : bodies) {
        for (const char* type :
             {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}) {
            http::request<http::string_body> req{http::verb::post, "/callback", 11};
            req.set(http::field::content_type, type);
            req.body() = body;
            const auto status = server.send(std::move(req)).result_int();
            EXPECT_GE(status, 400) << type << " " << body.substr(0, 40);
            EXPECT_LT(status, 500) << type << " " << body.substr(0, 40);
        }
    }
    EXPECT_TRUE(leads().empty());
}

class CallbackLimitTest : public CallbackTest {
protected:
    void SetUp() override {
        server.import(kSite);
        server.start();  // default limits: 5 per address per 10 minutes, 3 per number per day
    }
};

TEST_F(CallbackLimitTest, OneAddressGetsFiveTriesInTenMinutes) {
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(submit("1380013800" + std::to_string(i)).result_int(), 303) << i;
    }
    auto limited = submit("13800138009");
    EXPECT_EQ(limited.result_int(), 429);
    EXPECT_TRUE(contains(limited.body(), "提交过于频繁"));
    EXPECT_TRUE(contains(limited.body(), "value=\"13800138009\""));
    EXPECT_EQ(leads().size(), 5u);  // limiting loses none of the accepted ones
    server.clock().advance(std::chrono::minutes(11));
    EXPECT_EQ(submit("13800138009").result_int(), 303);
}

TEST_F(CallbackLimitTest, OneNumberGetsThreeRequestsADay) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(submit("13800138000").result_int(), 303) << i;
    server.clock().advance(std::chrono::minutes(11));
    auto limited = submit("138-0013-8000");  // the same number, typed differently
    EXPECT_EQ(limited.result_int(), 429);
    EXPECT_TRUE(contains(limited.body(), "这个号码今天已多次提交"));
    EXPECT_EQ(leads().size(), 3u);
}

}  // namespace
}  // namespace gp::test
