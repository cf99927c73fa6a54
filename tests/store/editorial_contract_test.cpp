// Writing articles from the back end, on every backend: a save against an old version is
// refused, every save keeps a revision, autosaves stay apart from the article, the workflow
// moves articles between draft, review, published and the trash, and each write reaches the
// change log and the audit trail in its own transaction.
#include <set>
#include <stdexcept>

#include "store/backends.hpp"

namespace gp::test {
namespace {

using content::EditorialState;

template <class Backend>
class EditorialContract : public Contract<Backend> {
protected:
    void SetUp() override { this->seed(); }

    content::ArticleFields fields(const std::string& title) {
        content::ArticleFields f;
        f.title = title;
        f.category_id = this->category("policy");
        f.keywords = {"等保", "定级"};
        f.source = "公安部网站";
        f.source_url = "https://example.org/mlps";
        f.summary = "摘要";
        f.body_html = "<p>正文</p>";
        f.body_format = content::BodyFormat::markdown;
        f.body_source = "正文";
        f.seo_title = "SEO 标题";
        f.seo_description = "SEO 描述";
        f.published_at = content::kPublishOnApproval;
        return f;
    }

    std::int64_t create(const std::string& title, const std::string& author = "ed.li") {
        return this->s_.editorial.create_article(fields(title), author, kNow, "新建",
                                                 {this->record("article.create")});
    }

    content::EditorialArticle editorial(std::int64_t id) {
        auto a = this->s_.editorial.find_editorial(id);
        EXPECT_TRUE(a) << "article " << id;
        return a.value_or(content::EditorialArticle{});
    }

    /// A save as the service makes it: refused unless the form's version is the current one.
    store::EditorialResult save(std::int64_t id, std::int64_t form_version,
                                const content::ArticleFields& f, content::Time when,
                                const std::string& reason, bool* stale = nullptr) {
        return this->s_.editorial.update_article(
            id, "ed.zhao", when,
            [&](const content::EditorialArticle& current) -> std::optional<store::EditorialWrite> {
                if (current.version != form_version) {
                    if (stale) *stale = true;
                    return std::nullopt;
                }
                store::EditorialWrite w;
                w.fields = f;
                w.reason = reason;
                w.drop_autosave = true;
                w.audit.push_back(this->record("article.save"));
                return w;
            });
    }

    store::EditorialResult step(std::int64_t id, EditorialState state, content::Time when,
                                std::optional<content::Time> published_at = std::nullopt) {
        return this->s_.editorial.update_article(
            id, "rev.sun", when,
            [&](const content::EditorialArticle&) -> std::optional<store::EditorialWrite> {
                store::EditorialWrite w;
                w.state = state;
                w.published_at = published_at;
                w.audit.push_back(this->record("article.state"));
                return w;
            });
    }

    std::int64_t audit_count() { return this->s_.audit.count(store::AuditQuery{}); }
};
TYPED_TEST_SUITE(EditorialContract, Backends, BackendNames);

TYPED_TEST(EditorialContract, ANewArticleIsADraftWithItsFirstRevisionAndAudit) {
    const auto audits = this->audit_count();
    const auto id = this->create("等保定级指南");
    EXPECT_GT(id, 8);
    const auto a = this->editorial(id);
    EXPECT_EQ(a.fields, this->fields("等保定级指南"));
    EXPECT_EQ(a.state, EditorialState::draft);
    EXPECT_EQ(a.version, 1);
    EXPECT_EQ(a.created_by, "ed.li");
    EXPECT_EQ(a.updated_by, "ed.li");
    EXPECT_EQ(a.updated_at, kNow);
    EXPECT_FALSE(a.trashed_at);

    const auto revisions = this->s_.editorial.list_revisions(id);
    ASSERT_EQ(revisions.size(), 1u);
    EXPECT_EQ(revisions[0].version, 1);
    EXPECT_EQ(revisions[0].account_name, "ed.li");
    EXPECT_EQ(revisions[0].reason, "新建");
    EXPECT_EQ(revisions[0].fields, a.fields);

    EXPECT_EQ(this->audit_count(), audits + 1);
    store::AuditQuery q;
    q.event = "article.create";
    const auto records = this->s_.audit.search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].object_id, std::to_string(id));
    EXPECT_TRUE(this->s_.audit.verify_chain().first_broken == std::nullopt);

