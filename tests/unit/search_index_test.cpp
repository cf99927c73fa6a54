// The search index on a real SQLite store, fed the ranking fixture corpus of
// tests/fixtures/search/: ranking, synonyms, visibility, escaping, and the index following
// every write (import, edit, delete, rollback).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "editorial/site_transfer.hpp"
#include "search/marked_text.hpp"
#include "site/related_lists.hpp"
#include "site/related_refresher.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_search_setup.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace gp {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

content::Time at(std::int64_t s) { return content::Time{std::chrono::seconds{s}}; }
// 2026-01-01: after every fixture date except the scheduled article's 2099.
const content::Time kNow = at(1767225600);

class SearchIndexTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("guardpress-search-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        store_ = store::sqlite::open_store(store::StoreSettings{dir_, std::string(32, 'k')});
        const auto corpus = read_file(GP_SOURCE_DIR "/tests/fixtures/search/corpus.json");
        auto result = import_json(corpus);
        ASSERT_TRUE(std::holds_alternative<std::size_t>(result));
    }
    /// Imports through the one import path, as `guardpress import` does.
    std::variant<std::size_t, content::ImportError> import_json(std::string_view doc) {
        return editorial::SiteTransfer(store_->transfer())
            .import_json(doc, kNow, editorial::shell_importer("import"));
    }
    void TearDown() override {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::vector<std::int64_t> ids(const std::string& q, std::span<const std::int64_t> cats = {}) {
        std::vector<std::int64_t> out;
        for (const auto& h : store_->search().search(q, cats, kNow, 0, 10).hits) {
            out.push_back(h.id);
        }
        return out;
    }

    /// Runs SQL in a transaction of the SQLite backend on a connection of its own, as any
    /// future write path (an editor's save, an unpublish) would: no search code of its own.
    void run_sql(const std::string& sql) {
        search::Analyzer analyzer;
        store::sqlite::Database db(
            dir_ / "guardpress.sqlite3", 1,
            [&](store::sqlite::Connection& c) { store::sqlite::setup_search(c, analyzer); });
        auto c = db.borrow();
        store::sqlite::Transaction tx(*c);
        c->exec(sql, "test_sql");
        tx.commit();
    }

    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
};

TEST_F(SearchIndexTest, FixtureQueriesRankTheExpectedArticleFirst) {
    const auto queries =
        nlohmann::json::parse(read_file(GP_SOURCE_DIR "/tests/fixtures/search/queries.json"));
    ASSERT_GE(queries.size(), 25u);
    for (const auto& q : queries) {
        const auto query = q["query"].get<std::string>();
        const auto within = q["within"].get<std::size_t>();
        const auto got = ids(query);
        for (const auto& expected : q["expect"]) {
            const auto pos = std::find(got.begin(), got.end(), expected.get<std::int64_t>());
            EXPECT_TRUE(pos != got.end() && static_cast<std::size_t>(pos - got.begin()) < within)
                << "query " << query << ": expected article " << expected << " within the top "
                << within << ", got " << nlohmann::json(got).dump();
        }
    }
}

TEST_F(SearchIndexTest, SynonymsFindArticlesThatOnlyUseTheOtherForm) {
    // Article 4 says 个人信息保护法 only; article 17 关键信息基础设施安全保护 only; article 21
    // 漏洞扫描 only.
    EXPECT_EQ(ids("个保法").front(), 4);
    EXPECT_EQ(ids("关保").front(), 17);
    EXPECT_EQ(ids("漏扫").front(), 21);
    // Without the synonym group nothing in article 21 spells 漏扫.
    EXPECT_EQ(read_file(GP_SOURCE_DIR "/tests/fixtures/search/corpus.json").find("漏扫"),
              std::string::npos);
}

TEST_F(SearchIndexTest, DraftsAndScheduledArticlesNeverAppear) {
    EXPECT_TRUE(ids("星河计划").empty());
    EXPECT_TRUE(ids("月影计划").empty());
    // Once its time has come, the scheduled article is found without any write.
    const auto later = store_->search().search("月影计划", {}, at(4102477200), 0, 10);
    ASSERT_EQ(later.hits.size(), 1u);
    EXPECT_EQ(later.hits.front().id, 28);
}

