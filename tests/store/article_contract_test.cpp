// What readers see of articles, on every backend: drafts and scheduled articles stay hidden
// until their time, counts per category, newest-first lists and the 上一篇/下一篇 order.
#include <algorithm>

#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class ArticleContract : public Contract<Backend> {
protected:
    void SetUp() override { this->seed(); }

    std::vector<std::int64_t> ids(const std::vector<content::ArticleSummary>& list) {
        std::vector<std::int64_t> out;
        for (const auto& a : list) out.push_back(a.id);
        return out;
    }
    std::vector<std::int64_t> news_tree() {
        return {this->category("news"), this->category("policy"), this->category("local"),
                this->category("cases")};
    }
    content::Article article(std::int64_t id) {
        auto a = this->s_.articles.find_article(id);
        EXPECT_TRUE(a) << "article " << id;
        return a.value_or(content::Article{});
    }
};
TYPED_TEST_SUITE(ArticleContract, Backends, BackendNames);

TYPED_TEST(ArticleContract, FindsAnArticleWithEveryFieldWhateverItsState) {
    const auto a = this->article(1);
    EXPECT_EQ(a.title, "网络安全等级保护条例征求意见稿发布");
    EXPECT_EQ(a.category_id, this->category("policy"));
    EXPECT_EQ(a.status, content::ArticleStatus::published);
    EXPECT_EQ(a.published_at, at(2025, 3, 1, 9));
    EXPECT_EQ(a.keywords, (std::vector<std::string>{"等保", "网络安全"}));
    EXPECT_EQ(a.source, "公安部网站");
    EXPECT_EQ(a.source_url, "https://example.org/mps/notice");
    EXPECT_EQ(a.views, 120);
    EXPECT_EQ(a.updated_at, kNow);
    EXPECT_NE(a.body_html.find("一、背景"), std::string::npos);
    EXPECT_FALSE(this->article(2).source_url);

    EXPECT_EQ(this->article(5).status, content::ArticleStatus::draft);
    EXPECT_EQ(this->article(6).published_at, at(2025, 3, 20, 9));
    EXPECT_FALSE(this->s_.articles.find_article(99));
}

TYPED_TEST(ArticleContract, ListsVisibleArticlesNewestFirstWithoutDraftsOrScheduled) {
    const auto tree = this->news_tree();
    const auto list = this->s_.articles.list_visible(tree, kNow, 0, 20);
    // 4 and 3 share a publish time: the larger id is the newer.
    EXPECT_EQ(this->ids(list), (std::vector<std::int64_t>{4, 3, 2, 7, 1, 8}));
    EXPECT_EQ(this->s_.articles.count_visible(tree, kNow), 6);
    EXPECT_EQ(list[5].keywords, (std::vector<std::string>{"测评", "等保"}));
    EXPECT_EQ(list[5].views, 5);
    EXPECT_EQ(list[2].summary, "三项核心标准的变化。");

    EXPECT_EQ(this->ids(this->s_.articles.list_visible(tree, kNow, 2, 2)),
              (std::vector<std::int64_t>{2, 7}));
    EXPECT_TRUE(this->s_.articles.list_visible(tree, kNow, 6, 20).empty());

    const std::vector<std::int64_t> local{this->category("local")};
    EXPECT_EQ(this->ids(this->s_.articles.list_visible(local, kNow, 0, 20)),
              (std::vector<std::int64_t>{7}));
    const std::vector<std::int64_t> none;
    EXPECT_EQ(this->s_.articles.count_visible(none, kNow), 0);
}

TYPED_TEST(ArticleContract, AScheduledArticleAppearsByItselfAtItsTime) {
    const std::vector<std::int64_t> policy{this->category("policy")};
    const auto due = at(2025, 3, 20, 9);
    EXPECT_EQ(this->s_.articles.count_visible(policy, due - std::chrono::seconds(1)), 4);
    EXPECT_EQ(this->s_.articles.count_visible(policy, due), 5);
    EXPECT_EQ(this->s_.articles.list_visible(policy, due, 0, 1).at(0).id, 6);
    EXPECT_EQ(this->s_.articles.count_all_visible(kNow), 6);
    EXPECT_EQ(this->s_.articles.count_all_visible(due), 7);
}

TYPED_TEST(ArticleContract, CountsVisibleArticlesPerCategoryWithoutRollingUp) {
    const auto counts = this->s_.articles.count_visible_by_category(kNow);
    EXPECT_EQ(counts, (std::map<std::int64_t, std::int64_t>{{this->category("policy"), 4},
                                                            {this->category("local"), 1},
                                                            {this->category("cases"), 1}}));
}