    // A draft: stored, but no reader sees it.
    const auto article = this->s_.articles.find_article(id);
    ASSERT_TRUE(article);
    EXPECT_EQ(article->status, content::ArticleStatus::draft);
    EXPECT_EQ(article->keywords, (std::vector<std::string>{"等保", "定级"}));
}

TYPED_TEST(EditorialContract, ASaveAgainstAnOldVersionWritesNothing) {
    const auto id = this->create("初稿");
    auto changed = this->fields("第二稿");
    changed.keywords = {"测评"};
    ASSERT_EQ(this->save(id, 1, changed, kNow + std::chrono::minutes(1), "改标题"),
              store::EditorialResult::applied);
    EXPECT_EQ(this->editorial(id).version, 2);

    const auto changes = this->s_.changes.latest_change();
    const auto audits = this->audit_count();
    bool stale = false;
    // A second editor still holds the form of version 1.
    EXPECT_EQ(this->save(id, 1, this->fields("覆盖"), kNow + std::chrono::minutes(2), "", &stale),
              store::EditorialResult::unchanged);
    EXPECT_TRUE(stale);
    const auto a = this->editorial(id);
    EXPECT_EQ(a.version, 2);
    EXPECT_EQ(a.fields.title, "第二稿");
    EXPECT_EQ(a.fields.keywords, (std::vector<std::string>{"测评"}));
    EXPECT_EQ(a.updated_at, kNow + std::chrono::minutes(1));
    EXPECT_EQ(a.updated_by, "ed.zhao");
    EXPECT_EQ(this->s_.editorial.list_revisions(id).size(), 2u);
    EXPECT_EQ(this->s_.changes.latest_change(), changes);
    EXPECT_EQ(this->audit_count(), audits);

    EXPECT_EQ(this->save(99, 1, this->fields("无"), kNow, ""), store::EditorialResult::not_found);
}

TYPED_TEST(EditorialContract, AFailingStepLeavesNothingHalfWritten) {
    const auto id = this->create("初稿");
    const auto changes = this->s_.changes.latest_change();
    const auto audits = this->audit_count();
    EXPECT_THROW(this->s_.editorial.update_article(
                     id, "ed.zhao", kNow,
                     [&](const content::EditorialArticle&) -> std::optional<store::EditorialWrite> {
                         store::EditorialWrite w;
                         w.fields = this->fields("改写");
                         w.state = EditorialState::review;
                         // The audit record cannot be written (the store refuses the result),
                         // after the fields and the state were.
                         auto broken = this->record("article.save");
                         broken.result = "unknown";
                         w.audit.push_back(broken);
                         return w;
                     }),
                 std::exception);
    const auto a = this->editorial(id);
    EXPECT_EQ(a.version, 1);
    EXPECT_EQ(a.fields.title, "初稿");
    EXPECT_EQ(a.state, EditorialState::draft);
    EXPECT_EQ(this->s_.editorial.list_revisions(id).size(), 1u);
    EXPECT_EQ(this->s_.changes.latest_change(), changes);
    EXPECT_EQ(this->audit_count(), audits);
}