TEST_F(SearchIndexTest, HiddenArticlesRankedAboveTheVisibleOnesAreSkipped) {
    // More drafts than one ranking pass fetches, each with the word in its title and keywords,
    // so every one ranks above the only published article, which has it once in its body.
    nlohmann::json doc;
    doc["categories"] = nlohmann::json::array();
    doc["articles"] = nlohmann::json::array();
    for (int i = 0; i < 150; ++i) {
        doc["articles"].push_back({{"id", 1000 + i},
                                   {"title", "青鸾预案演练草稿"},
                                   {"category", "news"},
                                   {"published_at", "2025-03-11T09:00:00+08:00"},
                                   {"keywords", {"青鸾预案"}},
                                   {"body_html", "<p>青鸾预案的草稿。</p>"},
                                   {"status", "draft"}});
    }
    doc["articles"].push_back({{"id", 2000},
                               {"title", "应急演练记录"},
                               {"category", "news"},
                               {"published_at", "2025-03-12T09:00:00+08:00"},
                               {"keywords", {"应急演练"}},
                               {"body_html", "<p>本次演练依据青鸾预案组织。</p>"}});
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(doc.dump())));
    const auto r = store_->search().search("青鸾预案", {}, kNow, 0, 10);
    ASSERT_EQ(r.hits.size(), 1u);
    EXPECT_EQ(r.hits.front().id, 2000);
    EXPECT_EQ(r.total, 1);
    EXPECT_FALSE(r.total_capped);
}

TEST_F(SearchIndexTest, CategoryFilterAndPaging) {
    const auto all = store_->search().search("测评", {}, kNow, 0, 100);
    ASSERT_GT(all.total, 5);
    const auto cats = store_->categories().list_categories();
    std::int64_t faq = 0;
    for (const auto& c : cats) {
        if (c.slug == "faq") faq = c.id;
    }
    const std::vector<std::int64_t> only_faq{faq};
    const auto filtered = store_->search().search("测评", only_faq, kNow, 0, 100);
    ASSERT_GT(filtered.total, 0);
    EXPECT_LT(filtered.total, all.total);
    for (const auto& h : filtered.hits) EXPECT_EQ(h.category_id, faq);
    // Pages of two cover the same ranking without overlap.
    const auto first = store_->search().search("测评", {}, kNow, 0, 2);
    const auto second = store_->search().search("测评", {}, kNow, 2, 2);
    ASSERT_EQ(first.hits.size(), 2u);
    ASSERT_EQ(second.hits.size(), 2u);
    EXPECT_EQ(first.hits[0].id, all.hits[0].id);
    EXPECT_EQ(second.hits[0].id, all.hits[2].id);
    EXPECT_EQ(second.total, all.total);
    // Past the end: no hits, the total still known.
    const auto beyond = store_->search().search("测评", {}, kNow, 1000, 10);
    EXPECT_TRUE(beyond.hits.empty());
    EXPECT_EQ(beyond.total, all.total);
}

TEST_F(SearchIndexTest, HighlightsAreEscapedAndMarked) {
    const auto r = store_->search().search("注入", {}, kNow, 0, 10);
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits.front().id, 29);
    const auto title = search::to_html(r.hits.front().title);
    EXPECT_EQ(title, "防范&lt;script&gt;<mark>注入</mark>的三个要点 &amp; 实践");
    const auto snippet = search::to_html(r.hits.front().snippet);
    EXPECT_NE(snippet.find("<mark>注入</mark>"), std::string::npos) << snippet;
    // A query made of markup is only words: it finds the title that spells them, escaped.
    const auto markup = store_->search().search("<script>", {}, kNow, 0, 10);
    ASSERT_EQ(markup.hits.size(), 1u);
    EXPECT_EQ(search::to_html(markup.hits.front().title),
              "防范&lt;<mark>script</mark>&gt;注入的三个要点 &amp; 实践");
}

TEST_F(SearchIndexTest, EveryTermOfTheQueryIsMarkedInTheTitle) {
    const auto marked =
        search::to_html(store_->search().search("等保测评流程", {}, kNow, 0, 1).hits.front().title);
    EXPECT_EQ(marked, "<mark>等保测评流程</mark>详解：从准备到出具报告");
}

