// RelatedLists' loop over a real SQLite store fed the search fixture corpus: which articles get
// a list, how long a list is, and when a kept list counts as changed.
#include "site/related_lists.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "editorial/site_transfer.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_search_setup.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace gp {
namespace {

// 2026-01-01: after every fixture date except the scheduled article's 2099.
const content::Time kNow = content::Time{std::chrono::seconds{1767225600}};

std::vector<std::int64_t> link_ids(const std::vector<store::ArticleLink>& links) {
    std::vector<std::int64_t> out;
    for (const auto& l : links) out.push_back(l.id);
    return out;
}

class RelatedListsTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("guardpress-related-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        store_ = store::sqlite::open_store(store::StoreSettings{dir_, std::string(32, 'k')});
        std::ifstream in(GP_SOURCE_DIR "/tests/fixtures/search/corpus.json", std::ios::binary);
        std::stringstream corpus;
        corpus << in.rdbuf();
        ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(corpus.str())));
    }
    void TearDown() override {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::variant<std::size_t, content::ImportError> import_json(std::string_view doc) {
        return editorial::SiteTransfer(store_->transfer())
            .import_json(doc, kNow, editorial::shell_importer("import"));
    }

    /// Runs SQL on a connection of its own, as another writer of the store file would.
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

    std::vector<std::int64_t> shown(std::int64_t id) {
        const auto article = store_->articles().find_article(id);
        EXPECT_TRUE(article) << "article " << id;
        return article ? link_ids(store_->search().related(*article, kNow, site::kKeptRelated))
                       : std::vector<std::int64_t>{};
    }

    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
};

TEST_F(RelatedListsTest, ADeletedArticleIsSkippedAndAnUnpublishedOneGetsAnEmptyList) {
    // Unpublished, 19 has no kept list: its page ranks the index for one.
    run_sql("UPDATE articles SET status = 'draft' WHERE id = 19");
    ASSERT_FALSE(shown(19).empty());
    run_sql("DELETE FROM article_keywords WHERE article_id = 7; DELETE FROM articles WHERE id = 7");

    const std::vector<std::int64_t> ids{19, 7, 23};
    const auto lists = site::RelatedLists(store_->search()).refresh(ids, kNow);
    ASSERT_EQ(lists.size(), 2u);
    EXPECT_EQ(lists[0].article_id, 19);
    EXPECT_TRUE(lists[0].related.empty());
    EXPECT_EQ(lists[1].article_id, 23);
    EXPECT_FALSE(lists[1].related.empty());
    // 19's empty list is kept and read: nothing is ranked for its page any more.
    EXPECT_TRUE(shown(19).empty());
    EXPECT_EQ(shown(23), lists[1].related);
}

TEST_F(RelatedListsTest, AListIsChangedOnlyWhenOneWasKeptBeforeAndDiffers) {
    site::RelatedLists related(store_->search());
    const std::vector<std::int64_t> nineteen{19};
    const auto first = related.refresh(nineteen, kNow);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_FALSE(first[0].changed);  // nothing kept before
    ASSERT_FALSE(first[0].related.empty());
    EXPECT_EQ(shown(19), first[0].related);
    // The same list again is no change.
    const auto same = related.refresh(nineteen, kNow);
    ASSERT_EQ(same.size(), 1u);
    EXPECT_FALSE(same[0].changed);
    EXPECT_EQ(same[0].related, first[0].related);
    // A kept list that differs from the one worked out now is a change, and is replaced.
    run_sql("UPDATE article_related SET related_id = 5 WHERE article_id = 19 AND position = 0");
    ASSERT_EQ(shown(19).front(), 5);
    const auto restored = related.refresh(nineteen, kNow);
    ASSERT_EQ(restored.size(), 1u);
    EXPECT_TRUE(restored[0].changed);
    EXPECT_EQ(shown(19), first[0].related);
    // An edit drops the list with it, so the next one is not a change.
    run_sql("UPDATE articles SET title = '整改完成后如何申请复测（更新）' WHERE id = 19");
    const auto after_edit = related.refresh(nineteen, kNow);
    ASSERT_EQ(after_edit.size(), 1u);
    EXPECT_FALSE(after_edit[0].changed);
}

TEST_F(RelatedListsTest, ListsKeepTheSiteNumberOfArticlesAndAreStampedNow) {
    // More articles on 19's subject than a list keeps.
    nlohmann::json doc{{"articles", nlohmann::json::array()}};
    for (int i = 0; i < 12; ++i) {
        doc["articles"].push_back(
            {{"id", 40 + i},
             {"title", "复测申请材料清单（" + std::to_string(i + 1) + "）"},
             {"category", "faq"},
             {"published_at", "2025-12-01T09:00:00+08:00"},
             {"keywords", {"复测", "整改"}},
             {"body_html", "<p>整改完成后申请复测，测评机构核验整改证据后出具复测结论。</p>"}});
    }
    ASSERT_TRUE(std::holds_alternative<std::size_t>(import_json(doc.dump())));
    const std::vector<std::int64_t> ids{19, 40};
    const auto lists = site::RelatedLists(store_->search()).refresh(ids, kNow);
    ASSERT_EQ(lists.size(), 2u);
    for (const auto& list : lists) {
        EXPECT_EQ(static_cast<std::int64_t>(list.related.size()), site::kKeptRelated)
            << "article " << list.article_id;
        EXPECT_EQ(std::find(list.related.begin(), list.related.end(), list.article_id),
                  list.related.end());
    }
    // Kept at `now`: not due now, due once a later pass asks for lists older than now.
    const auto due_now = store_->search().related_due(kNow, 100);
    EXPECT_EQ(std::find(due_now.begin(), due_now.end(), 19), due_now.end());
    const auto due_later = store_->search().related_due(kNow + std::chrono::seconds(1), 100);
    EXPECT_NE(std::find(due_later.begin(), due_later.end(), 19), due_later.end());
}

}  // namespace
}  // namespace gp
