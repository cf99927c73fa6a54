// Category writes on every backend: the store's own checks (slug, loops, emptiness), sibling
// order, and an audit record in the same transaction.
#include "store/backends.hpp"

namespace gp::test {
namespace {

template <class Backend>
class CategoryContract : public Contract<Backend> {
protected:
    // The seed's import writes one audit record; the tests count what comes after it.
    void SetUp() override {
        this->seed();
        seeded_records_ = this->s_.audit.verify_chain().checked;
    }
    std::int64_t records_since_seed() {
        return this->s_.audit.verify_chain().checked - seeded_records_;
    }
    std::int64_t seeded_records_ = 0;

    content::Category find(std::int64_t id) {
        for (const auto& c : this->s_.categories.list_categories()) {
            if (c.id == id) return c;
        }
        ADD_FAILURE() << "no category " << id;
        return {};
    }
    std::vector<std::string> children_of(const std::string& slug) {
        const auto parent = this->category(slug);
        std::vector<std::string> out;
        for (const auto& c : this->s_.categories.list_categories()) {
            if (c.parent_id == parent) out.push_back(c.slug);
        }
        return out;
    }
    std::int64_t audited(const std::string& object) {
        store::AuditQuery q;
        q.object = object;
        return this->s_.audit.count(q);
    }
};
TYPED_TEST_SUITE(CategoryContract, Backends, BackendNames);

TYPED_TEST(CategoryContract, ListsCategoriesWithTheirParents) {
    const auto list = this->s_.categories.list_categories();
    ASSERT_EQ(list.size(), 5u);
    const auto policy = this->find(this->category("policy"));
    EXPECT_EQ(policy.name, "等保政策");
    EXPECT_EQ(policy.subtitle, "国家与地方的等级保护政策");
    EXPECT_EQ(policy.parent_id, this->category("news"));
    EXPECT_FALSE(this->find(this->category("services")).parent_id);
    EXPECT_EQ(this->children_of("news"), (std::vector<std::string>{"policy", "cases"}));
}

TYPED_TEST(CategoryContract, ArticleCountsIncludeEveryState) {
    const auto counts = this->s_.categories.category_article_counts();
    EXPECT_EQ(counts.at(this->category("policy")), 6);  // drafts and scheduled included
    EXPECT_EQ(counts.at(this->category("local")), 1);
    EXPECT_FALSE(counts.contains(this->category("services")));
}

TYPED_TEST(CategoryContract, CreatesACategoryLastAmongItsSiblingsWithAnAuditRecord) {
    content::Category c;
    c.slug = "training";
    c.name = "等保培训";
    c.parent_id = this->category("news");
    c.seo_title = "等保培训课程";
    const auto id = this->s_.categories.create_category(c, this->record("category.create"));
    ASSERT_TRUE(id);
    EXPECT_EQ(this->children_of("news"), (std::vector<std::string>{"policy", "cases", "training"}));
    EXPECT_EQ(this->find(*id).seo_title, "等保培训课程");
    EXPECT_EQ(this->audited("category:" + std::to_string(*id)), 1);

    c.name = "重复的别名";
    EXPECT_FALSE(this->s_.categories.create_category(c, this->record("category.create")));
    c.slug = "orphan";
    c.parent_id = 999;
    EXPECT_FALSE(this->s_.categories.create_category(c, this->record("category.create")));
    EXPECT_EQ(this->s_.categories.list_categories().size(), 6u);
    EXPECT_EQ(this->records_since_seed(), 1);
}

TYPED_TEST(CategoryContract, UpdateRefusesTakenSlugsLoopsAndMissingCategories) {
    auto& store = this->s_.categories;
    auto news = this->find(this->category("news"));
    news.parent_id = this->category("local");
    EXPECT_EQ(store.update_category(news, this->record("category.update")),
              store::CategoryWrite::cycle);
    news.parent_id = news.id;
    EXPECT_EQ(store.update_category(news, this->record("category.update")),
              store::CategoryWrite::cycle);

    auto cases = this->find(this->category("cases"));
    cases.slug = "policy";
    EXPECT_EQ(store.update_category(cases, this->record("category.update")),
              store::CategoryWrite::slug_taken);
    cases.slug = "cases";
    cases.id = 999;
    EXPECT_EQ(store.update_category(cases, this->record("category.update")),
              store::CategoryWrite::not_found);
    EXPECT_EQ(this->records_since_seed(), 0);
}

TYPED_TEST(CategoryContract, MovingUnderANewParentPutsTheCategoryLastThere) {
    auto cases = this->find(this->category("cases"));
    cases.parent_id = this->category("services");
    cases.name = "测评案例库";
    EXPECT_EQ(this->s_.categories.update_category(cases, this->record("category.update")),
              store::CategoryWrite::done);
    EXPECT_EQ(this->children_of("news"), (std::vector<std::string>{"policy"}));
    EXPECT_EQ(this->children_of("services"), (std::vector<std::string>{"cases"}));
    EXPECT_EQ(this->find(cases.id).name, "测评案例库");
    EXPECT_EQ(this->audited("category:" + std::to_string(cases.id)), 1);
}

TYPED_TEST(CategoryContract, ReorderSwapsWithTheNeighbouringSibling) {
    auto& store = this->s_.categories;
    const auto cases = this->category("cases");
    EXPECT_EQ(store.reorder_category(cases, true, this->record("category.reorder")),
              store::CategoryWrite::done);
    EXPECT_EQ(this->children_of("news"), (std::vector<std::string>{"cases", "policy"}));
    // At the end already: nothing moves, and that is no error.
    EXPECT_EQ(store.reorder_category(cases, true, this->record("category.reorder")),
              store::CategoryWrite::done);
    EXPECT_EQ(this->children_of("news"), (std::vector<std::string>{"cases", "policy"}));
    EXPECT_EQ(store.reorder_category(999, true, this->record("category.reorder")),
              store::CategoryWrite::not_found);
}

TYPED_TEST(CategoryContract, DeletesOnlyAnEmptyCategory) {
    auto& store = this->s_.categories;
    const auto policy =
        store.delete_category(this->category("policy"), this->record("category.delete"));
    EXPECT_TRUE(policy.found);
    EXPECT_FALSE(policy.deleted);
    EXPECT_EQ(policy.articles, 6);
    EXPECT_EQ(policy.children, 1);

    const auto services = this->category("services");
    const auto removed = store.delete_category(services, this->record("category.delete"));
    EXPECT_TRUE(removed.deleted);
    EXPECT_EQ(store.list_categories().size(), 4u);
    EXPECT_FALSE(store.delete_category(services, this->record("category.delete")).found);
    EXPECT_EQ(this->audited("category:" + std::to_string(services)), 1);
}

TYPED_TEST(CategoryContract, MovesEveryArticleOfACategory) {
    auto& store = this->s_.categories;
    const auto policy = this->category("policy");
    const auto services = this->category("services");
    EXPECT_EQ(store.move_category_articles(policy, services, this->record("category.move")), 6);
    const auto counts = store.category_article_counts();
    EXPECT_EQ(counts.at(services), 6);
    EXPECT_FALSE(counts.contains(policy));
    EXPECT_FALSE(store.move_category_articles(policy, 999, this->record("category.move")));
    store::AuditQuery q;
    q.event = "category.move";
    const auto records = this->s_.audit.search(q);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].detail, "to category " + std::to_string(services) + ", 6 articles");
}

}  // namespace
}  // namespace gp::test