TEST_F(SearchIndexTest, AnEditIsSearchableAtOnceAndADeletedArticleIsNot) {
    EXPECT_TRUE(ids("青蓝防线").empty());
    run_sql("UPDATE articles SET body_html = '<p>青蓝防线项目完成了渗透测试。</p>' WHERE id = 6");
    EXPECT_EQ(ids("青蓝防线"), std::vector<std::int64_t>{6});
    // The old text is gone from the index.
    EXPECT_TRUE(ids("\"签署授权书\"").empty());

    run_sql("UPDATE articles SET title = '堡垒机之外的运维审计' WHERE id = 7");
    EXPECT_EQ(ids("运维审计").front(), 7);

    run_sql(
        "DELETE FROM article_keywords WHERE article_id = 8; "
        "INSERT INTO article_keywords (article_id, position, keyword) VALUES (8, 0, '留痕')");
    EXPECT_EQ(ids("留痕"), std::vector<std::int64_t>{8});

    run_sql("DELETE FROM article_keywords WHERE article_id = 7; DELETE FROM articles WHERE id = 7");
    EXPECT_TRUE(ids("堡垒机").empty());
    EXPECT_TRUE(ids("运维审计").empty());
}

TEST_F(SearchIndexTest, ARolledBackWriteLeavesTheIndexAsItWas) {
    {
        search::Analyzer analyzer;
        store::sqlite::Database db(
            dir_ / "guardpress.sqlite3", 1,
            [&](store::sqlite::Connection& c) { store::sqlite::setup_search(c, analyzer); });
        auto c = db.borrow();
        store::sqlite::Transaction tx(*c);
        c->exec("UPDATE articles SET title = '紫金盾牌' WHERE id = 2", "test_edit");
        // No commit: the transaction rolls back.
    }
    EXPECT_TRUE(ids("紫金盾牌").empty());
    EXPECT_EQ(ids("定级备案").front(), 2);
}

TEST_F(SearchIndexTest, ImportIsIndexedInItsOwnTransaction) {
    const auto doc = R"({"articles": [{"title": "蓝鲸云平台通过三级测评", "category": "cases",
        "published_at": "2025-06-01T09:00:00+08:00", "body_html": "<p>蓝鲸云平台顺利通过。</p>"}]})";
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(doc)));
    EXPECT_EQ(ids("蓝鲸云平台").size(), 1u);
    // A rejected import indexes nothing.
    const auto bad = R"({"articles": [{"title": "白鹭计划", "category": "cases",
        "published_at": "2025-06-01T09:00:00+08:00", "body_html": "<p>白鹭</p>"},
        {"title": "x", "category": "nowhere", "published_at": "2025-06-01T09:00:00+08:00",
         "body_html": "<p>x</p>"}]})";
    ASSERT_TRUE(std::holds_alternative<content::ImportError>(import_json(bad)));
    EXPECT_TRUE(ids("白鹭计划").empty());
}

TEST_F(SearchIndexTest, ReindexRebuildsEverythingAndReportsProgress) {
    std::int64_t last_done = -1;
    std::int64_t last_total = -1;
    const auto n = store_->search().reindex([&](std::int64_t done, std::int64_t total) {
        EXPECT_GE(done, last_done);
        last_done = done;
        last_total = total;
    });
    EXPECT_EQ(n, 30);
    EXPECT_EQ(last_done, 30);
    EXPECT_EQ(last_total, 30);
    EXPECT_EQ(ids("定级备案").front(), 2);
    // Writes after a reindex still reach the index.
    run_sql("UPDATE articles SET title = '翠竹行动' WHERE id = 3");
    EXPECT_EQ(ids("翠竹行动"), std::vector<std::int64_t>{3});
}

TEST_F(SearchIndexTest, AddedSynonymsApplyAtOnce) {
    // 攻防演练 is not in article 25, which speaks of 攻防演习.
    EXPECT_TRUE(ids("攻防演练").empty());
    const auto group = store_->synonyms().add_synonyms({"攻防演练", "攻防演习"});
    EXPECT_EQ(group, (std::vector<std::string>{"攻防演练", "攻防演习"}));
    EXPECT_EQ(ids("攻防演练"), std::vector<std::int64_t>{25});
    // A term already in a group merges the groups (等保 is in the shipped list).
    const auto merged = store_->synonyms().add_synonyms({"等保", "等保合规"});
    EXPECT_NE(std::find(merged.begin(), merged.end(), "等级保护"), merged.end());
    EXPECT_NE(std::find(merged.begin(), merged.end(), "等保合规"), merged.end());
    // Another process (a second store on the same file) sees the new group too.
    auto other = store::sqlite::open_store(store::StoreSettings{dir_, {}});
    EXPECT_EQ(other->search().search("攻防演练", {}, kNow, 0, 10).total, 1);
}

