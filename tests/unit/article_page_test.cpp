// The article-page service on a real SQLite store: which ids are readable, the one URL of each
// article, its neighbours, and which requests count a view.
#include "site/article_page.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "cache/memory/memory_view_counter.hpp"
#include "editorial/site_transfer.hpp"
#include "site/category_tree_cache.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace gp::site {
namespace {

const content::Time kNow{std::chrono::seconds{1767225600}};  // 2026-01-01 08:00 Beijing

constexpr std::string_view kSite = R"({
  "categories": [
    {"slug": "news", "name": "等保资讯", "parent": null},
    {"slug": "policy", "name": "等保政策", "parent": "news"}],
  "articles": [
    {"id": 3, "title": "定级备案的五个步骤", "category": "policy",
     "published_at": "2025-11-02T09:00:00+08:00", "body_html": "<p>定级、备案、建设整改、测评、监督检查。</p>"},
    {"id": 5, "title": "测评前的差距分析", "category": "policy",
     "published_at": "2025-11-20T09:00:00+08:00", "body_html": "<p>先找差距，再谈整改。</p>"},
    {"id": 8, "title": "明年的测评计划", "category": "policy",
     "published_at": "2026-03-01T09:00:00+08:00", "body_html": "<p>尚未发布。</p>"},
    {"id": 9, "title": "草稿：密评与等保", "category": "news", "status": "draft",
     "body_html": "<p>还在写。</p>"}]})";

class ArticlePagesTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() /
               ("guardpress-article-page-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
        store_ = store::sqlite::open_store(store::StoreSettings{dir_, std::string(32, 'k')});
        const auto imported = editorial::SiteTransfer(store_->transfer())
                                  .import_json(kSite, kNow, editorial::shell_importer("import"));
        ASSERT_TRUE(std::holds_alternative<std::size_t>(imported));
        trees_ = std::make_unique<CategoryTreeCache>(store_->categories(), false);
        pages_ = std::make_unique<ArticlePages>(ArticlePages::Deps{
            *store_, views_, [] { return kNow; }, [this] { return trees_->get(); }});
    }
    void TearDown() override {
        pages_.reset();
        trees_.reset();
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
    cache::memory::MemoryViewCounter views_;
    std::unique_ptr<CategoryTreeCache> trees_;
    std::unique_ptr<ArticlePages> pages_;
};

TEST_F(ArticlePagesTest, APublishedArticleAtItsOwnUrlIsShownWithItsNeighbours) {
    auto read = pages_->read("5", "/news/policy/5.html", true);
    ASSERT_TRUE(std::holds_alternative<ArticlePage>(read));
    const auto& page = std::get<ArticlePage>(read);
    EXPECT_EQ(page.article.title, "测评前的差距分析");
    EXPECT_EQ(page.canonical, "/news/policy/5.html");
    ASSERT_EQ(page.chain.size(), 2u);
    EXPECT_EQ(page.chain.front()->slug, "news");
    EXPECT_EQ(page.chain.back()->slug, "policy");
    ASSERT_TRUE(page.older);
    EXPECT_EQ(page.older->id, 3);
    // The scheduled article is not yet anyone's neighbour.
    EXPECT_FALSE(page.newer);
}

TEST_F(ArticlePagesTest, OnlyAShownPageCountsAViewAndOnlyWhenAsked) {
    pages_->read("5", "/news/policy/5.html", false);
    EXPECT_EQ(views_.pending(5), 0);
    pages_->read("5", "/news/policy/5.html", true);
    pages_->read("5", "/elsewhere/5.html", true);  // a redirect shows nothing
    EXPECT_EQ(views_.pending(5), 1);
    const auto page = std::get<ArticlePage>(pages_->read("5", "/news/policy/5.html", true));
    EXPECT_EQ(page.views, 2);
    EXPECT_EQ(page.views_counted, 2);
}

TEST_F(ArticlePagesTest, AnotherPathIsSentToTheArticlesOwnUrl) {
    const auto read = pages_->read("3", "/news/3.html", true);
    ASSERT_TRUE(std::holds_alternative<ArticleMoved>(read));
    EXPECT_EQ(std::get<ArticleMoved>(read).canonical, "/news/policy/3.html");
}

TEST_F(ArticlePagesTest, DraftsScheduledMissingAndMalformedIdsAreNotFound) {
    for (const auto* id : {"9", "8", "404", "", "5x", "+5", "-5", "1234567890123456789"}) {
        EXPECT_TRUE(std::holds_alternative<ArticleMissing>(pages_->read(id, "/news/x.html", true)))
            << id;
    }
    EXPECT_EQ(views_.pending(8), 0);
    EXPECT_EQ(views_.pending(9), 0);
}

}  // namespace
}  // namespace gp::site
