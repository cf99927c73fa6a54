#include "notify/lead_notifier.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace gp::notify {
namespace {

constexpr std::int64_t kT0 = 1767225600;  // 2026-01-01 08:00 in Asia/Shanghai

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// A lead as a visitor can shape it: every free-text field tries to add lines of its own.
content::LeadRecord forged_lead() {
    content::LeadRecord lead;
    lead.id = 42;
    lead.created_at = content::Time{std::chrono::seconds{kT0}};
    lead.phone_masked = "138****8000";
    lead.phone_kind = "mobile";
    lead.name = "张三\n> **已签约** [点此](http://evil.example)";
    lead.preferred_time = "尽快\r\n> 已处理";
    lead.origin.landing_page = "/news/1.html\r\n> 来源：[官网](http://evil.example/landing)";
    lead.origin.referrer = "http://evil.example/ref\n> 伪造";
    lead.origin.utm_source = "baidu\n\n# 紧急 **转账**\x1b[2J";
    lead.origin.utm_campaign = "spring`code`<font color=\"warning\">x</font>";
    return lead;
}

NotifierSettings settings_for(const std::string& format) {
    NotifierSettings s;
    s.webhook_url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k";
    s.format = format;
    s.site_name = "GuardPress 等保资讯";
    s.site_url = "https://www.example.com";
    return s;
}

std::string robot_text(const std::string& body, const std::string& format) {
    const auto message = nlohmann::json::parse(body);
    EXPECT_EQ(message["msgtype"], "markdown");
    return format == "dingtalk" ? message["markdown"]["text"].get<std::string>()
                                : message["markdown"]["content"].get<std::string>();
}

void expect_none_of_the_visitors_text(const std::string& body) {
    for (const char* forged : {"张三", "已签约", "点此", "evil", "已处理", "伪造", "baidu", "紧急",
                               "转账", "spring", "font", "/news/1.html", "\\r", "\\u001b"}) {
        EXPECT_FALSE(contains(body, forged)) << forged << " in " << body;
    }
}

TEST(LeadNotifier, ForgedLinesInTheStaffRobotMessageAreImpossible) {
    const content::SiteTimeZone zone("Asia/Shanghai");
    for (const std::string format : {"wecom", "dingtalk"}) {
        SCOPED_TRACE(format);
        const auto body = lead_payload(forged_lead(), settings_for(format), zone);
        expect_none_of_the_visitors_text(body);
        EXPECT_FALSE(contains(body, "13800138000"));
        const auto text = robot_text(body, format);
        EXPECT_EQ(lines(text),
                  (std::vector<std::string>{
                      "**GuardPress 等保资讯 新的回电请求** #42",
                      "> 电话：138****8000",
                      "> 提交时间：2026-01-01 08:00",
                      "> 详情：[在后台查看](https://www.example.com/admin/leads#lead-42)",
                  }));
    }
}

TEST(LeadNotifier, ForgedLinesInTheStaffRobotMessageCannotComeFromAStoredMaskedNumber) {
    // Written by another store writer than the call-back form, which only stores digits and stars.
    const content::SiteTimeZone zone("Asia/Shanghai");
    auto lead = forged_lead();
    lead.phone_masked = "138****8000\n> [回拨](http://evil.example)";
    const auto text = robot_text(lead_payload(lead, settings_for("wecom"), zone), "wecom");
    EXPECT_EQ(lines(text).size(), 4u) << text;
    EXPECT_TRUE(contains(text, "> 电话：138****8000\n")) << text;
    EXPECT_FALSE(contains(text, "evil")) << text;
}

TEST(LeadNotifier, WithoutASiteUrlTheMessageNamesTheLeadInTheBackEnd) {
    const content::SiteTimeZone zone("Asia/Shanghai");
    auto settings = settings_for("dingtalk");
    settings.site_url.clear();
    const auto text = robot_text(lead_payload(forged_lead(), settings, zone), "dingtalk");
    ASSERT_EQ(lines(text).size(), 4u) << text;
    EXPECT_EQ(lines(text)[3], "> 详情：后台“线索”页，编号 #42");
    EXPECT_EQ(lead_admin_url(forged_lead(), settings), "");
}

TEST(LeadNotifier, TheJsonReceiverGetsTheSameFieldsAndNoneOfTheVisitorsText) {
    const content::SiteTimeZone zone("Asia/Shanghai");
    const auto body = lead_payload(forged_lead(), settings_for("json"), zone);
    expect_none_of_the_visitors_text(body);
    const auto message = nlohmann::json::parse(body);
    EXPECT_EQ(message["event"], "lead.created");
    EXPECT_EQ(message["lead"],
              (nlohmann::json{{"id", 42},
                              {"created_at", "2026-01-01T08:00:00+08:00"},
                              {"phone", "138****8000"},
                              {"phone_kind", "mobile"},
                              {"admin_url", "https://www.example.com/admin/leads#lead-42"}}));
}

}  // namespace
}  // namespace gp::notify