TYPED_TEST(ArticleContract, NeighboursFollowPublishTimeThenIdWithinTheDirectCategory) {
    auto& store = this->s_.articles;
    const auto older = store.older_neighbour(this->article(3), kNow);
    const auto newer = store.newer_neighbour(this->article(3), kNow);
    ASSERT_TRUE(older && newer);
    EXPECT_EQ(older->id, 2);
    EXPECT_EQ(older->title, "等保2.0标准体系解读");
    EXPECT_EQ(older->category_id, this->category("policy"));
    EXPECT_EQ(newer->id, 4);
    EXPECT_EQ(store.older_neighbour(this->article(4), kNow)->id, 3);

    // The draft (5) is never a neighbour, nor the scheduled article (6) before its time.
    EXPECT_FALSE(store.older_neighbour(this->article(1), kNow));
    EXPECT_EQ(store.newer_neighbour(this->article(1), kNow)->id, 2);
    EXPECT_FALSE(store.newer_neighbour(this->article(4), kNow));
    EXPECT_EQ(store.newer_neighbour(this->article(4), at(2025, 3, 20, 9))->id, 6);

    // 7 sits in a child category: the parent's articles are not its neighbours.
    EXPECT_FALSE(store.older_neighbour(this->article(7), kNow));
    EXPECT_FALSE(store.newer_neighbour(this->article(7), kNow));
}

TYPED_TEST(ArticleContract, KeywordPagesShowOnlyVisibleArticles) {
    auto& store = this->s_.articles;
    EXPECT_EQ(this->ids(store.list_by_keyword("等保", kNow, 0, 20)),
              (std::vector<std::int64_t>{7, 1, 8}));
    EXPECT_EQ(store.count_by_keyword("等保", kNow), 3);
    EXPECT_EQ(this->ids(store.list_by_keyword("等保", kNow, 1, 1)), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(store.count_by_keyword("等保", at(2025, 3, 20, 9)), 4);
    EXPECT_EQ(store.count_by_keyword("等级保护", kNow), 0);
}

TYPED_TEST(ArticleContract, StampsListEveryVisibleArticleForSitemaps) {
    const auto stamps = this->s_.articles.list_visible_stamps(kNow, 0, 100);
    ASSERT_EQ(stamps.size(), 6u);
    EXPECT_EQ(stamps[0].id, 4);
    EXPECT_EQ(stamps[0].title, "关键信息基础设施安全保护要求（下）");
    EXPECT_EQ(stamps[0].published_at, at(2025, 3, 8, 9));
    EXPECT_EQ(stamps[0].updated_at, kNow);
    EXPECT_EQ(stamps[5].id, 8);
    EXPECT_EQ(this->s_.articles.list_visible_stamps(kNow, 5, 100).size(), 1u);
}

TYPED_TEST(ArticleContract, ViewCountsAddUpInOneBatch) {
    this->s_.articles.add_views({{1, 3}, {8, 1}, {1, 2}}, "");
    EXPECT_EQ(this->article(1).views, 125);
    EXPECT_EQ(this->article(8).views, 6);
    this->s_.articles.add_views({}, "");
    EXPECT_EQ(this->article(1).views, 125);
}

TYPED_TEST(ArticleContract, ABatchOfViewsIsAllOrNothing) {
    // Views never go negative (a CHECK on both backends): the bad delta fails the batch, and the
    // good one before it is not kept either.
    EXPECT_ANY_THROW(this->s_.articles.add_views({{2, 4}, {1, -1000}}, ""));
    EXPECT_EQ(this->article(2).views, 0);
    EXPECT_EQ(this->article(1).views, 120);
}

TYPED_TEST(ArticleContract, AViewBatchWrittenTwiceCountsOnce) {
    // A node died after COMMIT, before it could tell Redis; another node writes the batch again.
    EXPECT_TRUE(this->s_.articles.add_views({{1, 3}, {8, 1}}, "3f9a0c"));
    EXPECT_FALSE(this->s_.articles.add_views({{1, 3}, {8, 1}}, "3f9a0c"));
    EXPECT_EQ(this->article(1).views, 123);
    EXPECT_EQ(this->article(8).views, 6);
    // A failed batch records nothing: written again, it counts.
    EXPECT_ANY_THROW(this->s_.articles.add_views({{2, 4}, {1, -1000}}, "b71e22"));
    EXPECT_TRUE(this->s_.articles.add_views({{2, 4}}, "b71e22"));
    EXPECT_EQ(this->article(2).views, 4);
}

}  // namespace
}  // namespace gp::test
