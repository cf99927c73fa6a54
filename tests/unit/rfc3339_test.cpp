#include "content/rfc3339.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

TEST(Rfc3339, ParsesOffsetsAndZulu) {
    const auto t = parse_rfc3339("2025-03-11T09:00:00+08:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->time_since_epoch().count(), 1741654800);
    EXPECT_EQ(parse_rfc3339("2025-03-11T01:00:00Z"), t);
    EXPECT_EQ(parse_rfc3339("2025-03-11T01:00:00.123Z"), t);
    EXPECT_EQ(parse_rfc3339("2025-03-10T20:00:00-05:00"), t);
}

TEST(Rfc3339, RejectsWhatIsNotADate) {
    for (const char* bad :
         {"", "2025-03-11", "2025-03-11 09:00", "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z",
          "2025-03-11T24:00:00Z", "2025-03-11T09:00:00", "2025-03-11T09:00:00+8:00",
          "2025-03-11T09:00:00+08:00 ", "yesterday", "2025-03-11T09:00:00.Z"}) {
        EXPECT_FALSE(parse_rfc3339(bad)) << bad;
    }
}

TEST(Rfc3339, FormatsRoundTrip) {
    const auto t = *parse_rfc3339("2025-03-11T09:00:00+08:00");
    EXPECT_EQ(format_rfc3339(t, std::chrono::hours(8)), "2025-03-11T09:00:00+08:00");
    EXPECT_EQ(format_rfc3339(t, std::chrono::minutes(0)), "2025-03-11T01:00:00Z");
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t, std::chrono::minutes(-330))), t);
}

}  // namespace
}  // namespace gp::content
