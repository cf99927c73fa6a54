#include "demo/demo_site.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "content/rfc3339.hpp"

namespace gp::demo {
namespace {

using namespace std::chrono;

content::Time at(std::string_view rfc3339) { return *content::parse_rfc3339(rfc3339); }

DemoSite site() {
    DemoSite s;
    s.dated_at = at("2025-06-18T10:17:00+08:00");
    s.document = R"({"categories": [{"slug": "news", "name": "等保资讯", "parent": null}],
        "articles": [
          {"title": "旧", "category": "news", "published_at": "2025-06-18T09:30:00+08:00"},
          {"title": "定时", "category": "news", "published_at": "2025-06-20T08:00:00+08:00"},
          {"title": "草稿", "category": "news", "status": "draft"}]})";
    return s;
}

std::string published_at(const std::string& doc, int i) {
    return nlohmann::json::parse(doc)["articles"][i]["published_at"];
}

TEST(DemoSite, DatesMoveByWholeDaysToNow) {
    // 100 days and 23 hours later: the dates move 100 days, the times of day stay.
    const auto doc = dated_for(site(), at("2025-09-27T09:17:00+08:00"));
    EXPECT_EQ(published_at(doc, 0), "2025-09-26T09:30:00+08:00");
    EXPECT_EQ(published_at(doc, 1), "2025-09-28T08:00:00+08:00");
    EXPECT_FALSE(nlohmann::json::parse(doc)["articles"][2].contains("published_at"));
}

TEST(DemoSite, PastStaysPastAndScheduledStaysScheduled) {
    for (const auto* now : {"2025-06-18T10:17:00+08:00", "2026-12-07T10:16:59+08:00",
                            "2026-12-07T10:17:00+08:00", "2025-01-01T00:00:00+08:00"}) {
        const auto doc = dated_for(site(), at(now));
        EXPECT_LE(at(published_at(doc, 0)), at(now)) << now;
        EXPECT_GT(at(published_at(doc, 1)), at(now)) << now;
    }
}

TEST(DemoSite, UnchangedOnTheDayItIsDatedAs) {
    const auto doc = dated_for(site(), at("2025-06-18T10:17:00+08:00"));
    EXPECT_EQ(nlohmann::json::parse(doc), nlohmann::json::parse(site().document));
}

TEST(DemoSite, ReadsTheCommittedSite) {
    const auto s = read_demo_site(GP_SOURCE_DIR "/demo/site");
    EXPECT_EQ(s.dated_at, at("2025-06-18T10:17:00+08:00"));
    EXPECT_EQ(nlohmann::json::parse(s.document)["categories"][0]["slug"], "news");
}

TEST(DemoSite, MissingDirIsNamed) {
    try {
        read_demo_site("/nonexistent/demo/site");
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/demo/site/content.json"),
                  std::string::npos);
    }
}

}  // namespace
}  // namespace gp::demo