TEST_F(SearchIndexTest, RelatedArticlesShareTermsAndSkipSelfAndHidden) {
    const auto article = store_->articles().find_article(19);  // 复测 after 整改
    ASSERT_TRUE(article);
    const auto related = store_->search().related(*article, kNow, 5);
    ASSERT_FALSE(related.empty());
    for (const auto& r : related) {
        EXPECT_NE(r.id, 19);
        EXPECT_NE(r.id, 27);
        EXPECT_NE(r.id, 28);
    }
    // Articles 23 (测评机构) and 20 (整改方案) share its rarest terms.
    std::vector<std::int64_t> got;
    for (const auto& r : related) got.push_back(r.id);
    EXPECT_TRUE(std::find(got.begin(), got.end(), 23) != got.end() ||
                std::find(got.begin(), got.end(), 20) != got.end())
        << nlohmann::json(got).dump();
}

std::vector<std::int64_t> link_ids(const std::vector<store::ArticleLink>& links) {
    std::vector<std::int64_t> out;
    for (const auto& l : links) out.push_back(l.id);
    return out;
}

bool has_id(const std::vector<std::int64_t>& ids, std::int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// An article on 19's subject (复测 after 整改), for lists to take in.
std::string retest_article(int id, const std::string& published_at) {
    return nlohmann::json{{"articles",
                           {{{"id", id},
                             {"title", "复测申请材料清单：整改完成后提交复测"},
                             {"category", "faq"},
                             {"published_at", published_at},
                             {"keywords", {"复测", "整改"}},
                             {"source", "本站"},
                             {"body_html",
                              "<p>整改完成后申请复测，需要提交整改报告和整改证据。</p>"
                              "<p>复测只针对不符合项，测评机构核验整改证据后出具复测结论。</p>"},
                             {"status", "published"}}}}}
        .dump();
}

TEST_F(SearchIndexTest, KeptListsAreTheListsPagesWorkedOutAndAreReadBack) {
    auto& index = store_->search();
    std::vector<std::int64_t> published;
    for (std::int64_t id = 1; id <= 30; ++id) {
        const auto a = store_->articles().find_article(id);
        if (a && a->status == content::ArticleStatus::published) published.push_back(id);
    }
    std::map<std::int64_t, std::vector<std::int64_t>> live;
    for (const auto id : published) {
        live[id] = link_ids(index.related(*store_->articles().find_article(id), kNow, 6));
    }
    EXPECT_EQ(index.related_due(kNow, 100).size(), published.size());
    const auto lists = site::RelatedLists(index).refresh(published, kNow);
    ASSERT_EQ(lists.size(), published.size());
    for (const auto& l : lists) EXPECT_FALSE(l.changed) << l.article_id << " had no list before";
    EXPECT_TRUE(index.related_due(kNow, 100).empty());
    for (const auto id : published) {
        EXPECT_EQ(link_ids(index.related(*store_->articles().find_article(id), kNow, 6)), live[id])
            << "article " << id;
    }
    // The page reads the kept list, not the index: a list changed behind its back shows.
    ASSERT_FALSE(live[19].empty());
    run_sql("UPDATE article_related SET related_id = 5 WHERE article_id = 19 AND position = 0");
    EXPECT_EQ(link_ids(index.related(*store_->articles().find_article(19), kNow, 6)).front(), 5);
}

TEST_F(SearchIndexTest, AWriteDropsTheArticlesListAndHiddenArticlesLeaveListsAtOnce) {
    auto& index = store_->search();
    const auto published = index.related_due(kNow, 100);
    site::RelatedLists(index).refresh(published, kNow);
    const auto list19 = link_ids(index.related(*store_->articles().find_article(19), kNow, 10));
    ASSERT_FALSE(list19.empty());
    const auto shown = list19.front();
    // Unpublished: gone from 19's list with no pass, and the lists showing it are found.
    run_sql("UPDATE articles SET status = 'draft' WHERE id = " + std::to_string(shown));
    EXPECT_FALSE(
        has_id(link_ids(index.related(*store_->articles().find_article(19), kNow, 10)), shown));
    const std::vector<std::int64_t> gone{shown};
    EXPECT_TRUE(has_id(index.listing(gone, 100), 19));
    // Its own list went with the write that unpublished it: published again, it needs one.
    EXPECT_FALSE(has_id(index.related_due(kNow, 100), shown));
    run_sql("UPDATE articles SET status = 'published' WHERE id = " + std::to_string(shown));
    EXPECT_TRUE(has_id(index.related_due(kNow, 100), shown));
    // So does an edited article's.
    run_sql("UPDATE articles SET title = '整改完成后如何申请复测（更新）' WHERE id = 19");
    EXPECT_TRUE(has_id(index.related_due(kNow, 100), 19));
    EXPECT_FALSE(has_id(index.related_due(kNow, 100), 1));
    // Lists worked out more than a day ago are due again.
    EXPECT_TRUE(has_id(index.related_due(kNow + std::chrono::hours(25), 100), 1));
}

TEST_F(SearchIndexTest, AScheduledArticleInAKeptListShowsWhenItsTimeComes) {
    ASSERT_TRUE(std::holds_alternative<std::size_t>(
        import_json(retest_article(40, "2099-06-01T09:00:00+08:00"))));
    auto& index = store_->search();
    site::RelatedLists(index).refresh(index.related_due(kNow, 100), kNow);
    const auto article = store_->articles().find_article(19);
    EXPECT_FALSE(has_id(link_ids(index.related(*article, kNow, 6)), 40));
    EXPECT_TRUE(has_id(link_ids(index.related(*article, at(4085000000), 6)), 40));
}

TEST_F(SearchIndexTest, TheRefresherPutsANewArticleIntoItsPeersLists) {
    auto clock = [] { return kNow; };
    site::RelatedRefresher refresher(*store_, nullptr, clock);
    // The first passes work out the missing lists, a batch at a time.
    std::size_t passes = 0;
    while (!store_->search().related_due(kNow, 1).empty() && passes++ < 10) refresher.poll();
    ASSERT_TRUE(store_->search().related_due(kNow, 1).empty());
    const auto article = store_->articles().find_article(19);
    ASSERT_FALSE(has_id(link_ids(store_->search().related(*article, kNow, 6)), 41));

    ASSERT_TRUE(std::holds_alternative<std::size_t>(
        import_json(retest_article(41, "2025-12-01T09:00:00+08:00"))));
    EXPECT_GE(refresher.poll(), 2u);
    EXPECT_TRUE(has_id(link_ids(store_->search().related(*article, kNow, 6)), 41));
    EXPECT_TRUE(has_id(
        link_ids(store_->search().related(*store_->articles().find_article(41), kNow, 6)), 19));
    EXPECT_TRUE(store_->search().related_due(kNow, 1).empty());
}

TEST_F(SearchIndexTest, QueryCountsKeepTopAndZeroHitQueries) {
    auto& stats = store_->search_stats();
    stats.add_query_counts({{"等保测评", 3, 0, 12}, {"量子纠缠", 2, 2, 0}}, kNow);
    stats.add_query_counts({{"等保测评", 1, 0, 11}}, kNow);
    const auto top = stats.top_queries(10);
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[0].query, "等保测评");
    EXPECT_EQ(top[0].searches, 4);
    EXPECT_EQ(top[0].last_results, 11);
    const auto zero = stats.zero_hit_queries(10);
    ASSERT_EQ(zero.size(), 1u);
    EXPECT_EQ(zero[0].query, "量子纠缠");
    EXPECT_EQ(zero[0].no_hit_searches, 2);
}

TEST_F(SearchIndexTest, QueriesWithNothingSearchableAreFlagged) {
    const auto r = store_->search().search("，。！", {}, kNow, 0, 10);
    EXPECT_TRUE(r.no_terms);
    EXPECT_EQ(r.total, 0);
    // FTS5 syntax typed by a reader is only text.
    EXPECT_NO_THROW(store_->search().search("AND OR NOT ( \" * ^ NEAR", {}, kNow, 0, 10));
}

}  // namespace
}  // namespace gp
