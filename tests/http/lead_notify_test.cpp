#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_binary.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "test_server.hpp"
#include "webhook_receiver.hpp"

namespace gp::test {
namespace {

constexpr std::int64_t kT0 = 1767225600;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// Submits the call-back form; `name` is form-encoded, `referer` the page it was on.
int submit_to(TestServer& server, const std::string& phone, const std::string& name,
              const std::string& referer) {
    const auto page = server.get("/callback").body();
    const std::string marker = "name=\"csrf\" value=\"";
    const auto at = page.find(marker) + marker.size();
    const auto token = page.substr(at, page.find('"', at) - at);
    http::request<http::string_body> req{http::verb::post, "/callback", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.set(http::field::referer, referer);
    req.body() = "phone=" + phone + "&consent=yes&name=" + name + "&csrf=" + token;
    return server.send(std::move(req)).result_int();
}

class LeadNotifyTest : public ::testing::Test {
protected:
    void start(const std::string& webhook) {
        server.settings().leads.webhook_url = webhook;
        server.start();
    }
    int submit(const std::string& phone) {
        return submit_to(server, phone, "%E5%BC%A0%E5%B7%A5",
                         "http://127.0.0.1/news/policy/101.html?utm_source=baidu");
    }
    TestServer server{content::Time{std::chrono::seconds{kT0}}};
};

TEST_F(LeadNotifyTest, ALeadIsAnnouncedOnceWithTheNumberMasked) {
    WebhookReceiver receiver;
    start(receiver.url());
    ASSERT_EQ(submit("13800138000"), 303);
    EXPECT_EQ(server.app().notify_leads(), 1u);
    EXPECT_EQ(server.app().notify_leads(), 0u);
    const auto bodies = receiver.bodies();
    ASSERT_EQ(bodies.size(), 1u);
    const auto message = nlohmann::json::parse(bodies[0]);
    EXPECT_EQ(message["msgtype"], "markdown");
    const auto text = message["markdown"]["content"].get<std::string>();
    EXPECT_TRUE(contains(text, "138****8000"));
    EXPECT_TRUE(contains(text, "编号 #1"));  // no site.base_url here, so no link
    // The notice promises that nothing goes to third parties: the robot's platform only sees
    // the masked number, and staff open the lead in the back end.
    EXPECT_FALSE(contains(text, "张工"));
    EXPECT_FALSE(contains(text, "/news/policy/101.html"));
    EXPECT_FALSE(contains(text, "baidu"));
    EXPECT_FALSE(contains(bodies[0], "13800138000"));
}

TEST(LeadNotifyRobot, ForgedLinesInTheStaffRobotMessageAreImpossible) {
    for (const std::string format : {"wecom", "dingtalk"}) {
        SCOPED_TRACE(format);
        WebhookReceiver receiver;
        TestServer server{content::Time{std::chrono::seconds{kT0}}};
        server.settings().site.base_url = "https://www.dengbao.example";
        server.settings().leads.webhook_url = receiver.url();
        server.settings().leads.webhook_format = format;
        server.start();
        // 张三\n> **已签约** [点此](http://evil.example), and markdown with CR/LF in the
        // landing page and utm_source.
        ASSERT_EQ(
            submit_to(server, "13800138000",
                      "%E5%BC%A0%E4%B8%89%0A%3E%20**%E5%B7%B2%E7%AD%BE%E7%BA%A6**%20%5B%E7%82%B9"
                      "%E6%AD%A4%5D(http%3A%2F%2Fevil.example)",
                      "http://127.0.0.1/news/%0D%0A%3E%20%5Bx%5D(http://evil.example)/7.html"
                      "?utm_source=baidu%0D%0A%3E%20**%E5%B7%B2%E7%AD%BE%E7%BA%A6**"),
            303);
        EXPECT_EQ(server.app().notify_leads(), 1u);
        const auto bodies = receiver.bodies();
        ASSERT_EQ(bodies.size(), 1u);
        const auto message = nlohmann::json::parse(bodies[0]);
        const auto text = format == "dingtalk" ? message["markdown"]["text"].get<std::string>()
                                               : message["markdown"]["content"].get<std::string>();
        EXPECT_EQ(text,
                  "**GuardPress 等保资讯 新的回电请求** #1\n"
                  "> 电话：138****8000\n"
                  "> 提交时间：2026-01-01 08:00\n"
                  "> 详情：[在后台查看](https://www.dengbao.example/admin/leads#lead-1)");
        for (const char* forged : {"张三", "已签约", "evil", "baidu", "13800138000"}) {
            EXPECT_FALSE(contains(bodies[0], forged)) << forged;
        }
    }
}

TEST_F(LeadNotifyTest, AReceiverThatFailsIsRetriedWithBackOffAndGetsTheLeadOnce) {
    WebhookReceiver receiver;
    receiver.answer_with(503);
    start(receiver.url());
    ASSERT_EQ(submit("13800138000"), 303);
    EXPECT_EQ(server.app().notify_leads(), 0u);
    EXPECT_EQ(receiver.bodies().size(), 1u);
    // Not yet due again: the first retry waits 30 s.
    server.clock().advance(std::chrono::seconds(10));
    EXPECT_EQ(server.app().notify_leads(), 0u);
    EXPECT_EQ(receiver.bodies().size(), 1u);
    receiver.answer_with(200);
    server.clock().advance(std::chrono::seconds(25));
    EXPECT_EQ(server.app().notify_leads(), 1u);
    server.clock().advance(std::chrono::hours(2));
    EXPECT_EQ(server.app().notify_leads(), 0u);
    EXPECT_EQ(receiver.bodies().size(), 2u);  // one refused attempt, one delivery
}

TEST_F(LeadNotifyTest, NothingIsLostWhenTheReceiverIsDownAcrossARestart) {
    unsigned short port = 0;
    {
        WebhookReceiver reserve;  // find a free port, then leave nothing listening on it
        port = reserve.port();
    }
    const auto url = fmt::format("http://127.0.0.1:{}/hook", port);
    start(url);
    ASSERT_EQ(submit("02162345678"), 303);
    EXPECT_EQ(server.app().notify_leads(), 0u);  // connection refused
    server.stop();

    WebhookReceiver receiver(port);
    server.clock().advance(std::chrono::minutes(5));
    server.start();
    EXPECT_EQ(server.app().notify_leads(), 1u);
    ASSERT_EQ(receiver.bodies().size(), 1u);
    EXPECT_TRUE(contains(receiver.bodies()[0], "021****5678"));
}

TEST_F(LeadNotifyTest, TheQueueIsWorkedWithoutAnyRequest) {
    WebhookReceiver receiver;
    server.settings().leads.notify_interval = std::chrono::seconds(1);
    start(receiver.url());
    ASSERT_EQ(submit("13800138000"), 303);
    EXPECT_TRUE(receiver.wait_for(1, std::chrono::seconds(20)));
}

TEST_F(LeadNotifyTest, OtherReceiverFormats) {
    WebhookReceiver receiver;
    server.settings().leads.webhook_format = "json";
    start(receiver.url());
    ASSERT_EQ(submit("4001234567"), 303);
    EXPECT_EQ(server.app().notify_leads(), 1u);
    const auto message = nlohmann::json::parse(receiver.bodies().at(0));
    EXPECT_EQ(message["event"], "lead.created");
    EXPECT_EQ(message["lead"]["phone_kind"], "service");
    EXPECT_EQ(message["lead"]["phone"], "400****567");
    EXPECT_FALSE(message["lead"].contains("name"));
    EXPECT_FALSE(message["lead"].contains("landing_page"));
    EXPECT_FALSE(message["lead"].contains("utm_source"));
}

TEST_F(LeadNotifyTest, UnhandledLeadsArePurgedAfterTheirRetention) {
    start("");
    ASSERT_EQ(submit("13800138000"), 303);
    EXPECT_EQ(server.app().purge_leads(), 0);
    server.clock().advance(std::chrono::days(179));
    ASSERT_EQ(submit("13900139000"), 303);
    EXPECT_EQ(server.app().purge_leads(), 0);
    server.clock().advance(std::chrono::days(2));
    EXPECT_EQ(server.app().purge_leads(), 1);  // the first, 181 days old
    auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
    const auto left = store->leads().list_leads(10);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].phone_masked, "139****9000");
}

TEST_F(LeadNotifyTest, TheShellListsAndExportsLeads) {
    start("");
    ASSERT_EQ(submit("13800138000"), 303);
    ASSERT_EQ(submit("010-62345678-801"), 303);
    server.stop();
    TempDir scratch;
    const auto dir = server.data_dir().string();

    auto list = run({"leads", "list", "--data-dir", dir}, scratch);
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_TRUE(contains(list.out, "138****8000"));
    EXPECT_TRUE(contains(list.out, "010****5678"));
    EXPECT_TRUE(contains(list.out, "2 leads"));
    EXPECT_FALSE(contains(list.out, "13800138000"));

    auto masked = run({"leads", "export", "--csv", "--data-dir", dir}, scratch);
    ASSERT_EQ(masked.code, 0) << masked.err;
    EXPECT_TRUE(masked.out.starts_with("id,created_at,phone,"));
    EXPECT_TRUE(contains(masked.out, "138****8000"));
    EXPECT_FALSE(contains(masked.out, "13800138000"));
    EXPECT_TRUE(contains(masked.err, "full numbers: no"));

    auto full = run({"leads", "export", "--csv", "--full-numbers", "--data-dir", dir}, scratch);
    ASSERT_EQ(full.code, 0) << full.err;
    // A leading + is quoted so that a spreadsheet does not read the cell as a formula.
    EXPECT_TRUE(contains(full.out, "'+8613800138000"));
    EXPECT_TRUE(contains(full.out, "'+861062345678;ext=801"));
    EXPECT_TRUE(contains(full.err, "full numbers: YES"));

    EXPECT_EQ(run({"leads", "export", "--data-dir", dir}, scratch).code, 2);  // --csv is required
}

TEST_F(LeadNotifyTest, TerminalInjectionTheShellListsALeadsControlCharactersEscaped) {
    start("");
    server.stop();
    // Stored as an older release or another writer could have stored it: the web form strips
    // these now, so the listing must not rely on that.
    {
        auto store = store::sqlite::open_store(store::StoreSettings{server.data_dir(), {}});
        store::NewLead lead;
        lead.created_at = content::Time{std::chrono::seconds{kT0}};
        lead.phone_nonce = "n";
        lead.phone_sealed = "s";
        lead.phone_hash = "h";
        lead.phone_masked = "138****8000";
        lead.phone_kind = "mobile";
        lead.name = "\x1b[31m张工\x1b[0m";
        lead.origin.landing_page = "/news/\x1b]0;owned\x07\xc2\x9b[2J\xff.html";
        store->leads().add_lead(lead);
    }
    TempDir scratch;
    auto list = run({"leads", "list", "--data-dir", server.data_dir().string()}, scratch);
    ASSERT_EQ(list.code, 0) << list.err;
    EXPECT_TRUE(contains(list.out, "\\x1b[31m张工\\x1b[0m")) << list.out;
    EXPECT_TRUE(contains(list.out, "/news/\\x1b]0;owned\\x07\\u009b[2J\\xff.html")) << list.out;
    EXPECT_FALSE(contains(list.out, "\x1b"));
    EXPECT_FALSE(contains(list.out, "\x07"));
    EXPECT_FALSE(contains(list.out, "\xc2\x9b"));
    EXPECT_TRUE(contains(list.out, "1 leads"));
}

}  // namespace
}  // namespace gp::test