TYPED_TEST(EditorialContract, RevisionsAreListedNewestFirstWithAuthorTimeAndReason) {
    const auto id = this->create("第一稿");
    ASSERT_EQ(this->save(id, 1, this->fields("第二稿"), kNow + std::chrono::hours(1), "补充"),
              store::EditorialResult::applied);
    ASSERT_EQ(this->save(id, 2, this->fields("第三稿"), kNow + std::chrono::hours(2), "校对"),
              store::EditorialResult::applied);
    const auto revisions = this->s_.editorial.list_revisions(id);
    ASSERT_EQ(revisions.size(), 3u);
    EXPECT_EQ(revisions[0].fields.title, "第三稿");
    EXPECT_EQ(revisions[0].version, 3);
    EXPECT_EQ(revisions[0].account_name, "ed.zhao");
    EXPECT_EQ(revisions[0].at, kNow + std::chrono::hours(2));
    EXPECT_EQ(revisions[0].reason, "校对");
    EXPECT_EQ(revisions[1].fields.title, "第二稿");
    EXPECT_EQ(revisions[1].reason, "补充");
    EXPECT_EQ(revisions[2].fields.title, "第一稿");
    EXPECT_EQ(revisions[2].account_name, "ed.li");
    for (const auto& r : revisions) EXPECT_EQ(r.article_id, id);

    const auto found = this->s_.editorial.find_revision(id, revisions[1].id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->fields, revisions[1].fields);
    EXPECT_EQ(found->at, kNow + std::chrono::hours(1));
    EXPECT_FALSE(this->s_.editorial.find_revision(1, revisions[1].id));
    EXPECT_TRUE(this->s_.editorial.list_revisions(99).empty());
}

TYPED_TEST(EditorialContract, TheFirstSaveOfAnImportedArticleKeepsTheImportedState) {
    const auto before = this->editorial(1);
    EXPECT_TRUE(this->s_.editorial.list_revisions(1).empty());
    ASSERT_EQ(
        this->save(1, before.version, this->fields("改写"), kNow + std::chrono::hours(1), "改写"),
        store::EditorialResult::applied);
    const auto revisions = this->s_.editorial.list_revisions(1);
    ASSERT_EQ(revisions.size(), 2u);
    EXPECT_EQ(revisions[1].account_name, "(import)");
    EXPECT_EQ(revisions[1].fields.title, "网络安全等级保护条例征求意见稿发布");
    EXPECT_EQ(revisions[1].fields.keywords, (std::vector<std::string>{"等保", "网络安全"}));
    EXPECT_EQ(revisions[0].fields.title, "改写");
}

TYPED_TEST(EditorialContract, AnAutosaveIsKeptApartFromTheArticle) {
    const auto id = this->create("初稿");
    const auto changes = this->s_.changes.latest_change();
    const auto audits = this->audit_count();
    content::Autosave draft{id, 1, kNow + std::chrono::minutes(5), "ed.li",
                            R"({"title":"还在写"})"};
    ASSERT_TRUE(this->s_.editorial.put_autosave(draft, this->record("article.autosave")));
    draft.fields_json = R"({"title":"再写一点"})";
    draft.at = kNow + std::chrono::minutes(6);
    ASSERT_TRUE(this->s_.editorial.put_autosave(draft, this->record("article.autosave")));

    const auto kept = this->s_.editorial.find_autosave(id);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->base_version, 1);
    EXPECT_EQ(kept->at, kNow + std::chrono::minutes(6));
    EXPECT_EQ(kept->account_name, "ed.li");
    EXPECT_EQ(kept->fields_json, R"({"title":"再写一点"})");
    // The article, its revisions and what readers see are untouched.
    const auto a = this->editorial(id);
    EXPECT_EQ(a.fields.title, "初稿");
    EXPECT_EQ(a.version, 1);
    EXPECT_EQ(this->s_.editorial.list_revisions(id).size(), 1u);
    EXPECT_EQ(this->s_.changes.latest_change(), changes);
    EXPECT_EQ(this->audit_count(), audits + 2);

    EXPECT_FALSE(this->s_.editorial.put_autosave({99, 1, kNow, "ed.li", "{}"},
                                                 this->record("article.autosave")));
    EXPECT_FALSE(this->s_.editorial.find_autosave(99));
    EXPECT_EQ(this->audit_count(), audits + 2);

    // A save drops it.
    ASSERT_EQ(this->save(id, 1, this->fields("定稿"), kNow + std::chrono::minutes(7), ""),
              store::EditorialResult::applied);
    EXPECT_FALSE(this->s_.editorial.find_autosave(id));
}

