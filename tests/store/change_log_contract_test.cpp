// The content change log on every backend: every content write leaves rows in order, view
// counts leave none, and scheduled articles are found when they come due.
#include <algorithm>

#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class ChangeLogContract : public Contract<Backend> {
protected:
    void SetUp() override { this->seed(); }
};
TYPED_TEST_SUITE(ChangeLogContract, Backends, BackendNames);

TYPED_TEST(ChangeLogContract, AnImportLeavesAChangePerArticleKeywordAndCategory) {
    const auto latest = this->s_.changes.latest_change();
    // 5 categories, 8 articles, 8 keywords.
    EXPECT_EQ(latest, 21);
    const auto all = this->s_.changes.changes_since(0, 100);
    ASSERT_EQ(all.size(), 21u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].seq, all[i].seq);
    EXPECT_TRUE(all[0].structure);
    EXPECT_EQ(all[0].category_id, this->category("news"));
    const auto keyword =
        std::find_if(all.begin(), all.end(), [](const auto& c) { return c.keyword.has_value(); });
    ASSERT_NE(keyword, all.end());
    EXPECT_EQ(keyword->article_id, 1);
    EXPECT_EQ(keyword->keyword, "等保");
    EXPECT_FALSE(keyword->structure);
    EXPECT_EQ(this->s_.changes.changes_since(latest - 2, 1).at(0).seq, latest - 1);
}

TYPED_TEST(ChangeLogContract, MovingArticlesLogsTheOldAndTheNewCategory) {
    const auto before = this->s_.changes.latest_change();
    const auto local = this->category("local");
    const auto cases = this->category("cases");
    this->s_.categories.move_category_articles(local, cases, this->record("category.move"));
    const auto changes = this->s_.changes.changes_since(before, 100);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].article_id, 7);
    EXPECT_EQ(changes[0].category_id, local);
    EXPECT_EQ(changes[1].article_id, 7);
    EXPECT_EQ(changes[1].category_id, cases);
}

TYPED_TEST(ChangeLogContract, ViewCountsAreNoContentChange) {
    const auto before = this->s_.changes.latest_change();
    this->s_.articles.add_views({{1, 10}}, "");
    EXPECT_EQ(this->s_.changes.latest_change(), before);
}

TYPED_TEST(ChangeLogContract, ACategoryEditIsAStructureChange) {
    const auto before = this->s_.changes.latest_change();
    content::Category c;
    c.slug = "training";
    c.name = "等保培训";
    const auto id = this->s_.categories.create_category(c, this->record("category.create"));
    const auto changes = this->s_.changes.changes_since(before, 100);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_TRUE(changes[0].structure);
    EXPECT_EQ(changes[0].category_id, id);
    EXPECT_FALSE(changes[0].article_id);
}

TYPED_TEST(ChangeLogContract, FindsWhenTheNextScheduledArticleComesDue) {
    EXPECT_EQ(this->s_.changes.next_scheduled(kNow), at(2025, 3, 20, 9));
    EXPECT_FALSE(this->s_.changes.next_scheduled(at(2025, 3, 20, 9)));
    const auto due = this->s_.changes.came_due(kNow, at(2025, 3, 20, 9));
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].article_id, 6);
    EXPECT_EQ(due[0].category_id, this->category("policy"));
    EXPECT_TRUE(this->s_.changes.came_due(kNow, at(2025, 3, 20, 8)).empty());
}

TYPED_TEST(ChangeLogContract, PruneForgetsOnlyOlderChanges) {
    const auto latest = this->s_.changes.latest_change();
    // The rows were written moments ago: a cut-off far in the past keeps them all.
    this->s_.changes.prune_changes(at(2020, 1, 1));
    EXPECT_EQ(this->s_.changes.changes_since(0, 100).size(), static_cast<std::size_t>(latest));
    this->s_.changes.prune_changes(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
        std::chrono::hours(1));
    EXPECT_TRUE(this->s_.changes.changes_since(0, 100).empty());
}

}  // namespace
}  // namespace gp::test
