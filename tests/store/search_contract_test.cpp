// The search index on every backend, fed the ranking fixture corpus of tests/fixtures/search/:
// presence, visibility, category filter, paging, synonyms, highlighting, related lists, and
// the index following every write in the write's own transaction. Ranking is bm25 on SQLite
// and ts_rank on PostgreSQL (docs/adr/0014): the fixture queries are clear-cut, so both must
// put the expected article first.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "search/marked_text.hpp"
#include "store/backends.hpp"

namespace gp::test {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::filesystem::path(GP_SOURCE_DIR) / "tests/fixtures/search" / name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

content::Time unix_time(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }
// 2026-01-01: after every fixture date except the scheduled article's 2099.
const content::Time kSearchNow = unix_time(1767225600);

std::vector<std::int64_t> link_ids(const std::vector<store::ArticleLink>& links) {
    std::vector<std::int64_t> out;
    for (const auto& l : links) out.push_back(l.id);
    return out;
}

template <class Backend>
class SearchContract : public Contract<Backend> {
protected:
    void SetUp() override {
        const auto result = import_json(this->s_, fixture("corpus.json"), kSearchNow);
        ASSERT_TRUE(std::holds_alternative<std::size_t>(result))
            << std::get<content::ImportError>(result).message();
    }

    std::vector<std::int64_t> ids(const std::string& q, std::span<const std::int64_t> cats = {}) {
        std::vector<std::int64_t> out;
        for (const auto& h : this->s_.search.search(q, cats, kSearchNow, 0, 10).hits) {
            out.push_back(h.id);
        }
        return out;
    }

    content::Article article(std::int64_t id) {
        auto a = this->s_.articles.find_article(id);
        EXPECT_TRUE(a) << "article " << id;
        return a.value_or(content::Article{});
    }

