#include "content/category_edit.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

CategoryTree sample() {
    // news ─ policy ─ local; services
    return CategoryTree({
        {1, "news", "等保资讯", "", std::nullopt, 0, "", ""},
        {2, "policy", "等保政策", "", 1, 0, "", ""},
        {3, "local", "地方政策", "", 2, 0, "", ""},
        {4, "services", "测评服务", "", std::nullopt, 1, "", ""},
    });
}

Category edited(std::int64_t id, std::string slug, std::optional<std::int64_t> parent) {
    Category c;
    c.id = id;
    c.name = "栏目";
    c.slug = std::move(slug);
    c.parent_id = parent;
    return c;
}

TEST(CheckCategory, AcceptsAValidNewOrMovedCategory) {
    EXPECT_FALSE(check_category(sample(), edited(0, "standards", 1)));
    EXPECT_FALSE(check_category(sample(), edited(2, "policy", 4)));
    EXPECT_FALSE(check_category(sample(), edited(3, "local", std::nullopt)));
}

TEST(CheckCategory, RefusesAMoveUnderItselfOrADescendant) {
    using Kind = CategoryProblem::Kind;
    EXPECT_EQ(check_category(sample(), edited(1, "news", 1))->kind, Kind::cycle);
    EXPECT_EQ(check_category(sample(), edited(1, "news", 3))->kind, Kind::cycle);
    EXPECT_EQ(check_category(sample(), edited(2, "policy", 3))->kind, Kind::cycle);
    EXPECT_EQ(check_category(sample(), edited(2, "policy", 99))->kind, Kind::no_parent);
}

TEST(CheckCategory, RefusesBadTakenAndReservedSlugs) {
    using Kind = CategoryProblem::Kind;
    EXPECT_EQ(check_category(sample(), edited(4, "policy", std::nullopt))->kind, Kind::slug_taken);
    for (auto bad : {"", "Policy", "a_b", "-a", "a-", "等保", "a/b"}) {
        EXPECT_EQ(check_category(sample(), edited(0, bad, std::nullopt))->kind, Kind::invalid)
            << bad;
    }
    EXPECT_NE(check_category(sample(), edited(0, "admin", std::nullopt))->message.find("占用"),
              std::string::npos);
}

TEST(CheckCategory, LimitsTheLengthOfNamesAndSeoFields) {
    auto c = edited(0, "x", std::nullopt);
    c.name = "";
    EXPECT_TRUE(check_category(sample(), c));
    c.name.clear();
    for (int i = 0; i < 40; ++i) c.name += "等";
    EXPECT_FALSE(check_category(sample(), c));
    c.name += "保";
    EXPECT_TRUE(check_category(sample(), c));
    c.name = "栏目";
    for (int i = 0; i < 81; ++i) c.seo_title += "等";
    EXPECT_TRUE(check_category(sample(), c));
}

TEST(Trimmed, RemovesSurroundingWhiteSpace) {
    EXPECT_EQ(trimmed("  等保 资讯\r\n"), "等保 资讯");
    EXPECT_EQ(trimmed(" \t "), "");
}

}  // namespace
}  // namespace gp::content
