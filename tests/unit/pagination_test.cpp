#include "content/pagination.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

TEST(Pagination, AbsentPageIsTheFirst) { EXPECT_EQ(parse_page_number(std::nullopt).value(), 1); }

TEST(Pagination, AcceptsPositiveIntegers) {
    EXPECT_EQ(parse_page_number("1").value(), 1);
    EXPECT_EQ(parse_page_number("37").value(), 37);
    EXPECT_EQ(parse_page_number("007").value(), 7);
}

TEST(Pagination, RejectsEverythingElseAsBadRequest) {
    for (const char* bad :
         {"", "0", "00", "-1", "+2", "1.5", "abc", "1e3", " 1", "1 ", "０", "9999999999", "0x10"}) {
        auto r = parse_page_number(std::string_view(bad));
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Errc::bad_request) << bad;
        EXPECT_FALSE(r.error().user_message.empty());
    }
}

TEST(Pagination, PagesAndOffsets) {
    auto p = paginate(2, 20, 45).value();
    EXPECT_EQ(p.pages(), 3);
    EXPECT_EQ(p.offset(), 20);
    EXPECT_TRUE(p.has_prev());
    EXPECT_TRUE(p.has_next());
    EXPECT_FALSE(paginate(3, 20, 45).value().has_next());
    EXPECT_EQ(paginate(1, 20, 40).value().pages(), 2);
}

TEST(Pagination, PastTheEndIsNotFoundButAnEmptyFirstPageExists) {
    EXPECT_EQ(paginate(4, 20, 45).error().code, Errc::not_found);
    EXPECT_TRUE(paginate(1, 20, 0));
    EXPECT_EQ(paginate(2, 20, 0).error().code, Errc::not_found);
}

}  // namespace
}  // namespace gp::content