TYPED_TEST(EditorialContract, TheWorkflowMovesAnArticleToReaders) {
    const auto id = this->create("待审稿件");
    const auto later = kNow + std::chrono::hours(1);
    ASSERT_EQ(this->step(id, EditorialState::review, later), store::EditorialResult::applied);
    auto a = this->editorial(id);
    EXPECT_EQ(a.state, EditorialState::review);
    EXPECT_EQ(a.version, 2);
    EXPECT_EQ(a.updated_by, "rev.sun");
    EXPECT_EQ(this->s_.articles.find_article(id)->status, content::ArticleStatus::draft);
    // A workflow step keeps no revision.
    EXPECT_EQ(this->s_.editorial.list_revisions(id).size(), 1u);

    const std::vector<std::int64_t> policy{this->category("policy")};
    const auto visible = this->s_.articles.count_visible(policy, later);
    const auto changes = this->s_.changes.latest_change();
    ASSERT_EQ(this->step(id, EditorialState::published, later, later),
              store::EditorialResult::applied);
    a = this->editorial(id);
    EXPECT_EQ(a.state, EditorialState::published);
    EXPECT_EQ(a.fields.published_at, later);
    const auto article = this->s_.articles.find_article(id);
    EXPECT_EQ(article->status, content::ArticleStatus::published);
    EXPECT_EQ(this->s_.articles.count_visible(policy, later), visible + 1);
    // Readers' pages showing the article are told.
    const auto logged = this->s_.changes.changes_since(changes, 100);
    ASSERT_FALSE(logged.empty());
    for (const auto& c : logged) {
        EXPECT_EQ(c.article_id, id);
        EXPECT_EQ(c.category_id, this->category("policy"));
    }
}

TYPED_TEST(EditorialContract, AnApprovalCoversOneTextInOneRoundOfReview) {
    const auto id = this->create("待两人审核", "ed.li");
    ASSERT_EQ(this->save(id, 1, this->fields("润色"), kNow, "润色"),
              store::EditorialResult::applied);
    ASSERT_EQ(this->step(id, EditorialState::review, kNow), store::EditorialResult::applied);
    auto a = this->editorial(id);
    // Whoever created it or saved a revision wrote it; an import is nobody.
    EXPECT_EQ(std::set<std::string>(a.writers.begin(), a.writers.end()),
              (std::set<std::string>{"ed.li", "ed.zhao"}));
    EXPECT_TRUE(a.approved_by.empty());

    auto approve = [&](const std::string& who, content::Time when) {
        return this->s_.editorial.update_article(
            id, who, when,
            [&](const content::EditorialArticle&) -> std::optional<store::EditorialWrite> {
                store::EditorialWrite w;
                w.state = EditorialState::review;
                w.approve = true;
                w.audit.push_back(this->record("article.approve"));
                return w;
            });
    };
    ASSERT_EQ(approve("rev.sun", kNow + std::chrono::minutes(1)), store::EditorialResult::applied);
    ASSERT_EQ(approve("rev.qian", kNow + std::chrono::minutes(2)), store::EditorialResult::applied);
    a = this->editorial(id);
    EXPECT_EQ(a.state, EditorialState::review);
    EXPECT_EQ(a.approved_by, (std::vector<std::string>{"rev.sun", "rev.qian"}));
    store::EditorialQuery in_review;
    in_review.state = EditorialState::review;
    const auto listed = this->s_.editorial.list_editorial(in_review);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].approved_by, a.approved_by);
    // One reviewer counts once: the store refuses a second row.
    EXPECT_ANY_THROW(approve("rev.sun", kNow + std::chrono::minutes(3)));
    EXPECT_EQ(this->editorial(id).approved_by.size(), 2u);

    // A save empties the round: what was approved is no longer the text.
    ASSERT_EQ(
        this->save(id, a.version, this->fields("又改了"), kNow + std::chrono::minutes(4), "改"),
        store::EditorialResult::applied);
    EXPECT_TRUE(this->editorial(id).approved_by.empty());
    ASSERT_EQ(approve("rev.sun", kNow + std::chrono::minutes(5)), store::EditorialResult::applied);
    EXPECT_EQ(this->editorial(id).approved_by, (std::vector<std::string>{"rev.sun"}));
    // So does any change of state: publishing, or sending it back.
    ASSERT_EQ(this->step(id, EditorialState::published, kNow + std::chrono::minutes(6)),
              store::EditorialResult::applied);
    EXPECT_TRUE(this->editorial(id).approved_by.empty());
}

