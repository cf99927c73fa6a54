#include "content/control_chars.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

TEST(ControlChars, TerminalInjectionEscapeSequencesArePrintedAsText) {
    EXPECT_EQ(escape_control_chars("\x1b[31m张工\x1b[0m"), "\\x1b[31m张工\\x1b[0m");
    EXPECT_EQ(escape_control_chars("\x1b]0;owned\x07"), "\\x1b]0;owned\\x07");
    EXPECT_EQ(escape_control_chars("a\r\nb\tc\x7f"), "a\\x0d\\x0ab\\x09c\\x7f");
    EXPECT_EQ(escape_control_chars(std::string_view("\0x", 2)), "\\x00x");
}

TEST(ControlChars, TerminalInjectionC1ControlsAndBidiOverridesAreEscaped) {
    // U+009B is CSI on a terminal that reads C1 controls; U+0085 a line break.
    EXPECT_EQ(escape_control_chars("\xc2\x9b[31m"), "\\u009b[31m");
    EXPECT_EQ(escape_control_chars("a\xc2\x85z"), "a\\u0085z");
    EXPECT_EQ(escape_control_chars("\xc2\x80\xc2\x9f\xc2\xa0"), "\\u0080\\u009f\xc2\xa0");
    EXPECT_EQ(escape_control_chars("/news/\xe2\x80\xaeTXT.exe"), "/news/\\u202eTXT.exe");
    EXPECT_EQ(escape_control_chars("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");
}

TEST(ControlChars, TerminalInjectionInvalidUtf8IsEscapedByteByByte) {
    EXPECT_EQ(escape_control_chars("\xff"), "\\xff");
    EXPECT_EQ(escape_control_chars("a\xc2"), "a\\xc2");                  // truncated
    EXPECT_EQ(escape_control_chars("\xc0\x9b"), "\\xc0\\x9b");           // overlong
    EXPECT_EQ(escape_control_chars("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
    EXPECT_EQ(escape_control_chars("\x80z"), "\\x80z");
}

TEST(ControlChars, PrintableTextIsKept) {
    for (const char* s : {"", "plain ascii ~!@#$%^&*()", "/news/policy/12.html?utm=baidu",
                          "等保测评 张工", "emoji \xf0\x9f\x98\x80", "back\\slash"}) {
        EXPECT_EQ(escape_control_chars(s), s);
        EXPECT_EQ(strip_control_chars(s), s);
    }
}

TEST(ControlChars, TerminalInjectionStrippingDropsWhatEscapingWouldEscape) {
    EXPECT_EQ(strip_control_chars("\x1b[31m张工\x1b[0m"), "[31m张工[0m");
    EXPECT_EQ(strip_control_chars("a\r\n\tb\x7f\xc2\x9b\xe2\x80\xae\xffz"), "abz");
}

}  // namespace
}  // namespace gp::content