    /// Saves new fields through the editorial store, as the back end does.
    void edit(std::int64_t id, const std::function<void(content::ArticleFields&)>& change) {
        const auto result = this->s_.editorial.update_article(
            id, "ed.li", kSearchNow,
            [&](const content::EditorialArticle& a) -> std::optional<store::EditorialWrite> {
                store::EditorialWrite w;
                w.fields = a.fields;
                change(*w.fields);
                return w;
            });
        ASSERT_EQ(result, store::EditorialResult::applied);
    }
};
TYPED_TEST_SUITE(SearchContract, Backends, BackendNames);

TYPED_TEST(SearchContract, FixtureQueriesPutTheExpectedArticleFirst) {
    const auto queries = nlohmann::json::parse(fixture("queries.json"));
    ASSERT_GE(queries.size(), 25u);
    for (const auto& q : queries) {
        const auto query = q["query"].get<std::string>();
        const auto within = q["within"].get<std::size_t>();
        const auto got = this->ids(query);
        for (const auto& expected : q["expect"]) {
            const auto pos = std::find(got.begin(), got.end(), expected.get<std::int64_t>());
            EXPECT_TRUE(pos != got.end() && static_cast<std::size_t>(pos - got.begin()) < within)
                << "query " << query << ": expected article " << expected << " within the top "
                << within << ", got " << nlohmann::json(got).dump();
        }
    }
}

TYPED_TEST(SearchContract, SynonymsFindArticlesThatOnlyUseTheOtherForm) {
    // Article 4 says 个人信息保护法 only; article 17 关键信息基础设施安全保护 only; article 21
    // 漏洞扫描 only.
    EXPECT_EQ(this->ids("个保法").front(), 4);
    EXPECT_EQ(this->ids("关保").front(), 17);
    EXPECT_EQ(this->ids("漏扫").front(), 21);
    EXPECT_EQ(fixture("corpus.json").find("漏扫"), std::string::npos);
}

TYPED_TEST(SearchContract, DraftsAndScheduledArticlesNeverAppear) {
    EXPECT_TRUE(this->ids("星河计划").empty());
    EXPECT_TRUE(this->ids("月影计划").empty());
    EXPECT_EQ(this->s_.search.search("月影计划", {}, kSearchNow, 0, 10).total, 0);
    // Once its time has come, the scheduled article is found without any write.
    const auto later = this->s_.search.search("月影计划", {}, unix_time(4102477200), 0, 10);
    ASSERT_EQ(later.hits.size(), 1u);
    EXPECT_EQ(later.hits.front().id, 28);
    // An article sent to the trash is gone from the results at once.
    ASSERT_EQ(this->ids("堡垒机").front(), 7);
    ASSERT_EQ(this->s_.editorial.update_article(
                  7, "ed.li", kSearchNow,
                  [](const content::EditorialArticle&) -> std::optional<store::EditorialWrite> {
                      store::EditorialWrite w;
                      w.state = content::EditorialState::trash;
                      return w;
                  }),
              store::EditorialResult::applied);
    const auto after = this->ids("堡垒机");
    EXPECT_EQ(std::find(after.begin(), after.end(), 7), after.end());
}

TYPED_TEST(SearchContract, CategoryFilterAndPaging) {
    const auto all = this->s_.search.search("测评", {}, kSearchNow, 0, 100);
    ASSERT_GT(all.total, 5);
    EXPECT_FALSE(all.total_capped);
    EXPECT_EQ(static_cast<std::size_t>(all.total), all.hits.size());
    const std::vector<std::int64_t> only_faq{this->category("faq")};
    const auto filtered = this->s_.search.search("测评", only_faq, kSearchNow, 0, 100);
    ASSERT_GT(filtered.total, 0);
    EXPECT_LT(filtered.total, all.total);
    for (const auto& h : filtered.hits) EXPECT_EQ(h.category_id, this->category("faq"));
    // Pages of two cover the same ranking without overlap.
    const auto first = this->s_.search.search("测评", {}, kSearchNow, 0, 2);
    const auto second = this->s_.search.search("测评", {}, kSearchNow, 2, 2);
    ASSERT_EQ(first.hits.size(), 2u);
    ASSERT_EQ(second.hits.size(), 2u);
    EXPECT_EQ(first.hits[0].id, all.hits[0].id);
    EXPECT_EQ(first.hits[1].id, all.hits[1].id);
    EXPECT_EQ(second.hits[0].id, all.hits[2].id);
    EXPECT_EQ(second.total, all.total);
    // Past the end: no hits, the total still known.
    const auto beyond = this->s_.search.search("测评", {}, kSearchNow, 1000, 10);
    EXPECT_TRUE(beyond.hits.empty());
    EXPECT_EQ(beyond.total, all.total);
}

TYPED_TEST(SearchContract, AQueryWithoutTermsSearchesNothing) {
    const auto r = this->s_.search.search("，。！", {}, kSearchNow, 0, 10);
    EXPECT_TRUE(r.no_terms);
    EXPECT_EQ(r.total, 0);
    EXPECT_TRUE(r.hits.empty());
    EXPECT_EQ(this->s_.search.search("  ＭＬＰＳ  ", {}, kSearchNow, 0, 10).normalized_query,
              "mlps");
}

TYPED_TEST(SearchContract, HighlightsAreEscapedAndMarked) {
    const auto r = this->s_.search.search("注入", {}, kSearchNow, 0, 10);
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits.front().id, 29);
    EXPECT_EQ(search::to_html(r.hits.front().title),
              "防范&lt;script&gt;<mark>注入</mark>的三个要点 &amp; 实践");
    const auto snippet = search::to_html(r.hits.front().snippet);
    EXPECT_NE(snippet.find("<mark>注入</mark>"), std::string::npos) << snippet;
    // A query made of markup is only words: it finds the title that spells them, escaped.
    const auto markup = this->s_.search.search("<script>", {}, kSearchNow, 0, 10);
    ASSERT_EQ(markup.hits.size(), 1u);
    EXPECT_EQ(search::to_html(markup.hits.front().title),
              "防范&lt;<mark>script</mark>&gt;注入的三个要点 &amp; 实践");
    const auto marked = search::to_html(
        this->s_.search.search("等保测评流程", {}, kSearchNow, 0, 1).hits.front().title);
    EXPECT_EQ(marked, "<mark>等保测评流程</mark>详解：从准备到出具报告");
}

TYPED_TEST(SearchContract, AnEditIsSearchableAtOnceAndTheOldTextIsNot) {
    EXPECT_TRUE(this->ids("青蓝防线").empty());
    this->edit(6, [](auto& f) { f.body_html = "<p>青蓝防线项目完成了渗透测试。</p>"; });
    EXPECT_EQ(this->ids("青蓝防线"), std::vector<std::int64_t>{6});
    EXPECT_TRUE(this->ids("\"签署授权书\"").empty());

    this->edit(8, [](auto& f) { f.keywords = {"留痕"}; });
    EXPECT_EQ(this->ids("留痕"), std::vector<std::int64_t>{8});
}

TYPED_TEST(SearchContract, AFailedWriteLeavesTheIndexAsItWas) {
    EXPECT_THROW(
        this->s_.editorial.update_article(
            2, "ed.li", kSearchNow,
            [](const content::EditorialArticle& a) -> std::optional<store::EditorialWrite> {
                store::EditorialWrite w;
                w.fields = a.fields;
                w.fields->title = "紫金盾牌";
                content::AuditRecord broken;
                broken.result = "unknown";  // refused by the store
                w.audit.push_back(broken);
                return w;
            }),
        std::exception);
    EXPECT_TRUE(this->ids("紫金盾牌").empty());
    EXPECT_EQ(this->ids("定级备案").front(), 2);
}

