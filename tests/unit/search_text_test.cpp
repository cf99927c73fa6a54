// Text analysis for search: folding, segmentation with term joins, query parsing, marking.
#include <gtest/gtest.h>

#include "search/analyzer.hpp"
#include "search/marked_text.hpp"
#include "search/query.hpp"

namespace gp::search {
namespace {

class SearchTextTest : public ::testing::Test {
protected:
    CharFolder folder_;
    Segmenter segmenter_{folder_};
    Vocabulary vocabulary_{{{"等保", "等级保护", "网络安全等级保护"}, {"测评", "评测"}}, 1};

    std::vector<std::string> texts(std::string_view text, SegmentMode mode) {
        std::vector<std::string> out;
        for (const auto& t : segmenter_.tokens(text, vocabulary_, mode)) {
            out.push_back(t.colocated ? "+" + t.text : t.text);
        }
        return out;
    }
};

TEST_F(SearchTextTest, FoldsWidthCaseAndTraditionalChinese) {
    EXPECT_EQ(folder_.fold_string("ＧＢ／Ｔ　２２２３９"), "gb/t 22239");
    EXPECT_EQ(folder_.fold_string("MLPS"), "mlps");
    EXPECT_EQ(folder_.fold_string("等級保護測評"), "等级保护测评");
}

TEST_F(SearchTextTest, KeepsLatinCompoundsWholeWithTheirParts) {
    EXPECT_EQ(texts("GB/T 22239-2019", SegmentMode::document),
              (std::vector<std::string>{"gb/t", "+gb", "22239-2019", "+22239", "+2019"}));
    EXPECT_EQ(texts("等保2.0", SegmentMode::document),
              (std::vector<std::string>{"等", "+等保", "+等保2.0", "保", "2.0"}));
    EXPECT_EQ(texts("GB/T 22239-2019", SegmentMode::query),
              (std::vector<std::string>{"gb/t", "22239-2019"}));
}

TEST_F(SearchTextTest, JoinsTermsIcuSplitsAndKeepsTheParts) {
    // ICU alone gives 等/保/测/评; the terms ride along at the same positions.
    const auto doc = texts("等保测评", SegmentMode::document);
    EXPECT_NE(std::find(doc.begin(), doc.end(), "+等保"), doc.end());
    EXPECT_NE(std::find(doc.begin(), doc.end(), "+测评"), doc.end());
    // Overlapping terms are all kept: 网络安全等级保护 and 等级保护 inside it.
    const auto long_doc = texts("网络安全等级保护", SegmentMode::document);
    EXPECT_NE(std::find(long_doc.begin(), long_doc.end(), "+网络安全等级保护"), long_doc.end());
    EXPECT_NE(std::find(long_doc.begin(), long_doc.end(), "+等级保护"), long_doc.end());
    // A query that is one whole term is that term alone.
    EXPECT_EQ(texts("网络安全等级保护", SegmentMode::query),
              std::vector<std::string>{"网络安全等级保护"});
    // Units join the longest term.
    std::vector<std::string> units;
    for (const auto& u : segmenter_.units("等保测评流程", vocabulary_)) units.push_back(u.text);
    EXPECT_EQ(units, (std::vector<std::string>{"等保", "测评", "流程"}));
}

TEST_F(SearchTextTest, OffsetsPointIntoTheOriginalText) {
    const std::string text = "Ｘ等保";
    const auto tokens = segmenter_.tokens(text, vocabulary_, SegmentMode::document);
    ASSERT_FALSE(tokens.empty());
    EXPECT_EQ(tokens.front().text, "x");
    EXPECT_EQ(text.substr(tokens.front().begin, tokens.front().end - tokens.front().begin), "Ｘ");
}

TEST_F(SearchTextTest, ParsesQueriesIntoSynonymClauses) {
    const auto q = parse_query("等保测评 流程", segmenter_, vocabulary_);
    EXPECT_EQ(q.fts(),
              "(\"等保\" OR \"等级保护\" OR \"网络安全等级保护\") AND (\"测评\" OR \"评测\") AND "
              "\"流程\"");
    EXPECT_EQ(q.normalized, "等保测评 流程");
}

TEST_F(SearchTextTest, QuotedTextIsOnePhraseAndQuotesInsideAreEscaped) {
    EXPECT_EQ(parse_query("“定级 备案”", segmenter_, vocabulary_).fts(), "\"定级 备案\"");
    EXPECT_EQ(parse_query("\"测评\"", segmenter_, vocabulary_).fts(), "\"测评\"");
    EXPECT_EQ(fts_phrase("a\"b"), "\"a\"\"b\"");
    // Operators typed by a reader stay words.
    EXPECT_EQ(parse_query("NEAR OR", segmenter_, vocabulary_).fts(), "\"near\" AND \"or\"");
}

TEST_F(SearchTextTest, UnknownCharacterRunsBecomePhrasesAndStopWordsDrop) {
    const auto q = parse_query("翎犀的报告", segmenter_, vocabulary_);
    EXPECT_EQ(q.fts(), "\"翎犀\" AND \"报告\"");
    EXPECT_TRUE(parse_query("，。！", segmenter_, vocabulary_).empty());
    EXPECT_EQ(parse_query("的", segmenter_, vocabulary_).fts(), "\"的\"");
}

TEST_F(SearchTextTest, MarksWhatTheIndexWouldMatchOnly) {
    // 检测评估 is 检测/评估: the characters 测评 inside it are no match for the term 测评.
    const auto m = mark("检测评估与等保测评", {"测评"}, segmenter_, vocabulary_);
    EXPECT_EQ(to_html(m), "检测评估与等保<mark>测评</mark>");
    const auto traditional = mark("等級保護", {"等级保护"}, segmenter_, vocabulary_);
    EXPECT_EQ(to_html(traditional), "<mark>等級保護</mark>");
}

TEST_F(SearchTextTest, EscapesEverythingButTheMarks) {
    const auto m = mark("<b>等保</b> & \"x\"", {"等保"}, segmenter_, vocabulary_);
    EXPECT_EQ(to_html(m), "&lt;b&gt;<mark>等保</mark>&lt;/b&gt; &amp; &quot;x&quot;");
}

TEST_F(SearchTextTest, SnippetsCenterOnMatchesAndShowCuts) {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "这是一段与主题无关的填充文字。";
    text += "定级报告需要专家评审。";
    for (int i = 0; i < 40; ++i) text += "这是一段与主题无关的填充文字。";
    const auto s = snippet(text, {"专家"}, segmenter_, vocabulary_, 60);
    const auto html = to_html(s);
    EXPECT_NE(html.find("<mark>专家</mark>"), std::string::npos);
    EXPECT_TRUE(html.starts_with("…"));
    EXPECT_TRUE(html.ends_with("…"));
    EXPECT_LT(s.plain().size(), 60u * 3 + 10);
}

}  // namespace
}  // namespace gp::search
