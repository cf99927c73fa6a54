#include "content/html_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gp::content {
namespace {

TEST(HtmlToText, DecodesEntitiesAndDropsTags) {
    EXPECT_EQ(html_to_text("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#x4E2D;&#25991;</p>"),
              "a & b <c> \"d\" 中文");
}

TEST(HtmlToText, KeepsChineseText) {
    EXPECT_EQ(
        html_to_text("<h1>网络安全等级保护</h1><p>第三级系统<strong>每年</strong>测评一次。</p>"),
        "网络安全等级保护 第三级系统每年测评一次。");
}

TEST(HtmlToText, CollapsesIdeographicSpaceAndNbsp) {
    EXPECT_EQ(html_to_text("\xE3\x80\x80\xE3\x80\x80等保\xE3\x80\x80 2.0&nbsp;&nbsp;标准\n\t "),
              "等保 2.0 标准");
}

TEST(HtmlToText, BlockElementsSeparateWords) {
    EXPECT_EQ(html_to_text("<p>one</p><p>two</p>three<br>four<ul><li>five</li><li>six</li></ul>"),
              "one two three four five six");
    EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
              "a b c");
    EXPECT_EQ(html_to_text("<h2>x</h2><div>y</div>"), "x y");
}

TEST(HtmlToText, DropsControlCharacters) {
    EXPECT_EQ(html_to_text("a&#1;b&#x7F;c&#x0B;d"), "abcd");
}

TEST(HtmlToText, InlineElementsDoNotSeparateWords) {
    EXPECT_EQ(html_to_text("in<b>line</b><span>d</span>"), "inlined");
}

TEST(HtmlToText, SkipsInvisibleContent) {
    EXPECT_EQ(html_to_text("<style>p{}</style><script>alert(1)</script><p>shown</p>"
                           "<!-- hidden --><template>t</template><noscript>n</noscript>"),
              "shown");
}

TEST(HtmlToText, EmptyAndWhitespaceOnly) {
    EXPECT_EQ(html_to_text(""), "");
    EXPECT_EQ(html_to_text("  <p> </p>\xC2\xA0"), "");
}

TEST(HtmlToText, SurvivesBrokenMarkup) {
    EXPECT_EQ(html_to_text("<p>unclosed <b>bold <i>both"), "unclosed bold both");
    EXPECT_EQ(html_to_text("</p></div>x<"), "x<");
}

TEST(Summarize, ReturnsShortTextUnchanged) {
    EXPECT_EQ(summarize("短文本", 10), "短文本");
    EXPECT_EQ(summarize("exactly10!", 10), "exactly10!");
    EXPECT_EQ(summarize(""), "");
}

TEST(Summarize, CountsCodePointsNotBytes) {
    // 20 three-byte characters: 60 bytes, but only 20 code points.
    std::string text;
    for (int i = 0; i < 20; ++i) text += "测";
    EXPECT_EQ(summarize(text, 20), text);
    const std::string cut = summarize(text, 10);
    EXPECT_EQ(utf8_length(cut), 10u);
    EXPECT_EQ(cut, "测测测测测测测测测…");
    EXPECT_TRUE(is_valid_utf8(cut));
}

TEST(Summarize, NeverSplitsFourByteSequences) {
    std::string text;
    for (int i = 0; i < 10; ++i) text += "\xF0\x9F\x94\x92";  // U+1F512 lock
    for (std::size_t max = 1; max <= 12; ++max) {
        const std::string cut = summarize(text, max);
        EXPECT_TRUE(is_valid_utf8(cut)) << max;
        EXPECT_LE(utf8_length(cut), max) << max;
    }
    EXPECT_EQ(summarize(text, 4), "\xF0\x9F\x94\x92\xF0\x9F\x94\x92\xF0\x9F\x94\x92…");
}

TEST(Summarize, EllipsisCountsInTheBudget) {
    EXPECT_EQ(summarize("abcdefghijklmnop", 5), "abcd…");
    EXPECT_EQ(summarize("abcdef", 1), "…");
    EXPECT_EQ(summarize("abcdef", 0), "");
}

TEST(Summarize, PrefersCuttingAfterChineseFullStop) {
    // Budget 19 + ellipsis: the full stop after 15 characters lies in the last 30%.
    const std::string text = "等级保护测评机构需要备案公安机关。随后开展年度测评工作并提交报告";
    EXPECT_EQ(summarize(text, 20), "等级保护测评机构需要备案公安机关。…");
}

TEST(Summarize, IgnoresFullStopTooEarlyInTheBudget) {
    const std::string text = "定级。备案建设整改等级测评监督检查是等级保护的五个规定动作";
    const std::string cut = summarize(text, 20);
    EXPECT_EQ(utf8_length(cut), 20u);
    EXPECT_EQ(cut, "定级。备案建设整改等级测评监督检查是等…");
}

TEST(Summarize, PrefersCuttingAtASpace) {
    EXPECT_EQ(summarize("The quick brown fox jumps over the lazy dog", 24), "The quick brown fox…");
    EXPECT_EQ(summarize("MLPS 2.0 level three assessment", 9), "MLPS 2.0…");
}

TEST(Summarize, PrefersLatestBreak) {
    EXPECT_EQ(summarize("一二三四五六七，八九！十一二三四五六七八九十", 12),
              "一二三四五六七，八九！…");
}

TEST(Utf8, LengthCountsCodePoints) {
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("等保2.0"), 5u);
    EXPECT_EQ(utf8_length("\xF0\x9F\x94\x92"), 1u);
    EXPECT_EQ(utf8_length("\xC2\xA0\xE3\x80\x80"), 2u);
    // Ill-formed bytes count one each.
    EXPECT_EQ(utf8_length("a\xFF\xE6\xB5"), 4u);
}

TEST(Utf8, AcceptsWellFormed) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("网络安全"));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x94\x92"));
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
    EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));          // U+E000, just above them
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
    EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));  // NUL is a valid code point
}

TEST(Utf8, RejectsIllFormed) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong, three bytes
    EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong, four bytes
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800, a surrogate
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE6\xB5"));          // truncated
    EXPECT_FALSE(is_valid_utf8("abc\xF0\x9F\x94"));   // truncated at the end
    EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation byte
    EXPECT_FALSE(is_valid_utf8("\xFF"));
    EXPECT_FALSE(is_valid_utf8("\xE6x\xB5"));  // continuation missing in the middle
}

}  // namespace
}  // namespace gp::content