TYPED_TEST(EditorialContract, TrashAndRestore) {
    const auto id = this->create("将被删除");
    const auto when = kNow + std::chrono::hours(3);
    ASSERT_EQ(this->step(id, EditorialState::trash, when), store::EditorialResult::applied);
    auto a = this->editorial(id);
    EXPECT_EQ(a.state, EditorialState::trash);
    EXPECT_EQ(a.trashed_at, when);

    store::EditorialQuery everything;
    for (const auto& listed : this->s_.editorial.list_editorial(everything)) {
        EXPECT_NE(listed.id, id);
    }
    store::EditorialQuery trash;
    trash.state = EditorialState::trash;
    const auto trashed = this->s_.editorial.list_editorial(trash);
    ASSERT_EQ(trashed.size(), 1u);
    EXPECT_EQ(trashed[0].id, id);
    EXPECT_EQ(this->s_.editorial.count_editorial(trash), 1);

    ASSERT_EQ(this->step(id, EditorialState::draft, when + std::chrono::minutes(1)),
              store::EditorialResult::applied);
    a = this->editorial(id);
    EXPECT_EQ(a.state, EditorialState::draft);
    EXPECT_FALSE(a.trashed_at);
    EXPECT_EQ(this->s_.editorial.count_editorial(trash), 0);

    // A published article that goes to the trash leaves the readers' pages.
    const std::vector<std::int64_t> policy{this->category("policy")};
    const auto visible = this->s_.articles.count_visible(policy, kNow);
    ASSERT_EQ(this->step(1, EditorialState::trash, when), store::EditorialResult::applied);
    EXPECT_EQ(this->s_.articles.count_visible(policy, kNow), visible - 1);
    EXPECT_EQ(this->s_.articles.find_article(1)->status, content::ArticleStatus::draft);
}

TYPED_TEST(EditorialContract, EachWriteLandsInTheChangeLog) {
    const auto start = this->s_.changes.latest_change();
    const auto id = this->create("新文章");
    // The article and its two keywords.
    auto logged = this->s_.changes.changes_since(start, 100);
    ASSERT_EQ(logged.size(), 3u);
    EXPECT_EQ(logged[0].article_id, id);
    EXPECT_EQ(logged[0].category_id, this->category("policy"));
    EXPECT_EQ(logged[1].keyword, "等保");
    EXPECT_EQ(logged[2].keyword, "定级");

    // A save that moves it to another category: the old and the new category's pages, the
    // keywords dropped and the keywords written.
    auto moved = this->fields("新文章");
    moved.category_id = this->category("cases");
    moved.keywords = {"测评"};
    const auto before_save = this->s_.changes.latest_change();
    ASSERT_EQ(this->save(id, 1, moved, kNow, ""), store::EditorialResult::applied);
    logged = this->s_.changes.changes_since(before_save, 100);
    ASSERT_EQ(logged.size(), 5u);
    EXPECT_EQ(logged[0].category_id, this->category("policy"));
    EXPECT_EQ(logged[1].category_id, this->category("cases"));
    EXPECT_EQ(logged[2].keyword, "等保");
    EXPECT_EQ(logged[3].keyword, "定级");
    EXPECT_EQ(logged[4].keyword, "测评");
    for (const auto& c : logged) EXPECT_EQ(c.article_id, id);

    // A workflow step changes the stored status: one change.
    const auto before_review = this->s_.changes.latest_change();
    ASSERT_EQ(this->step(id, EditorialState::review, kNow), store::EditorialResult::applied);
    EXPECT_EQ(this->s_.changes.changes_since(before_review, 100).size(), 1u);
}

