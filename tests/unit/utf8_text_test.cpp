#include "content/utf8_text.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

TEST(Utf8Text, RepairReplacesEachStrayByteAndKeepsValidText) {
    EXPECT_EQ(repair_utf8("等保 2.0 ok"), "等保 2.0 ok");
    EXPECT_EQ(repair_utf8(""), "");
    EXPECT_EQ(repair_utf8("a\xFF"
                          "b"),
              "a\uFFFD"
              "b");
    // Overlong, surrogate, above U+10FFFF, truncated: one U+FFFD per byte.
    EXPECT_EQ(repair_utf8("\xC0\xAF"), "\uFFFD\uFFFD");
    EXPECT_EQ(repair_utf8("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(repair_utf8("\xF4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(repair_utf8("保\xE6\xB5"), "保\uFFFD\uFFFD");
    EXPECT_EQ(repair_utf8("\x80保"), "\uFFFD保");
}

TEST(Utf8Text, ClipCountsCharactersNotBytes) {
    EXPECT_EQ(clip_utf8("等级保护测评", 4), "等级保护");
    EXPECT_EQ(clip_utf8("abc", 10), "abc");
    EXPECT_EQ(clip_utf8("abc", 0), "");
    EXPECT_EQ(clip_utf8("a😀b", 2), "a😀");
    // A repaired byte is one character.
    EXPECT_EQ(clip_utf8("\xFF\xFF\xFF", 2), "\uFFFD\uFFFD");
}

}  // namespace
}  // namespace gp::content