TYPED_TEST(SearchContract, ImportIsIndexedInItsOwnTransaction) {
    const auto doc = R"({"articles": [{"title": "蓝鲸云平台通过三级测评", "category": "cases",
        "published_at": "2025-06-01T09:00:00+08:00", "body_html": "<p>蓝鲸云平台顺利通过。</p>"}]})";
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(this->s_, doc, kSearchNow)));
    EXPECT_EQ(this->ids("蓝鲸云平台").size(), 1u);
    const auto bad = R"({"articles": [{"title": "白鹭计划", "category": "cases",
        "published_at": "2025-06-01T09:00:00+08:00", "body_html": "<p>白鹭</p>"},
        {"title": "x", "category": "nowhere", "published_at": "2025-06-01T09:00:00+08:00",
         "body_html": "<p>x</p>"}]})";
    ASSERT_TRUE(
        std::holds_alternative<content::ImportError>(import_json(this->s_, bad, kSearchNow)));
    EXPECT_TRUE(this->ids("白鹭计划").empty());
}

TYPED_TEST(SearchContract, ReindexRebuildsEverythingAndReportsProgress) {
    std::int64_t last_done = -1;
    std::int64_t last_total = -1;
    const auto n = this->s_.search.reindex([&](std::int64_t done, std::int64_t total) {
        EXPECT_GE(done, last_done);
        last_done = done;
        last_total = total;
    });
    EXPECT_EQ(n, 30);
    EXPECT_EQ(last_done, 30);
    EXPECT_EQ(last_total, 30);
    EXPECT_EQ(this->ids("定级备案").front(), 2);
    this->edit(3, [](auto& f) { f.title = "翠竹行动"; });
    EXPECT_EQ(this->ids("翠竹行动"), std::vector<std::int64_t>{3});
}

TYPED_TEST(SearchContract, AddedSynonymsApplyAtOnceOnEveryNode) {
    EXPECT_TRUE(this->ids("攻防演练").empty());
    this->s_.synonyms.add_synonyms({"攻防演练", "攻防演习"});
    EXPECT_EQ(this->ids("攻防演练"), std::vector<std::int64_t>{25});
    auto other = this->backend_.second_node();
    EXPECT_EQ(other.search.search("攻防演练", {}, kSearchNow, 0, 10).total, 1);
}

TYPED_TEST(SearchContract, RelatedArticlesShareTermsAndSkipSelfAndHidden) {
    const auto related = this->s_.search.related(this->article(19), kSearchNow, 5);
    ASSERT_FALSE(related.empty());
    for (const auto& r : related) {
        EXPECT_NE(r.id, 19);
        EXPECT_NE(r.id, 27);  // a draft
        EXPECT_NE(r.id, 28);  // scheduled
        EXPECT_EQ(r.title, this->article(r.id).title);
        EXPECT_EQ(r.category_id, this->article(r.id).category_id);
    }
    // Articles 23 (测评机构) and 20 (整改方案) share its rarest terms.
    const auto got = link_ids(related);
    EXPECT_TRUE(std::find(got.begin(), got.end(), 23) != got.end() ||
                std::find(got.begin(), got.end(), 20) != got.end())
        << nlohmann::json(got).dump();
}

TYPED_TEST(SearchContract, ARelatedSourceIsTheArticlesTextAndWhetherItIsPublished) {
    auto& index = this->s_.search;
    const auto source = index.related_source(19);
    ASSERT_TRUE(source);
    const auto a = this->article(19);
    EXPECT_EQ(source->article.id, 19);
    EXPECT_EQ(source->article.title, a.title);
    EXPECT_EQ(source->article.body_html, a.body_html);
    EXPECT_EQ(source->article.keywords, (std::vector<std::string>{"复测", "整改"}));
    EXPECT_TRUE(source->published);
    // A draft is not published; a scheduled article is, whatever its time.
    const auto draft = index.related_source(27);
    ASSERT_TRUE(draft);
    EXPECT_FALSE(draft->published);
    const auto scheduled = index.related_source(28);
    ASSERT_TRUE(scheduled);
    EXPECT_TRUE(scheduled->published);
    EXPECT_FALSE(index.related_source(999));
}

