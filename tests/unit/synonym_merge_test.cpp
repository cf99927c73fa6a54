#include "search/synonym_merge.hpp"

#include <gtest/gtest.h>

namespace gp::search {
namespace {

const CharFolder& folder() {
    static const CharFolder f;
    return f;
}

const std::vector<SynonymRow> kStored{
    {1, "等保"}, {1, "等级保护"}, {2, "测评"}, {2, "评测"}, {3, "个保法"}};

TEST(SynonymMerge, ANewGroupWhenNoTermIsKnown) {
    const auto plan = plan_synonym_merge(kStored, {"攻防演练", "攻防演习", "攻防演练"}, folder());
    EXPECT_FALSE(plan.group);
    EXPECT_TRUE(plan.absorbed.empty());
    EXPECT_EQ(plan.new_terms, (std::vector<std::string>{"攻防演练", "攻防演习"}));
}

TEST(SynonymMerge, GroupsSharingATermJoinTheSmallest) {
    const auto plan = plan_synonym_merge(kStored, {"评测", "等保", "等保合规"}, folder());
    EXPECT_EQ(plan.group, 1);
    EXPECT_EQ(plan.absorbed, std::vector<std::int64_t>{2});
    EXPECT_EQ(plan.new_terms, std::vector<std::string>{"等保合规"});
}

TEST(SynonymMerge, TermsAreComparedFolded) {
    // Traditional characters fold to simplified ones: 等級保護 is the stored 等级保护.
    const auto plan = plan_synonym_merge(kStored, {"等級保護", "三级等保"}, folder());
    EXPECT_EQ(plan.group, 1);
    EXPECT_EQ(plan.new_terms, std::vector<std::string>{"三级等保"});
}

}  // namespace
}  // namespace gp::search
