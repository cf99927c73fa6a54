// Synonym groups and the search query log on every backend: the shipped groups, new groups,
// merges by folded terms, the change log told of each change, and query counts added in
// batches and read back in order.
#include <algorithm>
#include <type_traits>

#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class SynonymContract : public Contract<Backend> {
protected:
    std::vector<std::string> group_of(const std::string& term) {
        for (const auto& group : this->s_.synonyms.list_synonyms()) {
            if (std::find(group.begin(), group.end(), term) != group.end()) return group;
        }
        return {};
    }
};
TYPED_TEST_SUITE(SynonymContract, Backends, BackendNames);

TYPED_TEST(SynonymContract, TheShippedGroupsComeInTheOrderTheyWereWritten) {
    const auto groups = this->s_.synonyms.list_synonyms();
    ASSERT_EQ(groups.size(), 19u);
    EXPECT_EQ(groups[0],
              (std::vector<std::string>{"等保", "等级保护", "网络安全等级保护", "等级保护制度"}));
    EXPECT_EQ(groups[18], (std::vector<std::string>{"公安机关", "网安部门", "网警"}));
    // The shipped list is no change to readers' pages.
    EXPECT_EQ(this->s_.changes.latest_change(), 0);
}

TYPED_TEST(SynonymContract, ANewGroupStandsAlone) {
    const auto group = this->s_.synonyms.add_synonyms({"攻防演练", "攻防演习"});
    EXPECT_EQ(group, (std::vector<std::string>{"攻防演练", "攻防演习"}));
    EXPECT_EQ(this->s_.synonyms.list_synonyms().size(), 20u);
    EXPECT_EQ(this->s_.synonyms.list_synonyms().back(), group);
}

TYPED_TEST(SynonymContract, ATermAlreadyKnownMergesTheGroups) {
    // 等保 is in group 1 and 测评 in group 2: the new group joins both.
    const auto merged = this->s_.synonyms.add_synonyms({"等保", "测评", "等保合规"});
    EXPECT_EQ(merged,
              (std::vector<std::string>{"等保", "等级保护", "网络安全等级保护", "等级保护制度",
                                        "测评", "评测", "等级测评", "等保合规"}));
    EXPECT_EQ(this->s_.synonyms.list_synonyms().size(), 18u);
    EXPECT_EQ(this->group_of("评测"), merged);
}

TYPED_TEST(SynonymContract, TermsAreComparedFolded) {
    // Traditional characters and full-width Latin fold to the terms already listed.
    const auto merged = this->s_.synonyms.add_synonyms({"等級保護", "ＭＬＰＳ合规"});
    EXPECT_NE(std::find(merged.begin(), merged.end(), "等级保护"), merged.end());
    // 等級保護 folds to 等级保护, which is listed: it is not written again.
    EXPECT_EQ(std::count(merged.begin(), merged.end(), "等級保護"), 0);
    EXPECT_EQ(std::count(merged.begin(), merged.end(), "ＭＬＰＳ合规"), 1);
}

TYPED_TEST(SynonymContract, EachChangeTellsTheChangeLog) {
    const auto before = this->s_.changes.latest_change();
    this->s_.synonyms.add_synonyms({"攻防演练", "攻防演习"});
    const auto changes = this->s_.changes.changes_since(before, 100);
    ASSERT_EQ(changes.size(), 2u);
    for (const auto& c : changes) {
        EXPECT_TRUE(c.structure);
        EXPECT_FALSE(c.article_id);
        EXPECT_FALSE(c.category_id);
    }
    // Nothing new: nothing written, nothing logged.
    const auto after = this->s_.changes.latest_change();
    this->s_.synonyms.add_synonyms({"攻防演练"});
    EXPECT_EQ(this->s_.changes.latest_change(), after);
}

TYPED_TEST(SynonymContract, QueryCountsAddUpAndReadBackInOrder) {
    this->s_.search_stats.add_query_counts({{"等保", 3, 0, 12}, {"密评", 1, 1, 0}}, kNow);
    this->s_.search_stats.add_query_counts(
        {{"等保", 2, 0, 10}, {"关基", 1, 1, 0}, {"密评", 2, 2, 0}, {"个保法", 3, 0, 4}},
        kNow + std::chrono::minutes(1));

    const auto top = this->s_.search_stats.top_queries(10);
    ASSERT_EQ(top.size(), 4u);
    EXPECT_EQ(top[0].query, "等保");
    EXPECT_EQ(top[0].searches, 5);
    EXPECT_EQ(top[0].last_results, 10);
    // 个保法 and 密评 both have 3: ties in byte order of the text.
    EXPECT_EQ(top[1].query, "个保法");
    EXPECT_EQ(top[2].query, "密评");
    EXPECT_EQ(top[2].no_hit_searches, 3);
    EXPECT_EQ(top[3].query, "关基");
    EXPECT_EQ(this->s_.search_stats.top_queries(1).size(), 1u);

    const auto zero = this->s_.search_stats.zero_hit_queries(10);
    ASSERT_EQ(zero.size(), 2u);
    EXPECT_EQ(zero[0].query, "密评");
    EXPECT_EQ(zero[1].query, "关基");

    // A query that finds something again leaves the zero-hit list.
    this->s_.search_stats.add_query_counts({{"密评", 1, 0, 2}}, kNow + std::chrono::minutes(2));
    const auto later = this->s_.search_stats.zero_hit_queries(10);
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0].query, "关基");
}

TYPED_TEST(SynonymContract, ABatchIsAllOrNothing) {
    this->s_.search_stats.add_query_counts({{"等保", 1, 0, 3}}, kNow);
    // The store refuses one row of the next batch, after the row before it was written.
    if constexpr (std::is_same_v<TypeParam, PostgresBackend>) {
        this->backend_.execute(
            "CREATE FUNCTION refuse_query() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'refused'; END; $$; CREATE TRIGGER refuse_query BEFORE INSERT ON "
            "search_queries FOR EACH ROW WHEN (NEW.query = '拒绝') EXECUTE FUNCTION "
            "refuse_query();");
    } else {
        this->backend_.execute(
            "CREATE TRIGGER refuse_query BEFORE INSERT ON search_queries WHEN NEW.query = '拒绝' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END;");
    }
    EXPECT_ANY_THROW(
        this->s_.search_stats.add_query_counts({{"等保", 1, 0, 3}, {"拒绝", 1, 1, 0}}, kNow));
    const auto top = this->s_.search_stats.top_queries(10);
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0].searches, 1);
}

}  // namespace
}  // namespace gp::test