TYPED_TEST(SearchContract, RankingAtAnyTimeTakesScheduledArticlesButNeverTheArticle) {
    // An article on 19's subject, scheduled for 2099.
    const auto doc = R"({"articles": [{"id": 40, "title": "复测申请材料清单：整改完成后提交复测",
        "category": "faq", "published_at": "2099-06-01T09:00:00+08:00", "keywords": ["复测", "整改"],
        "body_html": "<p>整改完成后申请复测，测评机构核验整改证据后出具复测结论。</p>"}]})";
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(this->s_, doc, kSearchNow)));
    auto& index = this->s_.search;
    const auto source = index.related_source(19);
    ASSERT_TRUE(source);
    const auto ranked = index.rank_related_any_time(source->article, 10);
    EXPECT_NE(std::find(ranked.begin(), ranked.end(), 40), ranked.end())
        << nlohmann::json(ranked).dump();
    EXPECT_EQ(std::find(ranked.begin(), ranked.end(), 19), ranked.end());
    EXPECT_EQ(std::find(ranked.begin(), ranked.end(), 27), ranked.end());  // a draft
    EXPECT_LE(ranked.size(), 10u);
    // Worked out for a page now, the scheduled article is left out.
    const auto now = link_ids(index.related(this->article(19), kSearchNow, 10));
    EXPECT_EQ(std::find(now.begin(), now.end(), 40), now.end());
    // The limit cuts the same ranking.
    ASSERT_GE(ranked.size(), 2u);
    EXPECT_EQ(index.rank_related_any_time(source->article, 1),
              std::vector<std::int64_t>{ranked.front()});
}

TYPED_TEST(SearchContract, KeptListsAreReadBackAndDroppedByAnEdit) {
    constexpr std::int64_t kKept = 10;
    auto& index = this->s_.search;
    std::vector<std::int64_t> published;
    for (std::int64_t id = 1; id <= 30; ++id) {
        const auto a = this->s_.articles.find_article(id);
        if (a && a->status == content::ArticleStatus::published) published.push_back(id);
    }
    std::map<std::int64_t, std::vector<std::int64_t>> live;
    for (const auto id : published) {
        live[id] = link_ids(index.related(this->article(id), kSearchNow, 6));
    }
    EXPECT_EQ(index.related_due(kSearchNow, 100).size(), published.size());
    std::map<std::int64_t, std::vector<std::int64_t>> worked_out;
    for (const auto id : published) {
        const auto source = index.related_source(id);
        ASSERT_TRUE(source) << "article " << id;
        worked_out[id] = index.rank_related_any_time(source->article, kKept);
        EXPECT_FALSE(index.replace_related(id, worked_out[id], kSearchNow))
            << id << " had no list before";
    }
    EXPECT_TRUE(index.related_due(kSearchNow, 100).empty());
    // The scheduled article is in the kept lists but readers see it only when it is due.
    for (const auto id : published) {
        EXPECT_EQ(link_ids(index.related(this->article(id), kSearchNow, 6)), live[id])
            << "article " << id;
    }
    // The page reads the kept list, not the index: a list changed behind its back shows.
    ASSERT_FALSE(live[19].empty());
    this->backend_.execute(
        "UPDATE article_related SET related_id = 5 WHERE article_id = 19 AND position = 0");
    EXPECT_EQ(link_ids(index.related(this->article(19), kSearchNow, 6)).front(), 5);
    const std::vector<std::int64_t> five{5};
    const auto showing = index.listing(five, 100);
    EXPECT_NE(std::find(showing.begin(), showing.end(), 19), showing.end());
    // Keeping the worked-out list again puts it back and says it changed; the same list once
    // more is no change.
    EXPECT_TRUE(index.replace_related(19, worked_out[19], kSearchNow));
    EXPECT_EQ(link_ids(index.related(this->article(19), kSearchNow, 6)), live[19]);
    EXPECT_FALSE(index.replace_related(19, worked_out[19], kSearchNow));
    // An empty list is kept too, and read as one: nothing is ranked for the page.
    EXPECT_TRUE(index.replace_related(19, {}, kSearchNow));
    EXPECT_TRUE(index.related(this->article(19), kSearchNow, 6).empty());
    EXPECT_FALSE(index.replace_related(19, {}, kSearchNow));
    EXPECT_TRUE(index.replace_related(19, worked_out[19], kSearchNow));
    // An edit of the text drops the kept list in its own transaction: the article is due, and
    // the next list kept is not a change.
    this->edit(19, [](auto& f) { f.title = f.title + "（修订）"; });
    const std::vector<std::int64_t> nineteen{19};
    EXPECT_EQ(index.related_due(kSearchNow, 100), nineteen);
    EXPECT_FALSE(index.replace_related(19, worked_out[19], kSearchNow + std::chrono::hours(1)));
    // A list is stamped with the time it is kept at; older ones are due again, oldest first.
    const auto due = index.related_due(kSearchNow + std::chrono::seconds(1), 100);
    EXPECT_EQ(due.size(), published.size() - 1);
    EXPECT_EQ(std::find(due.begin(), due.end(), 19), due.end());
    EXPECT_EQ(index.related_due(kSearchNow + std::chrono::hours(2), 100).back(), 19);
}

}  // namespace
}  // namespace gp::test
