#include <gtest/gtest.h>

#include "content/article_body.hpp"
#include "content/text_diff.hpp"
#include "content/time_zone.hpp"
#include "editorial/article_input.hpp"
#include "search/keyword_suggest.hpp"

namespace gp {
namespace {

TEST(ArticleBody, DeepNestingAndOversizeAreRefusedBeforeParsing) {
    std::string deep;
    for (std::size_t i = 0; i < content::kMaxBodyDepth + 1; ++i) deep += "<span>";
    auto r = content::render_body(deep, content::BodyFormat::html);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, content::Errc::bad_request);
    EXPECT_EQ(r.error().user_message, "err_body_depth");
    auto big = content::render_body(std::string(content::kMaxBodyBytes + 1, 'x'),
                                    content::BodyFormat::html);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, content::Errc::payload_too_large);
    // Markdown that renders deep (nested quotes) is caught after rendering too.
    auto quotes =
        content::render_body(std::string(300, '>') + " 引文", content::BodyFormat::markdown);
    ASSERT_FALSE(quotes);
    EXPECT_EQ(quotes.error().user_message, "err_body_depth");
}

TEST(ArticleBody, MarkdownTablesAndListsSurviveTheSanitiser) {
    auto r = content::render_body("# 标题\n\n| 级别 | 周期 |\n|---|---|\n| 三级 | 每年 |\n\n- 甲\n",
                                  content::BodyFormat::markdown);
    ASSERT_TRUE(r);
    EXPECT_NE(r->find("<table>"), std::string::npos) << *r;
    EXPECT_NE(r->find("<td>三级</td>"), std::string::npos) << *r;
    EXPECT_NE(r->find("<li>甲</li>"), std::string::npos) << *r;
}

TEST(TextDiff, MarksChangedCharactersOfChineseText) {
    const auto parts = content::diff_text("每两年测评一次", "每年测评一次");
    std::string removed, added, same;
    for (const auto& p : parts) {
        if (p.op == content::DiffOp::removed) removed += p.text;
        if (p.op == content::DiffOp::added) added += p.text;
        if (p.op == content::DiffOp::same) same += p.text;
    }
    EXPECT_EQ(removed, "两");
    EXPECT_EQ(added, "");
    EXPECT_EQ(same, "每年测评一次");
    EXPECT_TRUE(content::diff_text("同", "同").size() == 1);
}

TEST(TextDiff, LongTextsFallBackToLines) {
    std::string a, b;
    for (int i = 0; i < 40000; ++i) a += "甲";
    b = a + "\n新的一行\n";
    a += "\n";
    const auto parts = content::diff_text(a, b);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[1].op, content::DiffOp::added);
    EXPECT_EQ(parts[1].text, "新的一行\n");
}

TEST(ArticleInput, KeywordsSplitOnChineseAndLatinSeparators) {
    EXPECT_EQ(editorial::split_keywords(" 等保、测评，定级,等保;备案\n mlps 2.0 "),
              (std::vector<std::string>{"等保", "测评", "定级", "备案", "mlps 2.0"}));
    EXPECT_TRUE(editorial::split_keywords(" ,、 ").empty());
}

TEST(ArticleInput, LocalTimesAreReadInTheSiteZone) {
    const content::SiteTimeZone zone("Asia/Shanghai");
    const auto t = editorial::parse_local_time("2026-01-01T10:00", zone);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->time_since_epoch().count(), 1767225600 + 2 * 3600);
    EXPECT_EQ(editorial::format_local_time(*t, zone), "2026-01-01T10:00");
    EXPECT_TRUE(editorial::parse_local_time("2026-01-01 10:00:30", zone));
    EXPECT_FALSE(editorial::parse_local_time("2026-02-30T10:00", zone));
    EXPECT_FALSE(editorial::parse_local_time("2026-01-01T24:00", zone));
    EXPECT_FALSE(editorial::parse_local_time("明天", zone));
}

TEST(KeywordSuggest, OffersTheTermsTheTextUsesMostFirst) {
    search::CharFolder folder;
    search::Segmenter segmenter(folder);
    const search::Vocabulary vocabulary({}, 0);
    const auto words = search::suggest_keywords(
        segmenter, vocabulary, "渗透测试之后做等级测评。等级测评由测评机构完成，等级测评每年一次。",
        3);
    ASSERT_FALSE(words.empty());
    EXPECT_EQ(words.front(), "等级测评");
    EXPECT_NE(std::find(words.begin(), words.end(), "渗透测试"), words.end());
    EXPECT_LE(words.size(), 3u);
}

}  // namespace
}  // namespace gp
