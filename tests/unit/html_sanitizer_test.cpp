#include "content/html_sanitizer.hpp"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "content/html_depth.hpp"
#include "content/html_text.hpp"

namespace gp::content {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

// Parses the output the way a browser would and checks every node, so a payload hidden in text
// or in a title attribute (harmless) is not mistaken for markup (harmful), and vice versa.
testing::AssertionResult is_harmless(const std::string& out) {
    // '<' is always escaped in text and attribute values, so any of these would be a real tag.
    const std::string folded = lower(out);
    for (const std::string_view tag :
         {"<script", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "<base", "<meta",
          "<form", "<link", "<frame", "<template", "<noscript", "<!--", "<![cdata", "<?"}) {
        if (folded.find(tag) != std::string::npos) {
            return testing::AssertionFailure() << "contains " << tag << ": " << out;
        }
    }

    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_DIV;
    const std::unique_ptr<GumboOutput, GumboOutputDeleter> parsed(
        gumbo_parse_with_options(&options, out.data(), out.size()));
    std::vector<const GumboNode*> pending;
    for (unsigned int i = 0; i < parsed->root->v.element.children.length; ++i) {
        pending.push_back(static_cast<const GumboNode*>(parsed->root->v.element.children.data[i]));
    }
    while (!pending.empty()) {
        const GumboNode* node = pending.back();
        pending.pop_back();
        if (node->type == GUMBO_NODE_COMMENT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_TEMPLATE) {
            return testing::AssertionFailure() << "comment, CDATA or template in " << out;
        }
        if (node->type != GUMBO_NODE_ELEMENT) continue;
        const GumboElement& element = node->v.element;
        const std::string_view tag = gumbo_normalized_tagname(element.tag);
        if (element.tag_namespace != GUMBO_NAMESPACE_HTML ||
            !one_of(tag, {"p",     "br",    "hr",         "h1",     "h2",         "h3",    "h4",
                          "h5",    "h6",    "ul",         "ol",     "li",         "dl",    "dt",
                          "dd",    "table", "caption",    "thead",  "tbody",      "tfoot", "tr",
                          "th",    "td",    "colgroup",   "col",    "strong",     "b",     "em",
                          "i",     "u",     "s",          "del",    "ins",        "sub",   "sup",
                          "small", "mark",  "blockquote", "q",      "cite",       "pre",   "code",
                          "kbd",   "a",     "img",        "figure", "figcaption", "span",  "div",
                          "abbr",  "time"})) {
            return testing::AssertionFailure() << "element <" << tag << "> in " << out;
        }
        for (unsigned int i = 0; i < element.attributes.length; ++i) {
            const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
            const std::string name = lower(attribute->name);
            if (name.starts_with("on") || name == "style" || name == "srcdoc" ||
                name == "formaction" || name.starts_with("xmlns") || name.starts_with("data-") ||
                !one_of(name, {"title", "lang", "dir", "href", "rel", "target", "src", "alt",
                               "width", "height", "colspan", "rowspan", "scope", "start", "type",
                               "span", "datetime"})) {
                return testing::AssertionFailure() << "attribute " << name << " in " << out;
            }
            // Compare the value as a URL parser would see it: no whitespace or controls.
            std::string squeezed;
            for (const char c : lower(attribute->value)) {
                if (static_cast<unsigned char>(c) > 0x20) squeezed += c;
            }
            for (const std::string_view scheme :
                 {"javascript:", "vbscript:", "data:", "livescript:"}) {
                if (squeezed.find(scheme) != std::string::npos) {
                    return testing::AssertionFailure() << scheme << " in " << name << " of " << out;
                }
            }
        }
        for (unsigned int i = 0; i < element.children.length; ++i) {
            pending.push_back(static_cast<const GumboNode*>(element.children.data[i]));
        }
    }
    return testing::AssertionSuccess();
}

// Written for this test after the OWASP XSS filter evasion cheat sheet and published mXSS
// write-ups; each line is one attack idea.
const std::vector<std::string> kXssPayloads = {
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=JaVaScRiPt:alert(1)>",
    "<img src=\"jav\tascript:alert(1)\">",
    "<img src=\"jav&#x09;ascript:alert(1)\">",
    "<img src=\"jav&#x0A;ascript:alert(1)\">",
    "<img src=\" &#14;  javascript:alert(1)\">",
    "<img src=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">",
    "<img src=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058alert(1)>",
    "<img src=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<img src=`javascript:alert(1)`>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"\x01\x02 javascript:alert(1)\">x</a>",
    "<a href=\"java&NewLine;script:alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=javascript&#58;alert(1)>x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"livescript:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<a href=\"javascript:alert(1)\"><img src=\"javascript:alert(1)\"></a>",
    "<a href=\"javascript:alert(1)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>XSS</text></a></svg>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<frameset onload=alert(1)>",
    "<style>@import 'http://evil.example/xss.css';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<p style=\"width: expression(alert(1))\">x</p>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
    "<applet code=\"x.class\"></applet>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<isindex action=\"javascript:alert(1)\" type=image>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<p title=\"</p><img src=x onerror=alert(1)>\">x</p>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!-- <!-- nested --> <img src=x onerror=alert(1)> -->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<?xml version=\"1.0\"?><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)><option>x</option></select>",
    "<textarea autofocus onfocus=alert(1)>x</textarea>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<div onmouseover=\"alert(1)\" class=\"x\" id=\"y\" data-x=\"1\">x</div>",
    "<table background=\"javascript:alert(1)\"><td background=\"javascript:alert(1)\">x</td>"
    "</table>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><img src=x onerror=alert(1)>",
    "<template><img src=x onerror=alert(1)></template>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<div><style><!--</style><img src=x onerror=alert(1)>--></div>",
    "<a href=\"%6A%61vascript:alert(1)\">x</a>",
    "<img src=\"http://ok.example/a.png\" onerror=\"alert(1)\" style=\"border:0\">",
    "<title><img src=x onerror=alert(1)></title>",
    "<a href=\"http://ok.example\" style=\"position:fixed;top:0\" target=\"_top\">x</a>",
};

TEST(SanitizeHtml, XssCorpusComesOutHarmlessAndStable) {
    ASSERT_GE(kXssPayloads.size(), 40u);
    for (const std::string& payload : kXssPayloads) {
        const std::string out = sanitize_html(payload);
        EXPECT_TRUE(is_harmless(out)) << "payload: " << payload;
        EXPECT_EQ(sanitize_html(out), out) << "payload: " << payload;
        EXPECT_EQ(lower(out).find("alert(1)</"), std::string::npos) << out;
    }
}

TEST(SanitizeHtml, IsHarmlessCatchesWhatItShould) {
    EXPECT_FALSE(is_harmless("<img src=x onerror=alert(1)>"));
    EXPECT_FALSE(is_harmless("<a href=\"jav&#x09;ascript:alert(1)\">x</a>"));
    EXPECT_FALSE(is_harmless("<p style=\"x\">y</p>"));
    EXPECT_FALSE(is_harmless("<SvG>"));
    EXPECT_TRUE(is_harmless("<p title=\"&lt;img src=x onerror=alert(1)&gt;\">x</p>"));
}

TEST(SanitizeHtml, SpecificPayloadsBecomeWhatWeExpect) {
    EXPECT_EQ(sanitize_html("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
    EXPECT_EQ(sanitize_html("<a href=\"JaVaScRiPt:alert(1)\">x</a>"), "<a>x</a>");
    EXPECT_EQ(sanitize_html("<a href=\"jav&#x09;ascript:alert(1)\">x</a>"), "<a>x</a>");
    EXPECT_EQ(sanitize_html("<img src=\"jav&#x09;ascript:alert(1)\" alt=a>"), "");
    EXPECT_EQ(sanitize_html("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>");
    EXPECT_EQ(sanitize_html("<div style=\"background:url(javascript:alert(1))\">x</div>"),
              "<div>x</div>");
    EXPECT_EQ(sanitize_html("<p title=\"</p><img src=x onerror=alert(1)>\">x</p>"),
              "<p title=\"&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;\">x</p>");
    EXPECT_EQ(sanitize_html("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"), "");
    EXPECT_EQ(sanitize_html("<!--<img src=x onerror=alert(1)>-->ok"), "ok");
}

TEST(SanitizeHtml, EmptyAndPlainText) {
    EXPECT_EQ(sanitize_html(""), "");
    EXPECT_EQ(sanitize_html("plain"), "plain");
    EXPECT_EQ(sanitize_html("a < b && c > d \"q\""), "a &lt; b &amp;&amp; c &gt; d &quot;q&quot;");
    EXPECT_EQ(sanitize_html("&lt;script&gt;"), "&lt;script&gt;");
}

TEST(SanitizeHtml, ChineseTextIsUntouched) {
    const std::string body = "<p>网络安全等级保护2.0（简称“等保”）：第三级系统每年测评一次。</p>";
    EXPECT_EQ(sanitize_html(body), body);
    EXPECT_EQ(sanitize_html("\xE3\x80\x80\xE3\x80\x80首行缩进"),
              "\xE3\x80\x80\xE3\x80\x80首行缩进");
}

TEST(SanitizeHtml, CleansWordPaste) {
    const std::string word =
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
        "xmlns:w=\"urn:schemas-microsoft-com:office:word\">\r\n"
        "<head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"
        "<meta name=Generator content=\"Microsoft Word 15\">\r\n"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>"
        "<![endif]-->\r\n"
        "<style><!-- p.MsoNormal {margin:0cm; font-size:10.5pt;} --></style></head>\r\n"
        "<body lang=ZH-CN style='tab-interval:21.0pt'>\r\n"
        "<!--StartFragment-->"
        "<h1 class=MsoTitle style='mso-outline-level:1'><span lang=EN-US>MLPS 2.0 </span>"
        "等级保护<o:p></o:p></h1>"
        "<p class=MsoNormal style='text-indent:21.0pt'><font face=\"宋体\" color=red>"
        "第三级系统每年测评</font>&nbsp;<b>A&amp;B</b> &lt;备案&gt;<o:p></o:p></p>"
        "<h2 class=MsoHeading2><![if !supportLists]><span style='mso-list:Ignore'>1.</span>"
        "<![endif]>工作流程</h2>"
        "<ul style='margin-top:0cm' type=disc><li class=MsoNormal style='mso-list:l0 level1 lfo1'>"
        "<span style='font-family:宋体'>定级备案</span><o:p></o:p></li>"
        "<li class=MsoNormal>建设整改</li></ul>"
        "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
        "style='border-collapse:collapse'>"
        "<tr><td colspan=2 width=553 valign=top style='width:415pt'>"
        "<p class=MsoNormal>测评项</p></td></tr>"
        "<tr><td>a</td><td>b</td></tr></table>"
        "<p class=MsoNormal><![if !vml]><img width=200 height=100 "
        "src=\"file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png\" "
        "v:shapes=\"_x0000_i1025\"><![endif]>"
        "<img src=\"/media/a.png\" alt=\"x\" class=img style=\"border:0\"></p>"
        "<p><a href=\"https://www.example.gov.cn/mlps\" target=_blank class=link "
        "onclick=\"track()\">公告</a></p>"
        "<!--EndFragment-->\r\n</body></html>";
    const std::string out = sanitize_html(word);
    EXPECT_EQ(out,
              "\n\n\n\n\n"
              "<h1><span lang=\"EN-US\">MLPS 2.0 </span>等级保护</h1>"
              "<p>第三级系统每年测评\xC2\xA0<b>A&amp;B</b> &lt;备案&gt;</p>"
              "<h2>1.工作流程</h2>"
              "<ul><li>定级备案</li><li>建设整改</li></ul>"
              "<table><tbody><tr><td colspan=\"2\"><p>测评项</p></td></tr>"
              "<tr><td>a</td><td>b</td></tr></tbody></table>"
              "<p><img src=\"/media/a.png\" alt=\"x\"></p>"
              "<p><a href=\"https://www.example.gov.cn/mlps\" target=\"_blank\" "
              "rel=\"noopener noreferrer nofollow\">公告</a></p>\n");
    EXPECT_TRUE(is_harmless(out));
    EXPECT_EQ(sanitize_html(out), out);
}

TEST(SanitizeHtml, KeepsAllowedAttributesOnly) {
    EXPECT_EQ(sanitize_html("<p title=\"t\" lang=\"zh-CN\" dir=RTL class=c id=i>x</p>"),
              "<p title=\"t\" lang=\"zh-CN\" dir=\"rtl\">x</p>");
    EXPECT_EQ(sanitize_html("<p lang=\"zh CN\" dir=\"up\">x</p>"), "<p>x</p>");
    EXPECT_EQ(sanitize_html("<abbr title=\"Multi-Level Protection Scheme\">MLPS</abbr>"),
              "<abbr title=\"Multi-Level Protection Scheme\">MLPS</abbr>");
    EXPECT_EQ(sanitize_html("<time datetime=\"2024-06-01T08:00+08:00\" class=x>6月1日</time>"),
              "<time datetime=\"2024-06-01T08:00+08:00\">6月1日</time>");
    EXPECT_EQ(sanitize_html("<time datetime=\"&quot;><x\">t</time>"), "<time>t</time>");
    EXPECT_EQ(sanitize_html("<ol start=3 type=A reversed><li>x</li></ol>"),
              "<ol start=\"3\" type=\"A\"><li>x</li></ol>");
    EXPECT_EQ(sanitize_html("<ol start=\"-2\" type=\"disc\"><li>x</li></ol>"),
              "<ol start=\"-2\"><li>x</li></ol>");
    EXPECT_EQ(sanitize_html("<ol start=\"3e2\"><li>x</li></ol>"), "<ol><li>x</li></ol>");
}

TEST(SanitizeHtml, TableSpansArePositiveAndBounded) {
    EXPECT_EQ(sanitize_html("<table><tr><th scope=COL colspan=\" 3 \" rowspan=0>h</th>"
                            "<td colspan=100 rowspan=101>a</td><td colspan=2x>b</td>"
                            "<td scope=row colspan=-1>c</td></tr></table>"),
              "<table><tbody><tr><th scope=\"col\" colspan=\"3\">h</th><td colspan=\"100\">a</td>"
              "<td>b</td><td>c</td></tr></tbody></table>");
    EXPECT_EQ(sanitize_html("<table><colgroup span=2 style=x><col span=1001><col span=\"4\">"
                            "</colgroup></table>"),
              "<table><colgroup span=\"2\"><col><col span=\"4\"></colgroup></table>");
}

TEST(SanitizeHtml, BareSpansAreUnwrapped) {
    EXPECT_EQ(sanitize_html("<span class=x style=y>a</span><span lang=en>b</span>"),
              "a<span lang=\"en\">b</span>");
}

TEST(SanitizeHtml, ImageSizesAreDigitsOnly) {
    EXPECT_EQ(sanitize_html("<img src=a.png width=12345 height=123456>"),
              "<img src=\"a.png\" width=\"12345\">");
    EXPECT_EQ(sanitize_html("<img src=a.png width=\"50%\" height=\"10px\">"),
              "<img src=\"a.png\">");
    EXPECT_EQ(sanitize_html("<img alt=no-src>"), "");
}

TEST(SanitizeHtml, LinksGetRelAndOnlyBlankTarget) {
    EXPECT_EQ(sanitize_html("<a href=\"/x\" rel=\"opener\" target=\"_BLANK\">x</a>"),
              "<a href=\"/x\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">x</a>");
    EXPECT_EQ(sanitize_html("<a href=\"/x\" target=\"_parent\">x</a>"),
              "<a href=\"/x\" rel=\"noopener noreferrer nofollow\">x</a>");
    EXPECT_EQ(sanitize_html("<a name=\"anchor\">x</a>"), "<a>x</a>");
}

TEST(SanitizeHtml, UrlSchemes) {
    const auto href = [](std::string_view url) {
        return sanitize_html("<a href=\"" + std::string(url) + "\">x</a>");
    };
    const auto kept = [](std::string_view url) {
        return "<a href=\"" + std::string(url) + "\" rel=\"noopener noreferrer nofollow\">x</a>";
    };
    for (const std::string_view url :
         {"/articles/1", "#top", "./a.html", "../b.html", "?page=2", "page.html", "a/b:c",
          "http://example.com", "HTTPS://example.com/a?b=c:d", "mailto:sec@example.com",
          "tel:+86-10-12345678", "//cdn.example.com/x"}) {
        EXPECT_EQ(href(url), kept(url)) << url;
    }
    EXPECT_EQ(href("  \thttps://example.com/a\n "), kept("https://example.com/a"));
    EXPECT_EQ(href("https://exa\nmple.com"), kept("https://example.com"));
    for (const std::string_view url :
         {"javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:x", "data:text/html,x",
          "file:///etc/passwd", "livescript:x", "ftp://example.com", ":x", "", "   "}) {
        EXPECT_EQ(href(url), "<a>x</a>") << url;
    }
    // tel: and mailto: are for links; an image cannot use them.
    EXPECT_EQ(sanitize_html("<img src=\"tel:123\">"), "");
    EXPECT_EQ(sanitize_html("<img src=\"https://example.com/a.png\">"),
              "<img src=\"https://example.com/a.png\">");
    EXPECT_EQ(sanitize_html("<img src=\"a.png?x=1&amp;y=&quot;2\">"),
              "<img src=\"a.png?x=1&amp;y=&quot;2\">");
}

TEST(SanitizeHtml, DropsDangerousElementsWithTheirContent) {
    EXPECT_EQ(sanitize_html("a<style>p{}</style><iframe>x</iframe><object>y</object>"
                            "<select><option>z</option></select><svg><text>w</text></svg>b"),
              "ab");
    EXPECT_EQ(sanitize_html("<noframes><img src=x onerror=alert(1)></noframes>ok"), "ok");
}

TEST(SanitizeHtml, UnwrapsUnknownElements) {
    EXPECT_EQ(sanitize_html("<section><article><center><font color=red>x</font></center>"
                            "</article></section><o:p>y</o:p><custom-el a=b>z</custom-el>"),
              "xyz");
    // A vertical tab is not whitespace in a tag name: this is an unknown element "p\v".
    EXPECT_EQ(sanitize_html("<p\v>x"), "x");
}

TEST(SanitizeHtml, DropsCommentsAndProcessingInstructions) {
    EXPECT_EQ(sanitize_html("a<!-- c -->b<!--[if gte mso 9]><xml>w</xml><![endif]-->c"
                            "<?php echo 1; ?>d<!DOCTYPE html>e"),
              "abcde");
}

TEST(SanitizeHtml, VoidElementsHaveNoClosingTag) {
    EXPECT_EQ(sanitize_html("a<br/>b<hr>c<br></br>"), "a<br>b<hr>c<br><br>");
}

TEST(SanitizeHtml, PreKeepsWhitespace) {
    EXPECT_EQ(sanitize_html("<pre>  int x;\n\tint  y;\n</pre>"),
              "<pre>  int x;\n\tint  y;\n</pre>");
    // The parser eats the newline right after <pre>; a second one keeps the first.
    EXPECT_EQ(sanitize_html("<pre>\n\nx</pre>"), "<pre>\n\nx</pre>");
    EXPECT_EQ(sanitize_html("<pre><font>\nx</font></pre>"), "<pre>\n\nx</pre>");
    EXPECT_EQ(sanitize_html("<pre>\nx</pre>"), "<pre>x</pre>");
}

TEST(SanitizeHtml, StripsControlCharactersAndRepairsUtf8) {
    // gumbo turns raw controls into U+FFFD (and drops NUL); character references get through it.
    EXPECT_EQ(sanitize_html(std::string("a\x01"
                                        "b\0c",
                                        5)),
              "a\xEF\xBF\xBD"
              "bc");
    EXPECT_EQ(sanitize_html("a&#1;b&#x7F;c&#0;d&#x0B;e<p title=\"x&#2;y\">"),
              "ab"
              "c\xEF\xBF\xBD"
              "de<p title=\"xy\"></p>");
    const std::string out = sanitize_html("<p>bad \xFF\xC0\xAF \xED\xA0\x80 ok</p>");
    EXPECT_TRUE(is_valid_utf8(out));
    EXPECT_EQ(sanitize_html("<p>a&#13;b&#0;c&#xD800;</p>"),
              "<p>a\nb\xEF\xBF\xBD"
              "c\xEF\xBF\xBD</p>");
    // C1 controls and noncharacters from references would turn into U+FFFD on the next parse.
    EXPECT_EQ(sanitize_html("a&#x81;b&#xFDD0;c&#xFFFE;d&#x1FFFF;e&#x85;f&#x80;"),
              "abcde\xE2\x80\xA6"
              "f\xE2\x82\xAC");
}

TEST(SanitizeHtml, NestedLinksAreUnwrapped) {
    // <marquee> lets the parser nest links; once it is unwrapped the inner link has to go.
    EXPECT_EQ(sanitize_html("<a href=/a><marquee><a href=/b>x</a></marquee></a>"),
              "<a href=\"/a\" rel=\"noopener noreferrer nofollow\">x</a>");
    // A table cell is a scope of its own, where a nested link survives a re-parse.
    EXPECT_EQ(sanitize_html("<a href=/a><table><tr><td><a href=/b>x</a></td></tr></table></a>"),
              "<a href=\"/a\" rel=\"noopener noreferrer nofollow\"><table><tbody><tr><td>"
              "<a href=\"/b\" rel=\"noopener noreferrer nofollow\">x</a></td></tr></tbody></table>"
              "</a>");
}

TEST(SanitizeHtml, RestructuredTreesReachAFixPoint) {
    // Unwrapping puts elements where the parser would never put them; the output must still
    // re-parse to itself.
    for (const std::string_view html :
         {"<h1><font><h2>x</h2></font></h1>", "<p><marquee><div>x</div></marquee></p>",
          "<li><section><li>x</li></section></li>", "<p><marquee><p>x</p></marquee></p>",
          "<a href=/a><table><tr><td><a href=/b>x</a></td></tr></table></a>",
          "<table><font><tr><td>x</td></tr></font></table>", "<dl><dt><article><dt>x</dl>",
          "<table><caption><table><tr><td>x</table></caption></table>"}) {
        const std::string out = sanitize_html(html);
        EXPECT_EQ(sanitize_html(out), out) << html;
        EXPECT_TRUE(is_harmless(out)) << html;
        EXPECT_NE(out.find('x'), std::string::npos) << html << " -> " << out;
    }
}

TEST(SanitizeHtml, IsIdempotentOnOrdinaryBodies) {
    for (const std::string_view html :
         {"<p>段落一</p>\n<p>段落二<br>换行</p>", "<ul><li>a<li>b</ul><ol><li>c</ol>",
          "<table><tr><td>1<td>2<tr><td colspan=2>3</table>",
          "<blockquote><p>引用 <q>q</q> <cite>c</cite></p></blockquote>",
          "<figure><img src=/a.png alt=\"图 1\"><figcaption>图 1</figcaption></figure>",
          "<p><strong>b</strong><em>i</em><u>u</u><s>s</s><del>d</del><ins>n</ins><sub>1</sub>"
          "<sup>2</sup><small>s</small><mark>m</mark><code>c</code><kbd>k</kbd></p>",
          "<dl><dt>等保</dt><dd>网络安全等级保护</dd></dl>", "<p>unclosed <b>bold <i>both",
          "<table>stray text<tr><td>x</td></tr></table>"}) {
        const std::string out = sanitize_html(html);
        EXPECT_EQ(sanitize_html(out), out) << html;
        EXPECT_TRUE(is_harmless(out)) << html;
    }
}

TEST(SanitizeHtml, SurvivesDeepNesting) {
    // Deeper than a recursive walk could go on a small thread stack.
    std::string html;
    for (int i = 0; i < 50000; ++i) html += "<span lang=zh>";
    html += "deep";
    // Past kMaxHtmlDepth it is never parsed (ADR 0018): every byte comes back as escaped text.
    const std::string out = sanitize_html(html);
    EXPECT_EQ(out.find('<'), std::string::npos);
    EXPECT_TRUE(out.starts_with("&lt;span lang=zh&gt;")) << out.substr(0, 40);
    EXPECT_TRUE(out.ends_with("deep"));
    // Within the limit the elements are kept, as at any depth below it.
    std::string within;
    for (std::size_t i = 0; i < kMaxHtmlDepth; ++i) within += "<span lang=zh>";
    within += "deep";
    const std::string kept = sanitize_html(within);
    EXPECT_EQ(kept.size(), kMaxHtmlDepth * std::string("<span lang=\"zh\"></span>").size() + 4);
    EXPECT_EQ(html_to_text(kept), "deep");
}

TEST(SanitizeHtml, IsDeterministic) {
    const std::string html = "<p a=1 title=t lang=en>x<img src=y alt=z width=1 height=2></p>";
    EXPECT_EQ(sanitize_html(html), sanitize_html(html));
    EXPECT_EQ(sanitize_html(html),
              "<p title=\"t\" lang=\"en\">x<img src=\"y\" alt=\"z\" width=\"1\" height=\"2\"></p>");
}

}  // namespace
}  // namespace gp::content
