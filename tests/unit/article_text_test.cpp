#include "content/article_text.hpp"

#include <gtest/gtest.h>

#include "content/html_text.hpp"

namespace gp::content {
namespace {

TEST(ArticleText, SummaryComesFromParagraphsNotHeadings) {
    const auto p = prepare_body(
        "<h2>一、背景</h2><p>本文介绍等级保护测评流程。</p><h3>（一）定级</h3><p>先定级。</p>",
        std::nullopt);
    EXPECT_EQ(p.summary, "本文介绍等级保护测评流程。 先定级。");
}

TEST(ArticleText, AGivenSummaryWinsAndIsPlainText) {
    EXPECT_EQ(prepare_body("<p>正文</p>", std::string("<b>摘要</b>")).summary, "摘要");
    EXPECT_EQ(prepare_body("<p>正文</p>", std::string("   ")).summary, "正文");
}

TEST(ArticleText, LongBodiesAreCutToTheSummaryLength) {
    std::string body = "<p>";
    for (int i = 0; i < 100; ++i) body += "网络安全等级保护。";
    body += "</p>";
    const auto p = prepare_body(body, std::nullopt);
    EXPECT_LE(utf8_length(p.summary), kSummaryChars);
    EXPECT_GT(utf8_length(p.summary), kSummaryChars / 2);
}

TEST(ArticleText, HeadingsOnlyStillGiveASummary) {
    EXPECT_EQ(prepare_body("<h2>只有标题</h2>", std::nullopt).summary, "只有标题");
}

TEST(ArticleText, BodyIsSanitised) {
    const auto p =
        prepare_body("<p onclick=\"x()\">正文<script>alert(1)</script></p>", std::nullopt);
    EXPECT_EQ(p.body_html, "<p>正文</p>");
}

}  // namespace
}  // namespace gp::content
