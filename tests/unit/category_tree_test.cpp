#include "content/category_tree.hpp"

#include <gtest/gtest.h>

namespace gp::content {
namespace {

CategoryTree sample() {
    // news ─┬ policy ─ local
    //       └ knowledge
    // services
    return CategoryTree({
        {1, "news", "等保资讯", "了解最新等保资讯及等保政策", std::nullopt, 0, "", ""},
        {2, "policy", "等保政策", "", 1, 1, "", ""},
        {3, "local", "地方政策", "", 2, 2, "", ""},
        {4, "knowledge", "等保知识", "", 1, 3, "", ""},
        {5, "services", "测评服务", "", std::nullopt, 4, "", ""},
    });
}

TEST(CategoryTree, ResolvesOnlyCanonicalPaths) {
    const auto tree = sample();
    ASSERT_NE(tree.find_path("news/policy/local"), nullptr);
    EXPECT_EQ(tree.find_path("news/policy/local")->id, 3);
    EXPECT_EQ(tree.find_path("news")->id, 1);
    EXPECT_EQ(tree.find_path("news/local"), nullptr);  // skips a level
    EXPECT_EQ(tree.find_path("policy"), nullptr);      // not a section
    EXPECT_EQ(tree.find_path("news/news"), nullptr);
    EXPECT_EQ(tree.find_path("services/policy"), nullptr);  // wrong parent
    EXPECT_EQ(tree.find_path("nope"), nullptr);
}

TEST(CategoryTree, UrlsAreSlugPathsFromTheSection) {
    const auto tree = sample();
    EXPECT_EQ(tree.url(1), "/news/");
    EXPECT_EQ(tree.url(3), "/news/policy/local/");
    EXPECT_EQ(tree.section_of(3)->id, 1);
}

TEST(CategoryTree, SubtreeAndChildrenInOrder) {
    const auto tree = sample();
    EXPECT_EQ(tree.subtree(1), (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(tree.subtree(3), (std::vector<std::int64_t>{3}));
    EXPECT_TRUE(tree.subtree(99).empty());
    ASSERT_EQ(tree.children(1).size(), 2u);
    EXPECT_EQ(tree.children(1)[0]->slug, "policy");
    EXPECT_EQ(tree.sections().size(), 2u);
}

TEST(CategoryTree, CountsRollUpThroughDescendants) {
    const auto tree = sample();
    const auto counts = tree.roll_up({{1, 2}, {2, 10}, {3, 5}, {4, 7}});
    EXPECT_EQ(counts.at(1), 24);
    EXPECT_EQ(counts.at(2), 15);
    EXPECT_EQ(counts.at(3), 5);
    EXPECT_EQ(counts.at(4), 7);
    EXPECT_EQ(counts.at(5), 0);
}

TEST(CategoryTree, ACycleInBrokenDataDoesNotHang) {
    const CategoryTree tree({{1, "a", "A", "", 2, 0, "", ""}, {2, "b", "B", "", 1, 1, "", ""}});
    EXPECT_LE(tree.ancestry(1).size(), 3u);
    EXPECT_LE(tree.subtree(1).size(), 3u);
}

}  // namespace
}  // namespace gp::content
