#include "content/html_depth.hpp"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <string_view>

#include "content/article_body.hpp"
#include "content/gumbo_fragment.hpp"
#include "content/html_sanitizer.hpp"
#include "content/html_text.hpp"

namespace gp::content {
namespace {

std::string repeated(std::string_view unit, std::size_t bytes) {
    std::string out;
    out.reserve(bytes + unit.size());
    while (out.size() + unit.size() <= bytes) out += unit;
    return out;
}

constexpr std::size_t kUnbounded = 1'000'000;

TEST(HtmlDepth, CountsOpenElementsButNotVoidOnes) {
    EXPECT_EQ(open_element_bound("<p>一<br>二<img src=x></p>"), 1U);
    EXPECT_EQ(open_element_bound("<div><div><p>深</p></div></div>"), 3U);
    EXPECT_EQ(open_element_bound("<div><div><div>"), 3U);  // unclosed still counts
    EXPECT_EQ(open_element_bound("a < b, <!-- c --> <br/>"), 0U);
}

// Finding 1 of the hardening review: each of these got past the old depth count, which gumbo then
// turned into a tree deep enough to overflow the stack when it was freed.
TEST(HtmlDepth, AnEditorCannotKillTheServerWithOneSave) {
    for (const std::string_view unit : {"<x/>", "<span/>", "<b></i>", "<div></p>", "<a></>",
                                        "<div title=\"</div>\">", "<b class='</b>'>"}) {
        const std::string body = repeated(unit, kMaxBodyBytes);
        EXPECT_GT(open_element_bound(body), kMaxHtmlDepth) << unit;
        EXPECT_EQ(parse_fragment(body), nullptr) << unit;
        const auto rendered = render_body(body, BodyFormat::html);
        ASSERT_FALSE(rendered) << unit;
        EXPECT_EQ(rendered.error().user_message, "err_body_depth");
        // Callers that cannot refuse still get an answer, and never a parse of the deep tree.
        EXPECT_EQ(html_to_text(body), "") << unit;
        EXPECT_EQ(sanitize_html(body).find('<'), std::string::npos) << unit;
    }
}

TEST(HtmlDepth, EndTagsInCommentsRawTextAndScriptsCloseNothing) {
    // 25 open <div>, then the case, then two more: 27 when the case closed nothing.
    const std::string open = repeated("<div>", 25 * 5);
    const auto bound = [&open](std::string_view middle) {
        return open_element_bound(open + std::string(middle) + "<div><div>");
    };
    EXPECT_EQ(bound("<!-- </div></div> -->"), 27U);
    EXPECT_EQ(bound("<!--></div>"), 26U);  // "<!-->" is a whole comment
    EXPECT_EQ(bound("<b title='</b></div>'>"), 28U);
    EXPECT_EQ(bound("<textarea></div></textarea>"), 27U);
    EXPECT_EQ(bound("<style></div></style></div>"), 26U);
    EXPECT_EQ(bound("<script><!--<script></script></div></script>"), 27U);
    EXPECT_EQ(bound("<script><!--</script></div>"), 26U);
    EXPECT_EQ(bound("<plaintext></div></div>"), 26U);
}

TEST(HtmlDepth, ElementsTheParserClosesByThemselvesDoNotAddUp) {
    // Old pages leave these open; a parser closes each one at the next of its kind.
    EXPECT_EQ(open_element_bound(repeated("<p>段落", 200'000)), 1U);
    EXPECT_EQ(open_element_bound("<ul>" + repeated("<li>条目", 200'000)), 2U);
    EXPECT_EQ(open_element_bound("<dl>" + repeated("<dt>词<dd>释", 200'000)), 2U);
    EXPECT_EQ(open_element_bound("<table>" + repeated("<tr><td>一<td>二", 200'000)), 3U);
}

TEST(HtmlDepth, StopsCountingPastTheLimit) {
    EXPECT_EQ(open_element_bound(repeated("<div>", 10'000), 50), 51U);
}

// The promise of the header: gumbo's tree is never much deeper than the bound. Checked on
// generated markup from the constructs that make parsers reopen, move and add elements. <svg> and
// <math> are left out: after them the bound counts every start tag, which bounds anything.
TEST(HtmlDepth, GumboNeverBuildsMuchDeeperThanTheBound) {
    constexpr std::array<std::string_view, 76> kPieces{
        "<b>",        "</b>",        "<i>",       "</i>",         "<a>",         "</a>",
        "<div>",      "</div>",      "<p>",       "</p>",         "<li>",        "</li>",
        "<ul>",       "</ul>",       "<table>",   "</table>",     "<td>",        "</td>",
        "<tr>",       "</tr>",       "<span>",    "</span>",      "x",           "<x/>",
        "<b id=1>",   "<b id=2>",    "<b id=3>",  "<select>",     "</select>",   "<option>",
        "<style>",    "</style>",    "<script>",  "</script>",    "<!--",        "-->",
        "<textarea>", "</textarea>", "<h1>",      "</h1>",        "<h2>",        "<form>",
        "</form>",    "<dd>",        "<dt>",      "<caption>",    "<col>",       "<colgroup>",
        "<tbody>",    "<button>",    "</button>", "<nobr>",       "<font>",      "</font>",
        "<template>", "</template>", "<em>",      "</em>",        "<pre>",       "<title>",
        "</title>",   "<object>",    "</object>", "<marquee>",    "<isindex>",   "<image>",
        "<input>",    "<br>",        "</br>",     "<a href='>'>", "<table><tr>", "<ruby>",
        "<rt>",       "</x>",        "<address>", "<li><p>"};
    std::mt19937 random(20261206);
    for (int round = 0; round < 20'000; ++round) {
        std::string html;
        const int pieces = 1 + static_cast<int>(random() % 80);
        for (int k = 0; k < pieces; ++k) html += kPieces[random() % kPieces.size()];
        const std::size_t bound = open_element_bound(html, kUnbounded);
        GumboOptions options = kGumboDefaultOptions;
        options.fragment_context = GUMBO_TAG_DIV;
        options.max_errors = 0;
        const GumboDocument tree(gumbo_parse_with_options(&options, html.data(), html.size()));
        ASSERT_LE(element_depth(*tree->root), 3 * bound + 3) << html;
    }
}

}  // namespace
}  // namespace gp::content