TYPED_TEST(EditorialContract, TheListFiltersByCategoryStateAuthorKeywordAndTime) {
    const auto a = this->create("甲：定级备案", "ed.li");
    const auto b = this->create("乙：测评", "ed.wu");
    ASSERT_EQ(this->step(b, EditorialState::review, kNow + std::chrono::minutes(1)),
              store::EditorialResult::applied);

    store::EditorialQuery all;
    // The fixture's 8 articles and the two new ones; the last changed first.
    const auto listed = this->s_.editorial.list_editorial(all);
    ASSERT_EQ(listed.size(), 10u);
    EXPECT_EQ(listed[0].id, b);
    EXPECT_EQ(listed[1].id, a);
    EXPECT_EQ(listed[1].fields.keywords, (std::vector<std::string>{"等保", "定级"}));
    EXPECT_EQ(this->s_.editorial.count_editorial(all), 10);

    store::EditorialQuery page;
    page.limit = 3;
    page.offset = 1;
    const auto paged = this->s_.editorial.list_editorial(page);
    ASSERT_EQ(paged.size(), 3u);
    EXPECT_EQ(paged[0].id, a);

    store::EditorialQuery by_author;
    by_author.author = "ed.wu";
    ASSERT_EQ(this->s_.editorial.list_editorial(by_author).size(), 1u);
    EXPECT_EQ(this->s_.editorial.list_editorial(by_author)[0].id, b);

    store::EditorialQuery in_review;
    in_review.state = EditorialState::review;
    EXPECT_EQ(this->s_.editorial.count_editorial(in_review), 1);
    store::EditorialQuery published;
    published.state = EditorialState::published;
    EXPECT_EQ(this->s_.editorial.count_editorial(published), 7);  // 6 is scheduled: published

    store::EditorialQuery by_title;
    by_title.keyword = "定级";
    EXPECT_EQ(this->s_.editorial.count_editorial(by_title), 2);  // a's title, b's keyword
    store::EditorialQuery by_keyword;
    by_keyword.keyword = "网络安全";
    EXPECT_EQ(this->s_.editorial.count_editorial(by_keyword), 1);  // article 1's keyword

    store::EditorialQuery by_category;
    by_category.category_ids = {this->category("local"), this->category("cases")};
    EXPECT_EQ(this->s_.editorial.count_editorial(by_category), 2);

    store::EditorialQuery by_time;
    by_time.from = at(2025, 3, 5);
    by_time.to = at(2025, 3, 9);
    EXPECT_EQ(this->s_.editorial.count_editorial(by_time), 3);  // 2, 3 and 4

    EXPECT_EQ(this->s_.editorial.list_authors(), (std::vector<std::string>{"ed.li", "ed.wu"}));
}

TYPED_TEST(EditorialContract, ASecondNodeCannotSaveOverAVersionAlreadySaved) {
    const auto id = this->create("初稿");
    auto other = this->backend_.second_node();
    int applied = 0;
    for (auto* node : {&this->s_.editorial, &other.editorial}) {
        const auto result = node->update_article(
            id, "ed.zhao", kNow,
            [&](const content::EditorialArticle& current) -> std::optional<store::EditorialWrite> {
                if (current.version != 1) return std::nullopt;
                store::EditorialWrite w;
                w.fields = this->fields("保存");
                return w;
            });
        if (result == store::EditorialResult::applied) ++applied;
    }
    EXPECT_EQ(applied, 1);
    EXPECT_EQ(this->editorial(id).version, 2);
}

}  // namespace
}  // namespace gp::test
